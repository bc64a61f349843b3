"""What scoring returns: a row's score, the budget's score, and the whole form's Scorecard."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..messages import Lang, message
from ..policy import GradeBand, Policy, Rule
from ..values import Actual, Budget, Delay, Form, Indicator, Interval, Target
from ..values._numbers import amount, percent, shown
from ..values._text import normalise, plain
from ._explain import explain_row, reason_text

SCORED, UNSCORABLE, NOT_APPLICABLE = "scored", "unscorable", "not_applicable"
# A row judged met or not, whose score cannot be given: no weight is printed or can be recovered, or
# the policy scores outcomes only.
UNWEIGHTED = "unweighted"
# What can be said of every row under every policy.
MET, NOT_MET, NOT_ASSESSABLE = "met", "not_met", "not_assessable"
OUTCOMES = (MET, NOT_MET, NOT_ASSESSABLE)
_BLANK_LENGTH = 8  # an actual that says nothing was done is a word or two (无, 不适用); longer ones are not checked


@functools.lru_cache(maxsize=64)
def _blank_cutoff(words: frozenset[str]) -> int:
    """How long an actual may be and still be one of a policy's blank words, written with spaces or
    punctuation around it: the words a policy lists are all looked for, however long."""
    return max(_BLANK_LENGTH, 2 * max(map(len, words), default=0))
# Where a row's weight came from.
PRINTED, INFERRED, UNKNOWN = "printed", "inferred", "unknown"


@attrs.frozen
class RowScore:
    """The result for one indicator row: what was read, which rule applied, and the score.

    Attributes:
        status: "scored", "unscorable" (see `reason`), "not_applicable", or "unweighted" (judged, but
            no weight is known to score it with).
        weight: the weight the row was scored with (printed or inferred), or None.
        weight_source: "printed", "inferred" or "unknown".
        outcome: "met", "not_met" or "not_assessable" (actual 无 or blank, or the thing did not occur).
        target, actual: the parsed values, or None.
        rule: the policy rule that scored the row.
        met: whether the target was met (None for qualitative rows and unscorable ones).
        ratio: the achievement ratio (B/A, or A/B for reverse targets), when there is one.
        delay: days and calendar months late, for deadlines.
        grade: the qualitative grade the row was scored as (met, partly, not_met), if any.
        evidence: the signals the grade was inferred from: (grade, where, word).
        band: the band of a table or grade the score came from.
        kept: True when the reported score was kept because it lies inside the grade's band.
        share: the share of the weight awarded (before rounding).
        score: the score, rounded once as the policy says; None when unscorable.
        reason: (message code, values) saying why the row could not be scored.
    """

    indicator: Indicator
    status: str
    score: Decimal | None = None
    target: Target | None = None
    actual: Actual | None = None
    rule: Rule | None = None
    met: bool | None = None
    ratio: Decimal | None = None
    delay: Delay | None = None
    grade: str | None = None
    evidence: tuple[tuple[str, str, str], ...] = ()
    band: Interval | None = None
    kept: bool = False
    share: Decimal | None = None
    read_from: str | None = None  # the words a quantitative actual was read from (约85% → 85%)
    reason: tuple[str, Mapping[str, Any]] | None = None
    policy: Policy | None = attrs.field(default=None, eq=False, repr=False)
    weight: Decimal | None = attrs.field(default=attrs.Factory(lambda self: self.indicator.weight, takes_self=True))
    weight_source: str = attrs.field(
        default=attrs.Factory(lambda self: PRINTED if self.indicator.weight is not None else UNKNOWN, takes_self=True)
    )

    @functools.cached_property
    def outcome(self) -> str:
        """Met, not met, or not assessable (nothing done or measured: 无, blank; or it did not occur)."""
        indicator, policy = self.indicator, self.policy
        if not indicator.applicable or indicator.actual is None or self.status == UNSCORABLE:
            return NOT_ASSESSABLE
        if policy is not None:
            if len(indicator.actual) <= _blank_cutoff(policy.blank_actuals) and plain(indicator.actual) in policy.blank_actuals:
                return NOT_ASSESSABLE
            if indicator.deviation and any(word in normalise(indicator.deviation) for word in policy.not_occurred):
                return NOT_ASSESSABLE
        if self.met is not None:
            return MET if self.met else NOT_MET
        if self.grade is not None:
            return MET if self.grade == "met" else NOT_MET
        return NOT_ASSESSABLE

    @property
    def reported_score(self) -> Decimal | None:
        return self.indicator.reported_score

    @property
    def path(self) -> str:
        return self.indicator.path

    def reason_text(self, lang: Lang = "zh") -> str | None:
        """Why the row could not be scored, in words; None when it was scored."""
        return reason_text(self.reason, lang)

    def explain(self, lang: Lang = "zh") -> str:
        """How the score was reached, step by step, in words a reviewer can paste into a letter."""
        return explain_row(self, lang)


@attrs.frozen
class BudgetScore:
    """The budget execution score: rate = B / A, score from the policy's formula, capped at the weight."""

    status: str
    weight: Decimal
    score: Decimal | None = None
    rate: Decimal | None = None
    budget: Budget | None = None
    reason: tuple[str, Mapping[str, Any]] | None = None
    policy: Policy | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def reported_score(self) -> Decimal | None:
        return self.budget.reported_score if self.budget else None

    def reason_text(self, lang: Lang = "zh") -> str | None:
        """Why the budget could not be scored, in words; None when it was scored."""
        return reason_text(self.reason, lang)

    def explain(self, lang: Lang = "zh") -> str:
        """How the budget score was reached, in words."""
        if self.reason is not None:
            return message("explain.unscorable", lang, reason=self.reason_text(lang))
        assert self.budget is not None and self.rate is not None and self.policy is not None
        base = self.budget.rate_base(self.policy.budget_rate_on)
        places = self.policy.places
        executed, annual = amount(self.budget.executed, places), amount(base, places)
        if self.status == UNWEIGHTED:
            return message("explain.budget_rate", lang, executed=executed, annual=annual, rate=percent(self.rate))
        return message(
            "explain.budget", lang,
            executed=executed, annual=annual, rate=percent(self.rate),
            formula=self.policy.budget_score.text, score=shown(self.score), weight=shown(self.weight),
        )


