"""Property-based testing for scoring policies: hypothesis strategies and the standard properties.

Use it in your own test suite to trust the policy YAML you write::

    from selfeval_rules import load_policy
    from selfeval_rules.testing import check_policy_properties

    def test_my_city_policy_keeps_the_standard_properties():
        check_policy_properties(load_policy("policies/my-city.yaml"))

Strategies build rows and forms as the mappings `load_form` reads, with the texts a form prints
(`≥90%`, `2023年6月`, `合格`), so that what is tested is what real forms contain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from ._engine import NOT_APPLICABLE, SCORED, UNSCORABLE, RowScore, score, score_row
from ._form import Indicator, load_form
from ._parser import parse_target
from ._policy import FULL, Banded, Policy, Rule
from ._values import Comparison, Deadline

__all__ = [
    "PolicyPropertyError",
    "actuals",
    "check_policy_properties",
    "forms",
    "indicators",
    "targets",
]

KINDS = ("comparison", "range", "deadline", "qualitative")
OPS = ("ge", "gt", "le", "lt", "eq")
UNITS = ("%", "人", "人次", "期", "场", "次", "套", "万元", "元", "天", "平方米", "米")
# A unit to write for each dimension a rule may ask for.
UNIT_FOR_DIMENSION = {
    "percent": "%", "money": "万元", "days": "天", "workdays": "工作日", "months": "个月",
    "length": "米", "area": "平方米", "volume": "立方米", "mass": "吨",
}
LEVELS = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
QUALITATIVE_TARGETS = ("有效", "显著提升", "及时", "合格", "较好", "有效提升服务能力", "培训内容紧密结合重点工作")
TEXT_ACTUALS = ("达成预期指标", "完成", "有效", "合格", "基本完成", "部分完成", "仍有提升空间", "未完成", "已建成并投入使用", "按计划推进")
DEVIATIONS = (None, None, "项目效益仍有提升空间", "受天气影响部分工作延迟", "未完成年度目标", "基本达到预期")
_SYMBOLS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}
_YEAR = 2023


def _number(low: str = "0", high: str = "1000", places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False, allow_infinity=False)


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value != value.to_integral_value() else f"{value.to_integral_value():f}"


@st.composite
def _comparison(draw: st.DrawFn, ops: Sequence[str], units: Sequence[str]) -> str:
    op = draw(st.sampled_from(list(ops)))
    unit = draw(st.sampled_from(list(units)))
    value = draw(_number("1", "100" if unit == "%" else "5000"))
    return f"{_SYMBOLS[op]}{_text(value)}{unit}"


@st.composite
def _range(draw: st.DrawFn, units: Sequence[str]) -> str:
    unit = draw(st.sampled_from(list(units)))
    low = draw(_number("1", "90"))
    high = low + draw(_number("0", "50"))
    return f"{_text(low)}{unit}-{_text(high)}{unit}"


@st.composite
def _deadline(draw: st.DrawFn, year: int) -> str:
    month = draw(st.integers(1, 12))
    if draw(st.booleans()):
        return f"{year}年{month}月底前"
    day = draw(st.integers(1, 28))
    return f"{year}年{month}月{day}日前"


def targets(
    *,
    kinds: Sequence[str] = KINDS,
    ops: Sequence[str] = OPS,
    units: Sequence[str] = UNITS,
    year: int = _YEAR,
) -> st.SearchStrategy[str]:
    """Targets (年度指标值) as forms print them: `≥90%`, `90%-100%`, `2023年6月底前`, `定性有效`.

    Args:
        kinds: the target kinds to draw: comparison, range, deadline, qualitative.
        ops: the operators of comparisons: ge, gt, le, lt, eq.
        units: the units of comparisons and ranges.
        year: the year of deadlines.
    """
    _check_choices("kinds", kinds, KINDS)
    _check_choices("ops", ops, OPS)
    if not units:
        raise ValueError("units must name at least one unit")
    options = []
    if "comparison" in kinds:
        options.append(_comparison(ops, units))
    if "range" in kinds:
        options.append(_range(units))
    if "deadline" in kinds:
        options.append(_deadline(year))
    if "qualitative" in kinds:
        options.append(st.sampled_from(QUALITATIVE_TARGETS).map(lambda text: f"定性{text}"))
    return st.one_of(options)


def _check_choices(name: str, given: Sequence[str], allowed: Sequence[str]) -> None:
    unknown = [g for g in given if g not in allowed]
    if not given or unknown:
        raise ValueError(f"{name} must name one or more of {allowed}, not {tuple(given)!r}")


def actuals(*, for_target: str, year: int = _YEAR, text: bool = True) -> st.SearchStrategy[str]:
    """Actual values (实际完成值) that answer `for_target`: a quantity in its unit, a date, or words.

    Args:
        for_target: the target text the actual value answers.
        year: the form's year, for targets written without one.
        text: whether words (完成, 部分完成 …) may answer a quantitative or deadline target too.
    """
    target = parse_target(for_target, year=year)
    words = st.sampled_from(TEXT_ACTUALS)
    if isinstance(target, Deadline):
        dates = st.integers(-60, 120).map(lambda days: target.date + dt.timedelta(days=days)).map(
            lambda day: f"{day.year}年{day.month}月{day.day}日"
        )
        return st.one_of(dates, words) if text else dates
    if target.kind in ("comparison", "range"):
        quantity = target.quantity if isinstance(target, Comparison) else target.high
        unit = quantity.unit.symbol if quantity.unit else ""
        high = max(quantity.value * 2, Decimal(10))
        numbers = _number("0", f"{high:f}").map(lambda value: f"{_text(value)}{unit}")
        return st.one_of(numbers, words) if text else numbers
    return st.one_of(words, st.just(target.text))  # type: ignore[union-attr]


@st.composite
def _row(draw: st.DrawFn, kinds: Sequence[str], units: Sequence[str], min_weight: Decimal, max_weight: Decimal,
         reported: bool, year: int) -> dict[str, Any]:
    level1 = draw(st.sampled_from(sorted(LEVELS)))
    target = draw(targets(kinds=kinds, units=units, year=year))
    weight = draw(st.decimals(min_value=min_weight, max_value=max_weight, places=0))
    row: dict[str, Any] = {
        "level1": level1,
        "level2": draw(st.sampled_from(LEVELS[level1])),
        "name": draw(st.sampled_from(("培训人数", "满意度", "完成时间", "项目经费", "社会效益", "合格率"))),
        "target": target,
        "actual": draw(actuals(for_target=target, year=year)),
        "weight": weight,
        "deviation": draw(st.sampled_from(DEVIATIONS)),
    }
    if reported:
        row["reported_score"] = draw(st.decimals(min_value=Decimal(0), max_value=weight, places=2))
    return row


def indicators(
    *,
    kinds: Sequence[str] = KINDS,
    units: Sequence[str] = UNITS,
    min_weight: int = 1,
    max_weight: int = 20,
    reported: bool = True,
    year: int = _YEAR,
) -> st.SearchStrategy[dict[str, Any]]:
    """Indicator rows as a form holds them (mappings with level1, level2, name, target, actual …).

    Args:
        kinds: the target kinds to draw.
        units: the units of quantitative targets.
        min_weight, max_weight: the weight (分值) range, whole points.
        reported: whether rows carry a self-given score.
        year: the form's year.
    """
    return _row(kinds, units, Decimal(min_weight), Decimal(max_weight), reported, year)


@st.composite
def _form(draw: st.DrawFn, min_rows: int, max_rows: int, kinds: Sequence[str], year: int) -> dict[str, Any]:
    rows = draw(st.lists(indicators(kinds=kinds, year=year), min_size=min_rows, max_size=max_rows))
    annual = draw(_number("1", "1000"))
    executed = draw(_number("0", f"{annual * Decimal('1.2'):f}"))
    return {
        "year": year,
        "project": draw(st.sampled_from(("应急志愿者队伍建设", "法治培训服务", "基层医疗设备购置"))),
        "budget": {"unit": "万元", "weight": 10, "annual": annual, "executed": executed},
        "indicators": rows,
    }


def forms(*, min_rows: int = 1, max_rows: int = 12, kinds: Sequence[str] = KINDS, year: int = _YEAR) -> st.SearchStrategy[dict[str, Any]]:
    """Whole forms as mappings `load_form` reads: a budget block and `min_rows`…`max_rows` indicator rows."""
    return _form(min_rows, max_rows, kinds, year)


# --- the standard properties ----------------------------------------------------------------


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
    return score_row(_single(row, year), policy, year)


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
    is the budget score plus the rounded rows; and every rule is reached by some row meant for it.

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
        direct = [score_row(i, policy, form.year) for i in form.indicators]
        if [r.score for r in first.indicators] != [r.score for r in second.indicators] or first.total != second.total:
            return "scoring the same form twice gave different results"
        if [r.score for r in first.indicators] != [r.score for r in direct]:
            return "remembered row results differ from rows scored afresh"
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
