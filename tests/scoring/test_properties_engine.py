"""Standing properties of the engine over random forms: bounds, monotonicity, totals, purity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from selfeval_rules import Scorecard, load_form, load_policy, review, score
from selfeval_rules.reports import scorecard_document

POLICIES = {name: load_policy(name) for name in ("central-2020", "beijing")}
UNITS = ("%", "人", "人次", "期", "次", "万元", "元", "米", "平方米", "")
TEXT_ANSWERS = ("完成", "已完成", "合格", "达成预期指标", "基本完成", "部分完成", "未完成", "有效")
DEVIATIONS = (None, "", "项目效益仍有提升空间。", "部分完成", "基本达到", "未完成", "火灾后工作量增加导致延迟")
# characters that targets and actuals are made of, for rows that may not parse at all
SCRAPS = "0123456789.,%％≥≤=<>≧═年月日底前定性完成合格部分未达成人次万元米期-~至以上下内季度半 "

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)
ZERO = Decimal(0)


def amounts(*, min_value: int = 0, max_value: int = 5000) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False)


def written(value: Decimal, unit: str, *, separators: bool = False) -> str:
    """A number as a form prints it, with or without thousands separators."""
    return (f"{value:,f}" if separators else f"{value:f}") + unit


@st.composite
def comparison_rows(draw: st.DrawFn, *, ops: tuple[str, ...] = ("≥", ">", "=", "≤", "<", "≧", "═", "")) -> dict[str, Any]:
    op, unit = draw(st.sampled_from(ops)), draw(st.sampled_from(UNITS))
    target = f"{op}{written(draw(amounts()), unit)}"
    # the actual in the target's unit, without a unit (read in the target's), with separators,
    # in any unit (perhaps a mismatch), in words, or missing
    style = draw(st.sampled_from(("same", "same", "bare", "separators", "any", "words", "missing")))
    if style == "words":
        return {"target": target, "actual": draw(st.sampled_from(TEXT_ANSWERS))}
    if style == "missing":
        return {"target": target, "actual": None}
    value = draw(amounts(max_value=10_000))
    actual_unit = {"same": unit, "bare": "", "separators": unit}.get(style) or draw(st.sampled_from(UNITS))
    return {"target": target, "actual": written(value, actual_unit, separators=style == "separators")}


@st.composite
def range_rows(draw: st.DrawFn) -> dict[str, Any]:
    unit = draw(st.sampled_from(("%", "人", "万元")))
    low, high = sorted(draw(st.lists(amounts(), min_size=2, max_size=2)))
    actual = draw(amounts(max_value=10_000))
    return {"target": f"{low:f}{unit}-{high:f}{unit}", "actual": written(actual, unit)}


def dates(*, min_value: dt.date = dt.date(2022, 1, 1), max_value: dt.date = dt.date(2025, 12, 31)) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=min_value, max_value=max_value)


def deadline_text(day: dt.date, style: str) -> str:
    return {
        "month-end": f"{day.year}年{day.month}月底前",
        "month": f"{day.year}年{day.month}月",
        "day": f"{day.year}年{day.month}月{day.day}日",
        "qualified": f"定性{day.year}年{day.month}月底前",
    }[style]


def done_text(day: dt.date, precision: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if precision == "day" else f"{day.year}年{day.month}月"


@st.composite
def deadline_rows(draw: st.DrawFn) -> dict[str, Any]:
    target = deadline_text(draw(dates()), draw(st.sampled_from(("month-end", "month", "day", "qualified"))))
    precision = draw(st.sampled_from(("day", "month", "words")))
    actual = draw(st.sampled_from(TEXT_ANSWERS)) if precision == "words" else done_text(draw(dates()), precision)
    return {"target": target, "actual": actual}


@st.composite
def qualitative_rows(draw: st.DrawFn) -> dict[str, Any]:
    target = draw(st.sampled_from(("定性有效", "及时", "显著提升", "定性培训内容紧密结合重点工作")))
    actual = draw(st.sampled_from((*TEXT_ANSWERS, "有效提高业务能力", "")))
    return {"target": target, "actual": actual or target.removeprefix("定性")}


def scrap_rows() -> st.SearchStrategy[dict[str, Any]]:
    """Rows made of the right characters in any order: most do not parse."""
    scraps = st.text(SCRAPS, min_size=1, max_size=12).filter(str.strip)
    return st.fixed_dictionaries({"target": scraps, "actual": st.one_of(st.none(), scraps)})


ROW_KINDS = {
    "comparison": comparison_rows(),
    "range": range_rows(),
    "deadline": deadline_rows(),
    "qualitative": qualitative_rows(),
    "scraps": scrap_rows(),
}


@st.composite
def rows(draw: st.DrawFn, *, scraps: bool = True) -> dict[str, Any]:
    kind = draw(st.sampled_from(("comparison", "comparison", "range", "deadline", "qualitative") + (("scraps",) if scraps else ())))
    row = dict(draw(ROW_KINDS[kind]))
    weight = draw(st.sampled_from((Decimal(0), Decimal(5), Decimal("5.00"), Decimal(10), Decimal("7.5"), Decimal(20))))
    row.update(name="指标", weight=weight, deviation=draw(st.sampled_from(DEVIATIONS)))
    if draw(st.booleans()):
        row["reported_score"] = draw(amounts(max_value=25))
    if draw(st.integers(0, 9)) == 0:
        row["applicable"] = False
    return row


@st.composite
def budgets(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    annual = draw(st.sampled_from(("amount", "amount", "amount", "amount", "missing", "zero")))
    return {
        "weight": draw(st.sampled_from((Decimal(10), Decimal(20), Decimal("10.00")))),
        "annual": {"amount": draw(amounts(min_value=1)), "missing": None, "zero": Decimal(0)}[annual],
        "executed": draw(amounts(max_value=6000)) if draw(st.integers(0, 9)) else None,
    }


@st.composite
def forms(draw: st.DrawFn, *, not_applicable: bool = True, scraps: bool = True) -> Any:
    row_strategy = rows(scraps=scraps) if not_applicable else rows(scraps=scraps).map(lambda r: {**r, "applicable": True})
    data: dict[str, Any] = {"project": "随机项目", "year": 2023, "indicators": draw(st.lists(row_strategy, max_size=6))}
    budget = draw(budgets())
    if budget is not None:
        data["budget"] = budget
    return load_form(data)


def one_row(row: dict[str, Any], policy: str) -> Any:
    form = load_form({"project": "单行", "year": 2023, "indicators": [{"name": "指标", "weight": Decimal(10), **row}]})
    return score(form, POLICIES[policy]).indicators[0]


def row_sum(card: Scorecard) -> Decimal:
    return (card.budget.score or ZERO) + sum((r.score for r in card.indicators if r.score is not None), ZERO)


# --- properties -------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(forms(), st.sampled_from(sorted(POLICIES)))
def test_every_score_lies_between_zero_and_its_weight(form: Any, policy: str) -> None:
    card = score(form, POLICIES[policy])
    for row in card.indicators:
        if row.score is not None:
            assert ZERO <= row.score <= row.weight
    if card.budget.score is not None:
        assert ZERO <= card.budget.score <= card.budget.weight


@PROPERTY_SETTINGS
@given(
    st.sampled_from(("≥", ">", "≧")), amounts(), amounts(max_value=10_000), amounts(max_value=10_000),
    st.sampled_from(UNITS), st.sampled_from(("same", "none")), st.sampled_from(sorted(POLICIES)),
)
def test_a_better_actual_never_lowers_an_at_least_row(op: str, target: Decimal, a: Decimal, b: Decimal, unit: str, written_as: str, policy: str) -> None:
    worse, better = sorted((a, b))
    actual_unit = unit if written_as == "same" else ""
    low = one_row({"target": f"{op}{target:f}{unit}", "actual": f"{worse:f}{actual_unit}"}, policy)
    high = one_row({"target": f"{op}{target:f}{unit}", "actual": f"{better:f}{actual_unit}"}, policy)
    assert low.status == high.status == "scored"
    assert low.score <= high.score


@PROPERTY_SETTINGS
@given(st.sampled_from(("≤", "<")), amounts(), amounts(max_value=10_000), amounts(max_value=10_000), st.sampled_from(UNITS), st.sampled_from(sorted(POLICIES)))
def test_a_smaller_actual_never_lowers_an_at_most_row(op: str, target: Decimal, a: Decimal, b: Decimal, unit: str, policy: str) -> None:
    smaller, larger = sorted((a, b))
    good = one_row({"target": f"{op}{target:f}{unit}", "actual": f"{smaller:f}{unit}"}, policy)
    bad = one_row({"target": f"{op}{target:f}{unit}", "actual": f"{larger:f}{unit}"}, policy)
    assert good.status == bad.status == "scored"
    assert good.score >= bad.score


@PROPERTY_SETTINGS
@given(
    dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2023, 12, 31)),
    st.sampled_from(("month-end", "month", "day", "qualified")),
    dates(), dates(), st.sampled_from(("day", "month")),
    st.one_of(st.none(), amounts(max_value=10)),
    st.sampled_from(sorted(POLICIES)),
)
def test_a_later_completion_never_raises_a_deadline_row(
    deadline: dt.date, style: str, a: dt.date, b: dt.date, precision: str, reported: Decimal | None, policy: str
) -> None:
    earlier, later = sorted((a, b))
    extra = {} if reported is None else {"reported_score": reported}
    target = deadline_text(deadline, style)
    first = one_row({"target": target, "actual": done_text(earlier, precision), **extra}, policy)
    second = one_row({"target": target, "actual": done_text(later, precision), **extra}, policy)
    assert first.status == second.status == "scored"
    assert first.score >= second.score
    if first.delay is not None and second.delay is not None:
        assert first.delay.days <= second.delay.days


@PROPERTY_SETTINGS
@given(forms(not_applicable=False), st.sampled_from(sorted(POLICIES)))
def test_total_is_the_budget_score_plus_the_rounded_row_scores(form: Any, policy: str) -> None:
    card = score(form, POLICIES[policy])
    places = Decimal(1).scaleb(-POLICIES[policy].places)
    assert all(r.score == r.score.quantize(places) for r in card.indicators if r.score is not None)
    assert card.total == row_sum(card)
    assert card.rescaled_from is None


@PROPERTY_SETTINGS
@given(forms(), st.sampled_from(sorted(POLICIES)))
def test_not_applicable_rows_are_left_out_and_the_rest_rescaled_to_the_policy_total(form: Any, policy: str) -> None:
    # domain notes: "an indicator that does not apply is left out and the remaining scores are
    # rescaled to 100" — the policy's total (weights.total, 100 for both bundled policies).
    card = score(form, POLICIES[policy])
    left_out = [r for r in card.indicators if r.status == "not_applicable"]
    assert all(r.score is None for r in left_out)
    full = card.budget.weight + sum((r.weight for r in card.indicators), ZERO)
    dropped = sum((r.weight for r in left_out), ZERO)
    if dropped == 0 or full == dropped:
        assert card.total == row_sum(card)
    else:
        assert card.rescaled_from == row_sum(card)
        assert card.total == POLICIES[policy].round(row_sum(card) * POLICIES[policy].weights.total / (full - dropped))


@PROPERTY_SETTINGS
@given(forms(), st.sampled_from(sorted(POLICIES)))
def test_scoring_twice_gives_equal_scorecards(form: Any, policy: str) -> None:
    first, second = score(form, POLICIES[policy]), score(form, POLICIES[policy])
    assert first == second
    assert scorecard_document(first, review(first), "en") == scorecard_document(second, review(second), "en")


@PROPERTY_SETTINGS
@given(forms(), st.sampled_from(sorted(POLICIES)))
def test_every_applicable_row_is_scored_or_unscorable_with_a_reason(form: Any, policy: str) -> None:
    card = score(form, POLICIES[policy])
    for row, indicator in zip(card.indicators, form.indicators):
        if not indicator.applicable:
            assert row.status == "not_applicable"
        elif row.status == "scored":
            assert row.score is not None and row.reason is None
        else:
            assert row.status == "unscorable"
            assert row.score is None
            assert row.reason_text("zh") and row.reason_text("en")
        assert row.explain("zh") and row.explain("en")
    assert card.budget.status in ("scored", "unscorable")
    assert (card.budget.score is None) == (card.budget.status == "unscorable")
