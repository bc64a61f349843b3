"""The policy expression language: formulas evaluated in Decimal, intervals, and whether bands tile a domain."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from selfeval_rules import SelfEvalError
from selfeval_rules.errors import FormulaError, FormulaSyntaxError, TextSyntaxError
from selfeval_rules.values import Formula, Interval
from selfeval_rules.values._expressions import coverage_problems
from selfeval_rules.language import parse_formula, parse_interval

D = Decimal
ENV = {"weight": D("10"), "rate": D("0.9706"), "ratio": D("0.5"), "actual": D("120"), "target": D("100")}

# --- evaluation -----------------------------------------------------------------------------------

# (formula, its value in ENV, written exactly as the Decimal's text)
FORMULAS = [
    pytest.param("weight * min(rate, 1)", "9.7060", id="budget-score"),
    pytest.param("weight * min(1.2, 1)", "10", id="budget-score-capped"),
    pytest.param("weight * max(0, 1 - (actual - target) / target)", "8.0", id="overrun-penalty"),
    pytest.param("max(0, 1 - (actual - target) / target) * weight", "8.0", id="overrun-penalty-reordered"),
    pytest.param("ratio", "0.5", id="a-name-alone"),
    pytest.param("0.6", "0.6", id="a-number-alone"),
    pytest.param("0.1 + 0.2", "0.3", id="decimal-not-binary"),
    pytest.param("1.50 * 2", "3.00", id="places-kept"),
    pytest.param("-weight", "-10", id="unary-minus"),
    pytest.param("- -weight", "10", id="double-minus"),
    pytest.param("2 - -3", "5", id="minus-a-negative"),
    pytest.param("-2 * 3", "-6", id="unary-minus-binds-tighter-than-times"),
    pytest.param("-(2)", "-2", id="minus-parenthesis"),
    pytest.param("2 + 3 * 4", "14", id="times-before-plus"),
    pytest.param("(2 + 3) * 4", "20", id="parentheses-first"),
    pytest.param("10 - 4 - 3", "3", id="minus-associates-left"),
    pytest.param("12 / 4 / 3", "1", id="division-associates-left"),
    pytest.param("weight - ratio * 2", "9.0", id="times-before-minus"),
    pytest.param("clamp(ratio, 0, 1)", "0.5", id="clamp-inside"),
    pytest.param("clamp(5, 0, 1)", "1", id="clamp-above"),
    pytest.param("clamp(-1, 0, 1)", "0", id="clamp-below"),
    pytest.param("abs(target - actual)", "20", id="abs-of-negative"),
    pytest.param("-abs(-2)", "-2", id="minus-abs"),
    pytest.param("max(1, 2, 3)", "3", id="max-of-three"),
    pytest.param("min(ratio, rate, 1)", "0.5", id="min-of-three"),
    pytest.param("  weight  *  ratio ", "5.0", id="spaces-ignored"),
    pytest.param("weight*ratio", "5.0", id="no-spaces"),
    pytest.param("０.５ * weight", "5.0", id="full-width-digits"),
]


@pytest.mark.parametrize(("text", "expected"), FORMULAS)
def test_evaluates_formula_in_decimal(text: str, expected: str) -> None:
    value = parse_formula(text)(ENV)

    assert type(value) is Decimal
    assert str(value) == expected


NAMES = [
    pytest.param("weight * min(rate, 1)", {"weight", "rate"}, id="budget-score"),
    pytest.param("weight * max(0, 1 - (actual - target) / target)", {"weight", "actual", "target"}, id="overrun-penalty"),
    pytest.param("clamp(ratio, 0, 1)", {"ratio"}, id="inside-a-call"),
    pytest.param("-weight", {"weight"}, id="under-a-minus"),
    pytest.param("0.6", set(), id="a-constant"),
]


@pytest.mark.parametrize(("text", "names"), NAMES)
def test_names_lists_what_a_formula_reads(text: str, names: set[str]) -> None:
    assert parse_formula(text).names == names


def test_a_formula_keeps_its_normalised_text() -> None:
    formula = parse_formula("  weight  *  ratio ")

    assert formula.text == "weight * ratio"
    assert str(formula) == "weight * ratio"


@pytest.mark.parametrize("number", [5, D("0.6"), D("1.50")], ids=["int", "decimal", "decimal-with-places"])
def test_a_number_is_a_constant_formula(number: int | Decimal) -> None:
    formula = parse_formula(number)

    assert formula.names == frozenset()
    assert formula({}) == number
    assert formula.text == f"{D(number):f}"
    assert Formula.constant(D(number))({}) == number


def test_division_by_zero_is_a_formula_error() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("weight / 0")(ENV)

    error = caught.value
    assert str(error) == "'weight / 0': 除数为零"
    assert error.describe("en") == "'weight / 0': divides by zero"
    assert (error.formula, error.code, error.params) == ("weight / 0", "formula.division_by_zero", {})


def test_a_divisor_that_comes_to_zero_is_a_formula_error() -> None:
    with pytest.raises(FormulaError, match="^'1 / \\(ratio - ratio\\)': 除数为零$"):
        parse_formula("1 / (ratio - ratio)")(ENV)


def test_zero_over_zero_is_a_division_by_zero() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("0 / 0")({})

    assert caught.value.code == "formula.division_by_zero"


def test_a_name_without_a_value_is_a_formula_error() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("weight * ratio")({"weight": D(1)})

    error = caught.value
    assert str(error) == "'weight * ratio': 名称 'ratio' 在此没有值"
    assert error.describe("en") == "'weight * ratio': the name 'ratio' has no value here"
    assert (error.code, error.params) == ("formula.missing_value", {"name": "ratio"})


def test_formula_error_is_an_arithmetic_error_and_a_selfeval_error() -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("1 / 0")({})

    assert isinstance(caught.value, ArithmeticError)
    assert isinstance(caught.value, SelfEvalError)


@pytest.mark.parametrize("text", ["min(ratio)", "max(ratio)"])
def test_min_and_max_of_one_argument_is_that_argument(text: str) -> None:
    assert parse_formula(text)(ENV) == D("0.5")


# --- formula syntax -------------------------------------------------------------------------------

# (formula, column of the fault, the error's message lines in Chinese, its first line in English)
BAD_FORMULAS = [
    pytest.param(
        "weight ** ratio",
        9,
        ["'weight ** ratio': 第9列的 '*' 不应出现在这里", "    weight ** ratio", "            ^"],
        "'weight ** ratio': '*' at column 9 is not expected here",
        id="double-star",
    ),
    pytest.param(
        "weight * (ratio",
        16,
        ["'weight * (ratio': 在第16列意外结束", "    weight * (ratio", "                   ^"],
        "'weight * (ratio': ends unexpectedly at column 16",
        id="unclosed-parenthesis",
    ),
    pytest.param(
        "weight * round(ratio)",
        10,
        ["'weight * round(ratio)': 未知的函数 'round'，可用的函数：abs, clamp, max, min", "    weight * round(ratio)", "             ^"],
        "'weight * round(ratio)': unknown function 'round'; the functions are abs, clamp, max, min",
        id="unknown-function",
    ),
    pytest.param(
        "clamp(ratio, 0)",
        1,
        ["'clamp(ratio, 0)': 函数 clamp 需要 3 个参数，给了 2 个", "    clamp(ratio, 0)", "    ^"],
        "'clamp(ratio, 0)': clamp takes 3 argument(s), not 2",
        id="clamp-with-two-arguments",
    ),
    pytest.param(
        "abs(1, 2)",
        1,
        ["'abs(1, 2)': 函数 abs 需要 1 个参数，给了 2 个", "    abs(1, 2)", "    ^"],
        "'abs(1, 2)': abs takes 1 argument(s), not 2",
        id="abs-with-two-arguments",
    ),
    pytest.param(
        "min()",
        1,
        ["'min()': 函数 min 需要 1+ 个参数，给了 0 个", "    min()", "    ^"],
        "'min()': min takes 1+ argument(s), not 0",
        id="min-of-nothing",
    ),
    pytest.param(
        "min(1,)",
        7,
        ["'min(1,)': 第7列的 ')' 不应出现在这里", "    min(1,)", "          ^"],
        "'min(1,)': ')' at column 7 is not expected here",
        id="trailing-comma",
    ),
    pytest.param(
        "",
        1,
        ["'': 在第1列意外结束", "    ", "    ^"],
        "'': ends unexpectedly at column 1",
        id="empty",
    ),
    pytest.param(
        "Weight",
        1,
        ["'Weight': 第1列的字符 'W' 无法识别", "    Weight", "    ^"],
        "'Weight': unexpected character 'W' at column 1",
        id="capital-letter",
    ),
    pytest.param(
        ".5",
        1,
        ["'.5': 第1列的字符 '.' 无法识别", "    .5", "    ^"],
        "'.5': unexpected character '.' at column 1",
        id="number-without-leading-digit",
    ),
    pytest.param(
        "1e3",
        2,
        ["'1e3': 第2列的 'e3' 不应出现在这里", "    1e3", "     ^"],
        "'1e3': 'e3' at column 2 is not expected here",
        id="exponent",
    ),
    pytest.param(
        "5 % 2",
        3,
        ["'5 % 2': 第3列的字符 '%' 无法识别", "    5 % 2", "      ^"],
        "'5 % 2': unexpected character '%' at column 3",
        id="percent-operator",
    ),
    pytest.param(
        "ratio ratio",
        7,
        ["'ratio ratio': 第7列的 'ratio' 不应出现在这里", "    ratio ratio", "          ^"],
        "'ratio ratio': 'ratio' at column 7 is not expected here",
        id="two-names-without-operator",
    ),
    pytest.param(
        "weight.real",
        7,
        ["'weight.real': 第7列的字符 '.' 无法识别", "    weight.real", "          ^"],
        "'weight.real': unexpected character '.' at column 7",
        id="attribute-access",
    ),
    pytest.param(
        "__import__('os')",
        12,
        ["\"__import__('os')\": 第12列的字符 \"'\" 无法识别", "    __import__('os')", "               ^"],
        "\"__import__('os')\": unexpected character \"'\" at column 12",
        id="python-is-not-evaluated",
    ),
    pytest.param(
        "weight * 期",
        10,
        ["'weight * 期': 第10列的字符 '期' 无法识别", "    weight * 期", "             ^"],
        "'weight * 期': unexpected character '期' at column 10",
        id="chinese-character",
    ),
]


@pytest.mark.parametrize(("text", "column", "zh", "en"), BAD_FORMULAS)
def test_rejects_formula_with_exact_message(text: str, column: int, zh: list[str], en: str) -> None:
    with pytest.raises(FormulaSyntaxError) as caught:
        parse_formula(text)

    error = caught.value
    assert error.column == column
    assert str(error).splitlines() == zh
    assert error.describe("en").splitlines()[0] == en


def test_formula_syntax_error_is_a_value_error_and_a_selfeval_error() -> None:
    with pytest.raises(FormulaSyntaxError) as caught:
        parse_formula("weight **")

    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TextSyntaxError)
    assert isinstance(caught.value, SelfEvalError)
    assert not isinstance(caught.value, ArithmeticError)


# --- intervals ------------------------------------------------------------------------------------

INTERVALS = [
    pytest.param("[0.8, 1)", Interval(D("0.8"), D("1"), True, False), "[0.8, 1)", id="closed-open"),
    pytest.param("(0, 1]", Interval(D("0"), D("1"), False, True), "(0, 1]", id="open-closed"),
    pytest.param("[0, 1]", Interval(D("0"), D("1"), True, True), "[0, 1]", id="closed"),
    pytest.param("(1, inf)", Interval(D("1"), None, False, False), "(1, inf)", id="up-to-inf"),
    pytest.param("[2, ∞)", Interval(D("2"), None, True, False), "[2, inf)", id="up-to-infinity-sign"),
    pytest.param("(-1, 0]", Interval(D("-1"), D("0"), False, True), "(-1, 0]", id="negative-bound"),
    pytest.param("[0.6, 0.6]", Interval(D("0.6"), D("0.6"), True, True), "[0.6, 0.6]", id="a-single-point"),
    pytest.param("[ 0 , 1 ]", Interval(D("0"), D("1"), True, True), "[0, 1]", id="spaces-ignored"),
    pytest.param("［0, 1］", Interval(D("0"), D("1"), True, True), "[0, 1]", id="full-width-brackets"),
]


@pytest.mark.parametrize(("text", "interval", "canonical"), INTERVALS)
def test_parses_interval(text: str, interval: Interval, canonical: str) -> None:
    parsed = parse_interval(text)

    assert parsed == interval
    assert str(parsed) == canonical
    assert parse_interval(str(parsed)) == parsed


# (interval, value, whether the interval contains it)
MEMBERSHIP = [
    pytest.param("[0.8, 1)", "0.79", False, id="below-closed-low"),
    pytest.param("[0.8, 1)", "0.8", True, id="at-closed-low"),
    pytest.param("[0.8, 1)", "0.9", True, id="inside"),
    pytest.param("[0.8, 1)", "1", False, id="at-open-high"),
    pytest.param("[0.8, 1)", "1.00", False, id="at-open-high-with-places"),
    pytest.param("(0, 1]", "0", False, id="at-open-low"),
    pytest.param("(0, 1]", "0.0001", True, id="just-above-open-low"),
    pytest.param("(0, 1]", "1", True, id="at-closed-high"),
    pytest.param("(0, 1]", "1.0001", False, id="above-closed-high"),
    pytest.param("(1, inf)", "1", False, id="at-open-low-of-unbounded"),
    pytest.param("(1, inf)", "1E+30", True, id="far-up-unbounded"),
    pytest.param("[2, ∞)", "2", True, id="at-closed-low-of-unbounded"),
    pytest.param("[2, ∞)", "1.99", False, id="below-unbounded"),
    pytest.param("[0.6, 0.6]", "0.6", True, id="the-single-point"),
]


@pytest.mark.parametrize(("text", "value", "inside"), MEMBERSHIP)
def test_interval_contains_values_by_its_brackets(text: str, value: str, inside: bool) -> None:
    assert parse_interval(text).contains(D(value)) is inside


# (interval, column, message lines in Chinese, first line in English)
BAD_INTERVALS = [
    pytest.param(
        "[1, 0]",
        1,
        ["'[1, 0]': 区间下限 1 大于上限 0", "    [1, 0]", "    ^"],
        "'[1, 0]': the interval's lower bound 1 is above its upper bound 0",
        id="low-above-high",
    ),
    pytest.param(
        "(0.6, 0.6)",
        1,
        ["'(0.6, 0.6)': 区间 (0.6, 0.6) 是空的", "    (0.6, 0.6)", "    ^"],
        "'(0.6, 0.6)': the interval (0.6, 0.6) is empty",
        id="open-point",
    ),
    pytest.param(
        "[0.6, 0.6)",
        1,
        ["'[0.6, 0.6)': 区间 [0.6, 0.6) 是空的", "    [0.6, 0.6)", "    ^"],
        "'[0.6, 0.6)': the interval [0.6, 0.6) is empty",
        id="half-open-point",
    ),
    pytest.param(
        "[0, 1",
        6,
        ["'[0, 1': 在第6列意外结束", "    [0, 1", "         ^"],
        "'[0, 1': ends unexpectedly at column 6",
        id="unclosed",
    ),
    pytest.param(
        "0, 1",
        1,
        ["'0, 1': 第1列的 '0' 不应出现在这里", "    0, 1", "    ^"],
        "'0, 1': '0' at column 1 is not expected here",
        id="no-brackets",
    ),
    pytest.param(
        "[a, 1]",
        2,
        ["'[a, 1]': 第2列的 'a' 不应出现在这里", "    [a, 1]", "     ^"],
        "'[a, 1]': 'a' at column 2 is not expected here",
        id="name-as-bound",
    ),
    pytest.param(
        "(0, INF)",
        5,
        ["'(0, INF)': 第5列的字符 'I' 无法识别", "    (0, INF)", "        ^"],
        "'(0, INF)': unexpected character 'I' at column 5",
        id="capital-inf",
    ),
    pytest.param(
        "[0, 1]x",
        7,
        ["'[0, 1]x': 第7列的 'x' 不应出现在这里", "    [0, 1]x", "          ^"],
        "'[0, 1]x': 'x' at column 7 is not expected here",
        id="text-after",
    ),
]


@pytest.mark.parametrize(("text", "column", "zh", "en"), BAD_INTERVALS)
def test_rejects_interval_with_exact_message(text: str, column: int, zh: list[str], en: str) -> None:
    with pytest.raises(FormulaSyntaxError) as caught:
        parse_interval(text)

    assert caught.value.column == column
    assert str(caught.value).splitlines() == zh
    assert caught.value.describe("en").splitlines()[0] == en


def test_a_lower_unbounded_interval_round_trips_through_its_text() -> None:
    interval = Interval(None, D("0"), False, False)

    assert parse_interval(str(interval)) == interval


# --- coverage -------------------------------------------------------------------------------------

# (bands, domain) that tile it
TILINGS = [
    pytest.param(["[0, 0.6)", "[0.6, 1]"], "[0, 1]", id="closed-meets-open-at-0.6"),
    pytest.param(["[0, 0.6]", "(0.6, 1]"], "[0, 1]", id="open-meets-closed-at-0.6"),
    pytest.param(["[0, 0.6)", "[0.6, 0.8)", "[0.8, 1]"], "[0, 1]", id="three-grades"),
    pytest.param(["[0.8, 1]", "[0, 0.6)", "[0.6, 0.8)"], "[0, 1]", id="in-any-order"),
    pytest.param(["[0, 1]"], "[0, 1]", id="one-band"),
    pytest.param(["[0, 2]"], "[0, 1]", id="reaching-above-the-domain"),
    pytest.param(["[-1, 0.5)", "[0.5, 1]"], "[0, 1]", id="reaching-below-the-domain"),
    pytest.param(["(0, 1]", "(1, inf)"], "(0, inf)", id="delay-bands"),
    pytest.param(["[1, 1.2)", "[1.2, inf)"], "[1, inf)", id="met-bands-to-infinity"),
    pytest.param(["[1, inf)"], "[1, inf)", id="one-unbounded-band"),
]


@pytest.mark.parametrize(("bands", "domain"), TILINGS)
def test_bands_that_tile_their_domain_have_no_coverage_problems(bands: list[str], domain: str) -> None:
    assert coverage_problems([parse_interval(b) for b in bands], parse_interval(domain)) == []


# (bands, domain, problems as (kind, at))
UNTILED = [
    pytest.param(["[0, 0.6]", "[0.6, 1]"], "[0, 1]", [("overlap", "0.6")], id="both-closed-at-0.6"),
    pytest.param(["[0, 0.6)", "(0.6, 1]"], "[0, 1]", [("gap", "0.6")], id="both-open-at-0.6"),
    pytest.param(["[0, 0.5)", "[0.6, 1]"], "[0, 1]", [("gap", "0.5")], id="gap-between"),
    pytest.param(["(0, 1]"], "[0, 1]", [("gap", "0")], id="open-at-the-domains-closed-low"),
    pytest.param(["[0, 1)"], "[0, 1]", [("gap", "1")], id="open-at-the-domains-closed-high"),
    pytest.param(["[0.5, 1]"], "[0, 1]", [("gap", "0")], id="starting-late"),
    pytest.param([], "[0, 1]", [("gap", "0")], id="no-bands"),
    pytest.param(["(0, 1]", "(2, inf)"], "(0, inf)", [("gap", "1")], id="gap-in-delay-bands"),
    pytest.param(["(0, 1]", "(1, 5]"], "(0, inf)", [("gap", "5")], id="stopping-short-of-infinity"),
    pytest.param(["(0, 1]", "[1, inf)"], "(0, inf)", [("overlap", "1")], id="overlap-in-delay-bands"),
    pytest.param(["[0, inf)", "[1, 2]"], "[0, inf)", [("overlap", "1")], id="band-after-an-unbounded-one"),
    pytest.param(["[0, 0.5)", "[0.6, 0.7)", "[0.8, 1]"], "[0, 1]", [("gap", "0.5"), ("gap", "0.7")], id="two-gaps"),
]


@pytest.mark.parametrize(("bands", "domain", "problems"), UNTILED)
def test_coverage_problems_name_each_gap_and_overlap(bands: list[str], domain: str, problems: list[tuple[str, str]]) -> None:
    assert coverage_problems([parse_interval(b) for b in bands], parse_interval(domain)) == problems


def test_an_overlap_is_placed_where_it_begins() -> None:
    bands = [parse_interval("[0, 0.5)"), parse_interval("[0.4, 0.6)"), parse_interval("[0.6, 1]")]

    assert coverage_problems(bands, parse_interval("[0, 1]")) == [("overlap", "0.4")]


def test_a_first_band_may_include_the_domains_open_end() -> None:
    bands = [parse_interval("[0, 1]"), parse_interval("(1, inf)")]

    assert coverage_problems(bands, parse_interval("(0, inf)")) == []


# --- property: half-open bands cut from [0, 1] -----------------------------------------------------

UNIT = parse_interval("[0, 1]")


def _bands(cuts: set[Decimal]) -> list[Interval]:
    """[0, c1), [c1, c2), …, [ck, 1]: the unit interval cut at each point, read from text."""
    points = [D(0), *sorted(c for c in cuts if 0 < c < 1), D(1)]
    bands = [parse_interval(f"[{low:f}, {high:f})") for low, high in zip(points, points[1:-1])]
    return [*bands, parse_interval(f"[{points[-2]:f}, 1]")]


cut_points = st.sets(st.decimals(min_value=0, max_value=1, places=3), max_size=8)
unit_values = st.decimals(min_value=0, max_value=1, places=4)


@given(cuts=cut_points, data=st.data())
def test_half_open_bands_cut_from_the_unit_interval_tile_it_in_any_order(cuts: set[Decimal], data: st.DataObject) -> None:
    bands = data.draw(st.permutations(_bands(cuts)))

    assert coverage_problems(bands, UNIT) == []


@given(cuts=cut_points, x=unit_values)
def test_exactly_one_half_open_band_contains_each_value(cuts: set[Decimal], x: Decimal) -> None:
    bands = _bands(cuts)

    assert sum(band.contains(x) for band in bands) == 1


@given(cuts=cut_points, data=st.data())
def test_repeating_a_band_makes_an_overlap(cuts: set[Decimal], data: st.DataObject) -> None:
    bands = _bands(cuts)
    repeated = data.draw(st.sampled_from(bands))

    kinds = [kind for kind, _ in coverage_problems([*bands, repeated], UNIT)]

    assert kinds == ["overlap"]


@given(cuts=st.sets(st.decimals(min_value=0, max_value=1, places=3), min_size=1, max_size=8), data=st.data())
def test_leaving_out_a_band_makes_a_gap(cuts: set[Decimal], data: st.DataObject) -> None:
    bands = _bands(cuts)
    assume(len(bands) >= 2)
    left_out = data.draw(st.integers(min_value=0, max_value=len(bands) - 1))

    problems = coverage_problems(bands[:left_out] + bands[left_out + 1 :], UNIT)

    assert problems == [("gap", f"{bands[left_out].low:f}")]
