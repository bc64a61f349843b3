"""The policy model: rules, what they match, weights, grades and rounding; pure data, checked when
compiled (`selfeval_rules.policy._compiler`) and read by the engine."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any, NamedTuple

import attrs

from ..messages import Lang
from ..values import Formula, Unit
from ..values._numbers import CONTEXT
from ._grading import QualitativeGrading
from ._outcomes import FULL, Outcome

DEFAULT_POLICY = "central-2020"
_MEMO_LIMIT = 4096
ROUNDING = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}

# The names a formula may read, by where it runs.
ROW_NAMES: dict[str, frozenset[str]] = {
    "comparison": frozenset({"weight", "ratio", "actual", "target"}),
    "range": frozenset({"weight", "ratio", "actual", "low", "high"}),
    "deadline": frozenset({"weight", "delay_days", "delay_months"}),
    "qualitative": frozenset({"weight"}),
}
BUDGET_NAMES = frozenset({"weight", "rate", "annual", "executed"})
ALL_KINDS = ("comparison", "range", "deadline", "qualitative")
# Band tables: the values a table must cover, by what it is read on and whether the row met its target.
BAND_DOMAINS = {
    ("ratio", "unmet"): "[0, 1]",
    ("ratio", "met"): "[1, inf)",
    ("delay_days", "unmet"): "(0, inf)",
    ("delay_months", "unmet"): "(0, inf)",
}
BAND_KINDS = {"ratio": {"comparison", "range"}, "delay_days": {"deadline"}, "delay_months": {"deadline"}}


def _holds(wanted: Any, value: str | None) -> bool:
    if isinstance(wanted, frozenset):
        return value in wanted
    return value is not None and wanted.search(value) is not None


def _set(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


class RowFacts(NamedTuple):
    """What rules match on: a row's labels, its target's kind, operator and unit, its actual's kind."""

    level1: str | None
    level2: str | None
    name: str | None
    kind: str
    op: str | None
    unit: str | None
    dimension: str | None
    actual: str


@attrs.frozen
class Match:
    """The conditions of a rule's `when`; None means any."""

    level1: frozenset[str] | None = None
    level2: frozenset[str] | None = None
    name: re.Pattern[str] | None = None
    kind: frozenset[str] | None = None
    op: frozenset[str] | None = None
    unit: frozenset[str] | None = None
    dimension: frozenset[str] | None = None
    actual: frozenset[str] | None = None

    # The conditions that are set, as (position in RowFacts, wanted) pairs: what matching loops over.
    conditions: tuple[tuple[int, Any], ...] = attrs.field(
        init=False, eq=False, repr=False,
        default=attrs.Factory(
            lambda self: tuple((i, getattr(self, f)) for i, f in enumerate(RowFacts._fields) if getattr(self, f) is not None),
            takes_self=True,
        ),
    )

    def failures(self, facts: RowFacts) -> list[str]:
        """The names of the conditions that `facts` fail, in order."""
        return [RowFacts._fields[i] for i, wanted in self.conditions if not _holds(wanted, facts[i])]

    def matches(self, facts: RowFacts) -> bool:
        for i, wanted in self.conditions:
            if not _holds(wanted, facts[i]):
                return False
        return True

    def covers(self, other: Match) -> bool:
        """Whether every row `other` matches is also matched by this one (so `other` after it is dead)."""
        for field in RowFacts._fields:
            mine, theirs = getattr(self, field), getattr(other, field)
            if mine is None:
                continue
            if theirs is None:
                return False
            if field == "name":
                if mine.pattern != theirs.pattern:
                    return False
            elif not theirs <= mine:
                return False
        return True

    def kinds(self) -> frozenset[str]:
        """The target kinds this match can apply to (none when its conditions contradict each other)."""
        if self.unit is not None and self.dimension is not None:
            if not any(Unit.from_symbol(u).dimension in self.dimension for u in self.unit):
                return frozenset()
        kinds = self.kind if self.kind is not None else frozenset(ALL_KINDS)
        if self.op is not None or self.unit is not None or self.dimension is not None:
            kinds &= {"comparison", "range"} if self.op is None else {"comparison"}
        return kinds


