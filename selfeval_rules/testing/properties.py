"""The standard properties every scoring policy must keep, checked with hypothesis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from ..io import load_form
from ..language import parse_target
from ..policy import FULL, Banded, Policy, Rule
from ..scoring import NOT_APPLICABLE, SCORED, UNSCORABLE, RowScore, score, score_row
from ..values import Indicator
from .strategies import (
    _SYMBOLS,
    _YEAR,
    LEVELS,
    OPS,
    UNIT_FOR_DIMENSION,
    UNITS,
    _deadline,
    _number,
    _text,
    actuals,
    forms,
    indicators,
    targets,
)


class PolicyPropertyError(AssertionError):
    """A policy broke one of the standard properties.

    Attributes:
        prop: the property's name (`scores-within-weight`, `monotonic-positive` …).
        example: the shrunk counter-example: the rows or values that break it.
        detail: what went wrong on that example.
    """

    def __init__(self, policy: str, prop: str, example: Any, detail: str) -> None:
        self.policy, self.prop, self.example, self.detail = policy, prop, example, detail
        super().__init__(f"{policy}: property {prop!r} fails: {detail}\n  counter-example: {readable(example)}")


def readable(value: Any) -> str:
    """A counter-example as a person reads it: numbers plain, texts as written.

    >>> readable((Decimal("1.00"), "%", (Decimal("0.00"), Decimal("0.90"))))
    "(1.00, '%', (0.00, 0.90))"
    """
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, tuple):
        return "(" + ", ".join(readable(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(readable(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {readable(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _single(row: Mapping[str, Any], year: int) -> Indicator:
    return load_form({"project": "property", "year": year, "indicators": [dict(row)]}).indicators[0]


def _score_of(policy: Policy, row: Mapping[str, Any], year: int) -> RowScore:
    return score_row(_single(row, year), policy)


class _Runner:
    """Runs each property under hypothesis and turns its shrunk failure into a PolicyPropertyError."""

    def __init__(self, policy: Policy, max_examples: int, derandomize: bool) -> None:
        self.policy = policy
        self.settings = settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=derandomize,
            suppress_health_check=list(HealthCheck),
        )

    def run(self, name: str, strategy: st.SearchStrategy[Any], check: Callable[[Any], str | tuple[str, Any] | None]) -> None:
        """Run one property; `check` returns None, a problem, or a problem and the example as a person reads it."""
        last: list[Any] = []

        @self.settings
        @given(strategy)
        def prop(example: Any) -> None:
            problem = check(example)
            if problem is not None:
                detail, shown = problem if isinstance(problem, tuple) else (problem, example)
                last[:] = [shown, detail]
                raise AssertionError(detail)

        try:
            prop()
        except AssertionError:
            if not last:
                raise
            raise PolicyPropertyError(self.policy.name, name, last[0], last[1]) from None


def _pairs(strategy: st.SearchStrategy[Decimal]) -> st.SearchStrategy[tuple[Decimal, Decimal]]:
    return st.tuples(strategy, strategy).map(lambda pair: tuple(sorted(pair)))  # type: ignore[return-value]


def check_policy_properties(policy: Policy, *, max_examples: int = 100, year: int = _YEAR, derandomize: bool = True) -> None:
    """Assert the standard properties every scoring policy must keep, over generated rows and forms.

    The properties: a row scores within [0, weight]; a positive row never scores less for a better
    actual value, a reverse row never less for a smaller one, a deadline row never more for a later
    date; a met target scores the full weight unless its rule says otherwise; scoring is
    deterministic; every row is matched by a rule or reported unscorable with a reason; the total
    is the budget score plus the rounded rows (or, where no total can be given, there is no grade either); and every rule is reached by some row meant for it.

    Args:
        policy: the loaded policy.
        max_examples: how many examples hypothesis tries per property.
        year: the form year used for generated deadlines.
        derandomize: draw the same examples every run (reproducible in CI).

    Raises:
        PolicyPropertyError: on the first property that fails, with hypothesis' shrunk counter-example.
    """
    runner = _Runner(policy, max_examples, derandomize)

    def within_weight(row: Mapping[str, Any]) -> str | None:
        result = _score_of(policy, row, year)
        if result.status == SCORED and not (0 <= result.score <= result.weight):  # type: ignore[operator]
            return f"score {result.score} lies outside [0, {result.weight}]: {result.explain('en')}"
        if result.status == UNSCORABLE and not result.reason_text("en"):
            return "an unscorable row has no reason"
        if result.status == UNSCORABLE and result.reason and result.reason[0] == "row.no_rule":
            return "no rule matches this row"
        return None

    runner.run("scores-within-weight-and-every-row-matched", indicators(), within_weight)

    def monotonic(op: str, better_is_larger: bool) -> Callable[[Any], str | tuple[str, Any] | None]:
        def check(example: tuple[Decimal, str, tuple[Decimal, Decimal]]) -> str | None:
            # actual values are drawn as shares of the target (0 to 2×), so that every band of a
            # table read on the ratio, the ones just short of the target included, gets tried
            target_value, unit, (low_share, high_share) = example
            low = (target_value * low_share).quantize(Decimal("0.01"))
            high = (target_value * high_share).quantize(Decimal("0.01"))
            base = {"level1": "产出指标", "level2": "数量指标", "name": "指标", "weight": Decimal(10)}
            target = f"{_SYMBOLS[op]}{_text(target_value)}{unit}"
            first = _score_of(policy, {**base, "target": target, "actual": f"{_text(low)}{unit}"}, year)
            second = _score_of(policy, {**base, "target": target, "actual": f"{_text(high)}{unit}"}, year)
            if first.score is None or second.score is None:
                return None
            worse, better = (first, second) if better_is_larger else (second, first)
            if better.score < worse.score:  # type: ignore[operator]
                detail = (f"{target}: actual {better.indicator.actual} scores {better.score} but the worse "
                          f"{worse.indicator.actual} scores {worse.score}")
                return detail, {"target": target, "actuals": [first.indicator.actual, second.indicator.actual]}
            return None

        return check

    values = _number("1", "1000")
    for op, larger in (("ge", True), ("gt", True), ("eq", True), ("le", False), ("lt", False)):
        if op == "eq" and policy.equal_targets != "at_least":
            continue
        shares = st.one_of(st.sampled_from(_ratio_points(policy)), _number("0", "2", places=3))
        strategy = st.tuples(values, st.sampled_from(("%", "人", "万元")), _pairs(shares))
        runner.run(f"monotonic-{op}", strategy, monotonic(op, larger))

    def later_never_better(example: tuple[str, tuple[int, int]]) -> str | None:
        target, (early, late) = example
        deadline = parse_target(target, year=year).date  # type: ignore[union-attr]
        rows = [
            _score_of(policy, {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "weight": Decimal(10),
                               "target": target, "actual": _day(deadline + dt.timedelta(days=d))}, year)
            for d in (early, late)
        ]
        if rows[0].score is not None and rows[1].score is not None and rows[1].score > rows[0].score:
            return f"{target}: done {rows[1].indicator.actual} scores {rows[1].score}, more than {rows[0].indicator.actual} ({rows[0].score})"
        return None

    runner.run("monotonic-delay", st.tuples(_deadline(year), _pairs(st.integers(-30, 400))), later_never_better)

    def met_is_full(row: Mapping[str, Any]) -> str | None:
        result = _score_of(policy, {**row, "reported_score": None}, year)
        if result.status == SCORED and result.met and result.rule is not None and result.rule.met == FULL and result.score != result.weight:
            return f"a met target scores {result.score} of {result.weight}: {result.explain('en')}"
        return None

    runner.run("met-scores-full", indicators(kinds=("comparison", "range", "deadline"), reported=False), met_is_full)

    def deterministic_and_summed(data: Mapping[str, Any]) -> str | None:
        form = load_form(data)
        first, second = score(form, policy), score(form, policy)
        direct = [score_row(i, policy) for i in form.indicators]
        if [r.score for r in first.indicators] != [r.score for r in second.indicators] or first.total != second.total:
            return "scoring the same form twice gave different results"
        if [r.score for r in first.indicators] != [r.score for r in direct]:
            return "remembered row results differ from rows scored afresh"
        if first.total is None:
            # no total can honestly be given (outcomes only, weights unknown): then no grade either
            if first.grade is not None or first.total_note is None:
                return f"no total, yet a grade {first.grade} or no reason for it ({first.total_note})"
            return None
        summed = (first.budget.score or Decimal(0)) + sum(
            (r.score for r in first.indicators if r.score is not None and r.status != NOT_APPLICABLE), Decimal(0)
        )
        if first.rescaled_from is None and summed != first.total:
            return f"the total {first.total} is not the budget score plus the rows ({summed})"
        return None

    runner.run("deterministic-and-total-is-sum", forms(max_rows=8), deterministic_and_summed)

    for rule in policy.rules:
        _check_reachable(policy, rule, year, max_examples)


def _ratio_points(policy: Policy) -> list[Decimal]:
    """Shares of the target worth trying: the edges of every band table read on the ratio, and beside them."""
    step = Decimal("0.001")
    points = {Decimal(0), Decimal("0.5"), Decimal(1), Decimal("1.5"), Decimal(2)}
    for rule in policy.rules:
        for outcome in (rule.met, rule.unmet):
            if isinstance(outcome, Banded) and outcome.on == "ratio":
                for band in outcome.bands:
                    for edge in (band.interval.low, band.interval.high):
                        if edge is not None:
                            points.update({edge - step, edge, edge + step})
    return sorted(p for p in points if 0 <= p <= 2)


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def rows_for(rule: Rule, *, year: int = _YEAR) -> st.SearchStrategy[dict[str, Any]]:
    """Rows that meet a rule's `when` conditions, so that the rule should be the one to score them."""
    when = rule.when
    kinds = sorted(when.kinds())
    ops = sorted(when.op) if when.op else list(OPS)
    if when.unit:
        units = sorted(when.unit)
    elif when.dimension:
        units = [UNIT_FOR_DIMENSION.get(d, d.removeprefix("count:")) for d in sorted(when.dimension)]
    else:
        units = list(UNITS)
    level1 = st.sampled_from(sorted(when.level1)) if when.level1 else st.sampled_from(sorted(LEVELS))
    level2 = st.sampled_from(sorted(when.level2)) if when.level2 else st.sampled_from(("数量指标", "质量指标", "时效指标"))
    name = st.from_regex(when.name) if when.name is not None else st.just("指标")

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        target = draw(targets(kinds=kinds, ops=ops, units=units, year=year) if kinds else st.nothing())
        actual = draw(actuals(for_target=target, year=year))
        return {"level1": draw(level1), "level2": draw(level2), "name": draw(name).replace("\n", " ") or "指标",
                "target": target, "actual": actual, "weight": Decimal(5)}

    return build()


def _check_reachable(policy: Policy, rule: Rule, year: int, max_examples: int) -> None:
    def scored_by_rule(row: Mapping[str, Any]) -> bool:
        try:
            result = _score_of(policy, row, year)
        except Exception:  # a generated name the form schema refuses: not a row for this rule
            return False
        return result.rule is not None and result.rule.id == rule.id

    search = settings(max_examples=max_examples * 5, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    try:
        find(rows_for(rule, year=year), scored_by_rule, settings=search)
    except NoSuchExample:
        sample = find(rows_for(rule, year=year), lambda row: True, settings=search)
        taken = _score_of(policy, sample, year)
        by = taken.rule.id if taken.rule else None
        raise PolicyPropertyError(
            policy.name, "every-rule-matches", sample,
            f"rule {rule.id!r} never scores a row meant for it; such a row is scored by {by!r} ({taken.status})",
        ) from None
