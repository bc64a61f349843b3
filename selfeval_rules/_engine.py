"""The engine: score a form under a policy, every number in Decimal, every row explained on request.

`score` is pure: it reads a Form and a Policy (both immutable) and returns a Scorecard, so one
policy can score many forms in many threads. Explanations are rendered only when asked for.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from ._errors import FormulaError, KindMismatchError, SelfEvalError, TargetSyntaxError, UnitMismatchError
from ._form import Budget, Form, Indicator
from ._formula import Interval
from ._messages import Lang, message
from ._parser import parse_actual, parse_target
from ._policy import Banded, GradeBand, Graded, Points, Policy, RowFacts, Rule, Share
from ._values import Actual, Comparison, Deadline, Delay, Op, Quantity, Range, Target, to_decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

SCORED, UNSCORABLE, NOT_APPLICABLE = "scored", "unscorable", "not_applicable"


def percent(value: Decimal, places: int = 2) -> str:
    """A ratio as a percentage, rounded half-up: 0.970589 → '97.06%'."""
    return f"{(value * HUNDRED).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def _reason_text(reason: tuple[str, Mapping[str, Any]] | None, lang: Lang) -> str | None:
    if reason is None:
        return None
    code, params = reason
    return message(code, lang, **params)


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}"


@attrs.frozen
class RowScore:
    """The result for one indicator row: what was read, which rule applied, and the score.

    Attributes:
        status: "scored", "unscorable" (see `reason`) or "not_applicable".
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
    reason: tuple[str, Mapping[str, Any]] | None = None
    policy: Policy | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def weight(self) -> Decimal:
        return self.indicator.weight

    @property
    def reported_score(self) -> Decimal | None:
        return self.indicator.reported_score

    @property
    def path(self) -> str:
        return self.indicator.path

    def reason_text(self, lang: Lang = "zh") -> str | None:
        """Why the row could not be scored, in words; None when it was scored."""
        return _reason_text(self.reason, lang)

    def explain(self, lang: Lang = "zh") -> str:
        """How the score was reached, step by step, in words a reviewer can paste into a letter."""
        return _explain_row(self, lang)


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
        return _reason_text(self.reason, lang)

    def explain(self, lang: Lang = "zh") -> str:
        if self.reason is not None:
            return message("explain.unscorable", lang, reason=self.reason_text(lang))
        assert self.budget is not None and self.rate is not None and self.policy is not None
        return message(
            "explain.budget", lang,
            executed=_fmt(self.budget.executed), annual=_fmt(self.budget.annual), rate=percent(self.rate),
            formula=self.policy.budget_score.text, score=_fmt(self.score), weight=_fmt(self.weight),
        )