@attrs.frozen
class Scorecard:
    """A whole form scored: the budget, every row, the total and the grade.

    `total` and `grade` are None when they cannot honestly be given: the policy scores outcomes only
    (a form without scores), a row's weight is unknown, or the form folds its rows by weight shares
    whose total rule is not known (`total_note` says which).
    """

    form: Form
    policy: Policy
    budget: BudgetScore
    indicators: tuple[RowScore, ...]
    total: Decimal | None
    grade: GradeBand | None
    rescaled_from: Decimal | None = None
    total_note: str | None = None  # why there is no total: "outcomes", "weights_unknown" or "weight_shares"

    @property
    def complete(self) -> bool:
        """True when the budget and every applicable row could be scored."""
        return (self.total is not None and self.budget.status == SCORED
                and all(r.status not in (UNSCORABLE, UNWEIGHTED) for r in self.indicators))

    @property
    def counts(self) -> dict[str, int]:
        """How many rows are met, not met and not assessable.

        >>> from selfeval_rules import load_form, load_policy, score
        >>> rows = [{"name": "人数", "target": "≥45人", "actual": a, "weight": 5} for a in ("45人", "40人", "无")]
        >>> score(load_form({"project": "示例", "indicators": rows}), load_policy("central-2020")).counts
        {'met': 1, 'not_met': 1, 'not_assessable': 1}
        """
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.indicators:
            counts[row.outcome] += 1
        return counts

    @property
    def reported_total(self) -> Decimal | None:
        return self.form.reported_total