@attrs.frozen
class Rule:
    """A scoring rule: which rows it applies to, and how they score."""

    id: str
    when: Match
    title: str = ""
    title_en: str = ""
    source: str | None = None
    status: str | None = None
    met: Outcome = FULL
    unmet: Outcome | None = None
    infer_grade: bool = False
    index: int = 0

    def describe(self, lang: Lang = "zh") -> str:
        """The rule's id and title, as explanations quote it."""
        title = self.title_en if lang == "en" and self.title_en else self.title
        return f"{self.id}（{title}）" if title and lang == "zh" else (f"{self.id} ({title})" if title else self.id)


@attrs.frozen
class GradeBand:
    label: str
    minimum: Decimal
    label_en: str = ""


@attrs.frozen
class Weights:
    """The weights a policy expects, and where row weights come from."""

    total: Decimal
    budget: Decimal | None = None
    level1: Mapping[str, Decimal] = attrs.field(factory=dict)
    indicators: Decimal | None = None  # the indicators' points; by default total − budget
    rows: str = "printed"  # printed | inferred

    @property
    def indicator_points(self) -> Decimal:
        """The points the indicators carry together (80 on Hubei's 20/80 form)."""
        if self.indicators is not None:
            return self.indicators
        return self.total - (self.budget or 0)


@attrs.frozen(eq=False)
class Policy:
    """A loaded, checked policy (see `load_policy`). Immutable, so one policy can score in many threads.

    Policies compare by identity: two loads of one file are two policies.
    """

    name: str
    title: str
    version: str
    effective_from: int
    effective_to: int | None
    sources: Mapping[str, str]
    places: int
    rounding: str
    equal_targets: str
    budget_score: Formula
    qualitative: QualitativeGrading
    rules: tuple[Rule, ...]
    weights: Weights
    grades: tuple[GradeBand, ...]
    title_en: str = ""
    numbers_in_text: str = "read"  # read | grade | unscorable (see `reading` in the schema)
    mode: str = "scores"  # scores (a total and a grade) | outcomes (met / not met only: no total, no grade)
    budget_rate_on: str = "annual"  # the amount the budget rate divides by: annual (全年预算数) or initial
    blank_actuals: frozenset[str] = frozenset()  # whole actuals that make a row not assessable (无, —)
    not_occurred: tuple[str, ...] = ()  # words of a reason saying the thing did not occur
    findings: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    examples: tuple[Mapping[str, Any], ...] = attrs.field(default=(), repr=False)
    document: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    source: str = "<mapping>"
    quantum: Decimal = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(lambda self: Decimal(1).scaleb(-self.places), takes_self=True)
    )
    # Which rule a row's facts select: remembered, since a batch of forms repeats the same shapes.
    # Filling it is idempotent, so sharing a policy between threads is safe.
    _rule_memo: dict[tuple[Any, ...], Rule | None] = attrs.field(init=False, repr=False, eq=False, factory=dict)
    uses_names: bool = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(lambda self: any(r.when.name is not None for r in self.rules), takes_self=True)
    )

    def round(self, value: Decimal) -> Decimal:
        """Round once, as the policy says.

        >>> from selfeval_rules import load_policy
        >>> load_policy("central-2020").round(Decimal("9.70589"))
        Decimal('9.71')
        """
        return value.quantize(self.quantum, rounding=ROUNDING[self.rounding], context=CONTEXT)

    def grade_for(self, total: Decimal) -> GradeBand | None:
        """The grade band a total falls in (bands are checked best first)."""
        return next((g for g in self.grades if total >= g.minimum), None)

    def rule_for(self, facts: RowFacts) -> Rule | None:
        """The first rule whose conditions the row's facts meet."""
        key = facts if self.uses_names else (facts.level1, facts.level2, facts.kind, facts.op, facts.unit, facts.actual)
        try:
            return self._rule_memo[key]
        except KeyError:
            pass
        rule = next((r for r in self.rules if r.when.matches(facts)), None)
        if len(self._rule_memo) >= _MEMO_LIMIT:
            self._rule_memo.clear()
        self._rule_memo[key] = rule
        return rule

    def describe(self, lang: Lang = "zh") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title