@attrs.frozen
class Scorecard:
    """A whole form scored: the budget, every row, the total and the grade."""

    form: Form
    policy: Policy
    budget: BudgetScore
    indicators: tuple[RowScore, ...]
    total: Decimal
    grade: GradeBand | None
    rescaled_from: Decimal | None = None

    @property
    def complete(self) -> bool:
        """True when the budget and every applicable row could be scored."""
        return self.budget.status == SCORED and all(r.status != UNSCORABLE for r in self.indicators)

    @property
    def reported_total(self) -> Decimal | None:
        return self.form.reported_total

    @property
    def findings(self) -> tuple[Any, ...]:
        """What a reviewer would raise on this form (see `selfeval_rules.review`), computed on access."""
        from ._findings import review

        return review(self)

    def as_dict(self, lang: Lang = "zh", findings: tuple[Any, ...] | None = None) -> dict[str, Any]:
        """The JSON document of `selfeval score --format json` (numbers stay Decimal).

        Args:
            lang: the language of explanations and finding messages.
            findings: the findings to include, when already computed; by default they are computed.
        """
        budget = self.budget
        return {
            "project": self.form.project,
            "year": self.form.year,
            "source": self.form.source,
            "policy": {"name": self.policy.name, "version": self.policy.version},
            "budget": {
                "status": budget.status,
                "rate": None if budget.rate is None else (budget.rate * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                "weight": budget.weight,
                "score": budget.score,
                "reported_score": budget.reported_score,
                "explanation": budget.explain(lang),
            },
            "indicators": [_row_dict(row, lang) for row in self.indicators],
            "total": self.total,
            "rescaled_from": self.rescaled_from,
            "reported_total": self.reported_total,
            "grade": self.grade.label if self.grade else None,
            "complete": self.complete,
            "findings": [f.as_dict(lang) for f in (self.findings if findings is None else findings)],
        }


def _row_dict(row: RowScore, lang: Lang) -> dict[str, Any]:
    indicator = row.indicator
    return {
        "index": indicator.index,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        "target": indicator.target,
        "actual": indicator.actual,
        "kind": row.target.kind if row.target is not None else None,
        "actual_kind": row.actual.kind if row.actual is not None else None,
        "status": row.status,
        "rule": row.rule.id if row.rule else None,
        "met": row.met,
        "ratio": None if row.ratio is None else row.ratio.quantize(Decimal("0.0001")),
        "delay_days": row.delay.days if row.delay else None,
        "delay_months": row.delay.months if row.delay else None,
        "grade": row.grade,
        "weight": indicator.weight,
        "score": row.score,
        "reported_score": indicator.reported_score,
        "reason": row.reason_text(lang),
        "explanation": row.explain(lang),
    }


# --- scoring ----------------------------------------------------------------------------------


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return low if value < low else high if value > high else value


def score_budget(budget: Budget | None, policy: Policy) -> BudgetScore:
    """Score the budget execution rate of a form's 项目资金 block."""
    default_weight = policy.weights.budget if policy.weights.budget is not None else ZERO
    if budget is None:
        return BudgetScore(UNSCORABLE, default_weight, reason=("budget.missing", {}), policy=policy)
    weight = budget.weight if budget.weight is not None else default_weight
    if budget.annual is None or budget.executed is None:
        missing, label = ("annual", "全年预算数") if budget.annual is None else ("executed", "全年执行数")
        reason = ("budget.no_amount", {"field": missing, "field_zh": label})
        return BudgetScore(UNSCORABLE, weight, budget=budget, reason=reason, policy=policy)
    if budget.annual == 0:
        return BudgetScore(UNSCORABLE, weight, budget=budget, reason=("budget.zero_annual", {}), policy=policy)
    rate = budget.executed / budget.annual
    try:
        raw = policy.budget_score({"rate": rate, "weight": weight, "annual": budget.annual, "executed": budget.executed})
    except FormulaError as error:
        return BudgetScore(UNSCORABLE, weight, rate=rate, budget=budget, reason=("row.formula", _details(error)), policy=policy)
    return BudgetScore(SCORED, weight, policy.round(_clamp(raw, ZERO, weight)), rate, budget, policy=policy)


def _facts(indicator: Indicator, target: Target, actual: Actual) -> RowFacts:
    if isinstance(target, (Comparison, Range)):
        quantity = target.quantity if isinstance(target, Comparison) else target.low
        op = target.op.value if isinstance(target, Comparison) else None
        unit = quantity.unit
        return RowFacts(
            indicator.level1, indicator.level2, indicator.name, target.kind, op,
            unit.symbol if unit else None, unit.dimension if unit else None, actual.kind,
        )
    return RowFacts(indicator.level1, indicator.level2, indicator.name, target.kind, None, None, None, actual.kind)


def _details(error: SelfEvalError) -> dict[str, str]:
    """An error's message in both languages: kept as text, so that equal rows compare equal."""
    describe = getattr(error, "describe", None)
    if describe is None:
        return {"detail": str(error), "detail_en": str(error)}
    return {"detail": describe("zh"), "detail_en": describe("en")}


def _unscorable(indicator: Indicator, code: str, policy: Policy, **fields: Any) -> RowScore:
    params = fields.pop("params", {})
    return RowScore(indicator, UNSCORABLE, reason=(code, params), policy=policy, **fields)


def score_row(indicator: Indicator, policy: Policy, year: int | None = None) -> RowScore:
    """Score one indicator row under a policy."""
    if not indicator.applicable:
        return RowScore(indicator, NOT_APPLICABLE, policy=policy)
    if indicator.target is None:
        return _unscorable(indicator, "row.no_target", policy)
    try:
        target = parse_target(indicator.target, year=year)
    except TargetSyntaxError as error:
        return _unscorable(indicator, "row.target_syntax", policy, params=_details(error))
    if indicator.actual is None:
        return _unscorable(indicator, "row.no_actual", policy, target=target)
    try:
        actual = parse_actual(indicator.actual, year=year)
    except TargetSyntaxError as error:
        return _unscorable(indicator, "row.actual_syntax", policy, target=target, params=_details(error))

    rule = policy.rule_for(_facts(indicator, target, actual))
    if rule is None:
        return _unscorable(indicator, "row.no_rule", policy, target=target, actual=actual)
    if rule.infer_grade:
        grade, evidence = policy.qualitative.infer(indicator.actual, indicator.deviation, indicator.target)
        return _finish(indicator, policy, target, actual, rule, Graded(grade), {"weight": indicator.weight}, evidence=evidence)

    effective = target
    if isinstance(target, Comparison) and target.op is Op.EQ and policy.equal_targets == "at_least" and target.quantity.value != 0:
        effective = Comparison(Op.GE, target.quantity)
    env: dict[str, Decimal] = {"weight": indicator.weight}
    ratio: Decimal | None = None
    delay: Delay | None = None
    try:
        if isinstance(effective, Deadline):
            delay = effective.delay(actual)
            met = delay.days == 0
            env["delay_days"], env["delay_months"] = Decimal(delay.days), Decimal(delay.months)
        else:
            met = effective.is_met(actual)  # type: ignore[union-attr]
            ratio = effective.ratio(actual)  # type: ignore[union-attr]
            if ratio is not None:
                env["ratio"] = ratio
            _quantities(effective, actual, env)
    except UnitMismatchError as error:
        return _unscorable(indicator, "row.unit_mismatch", policy, target=target, actual=actual, rule=rule, params=_details(error))
    except KindMismatchError as error:
        return _unscorable(indicator, "row.kind_mismatch", policy, target=target, actual=actual, rule=rule, params=_details(error))
    outcome = rule.met if met else rule.unmet
    assert outcome is not None  # a rule without unmet is refused at load
    return _finish(indicator, policy, target, actual, rule, outcome, env, met=met, ratio=ratio, delay=delay)


def _quantities(target: Comparison | Range, actual: Actual, env: dict[str, Decimal]) -> None:
    """The actual value and the target's numbers, in the target's unit, for formulas."""
    assert isinstance(actual, Quantity)
    quantity = target.quantity if isinstance(target, Comparison) else target.low
    _, value = quantity.aligned(actual)
    if isinstance(value, Decimal):
        env["actual"] = value
    else:
        unit = quantity.unit or actual.unit
        env["actual"] = to_decimal(value / unit.factor) if unit else actual.value
    if isinstance(target, Comparison):
        env["target"] = target.quantity.value
    else:
        env["low"], env["high"] = target.low.value, target.high.value


def _finish(
    indicator: Indicator, policy: Policy, target: Target, actual: Actual, rule: Rule,
    outcome: Share | Points | Graded | Banded, env: Mapping[str, Decimal], **known: Any,
) -> RowScore:
    weight = indicator.weight
    band: Interval | None = None
    if isinstance(outcome, Banded):
        value = env.get(outcome.on)
        if value is None:
            return _unscorable(indicator, "row.no_ratio", policy, target=target, actual=actual, rule=rule, **known)
        if outcome.on == "ratio":
            value = _clamp(value, ZERO, ONE) if not known.get("met") else value
        chosen = outcome.band_for(value)
        if chosen is None:
            return _unscorable(indicator, "row.no_band", policy, target=target, actual=actual, rule=rule, params={"value": value}, **known)
        band, outcome = chosen.interval, chosen.outcome
    grade = None
    kept = False
    try:
        if isinstance(outcome, Graded):
            grade = outcome.grade
            spec = policy.qualitative.grades[grade]
            band = spec.band
            reported = indicator.reported_score
            if policy.qualitative.keep_reported_in_band and reported is not None and weight > 0 and spec.band.contains(reported / weight):
                share, raw, kept = reported / weight, reported, True
            else:
                share = spec.default
                raw = weight * share
        elif isinstance(outcome, Points):
            raw = outcome.formula(env)
            share = raw / weight if weight else ZERO
        else:
            share = _clamp(outcome.formula(env), ZERO, ONE)
            raw = weight * share
    except FormulaError as error:
        return _unscorable(indicator, "row.formula", policy, target=target, actual=actual, rule=rule, params=_details(error), **known)
    points = policy.round(_clamp(raw, ZERO, weight))
    return RowScore(
        indicator, SCORED, points, target, actual, rule, grade=grade, band=band, kept=kept, share=share, policy=policy, **known,
    )


# Rows that read the same (target, actual, weight, reported score, deviation, labels) score the
# same under one policy and year; a batch of forms repeats them a great deal, so each policy keeps
# the results it computed (bounded; filling it is idempotent, so threads may share it).
_ROW_MEMOS: weakref.WeakKeyDictionary[Policy, dict[tuple[Any, ...], RowScore]] = weakref.WeakKeyDictionary()
_ROW_MEMO_LIMIT = 16384


def clear_caches() -> None:
    """Forget remembered row results and parsed strings (for benchmarks of cold scoring)."""
    from ._parser import cache_clear

    _ROW_MEMOS.clear()
    cache_clear()


def _row_memo(policy: Policy) -> dict[tuple[Any, ...], RowScore]:
    try:
        return _ROW_MEMOS[policy]
    except KeyError:
        return _ROW_MEMOS.setdefault(policy, {})


def _score_rows(indicators: tuple[Indicator, ...], policy: Policy, year: int | None) -> tuple[RowScore, ...]:
    memo = _row_memo(policy)
    rows = []
    for indicator in indicators:
        key = (
            indicator.target, indicator.actual, indicator.weight, indicator.reported_score, indicator.deviation,
            indicator.level1, indicator.level2, indicator.name if policy.uses_names else None, indicator.applicable, year,
        )
        known = memo.get(key)
        if known is None:
            known = score_row(indicator, policy, year)
            if len(memo) >= _ROW_MEMO_LIMIT:
                memo.clear()
            memo[key] = known
            rows.append(known)
        else:
            rows.append(attrs.evolve(known, indicator=indicator))
    return tuple(rows)


def score(form: Form, policy: Policy) -> Scorecard:
    """Score a form under a policy.

    Args:
        form: a loaded form (see `load_form`).
        policy: a loaded policy (see `load_policy`).

    Returns:
        The Scorecard: budget score, every row's score with its reasons, the total and the grade.
        Total = budget score + Σ row scores, each rounded first. Rows marked not applicable are
        left out and the total is rescaled to the full weight.

    >>> from selfeval_rules import load_form, load_policy
    >>> form = load_form({"year": 2023, "project": "示例",
    ...     "budget": {"weight": 10, "annual": 66.2, "executed": 64.253},
    ...     "indicators": [{"name": "参训人数", "target": "≥45人", "actual": "40人", "weight": 90}]})
    >>> card = score(form, load_policy("central-2020"))
    >>> card.budget.score, card.indicators[0].score, card.total
    (Decimal('9.71'), Decimal('80.00'), Decimal('89.71'))
    """
    budget = score_budget(form.budget, policy)
    rows = _score_rows(form.indicators, policy, form.year)
    raw = (budget.score or ZERO) + sum((r.score for r in rows if r.score is not None), ZERO)
    left_out = sum((r.weight for r in rows if r.status == NOT_APPLICABLE), ZERO)
    total, rescaled_from = raw, None
    if left_out:
        # 不适用 rows are left out and the rest rescaled to the policy's full marks (100).
        applicable = budget.weight + sum((r.weight for r in rows), ZERO) - left_out
        if applicable > 0:
            total, rescaled_from = policy.round(raw * policy.weights.total / applicable), raw
    return Scorecard(form, policy, budget, rows, total, policy.grade_for(total), rescaled_from)


# --- explanations -----------------------------------------------------------------------------


def _explain_row(row: RowScore, lang: Lang) -> str:
    indicator = row.indicator
    if row.status == NOT_APPLICABLE:
        return message("row.not_applicable", lang)
    parts = []
    if row.target is not None:
        parts.append(message("explain.read", lang, target=indicator.target, kind=row.target.kind, actual=indicator.actual or "—"))
    if row.status == UNSCORABLE:
        parts.append(message("explain.unscorable", lang, reason=row.reason_text(lang) or ""))
        return message("explain.join", lang).join(parts)
    assert row.rule is not None
    parts.append(message("explain.rule", lang, rule=row.rule.describe(lang)))
    if row.delay is not None:
        if row.met:
            parts.append(message("explain.on_time", lang, deadline=row.target.date.isoformat(), done=row.actual.date.isoformat()))  # type: ignore[union-attr]
        else:
            parts.append(message("explain.late", lang, days=row.delay.days, months=row.delay.months, deadline=row.target.date.isoformat()))  # type: ignore[union-attr]
    elif row.met is not None:
        reverse = isinstance(row.target, Comparison) and row.target.op.is_reverse
        ratio = percent(row.ratio) if row.ratio is not None else "—"
        how = "A/B" if reverse else "B/A"
        parts.append(message("explain.met" if row.met else "explain.short", lang, ratio=ratio, how=how))
    if row.grade is not None and row.policy is not None:
        spec = row.policy.qualitative.grades[row.grade]
        if row.evidence:
            clues = message("explain.clue_sep", lang).join(message(f"explain.clue.{where}", lang, word=word) for _, where, word in row.evidence)
            parts.append(message("explain.grade", lang, grade=spec.describe(lang), clues=clues))
        elif row.rule.infer_grade:
            parts.append(message("explain.grade_default", lang, grade=spec.describe(lang)))
        else:
            parts.append(message("explain.graded_as", lang, grade=spec.describe(lang)))
        if row.kept:
            parts.append(message("explain.kept", lang, reported=_fmt(row.reported_score), band=str(spec.band)))
        else:
            parts.append(message("explain.default_share", lang, share=percent(spec.default, 0), band=str(spec.band)))
    elif row.band is not None:
        parts.append(message("explain.band", lang, band=str(row.band), share=percent(row.share or ZERO)))
    parts.append(message("explain.score", lang, score=_fmt(row.score), weight=_fmt(row.weight), share=percent(row.share or ZERO)))
    return message("explain.join", lang).join(parts)


def rule_trace(indicator: Indicator, policy: Policy, year: int | None = None) -> list[tuple[Rule, list[str]]]:
    """For each rule in order until one matches: the rule and the conditions the row fails ([] for the match).

    Returns [] when the target or actual value cannot be read (the row's reason says why).
    """
    facts = row_facts(indicator, year)
    if facts is None:
        return []
    trace = []
    for rule in policy.rules:
        failed = rule.when.failures(facts)
        trace.append((rule, failed))
        if not failed:
            break
    return trace


def row_facts(indicator: Indicator, year: int | None = None) -> RowFacts | None:
    """What rules match on, for a row whose target and actual value can be read."""
    if indicator.target is None or indicator.actual is None:
        return None
    try:
        return _facts(indicator, parse_target(indicator.target, year=year), parse_actual(indicator.actual, year=year))
    except TargetSyntaxError:
        return None
