"""Many forms at once: reading, scoring and reviewing every form of a run, and summarising it.

Library code: it reports progress through a callback and returns data; the CLI prints. A run is a
stream (`run`): each form is checked, reduced to its `FormFacts` and a report's record, and let go;
`Tally` sums the run up as forms go by; `Processes` (and `selfeval_rules.dask`) do the checking on
other cores and hand the results back in input order.
"""

from ..io import FormData, Unusable
from ._pool import (
    Executor,
    InProcess,
    PolicySource,
    Processes,
    Task,
    chunks,
    default_jobs,
    in_order,
    run,
    run_chunk,
)
from ._run import (
    BadFile,
    Batch,
    Checked,
    CheckedForm,
    Difference,
    FormFacts,
    Item,
    Outcome,
    Progress,
    Record,
    Summary,
    Tally,
    check_files,
    check_item,
    item_source,
    outcome,
    outcomes,
)

__all__ = [
    "BadFile",
    "Batch",
    "Checked",
    "CheckedForm",
    "Difference",
    "Executor",
    "FormData",
    "FormFacts",
    "InProcess",
    "Item",
    "Outcome",
    "PolicySource",
    "Processes",
    "Progress",
    "Record",
    "Summary",
    "Tally",
    "Task",
    "Unusable",
    "check_files",
    "check_item",
    "chunks",
    "default_jobs",
    "in_order",
    "item_source",
    "outcome",
    "outcomes",
    "run",
    "run_chunk",
]
