"""Review (复核): the findings a finance bureau's reviewer would raise on a scored form.

Which checks run, their severities and thresholds come from the policy's `findings` section; the
checks themselves are registered in `CHECKS`.
"""

from ._checks import CHECKS, ROW_CODES, Check, review
from ._findings import ERROR, NOTE, SEVERITY_RANK, WARNING, Finding, worst

__all__ = ["CHECKS", "ERROR",
    "NOTE", "ROW_CODES", "SEVERITY_RANK", "WARNING", "Check", "Finding", "review", "worst"]
