"""`python -m selfeval_rules` runs the `selfeval` command."""

from ._cli import main

raise SystemExit(main())
