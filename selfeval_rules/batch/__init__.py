"""Many forms at once: reading, scoring and reviewing every form of a run, and summarising it.

Library code: it reports progress through a callback and returns data; the CLI prints.
"""

from ._run import (
    BadFile,
    Batch,
    CheckedForm,
    Difference,
    Progress,
    Summary,
    check_files,
)

__all__ = ["BadFile", "Batch", "CheckedForm", "Difference", "Progress", "Summary", "check_files"]
