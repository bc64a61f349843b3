"""The engine: score a form under a policy, every number in Decimal, every row explained on request.

`score` is pure: it reads a Form and a Policy (both immutable, the form's texts already parsed) and
returns a Scorecard, so one policy can score many forms in many threads.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import FormulaError, KindMismatchError, SelfEvalError, UnitMismatchError
from ..policy import Banded, Graded, Points, Policy, RowFacts, Rule, Share
from ..values import (
    Actual,
    Budget,
    Comparison,
    Deadline,
    Delay,
    Form,
    Indicator,
    Interval,
    Op,
    Quantity,
    Range,
    Target,
    TextValue,
)
from ..values._form import BUDGET_COLUMNS
from ..values._numbers import in_context
from ..values._targets import to_decimal
from ..values._units import convertible
from ._results import (
    INFERRED,
    MET,
    NOT_APPLICABLE,
    PRINTED,
    SCORED,
    UNKNOWN,
    UNSCORABLE,
    UNWEIGHTED,
    BudgetScore,
    RowScore,
    Scorecard,
)

ZERO = Decimal(0)
ONE = Decimal(1)


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return low if value < low else high if value > high else value


def score_budget(budget: Budget | None, policy: Policy) -> BudgetScore:
    """Score the budget execution rate of a form's 项目资金 block."""
    default_weight = policy.weights.budget if policy.weights.budget is not None else ZERO
    if budget is None:
        return BudgetScore(UNSCORABLE, default_weight, reason=("budget.missing", {}), policy=policy)
    weight = budget.weight if budget.weight is not None else default_weight
    base = budget.rate_base(policy.budget_rate_on)
    if base is None or budget.executed is None:
        missing = policy.budget_rate_on if base is None else "executed"
        reason = ("budget.no_amount", {"field": missing, "field_zh": BUDGET_COLUMNS[missing]})
        return BudgetScore(UNSCORABLE, weight, budget=budget, reason=reason, policy=policy)
    if base == 0:
        return BudgetScore(UNSCORABLE, weight, budget=budget, reason=("budget.zero_annual", {}), policy=policy)
    rate = budget.executed / base
    if policy.mode == "outcomes":
        return BudgetScore(UNWEIGHTED, weight, None, rate, budget, policy=policy)
    try:
        raw = policy.budget_score({"rate": rate, "weight": weight, "annual": base, "executed": budget.executed})
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


_PRINTED_WEIGHT: Any = object()


def score_row(indicator: Indicator, policy: Policy, weight: Decimal | None = _PRINTED_WEIGHT) -> RowScore:
    """Score one indicator row under a policy, from the values its form was built with.

    Args:
        indicator: the row.
        policy: the policy.
        weight: the weight to score with, when it is not the printed one (an inferred weight, or
            None when no weight is known: the row is then judged met or not, and not scored).
    """
    if weight is _PRINTED_WEIGHT:
        weight, source = indicator.weight, PRINTED if indicator.weight is not None else UNKNOWN
    else:
        source = INFERRED if weight is not None else UNKNOWN
    if policy.mode == "outcomes":
        weight = None
    # a row without a weight is judged with weight 1 and given no score
    return _score_row(indicator, policy, weight if weight is not None else ONE, {"weight": weight, "weight_source": source})


