"""Imported once by the process that forks `--jobs` workers (the forkserver), before it forks them:
what every worker would otherwise do first — import the package and build the grammars of targets,
actual values and formulas — is done once, and each worker starts with it done."""

from __future__ import annotations

from ..io import load_form, load_policy
from . import _pool  # noqa: F401 - the workers' entry point, imported before the fork

# Reading a form with a target and an actual value builds both grammars; loading the default
# policy builds the formula grammar.
load_form({"project": "预热", "indicators": [{"name": "预热", "target": "≥1人", "actual": "1人", "weight": 1}]})
load_policy()
