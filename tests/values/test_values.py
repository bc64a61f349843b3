"""The value model: what a target and an actual value mean, exactly, and how they compare.

Ratios are worked out by hand in the comments: B/A for ≥, > and =; A/B for ≤ and <; 1 inside a
range, B/low below it, high/B above it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from selfeval_rules import SelfEvalError, parse_actual, parse_target
from selfeval_rules.errors import KindMismatchError, UnitMismatchError
from selfeval_rules.values import (
    Comparison,
    DateValue,
    Deadline,
    Delay,
    Op,
    Qualitative,
    Quantity,
    Range,
    TextValue,
    Unit,
)


def qty(value: str, unit: str | None = None, *, mark: Op | None = None) -> Quantity:
    """A quantity as the tables write it: the number as text, so that no float ever sneaks in."""
    return Quantity(Decimal(value), unit, mark)


# --- comparisons -------------------------------------------------------------------------------------

COMPARISONS = [
    # (target, actual, met, ratio)
    pytest.param("≥90%", "81%", False, Decimal("0.9"), id="ge-short-81-of-90"),
    pytest.param("≥90%", "90%", True, Decimal("1"), id="ge-exactly-met"),
    pytest.param("≥90%", "99%", True, Decimal("1.1"), id="ge-over-achieved-99-of-90"),
    pytest.param(">90%", "95%", True, Decimal("95") / Decimal("90"), id="gt-met"),
    pytest.param(">90%", "90%", False, Decimal("1"), id="gt-equal-is-not-met"),
    pytest.param("≤258.2万元", "258.16万元", True, Decimal("258.2") / Decimal("258.16"), id="le-seed-000-cost"),
    pytest.param("≤258.2万元", "258.2万元", True, Decimal("1"), id="le-exactly-met"),
    pytest.param("≤258.2万元", "300万元", False, Decimal("258.2") / Decimal("300"), id="le-overspent-a-over-b"),
    pytest.param("<5%", "4%", True, Decimal("1.25"), id="lt-met-5-over-4"),
    pytest.param("<5%", "5%", False, Decimal("1"), id="lt-equal-is-not-met"),
    pytest.param("<5%", "10%", False, Decimal("0.5"), id="lt-exceeded-5-over-10"),
    pytest.param("=24期", "24期", True, Decimal("1"), id="eq-met"),
    # an = target read exactly is missed both ways: going over it scores A/B (740/747); the policy,
    # not the value model, decides that seed 000 still scores this row in full
    pytest.param("=740人", "747人", False, Decimal("740") / Decimal("747"), id="eq-seed-000-over-by-7"),
    pytest.param("=740人", "703人", False, Decimal("0.95"), id="eq-short-703-of-740"),
    pytest.param("=0", "0", True, Decimal("1"), id="eq-zero-met-by-zero"),
    pytest.param("=0", "1", False, Decimal("0"), id="eq-zero-missed-by-one"),
    pytest.param("=0起", "2起", False, Decimal("0"), id="eq-zero-incidents-missed"),
    pytest.param("≥0%", "0%", True, Decimal("1"), id="ge-zero-met-by-zero"),
    pytest.param(">0%", "0%", False, Decimal("0"), id="gt-zero-missed-by-zero"),
    pytest.param("≤0元", "5元", False, Decimal("0"), id="le-zero-missed"),
]


@pytest.mark.parametrize(("target", "actual", "met", "ratio"), COMPARISONS)
def test_a_comparison_is_met_and_scores_its_ratio(target: str, actual: str, met: bool, ratio: Decimal) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    assert parsed_target.is_met(parsed_actual) is met
    assert parsed_target.ratio(parsed_actual) == ratio


def test_a_ratio_is_a_decimal_never_a_float() -> None:
    ratio = parse_target("≤258.2万元").ratio(parse_actual("258.16万元"))
    assert type(ratio) is Decimal
    # 258.2 / 258.16 to 28 significant digits
    assert ratio == Decimal("1.000154942671211651688875116")


def test_a_reverse_target_met_by_zero_has_no_ratio() -> None:
    # A/B with B = 0 divides by zero: documented as None
    target = parse_target("≤5万元")
    assert target.is_met(parse_actual("0万元")) is True
    assert target.ratio(parse_actual("0万元")) is None


def test_a_copied_operator_does_not_change_the_value_compared() -> None:
    target = parse_target("≥266米")
    copied = parse_actual("≥266米")
    assert copied == qty("266", "米", mark=Op.GE)
    assert target.is_met(copied) is True
    assert target.ratio(copied) == Decimal("1")


@pytest.mark.parametrize(
    ("op", "symbol", "reverse"),
    [
        pytest.param(Op.GE, "≥", False, id="ge"),
        pytest.param(Op.GT, ">", False, id="gt"),
        pytest.param(Op.LE, "≤", True, id="le"),
        pytest.param(Op.LT, "<", True, id="lt"),
        pytest.param(Op.EQ, "=", False, id="eq"),
    ],
)
def test_an_operator_has_a_canonical_symbol_and_a_direction(op: Op, symbol: str, reverse: bool) -> None:
    assert (op.symbol, op.is_reverse) == (symbol, reverse)


def test_operator_names_are_the_json_names() -> None:
    assert [op.value for op in Op] == ["ge", "gt", "le", "lt", "eq"]


# --- ranges --------------------------------------------------------------------------------------------

RANGES = [
    pytest.param("90%-100%", "81%", False, Decimal("0.9"), id="below-81-over-low-90"),
    pytest.param("90%-100%", "90%", True, Decimal("1"), id="at-the-low-bound"),
    pytest.param("90%-100%", "95%", True, Decimal("1"), id="inside"),
    pytest.param("90%-100%", "100%", True, Decimal("1"), id="at-the-high-bound"),
    pytest.param("90%-100%", "125%", False, Decimal("0.8"), id="above-high-100-over-125"),
    pytest.param("5万元-10万元", "40000元", False, Decimal("0.8"), id="below-in-another-money-unit"),
    pytest.param("5万元-10万元", "80000元", True, Decimal("1"), id="inside-in-another-money-unit"),
    pytest.param("[90%,100%]", "95", True, Decimal("1"), id="bare-actual-in-the-range-unit"),
]


@pytest.mark.parametrize(("target", "actual", "met", "ratio"), RANGES)
def test_a_range_is_met_inside_and_scores_its_distance_outside(
    target: str, actual: str, met: bool, ratio: Decimal
) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    assert parsed_target.is_met(parsed_actual) is met
    assert parsed_target.ratio(parsed_actual) == ratio


def test_a_range_rejects_an_actual_of_another_dimension() -> None:
    with pytest.raises(UnitMismatchError):
        parse_target("90%-100%").ratio(parse_actual("5万元"))


# --- units ------------------------------------------------------------------------------------------------

UNITS = [
    # (spelling, symbol, dimension, factor to the dimension's base)
    pytest.param("%", "%", "percent", Fraction(1, 100), id="percent"),
    pytest.param("％", "%", "percent", Fraction(1, 100), id="percent-full-width"),
    pytest.param("百分比", "%", "percent", Fraction(1, 100), id="percent-word"),
    pytest.param("‰", "‰", "percent", Fraction(1, 1000), id="per-mille"),
    pytest.param("元", "元", "money", Fraction(1), id="yuan"),
    pytest.param("千元", "千元", "money", Fraction(1_000), id="thousand-yuan"),
    pytest.param("万元", "万元", "money", Fraction(10_000), id="ten-thousand-yuan"),
    pytest.param("亿元", "亿元", "money", Fraction(100_000_000), id="hundred-million-yuan"),
    pytest.param("天", "天", "days", Fraction(1), id="days"),
    pytest.param("日", "天", "days", Fraction(1), id="days-as-ri"),
    pytest.param("小时", "小时", "days", Fraction(1, 24), id="hours"),
    pytest.param("周", "周", "days", Fraction(7), id="weeks"),
    pytest.param("个工作日", "工作日", "workdays", Fraction(1), id="working-days-with-measure-word"),
    pytest.param("工作日", "工作日", "workdays", Fraction(1), id="working-days"),
    pytest.param("个月", "个月", "months", Fraction(1), id="months-with-measure-word"),
    pytest.param("月", "个月", "months", Fraction(1), id="months"),
    pytest.param("年", "年", "months", Fraction(12), id="years-are-12-months"),
    pytest.param("米", "米", "length", Fraction(1), id="metres"),
    pytest.param("厘米", "厘米", "length", Fraction(1, 100), id="centimetres"),
    pytest.param("公里", "公里", "length", Fraction(1000), id="kilometres"),
    pytest.param("平方米", "平方米", "area", Fraction(1), id="square-metres"),
    pytest.param("亩", "亩", "area", Fraction(10_000, 15), id="mu-is-a-fifteenth-of-a-hectare"),
    pytest.param("公顷", "公顷", "area", Fraction(10_000), id="hectares"),
    pytest.param("吨", "吨", "mass", Fraction(1000), id="tonnes"),
    pytest.param("人", "人", "count:人", Fraction(1), id="people"),
    pytest.param("人次", "人次", "count:人次", Fraction(1), id="person-times"),
    pytest.param("万人次", "万人次", "count:人次", Fraction(10_000), id="ten-thousand-person-times"),
    pytest.param("期", "期", "count:期", Fraction(1), id="issues"),
]


@pytest.mark.parametrize(("spelling", "symbol", "dimension", "factor"), UNITS)
def test_a_unit_knows_its_dimension_and_exact_factor(spelling: str, symbol: str, dimension: str, factor: Fraction) -> None:
    unit = Unit.from_symbol(spelling)
    assert (unit.symbol, unit.dimension, unit.factor, unit.known) == (symbol, dimension, factor, True)


def test_an_unknown_unit_is_opaque_and_compares_only_with_itself() -> None:
    unit = Unit.from_symbol("台次")
    assert (unit.symbol, unit.dimension, unit.factor, unit.known) == ("台次", "count:台次", Fraction(1), False)
    assert parse_target("≥5台次").is_met(parse_actual("6台次")) is True
    with pytest.raises(UnitMismatchError):
        parse_target("≥5台次").is_met(parse_actual("6台"))


CONVERSIONS = [
    # (target, actual, met, ratio)
    # 258.2万元 = 2,582,000元 exactly
    pytest.param("≤258.2万元", "2,582,000元", True, Decimal("1"), id="10k-yuan-vs-yuan-equal"),
    pytest.param("≤258.2万元", "2,582,001元", False, Decimal("2582000") / Decimal("2582001"), id="10k-yuan-vs-yuan-over"),
    pytest.param("≥10千元", "10000元", True, Decimal("1"), id="thousand-yuan-vs-yuan"),
    pytest.param("≥1亿元", "10000万元", True, Decimal("1"), id="hundred-million-vs-10k-yuan"),
    # 200亩 = 200 × 10000/15 = 133,333.33… m²; 133,333 m² is 1,999,995/2,000,000 of it
    pytest.param("≥200亩", "133,334平方米", True, Decimal("133334") * 15 / Decimal("2000000"), id="mu-vs-square-metres-met"),
    pytest.param("≥200亩", "133,333平方米", False, Decimal("0.9999975"), id="mu-vs-square-metres-short"),
    pytest.param("≥10万人次", "100,000人次", True, Decimal("1"), id="ten-thousand-person-times-met"),
    pytest.param("≥10万人次", "99,999人次", False, Decimal("0.99999"), id="ten-thousand-person-times-short"),
    pytest.param("≥5%", "50‰", True, Decimal("1"), id="percent-vs-per-mille"),
    pytest.param("≤24小时", "1天", True, Decimal("1"), id="hours-vs-days"),
    pytest.param("≤24小时", "2天", False, Decimal("0.5"), id="hours-vs-days-late"),
    pytest.param("≥15年", "180个月", True, Decimal("1"), id="years-vs-months"),
    pytest.param("≥1公里", "999米", False, Decimal("0.999"), id="kilometres-vs-metres"),
    pytest.param("≥1吨", "999千克", False, Decimal("0.999"), id="tonnes-vs-kilograms"),
    # a bare actual is read in the target's unit
    pytest.param("≥90%", "90", True, Decimal("1"), id="bare-actual-read-as-percent"),
    pytest.param("≥90%", "0.9", False, Decimal("0.01"), id="bare-fraction-read-as-0.9-percent"),
    pytest.param("≤258.2万元", "258.16", True, Decimal("258.2") / Decimal("258.16"), id="bare-actual-read-as-10k-yuan"),
    pytest.param("=24", "24期", True, Decimal("1"), id="bare-target-read-in-the-actual-unit"),
]


@pytest.mark.parametrize(("target", "actual", "met", "ratio"), CONVERSIONS)
def test_compares_quantities_across_units_of_one_dimension(target: str, actual: str, met: bool, ratio: Decimal) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    assert parsed_target.is_met(parsed_actual) is met
    assert parsed_target.ratio(parsed_actual) == ratio


def test_a_quantity_knows_its_value_in_the_base_unit() -> None:
    assert qty("258.2", "万元").base == Fraction(2_582_000)
    assert qty("90", "%").base == Fraction(9, 10)
    assert qty("200", "亩").base == Fraction(400_000, 3)
    assert qty("5").base == Fraction(5)


@pytest.mark.parametrize(
    ("target", "actual", "message"),
    [
        pytest.param("≥90%", "5万元", "90% 与 5万元 的单位不能比较（百分比 对 金额）", id="percent-vs-money"),
        pytest.param("≥10人", "10人次", "10人 与 10人次 的单位不能比较（计数（人） 对 计数（人次））", id="people-vs-person-times"),
        pytest.param("≤5个工作日", "5天", "5工作日 与 5天 的单位不能比较（工作日 对 天数）", id="working-days-vs-days"),
    ],
)
def test_refuses_to_compare_across_dimensions(target: str, actual: str, message: str) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    with pytest.raises(UnitMismatchError) as caught:
        parsed_target.is_met(parsed_actual)
    assert str(caught.value) == message
    with pytest.raises(UnitMismatchError):
        parsed_target.ratio(parsed_actual)


def test_a_unit_mismatch_is_a_type_error_carrying_both_sides() -> None:
    with pytest.raises(TypeError) as caught:
        parse_target("≥10人").is_met(parse_actual("10人次"))
    error = caught.value
    assert isinstance(error, UnitMismatchError)
    assert isinstance(error, SelfEvalError)
    assert (error.left, error.right) == (qty("10", "人"), qty("10", "人次"))
    assert (error.left_dim, error.right_dim) == ("count:人", "count:人次")
    assert error.describe("en") == "10人 and 10人次 are in units that do not compare (a count of 人 vs a count of 人次)"


# --- kinds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "message"),
    [
        pytest.param("≥90%", "2023年6月", "comparison 类型的指标值不能与 date 类型的实际值比较", id="date-against-comparison"),
        pytest.param("≥90%", "合格", "comparison 类型的指标值不能与 text 类型的实际值比较", id="text-against-comparison"),
        pytest.param("90%-100%", "完成", "range 类型的指标值不能与 text 类型的实际值比较", id="text-against-range"),
        pytest.param("2023年5月底前", "90%", "deadline 类型的指标值不能与 quantity 类型的实际值比较", id="quantity-against-deadline"),
        pytest.param("2023年5月底前", "完成", "deadline 类型的指标值不能与 text 类型的实际值比较", id="text-against-deadline"),
    ],
)
def test_refuses_an_actual_of_the_wrong_kind(target: str, actual: str, message: str) -> None:
    parsed_target, parsed_actual = parse_target(target), parse_actual(actual)
    with pytest.raises(KindMismatchError) as caught:
        parsed_target.is_met(parsed_actual)
    assert str(caught.value) == message


def test_a_kind_mismatch_is_a_type_error_carrying_both_kinds() -> None:
    with pytest.raises(TypeError) as caught:
        parse_target("≥90%").ratio(parse_actual("2023年6月"))
    error = caught.value
    assert isinstance(error, KindMismatchError)
    assert isinstance(error, SelfEvalError)
    assert (error.target_kind, error.actual_kind) == ("comparison", "date")
    assert error.describe("en") == "a comparison target cannot be compared with a date actual value"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        pytest.param(Comparison(Op.GE, qty("90", "%")), "comparison", id="comparison"),
        pytest.param(Range(qty("90", "%"), qty("100", "%")), "range", id="range"),
        pytest.param(Deadline(date(2023, 12, 31)), "deadline", id="deadline"),
        pytest.param(Qualitative("有效"), "qualitative", id="qualitative"),
        pytest.param(qty("90", "%"), "quantity", id="quantity"),
        pytest.param(DateValue(date(2023, 6, 30), "month"), "date", id="date"),
        pytest.param(TextValue("合格"), "text", id="text"),
    ],
)
def test_every_value_names_its_kind(value: object, kind: str) -> None:
    assert value.kind == kind  # type: ignore[attr-defined]


# --- deadlines -------------------------------------------------------------------------------------------

DELAYS = [
    # (deadline, actual, delay); days are counted to the last day of the actual's period
    pytest.param(date(2023, 5, 31), "2023年5月2日", Delay(0, 0), id="early"),
    pytest.param(date(2023, 5, 31), "2023年5月", Delay(0, 0), id="on-time-month"),
    pytest.param(date(2023, 5, 31), "2023年3月底前", Delay(0, 0), id="seed-000-before-end-of-march"),
    # seed 000: deadline 2023年5月底, done 2023年6月 (June 30): 30 days, within one month
    pytest.param(date(2023, 5, 31), "2023年6月", Delay(30, 1), id="seed-000-june-one-month-late"),
    pytest.param(date(2023, 5, 31), "2023-07-01", Delay(31, 2), id="a-day-into-the-second-month"),
    # seed 000: deadline 2023年11月底, done 2023年12月 (December 31): 31 days
    pytest.param(date(2023, 11, 30), "2023年12月", Delay(31, 1), id="seed-000-december-one-month-late"),
    pytest.param(date(2023, 12, 31), "2024-01-01", Delay(1, 1), id="a-day-late-across-the-year"),
    # 2024 is a leap year: 366 days to 2024-12-31, one more to 2025-01-01; 12 months end on 2024-12-31
    pytest.param(date(2023, 12, 31), "2025-01-01", Delay(367, 13), id="thirteen-months"),
]


@pytest.mark.parametrize(("deadline", "actual", "delay"), DELAYS)
def test_a_deadline_counts_days_and_calendar_months_late(deadline: date, actual: str, delay: Delay) -> None:
    target = Deadline(deadline)
    parsed_actual = parse_actual(actual)
    assert target.delay(parsed_actual) == delay
    assert target.is_met(parsed_actual) is (delay == Delay(0, 0))


MONTH_ENDS = [
    # (deadline, done, months late): one month after a month's last day is the next month's last day
    pytest.param(date(2023, 1, 31), date(2023, 2, 28), 1, id="jan-31-to-feb-28"),
    pytest.param(date(2023, 1, 31), date(2023, 3, 1), 2, id="jan-31-to-mar-1"),
    # 1月30日 + 1 month = 2月28日 (no 30 February), so 28 February is still within one month
    pytest.param(date(2023, 1, 30), date(2023, 2, 28), 1, id="jan-30-to-feb-28"),
    pytest.param(date(2023, 1, 30), date(2023, 3, 1), 2, id="jan-30-to-mar-1"),
    # 2月28日 is the month's last day in 2023, so one month later is 3月31日
    pytest.param(date(2023, 2, 28), date(2023, 3, 31), 1, id="feb-28-to-mar-31"),
    pytest.param(date(2023, 2, 28), date(2023, 4, 1), 2, id="feb-28-to-apr-1"),
    pytest.param(date(2024, 2, 29), date(2024, 3, 31), 1, id="leap-feb-29-to-mar-31"),
    pytest.param(date(2023, 6, 15), date(2023, 7, 15), 1, id="mid-month-exactly-one-month"),
    pytest.param(date(2023, 6, 15), date(2023, 7, 16), 2, id="mid-month-one-day-more"),
]


@pytest.mark.parametrize(("deadline", "done", "months"), MONTH_ENDS)
def test_counts_calendar_months_from_a_month_end(deadline: date, done: date, months: int) -> None:
    delay = Deadline(deadline).delay(DateValue(done))
    assert delay == Delay((done - deadline).days, months)


def test_a_deadline_prints_as_its_last_day() -> None:
    assert str(Deadline(date(2023, 5, 31))) == "2023年5月底前"
    assert str(Deadline(date(2023, 2, 28))) == "2023年2月底前"
    assert str(Deadline(date(2023, 6, 15))) == "2023年6月15日前"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(DateValue(date(2023, 6, 30), "month"), "2023年6月", id="month"),
        pytest.param(DateValue(date(2023, 3, 31), "month", True), "2023年3月底前", id="before-end-of-month"),
        pytest.param(DateValue(date(2023, 7, 1)), "2023年7月1日", id="day"),
        pytest.param(DateValue(date(2023, 7, 1), "day", True), "2023年7月1日前", id="before-day"),
        pytest.param(DateValue(date(2023, 9, 30), "quarter"), "2023年第3季度", id="quarter"),
        pytest.param(DateValue(date(2023, 6, 30), "half"), "2023年上半年", id="first-half"),
        pytest.param(DateValue(date(2023, 12, 31), "half"), "2023年下半年", id="second-half"),
        pytest.param(DateValue(date(2023, 12, 31), "year"), "2023年", id="year"),
        pytest.param(DateValue(date(2023, 12, 31), "year", True), "2023年底前", id="before-end-of-year"),
    ],
)
def test_a_date_prints_at_its_precision(value: DateValue, text: str) -> None:
    assert str(value) == text


# --- values are frozen, validated, and exact --------------------------------------------------------------

FROZEN = [
    pytest.param(qty("90", "%"), "value", id="quantity"),
    pytest.param(Comparison(Op.GE, qty("90", "%")), "op", id="comparison"),
    pytest.param(Range(qty("90", "%"), qty("100", "%")), "low", id="range"),
    pytest.param(Deadline(date(2023, 12, 31)), "date", id="deadline"),
    pytest.param(Qualitative("有效"), "text", id="qualitative"),
    pytest.param(DateValue(date(2023, 6, 30), "month"), "precision", id="date"),
    pytest.param(TextValue("合格"), "text", id="text"),
    pytest.param(Delay(30, 1), "days", id="delay"),
    pytest.param(Unit.from_symbol("万元"), "symbol", id="unit"),
]


@pytest.mark.parametrize(("value", "field"), FROZEN)
def test_values_are_frozen(value: object, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, None)


@pytest.mark.parametrize(
    "value",
    [pytest.param(90, id="int"), pytest.param(90.0, id="float"), pytest.param("90", id="str")],
)
def test_a_quantity_takes_a_decimal_only(value: object) -> None:
    with pytest.raises(TypeError, match="'value' must be <class 'decimal.Decimal'>"):
        Quantity(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [pytest.param("-1", id="negative"), pytest.param("NaN", id="nan"), pytest.param("Infinity", id="infinity")],
)
def test_a_quantity_is_finite_and_not_negative(value: str) -> None:
    with pytest.raises(ValueError, match=f"^value must be a finite, non-negative Decimal, not Decimal\\('{value}'\\)$"):
        Quantity(Decimal(value))


def test_negative_zero_is_refused_or_prints_as_zero() -> None:
    try:
        quantity = Quantity(Decimal("-0"))
    except ValueError:
        return
    assert str(Comparison(Op.EQ, quantity)) == "=0"


def test_a_quantity_takes_its_unit_by_any_spelling() -> None:
    assert Quantity(Decimal("90"), "％") == Quantity(Decimal("90"), Unit.from_symbol("%"))
    with pytest.raises(TypeError):
        Quantity(Decimal("90"), 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        pytest.param(Comparison, ("ge", qty("90", "%")), id="comparison-op-as-text"),
        pytest.param(Range, (Decimal("1"), Decimal("2")), id="range-of-decimals"),
        pytest.param(Deadline, ("2023-12-31",), id="deadline-as-text"),
        pytest.param(DateValue, ("2023-06-30",), id="date-as-text"),
        pytest.param(Qualitative, (1,), id="qualitative-not-text"),
        pytest.param(TextValue, (None,), id="text-value-not-text"),
    ],
)
def test_values_check_their_field_types(cls: type, args: tuple[object, ...]) -> None:
    with pytest.raises(TypeError):
        cls(*args)


def test_a_date_value_knows_only_five_precisions() -> None:
    with pytest.raises(ValueError, match="'precision' must be in"):
        DateValue(date(2023, 6, 30), "week")


def test_everything_numeric_is_decimal() -> None:
    target = parse_target("≥200亩")
    actual = parse_actual("133,333平方米")
    assert type(target.quantity.value) is Decimal
    assert type(actual.value) is Decimal
    assert type(target.ratio(actual)) is Decimal
    assert type(parse_target("90%-100%").ratio(parse_actual("81%"))) is Decimal


@pytest.mark.parametrize(
    ("value", "fields"),
    [
        pytest.param(Comparison(Op.GE, qty("1E+2", "%")), {"op": "ge", "value": "100", "unit": "%"}, id="comparison-exponent"),
        pytest.param(qty("0.000001"), {"value": "0.000001", "unit": None}, id="quantity-small-no-exponent"),
        pytest.param(qty("266", "米", mark=Op.GE), {"value": "266", "unit": "米", "mark": "ge"}, id="quantity-with-mark"),
        pytest.param(
            Range(qty("90", "%"), qty("100", "%")),
            {"low": {"value": "90", "unit": "%"}, "high": {"value": "100", "unit": "%"}},
            id="range",
        ),
        pytest.param(Deadline(date(2023, 3, 31)), {"deadline": "2023-03-31"}, id="deadline"),
        pytest.param(Qualitative("有效"), {"text": "有效"}, id="qualitative"),
        pytest.param(DateValue(date(2023, 6, 30), "month"), {"date": "2023-06-30", "precision": "month", "before": False}, id="date"),
        pytest.param(TextValue("合格"), {"text": "合格"}, id="text"),
    ],
)
def test_values_give_json_ready_fields(value: object, fields: dict[str, object]) -> None:
    assert value.as_dict() == fields  # type: ignore[attr-defined]