def _score_row(indicator: Indicator, policy: Policy, weight: Decimal, base: dict[str, Any]) -> RowScore:
    if not indicator.applicable:
        return RowScore(indicator, NOT_APPLICABLE, policy=policy, **base)
    if indicator.target_error is not None:
        return _unscorable(indicator, "row.target_syntax", policy, **base, params=_details(indicator.target_error))
    target = indicator.target_value
    if target is None:
        return _unscorable(indicator, "row.no_target", policy, **base)
    if indicator.actual_error is not None:
        return _unscorable(indicator, "row.actual_syntax", policy, **base, target=target, params=_details(indicator.actual_error))
    actual = indicator.actual_value
    if actual is None:
        return _unscorable(indicator, "row.no_actual", policy, **base, target=target)
    if _contradicting_bound(target, actual):
        return _unscorable(indicator, "row.actual_bound", policy, **base, target=target, actual=actual, params={"actual": indicator.actual})
    read_from = None
    if isinstance(actual, TextValue) and isinstance(target, (Comparison, Range)) and policy.numbers_in_text != "grade":
        number = _fitting(actual, target)
        if number is not None and policy.numbers_in_text == "unscorable":
            return _unscorable(indicator, "row.actual_words", policy, **base, target=target, actual=actual,
                               params={"actual": actual.text, "value": str(number)})
        if number is not None:
            read_from, actual = actual.text, number

    rule = policy.rule_for(_facts(indicator, target, actual))
    if rule is None:
        return _unscorable(indicator, "row.no_rule", policy, **base, target=target, actual=actual, read_from=read_from)
    if rule.infer_grade:
        grade, evidence = policy.qualitative.infer(indicator.actual, indicator.deviation, indicator.target)
        return _finish(indicator, policy, weight, target, actual, rule, Graded(grade), {"weight": weight}, evidence=evidence,
                       read_from=read_from, **base)

    effective = target
    if isinstance(target, Comparison) and target.op is Op.EQ and policy.equal_targets == "at_least" and target.quantity.value != 0:
        effective = Comparison(Op.GE, target.quantity)
    env: dict[str, Decimal] = {"weight": weight}
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
        return _unscorable(indicator, "row.unit_mismatch", policy, **base, target=target, actual=actual, rule=rule, params=_details(error))
    except KindMismatchError as error:
        return _unscorable(indicator, "row.kind_mismatch", policy, **base, target=target, actual=actual, rule=rule, params=_details(error))
    outcome = rule.met if met else rule.unmet
    assert outcome is not None  # a rule without unmet is refused at load
    return _finish(indicator, policy, weight, target, actual, rule, outcome, env, met=met, ratio=ratio, delay=delay,
                   read_from=read_from, **base)


def _contradicting_bound(target: Target, actual: Actual) -> bool:
    """An actual that only bounds its value, the other way from its target (≤90% against ≥90%): no score can be read."""
    if not (isinstance(actual, Quantity) and actual.mark is not None and isinstance(target, Comparison)):
        return False
    return Op.EQ not in (actual.mark, target.op) and actual.mark.is_reverse != target.op.is_reverse


def _fitting(actual: TextValue, target: Comparison | Range) -> Quantity | None:
    """The first quantity among an actual's words that fits its target's unit (any unit fits a bare number)."""
    unit = (target.quantity if isinstance(target, Comparison) else target.low).unit
    return next((q for q in actual.numbers if convertible(q.unit, unit)), None)


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
    indicator: Indicator, policy: Policy, scale: Decimal, target: Target, actual: Actual, rule: Rule,
    outcome: Share | Points | Graded | Banded, env: Mapping[str, Decimal], **known: Any,
) -> RowScore:
    weight = scale  # the weight scored with (1 for a row judged without one)
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
    status = SCORED if known.get("weight") is not None else UNWEIGHTED  # judged, but no weight to score with
    return RowScore(
        indicator, status, points if status == SCORED else None, target, actual, rule, grade=grade, band=band, kept=kept,
        share=share, policy=policy, **known,
    )


# Rows that read the same (target, actual, weight, reported score, deviation, labels) score the
# same under one policy and year; a batch of forms repeats them a great deal, so each policy keeps
# the results it computed (bounded; filling it is idempotent, so threads may share it).
_ROW_MEMOS: weakref.WeakKeyDictionary[Policy, dict[tuple[Any, ...], RowScore]] = weakref.WeakKeyDictionary()
_ROW_MEMO_LIMIT = 16384


def clear_caches() -> None:
    """Forget remembered row results (for benchmarks of cold scoring)."""
    _ROW_MEMOS.clear()


def _row_memo(policy: Policy) -> dict[tuple[Any, ...], RowScore]:
    try:
        return _ROW_MEMOS[policy]
    except KeyError:
        return _ROW_MEMOS.setdefault(policy, {})


