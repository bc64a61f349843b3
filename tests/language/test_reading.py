"""Values as people really write them (domain.md): numbers among words, quotes from Word, compound
units, deadlines without a month, and numbers beyond any form's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selfeval_rules import parse_actual, parse_target
from selfeval_rules.errors import TargetSyntaxError
from selfeval_rules.values import Comparison, Deadline, Op, Qualitative, Quantity, TextValue

D = Decimal


@pytest.mark.parametrize(("text", "numbers"), [
    pytest.param("85%左右", ["85%"], id="about-after"),
    pytest.param("约85%", ["85%"], id="about-before"),
    pytest.param("实际85%", ["85%"], id="actually"),
    pytest.param("达到85%", ["85%"], id="reached"),
    pytest.param("85%。", ["85%"], id="full-stop"),
    pytest.param("85%（抽样调查）", ["85%"], id="remark-in-brackets"),
    pytest.param("仅完成30%", ["30%"], id="only"),
    pytest.param("15人（计划60人）", ["15人", "60人"], id="planned-after"),
    pytest.param("共计1,200套", ["1200套"], id="thousands-separator"),
    pytest.param("人均530元/人·月", ["530元/人·月"], id="compound-unit"),
    # bounds and dates are not values
    pytest.param("未达到90%", [], id="negated-reached"),
    pytest.param("低于90%", [], id="below"),
    pytest.param("已于2023年6月完成", [], id="date"),
    pytest.param("15日完成", [], id="day"),
])
def test_reads_the_numbers_among_the_words_of_an_actual(text: str, numbers: list[str]) -> None:
    value = parse_actual(text, year=2023)
    assert isinstance(value, TextValue)
    assert [str(q) for q in value.numbers] == numbers


@pytest.mark.parametrize("text", ["“≥12期”", "「≥12期」", "\"≥12期\"", "『≥12期』", "‘≥12期’"])
def test_quotes_around_a_target_are_not_part_of_it(text: str) -> None:
    assert parse_target(text) == Comparison(Op.GE, Quantity(D("12"), "期"))


def test_quotes_around_an_actual_are_not_part_of_it() -> None:
    assert parse_actual("“6期”") == Quantity(D("6"), "期")


@pytest.mark.parametrize(("text", "symbol", "dimension"), [
    (">=530元/人*月", "元/人·月", "money/count:人*months"),
    ("<=5300元/户", "元/户", "money/count:户"),
    ("≤12万元/公里", "万元/公里", "money/length"),
    ("≥1.5人次/年", "人次/年", "count:人次/months"),
])
def test_compound_units_are_units_of_their_own(text: str, symbol: str, dimension: str) -> None:
    target = parse_target(text)
    assert (target.quantity.unit.symbol, target.quantity.unit.dimension) == (symbol, dimension)


def test_a_compound_unit_converts_where_its_parts_convert() -> None:
    # 12万元/公里 = 120000元/公里: 110000元/公里 is within it
    assert parse_target("≤12万元/公里").is_met(parse_actual("110000元/公里"))
    # 1200元/户·年 = 100元/户·月 (a year is 12 months): A/B = 100 / 110
    assert parse_target("≤1200元/户·年").ratio(parse_actual("110元/户·月")) == D(100) / D(110)


def test_a_compound_unit_does_not_compare_with_its_numerator() -> None:
    from selfeval_rules.errors import UnitMismatchError

    with pytest.raises(UnitMismatchError):
        parse_target("≤5300元/户").is_met(parse_actual("5000元"))


@pytest.mark.parametrize(("text", "day"), [("2022年底之前", "2022-12-31"), ("年底前", "2023-12-31"), ("2023年底前完成", "2023-12-31")])
def test_a_deadline_at_the_years_end_is_a_deadline(text: str, day: str) -> None:
    target = parse_target(text, year=2023)
    assert isinstance(target, Deadline) and target.date.isoformat() == day


def test_a_target_that_looks_numeric_but_is_words_keeps_its_numbers() -> None:
    target = parse_target("约90%")
    assert isinstance(target, Qualitative) and [str(q) for q in target.numbers] == ["90%"]


@pytest.mark.parametrize("text", ["≥1234567890123456人", "=0.12345678901次", "1" * 40 + "元"])
def test_a_number_beyond_any_forms_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(TargetSyntaxError) as caught:
        parse_target(text)
    assert caught.value.code == "syntax.number_too_large"
    assert "超出范围（整数部分最多 15 位，小数最多 10 位）" in caught.value.describe()


def test_spaces_next_to_chinese_are_layout() -> None:
    assert parse_actual("12 月前", year=2023) == parse_actual("12月前", year=2023)
