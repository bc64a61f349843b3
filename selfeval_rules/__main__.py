"""`python -m selfeval_rules` runs the `selfeval` command."""

from .cli import main

raise SystemExit(main())
