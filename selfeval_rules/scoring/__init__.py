"""Scoring: `score(form, policy) → Scorecard`, every number in Decimal and every row explained.

Pure: the engine sees parsed values, a policy and nothing else (no text to parse, no file, no
terminal), so it is property-testable and one policy can score many forms in many threads.
"""

from ._engine import (
    clear_caches,
    heading_of,
    row_facts,
    rule_trace,
    score,
    score_budget,
    score_row,
)
from ._results import (
    INFERRED,
    MET,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    NOT_MET,
    OUTCOMES,
    PRINTED,
    SCORED,
    UNKNOWN,
    UNSCORABLE,
    UNWEIGHTED,
    BudgetScore,
    RowScore,
    Scorecard,
)

__all__ = [
    "INFERRED",
    "MET",
    "NOT_APPLICABLE",
    "NOT_ASSESSABLE",
    "NOT_MET",
    "OUTCOMES",
    "PRINTED",
    "SCORED",
    "UNKNOWN",
    "UNSCORABLE",
    "UNWEIGHTED",
    "BudgetScore",
    "RowScore",
    "Scorecard",
    "clear_caches",
    "heading_of",
    "row_facts",
    "rule_trace",
    "score",
    "score_budget",
    "score_row",
]