def _score_rows(indicators: tuple[Indicator, ...], policy: Policy, year: int | None) -> tuple[RowScore, ...]:
    # the texts and the year determine the parsed values, so they key the memo
    memo = _row_memo(policy)
    rows = []
    for indicator in indicators:
        key = (
            indicator.target, indicator.actual, indicator.weight, indicator.reported_score, indicator.deviation,
            indicator.level1, indicator.level2, indicator.name if policy.uses_names else None, indicator.applicable, year,
        )
        known = memo.get(key)
        if known is None:
            known = score_row(indicator, policy)
            if len(memo) >= _ROW_MEMO_LIMIT:
                memo.clear()
            memo[key] = known
            rows.append(known)
        else:
            rows.append(attrs.evolve(known, indicator=indicator))
    return tuple(rows)


@in_context
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
    if policy.weights.rows == "inferred" and policy.mode == "scores":
        rows = _with_inferred_weights(form, rows, policy)
    note = _no_total(form, rows, policy)
    if note is not None:
        return Scorecard(form, policy, budget, rows, None, None, None, note)
    raw = (budget.score or ZERO) + sum((r.score for r in rows if r.score is not None), ZERO)
    left_out = sum((r.weight for r in rows if r.status == NOT_APPLICABLE and r.weight is not None), ZERO)
    total, rescaled_from = raw, None
    if left_out:
        # 不适用 rows are left out and the rest rescaled to the policy's full marks (100).
        applicable = budget.weight + sum((r.weight for r in rows if r.weight is not None), ZERO) - left_out
        if applicable > 0:
            total, rescaled_from = policy.round(raw * policy.weights.total / applicable), raw
    return Scorecard(form, policy, budget, rows, total, policy.grade_for(total), rescaled_from)


def _no_total(form: Form, rows: tuple[RowScore, ...], policy: Policy) -> str | None:
    """Why no total can honestly be given, or None when it can."""
    if policy.mode == "outcomes":
        return "outcomes"
    if any(i.weight_share is not None for i in form.indicators):
        return "weight_shares"  # a county export folded by 权重占比: its total rule is not known
    if any(r.status == UNWEIGHTED for r in rows):
        return "weights_unknown"
    return None


def heading_of(indicator: Indicator, form: Form) -> str | None:
    """The heading with points a row counts in: its `group`, else its level1 when that is a heading,
    else the one heading of a form that has a single top-level heading."""
    names = {g.name for g in form.groups}
    if indicator.group in names:
        return indicator.group
    if indicator.level1 in names:
        return indicator.level1
    top = [g.name for g in form.groups if g.within is None]
    return top[0] if len(top) == 1 else None


def _with_inferred_weights(form: Form, rows: tuple[RowScore, ...], policy: Policy) -> tuple[RowScore, ...]:
    """Rows without a printed weight, given one where the arithmetic allows: a met row at full marks
    shows its weight, and the single row of a heading below full marks gets the heading's rest."""
    points = {g.name: g.points for g in form.groups}
    members: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        heading = heading_of(row.indicator, form)
        if heading is not None and row.status != NOT_APPLICABLE:
            members.setdefault(heading, []).append(i)
    weights: dict[int, Decimal] = {}
    for heading, indexes in members.items():
        known: dict[int, Decimal] = {}
        for i in indexes:
            row = rows[i]
            if row.weight is not None:
                known[i] = row.weight
            elif row.outcome == MET and row.indicator.reported_score is not None:
                known[i] = row.indicator.reported_score
        rest = [i for i in indexes if i not in known]
        if len(rest) == 1 and heading in points:
            left = points[heading] - sum(known.values(), ZERO)
            if left >= 0:
                known[rest[0]] = left
        weights.update({i: w for i, w in known.items() if rows[i].weight is None})
    return tuple(score_row(row.indicator, policy, weights[i]) if i in weights else row for i, row in enumerate(rows))


def rule_trace(indicator: Indicator, policy: Policy) -> list[tuple[Rule, list[str]]]:
    """For each rule in order until one matches: the rule and the conditions the row fails ([] for the match).

    Returns [] when the target or actual value cannot be read (the row's reason says why).
    """
    facts = row_facts(indicator)
    if facts is None:
        return []
    trace = []
    for rule in policy.rules:
        failed = rule.when.failures(facts)
        trace.append((rule, failed))
        if not failed:
            break
    return trace


def row_facts(indicator: Indicator) -> RowFacts | None:
    """What rules match on, for a row whose target and actual value can be read."""
    if indicator.target_value is None or indicator.actual_value is None:
        return None
    return _facts(indicator, indicator.target_value, indicator.actual_value)
