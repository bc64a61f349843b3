"""Policies as data: the model of a jurisdiction's scoring rules (rules, outcomes, qualitative
grading, weights, grades, rounding). Pure: nothing here reads a file or parses text.

The compiler that builds a Policy from a document lives in `selfeval_rules.policy._compiler` (it
uses the formula language); `selfeval_rules.load_policy` reads, merges, validates and compiles.
"""

from ._grading import GRADE_ORDER, GradeSpec, QualitativeGrading
from ._model import DEFAULT_POLICY, GradeBand, Match, Policy, RowFacts, Rule, Weights
from ._outcomes import FULL, ZERO, Band, Banded, Graded, Outcome, Points, Share

__all__ = [
    "DEFAULT_POLICY",
    "FULL",
    "GRADE_ORDER",
    "ZERO",
    "Band",
    "Banded",
    "GradeBand",
    "GradeSpec",
    "Graded",
    "Match",
    "Outcome",
    "Points",
    "Policy",
    "QualitativeGrading",
    "RowFacts",
    "Rule",
    "Share",
    "Weights",
]
