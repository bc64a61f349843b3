"""Standing properties of the target grammar and the value model, checked with hypothesis.

1. every string the grammar generates parses;
2. any text either parses or raises TargetSyntaxError, nothing else;
3. targets round-trip through their canonical text (the seed tables' half of this property is
   `test_canonical_text_of_a_target_parses_back_to_it` in test_parser.py, next to the tables);
4. the ratio of a ≥ target never falls when the actual grows (nor rises, for ≤, when it grows).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

import lark
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from selfeval_rules import parse_actual, parse_target
from selfeval_rules.errors import TargetSyntaxError
from selfeval_rules.values import Comparison, Deadline, Op, Qualitative, Quantity, Range, Unit, normalise
from selfeval_rules import language as _parser

# --- realistic pieces --------------------------------------------------------------------------------

UNIT_SPELLINGS = (
    "% ％ ‰ 百分比 元 千元 万元 亿元 天 日 个工作日 工作日 小时 周 个月 月 年 米 厘米 公里 km m "
    "平方米 m2 亩 公顷 立方米 吨 千克 公斤 kg 人 人次 万人次 名 期 套 场 次 个 项 家 份 篇 户 台 台套 "
    "辆 批 条 处 件 册 本 部 支 门 类 课时 学时 班 村 株 棵 盏 场次 起"
).split()

GE_SPELLINGS = ["≥", "≧", ">=", "≥=", "⩾", "＞＝", "不低于", "不少于", "不小于", "大于等于", "大于或等于", "达到", "至少"]
LE_SPELLINGS = ["≤", "≦", "<=", "⩽", "＜＝", "不高于", "不超过", "不大于", "不多于", "小于等于", "小于或等于", "至多"]
GT_SPELLINGS = [">", "＞", "大于", "高于", "超过", "多于"]
LT_SPELLINGS = ["<", "＜", "小于", "低于", "少于"]
EQ_SPELLINGS = ["=", "＝", "═", "==", "等于"]
IN_SPELLINGS = ["均在", "均于", "截至", "截止到", "截止", "不晚于", "最迟", "在", "于"]

# Qualitative targets and text actuals as forms write them. None starts with a date, an operator
# word or 定性, and none holds a digit right after a Chinese unit-like word.
PHRASES = [
    "及时", "有效", "显著提升", "合格", "达成预期指标", "完成", "按时完成", "良好", "明显改善", "逐步提高",
    "符合要求", "满足需求", "持续发挥作用", "效果显著", "基本完成", "部分完成", "仍有提升空间", "是",
    "培训内容紧密结合全市应急管理、安全生产、防灾减灾等重点工作", "提高领导干部依法决策、依法行政、依法办事能力和水平",
    "通过培训，进一步提高执法人员专业化素质和行政执法能力。", "社会公众应急意识普遍增强", "服务对象满意",
]
QUALITATIVE_PHRASES = PHRASES + ["3个工作日内办结", "90%以上", "覆盖全市16个区"]
TAILS = ["完成", "完成招标", "开始实施", "全部完成", "组织验收", "办结", "上线运行", "完成采购", "执行完毕"]


def spellings(words: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(words)


def numerals(*, max_value: int = 10_000_000, max_places: int = 3) -> st.SearchStrategy[str]:
    """Numbers as printed: plain or with thousands separators, up to `max_places` decimals."""
    values = st.integers(0, max_places).flatmap(
        lambda places: st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False)
    )
    return st.tuples(values, st.booleans()).map(lambda pair: f"{pair[0]:,f}" if pair[1] else f"{pair[0]:f}")


def _padded(number: int) -> st.SearchStrategy[str]:
    return st.sampled_from([str(number), f"{number:02d}"]) if number < 10 else st.just(str(number))


def iso_dates() -> st.SearchStrategy[str]:
    """2023-12-31, 2023/6/5, 2023.12.31: one separator throughout, days up to 28 so every month has them."""
    return st.builds(
        lambda year, month, day, sep: f"{year}{sep}{month}{sep}{day}",
        st.integers(1990, 2099),
        st.integers(1, 12).flatmap(_padded),
        st.integers(1, 28).flatmap(_padded),
        st.sampled_from(["-", "/", "."]),
    )


# The grammar's own regexes generate strings no form holds and that the parser rightly reads
# otherwise: the word operators and 在/于 end in a lookahead that hypothesis cannot satisfy on its
# own (it would filter every word spelling out); UNIT, TEXT, QUAL_TEXT and TAIL accept any run of
# characters, among them 以上, 定性 or full-width digits that NFKC turns into numbers; YEAR accepts
# 0000年; DAY and ISO_DATE accept 2月31日. Each gets a realistic strategy instead.
EXPLICIT = {
    "NUMBER": numerals(),
    "UNIT": spellings(UNIT_SPELLINGS),
    "GE": spellings(GE_SPELLINGS),
    "LE": spellings(LE_SPELLINGS),
    "GT": spellings(GT_SPELLINGS),
    "LT": spellings(LT_SPELLINGS),
    "EQ": spellings(EQ_SPELLINGS),
    "_IN": spellings(IN_SPELLINGS),
    "YEAR": st.integers(1990, 2099).map(lambda year: f"{year}年"),
    "DAY": st.builds(lambda day, mark: f"{day}{mark}", st.integers(1, 28).flatmap(_padded), st.sampled_from("日号")),
    "ISO_DATE": iso_dates(),
    "TEXT": spellings(PHRASES),
    "QUAL_TEXT": spellings(QUALITATIVE_PHRASES),
    "TAIL": spellings(TAILS),
}

@functools.cache
def generator() -> lark.Lark:
    """The grammar to generate from (generation only reads it); LALR here, as in production."""
    return lark.Lark(_parser.grammar_text("target"), parser="lalr", start=["target", "actual"])


def generated(start: str) -> st.SearchStrategy[str]:
    """Strings of the `start` rule, the grammar built at the first draw rather than at import."""
    # An actual has no 定性 prefix, so no QUAL_TEXT: hypothesis refuses a strategy for it.
    explicit = {name: strategy for name, strategy in EXPLICIT.items() if start == "target" or name != "QUAL_TEXT"}
    return st.deferred(lambda: from_lark(generator(), start=start, explicit=explicit))

# Faults the grammar cannot see, being context-free: a range upside down or across dimensions,
# a suffix that contradicts its operator (≥5以下). Generated strings may hit them; nothing else.
MEANING_FAULTS = frozenset({"syntax.range_order", "syntax.range_units", "syntax.conflicting_ops"})

# Two known bugs, each pinned by an xfail test in test_parser.py, are kept out of the generated
# strings so that this property keeps watching everything else:
# a Chinese unit swallows 至/到 ("5万元至10万元"), and "[90,100]" reads 90,100 as one number.
_KNOWN_BUGS = (
    re.compile(r"[0-9][ \t]*[\u3400-\u9fff]+[至到][ \t]*[0-9]"),
    re.compile(r"\[[ \t]*[0-9]{1,3}(?:,[0-9]{3})*,[0-9]{3}"),
)


def _clear_of_known_bugs(text: str) -> bool:
    return not any(pattern.search(text) for pattern in _KNOWN_BUGS)


@settings(max_examples=200, deadline=None)
@given(generated("target"))
def test_every_target_the_grammar_generates_parses(text: str) -> None:
    assume(_clear_of_known_bugs(text))
    try:
        parse_target(text, year=2023)
    except TargetSyntaxError as error:
        assert error.code in MEANING_FAULTS, error.describe()


@settings(max_examples=200, deadline=None)
@given(generated("actual"))
def test_every_actual_the_grammar_generates_parses(text: str) -> None:
    assume(_clear_of_known_bugs(text))
    parse_actual(text, year=2023)


# --- any text -------------------------------------------------------------------------------------------

# Characters the grammar cares about, so that random text reaches deep into it and not only TEXT.
GRAMMAR_CHARACTERS = list(
    "0123456789,.%‰≥≤<>=═≧≦＞＜＝％９定性年月日号底末前之后季度上下半第一二三四在于均截至到 \t\n-~～—[]，"
    "元万人次期以及或内个工作小时平方米亩九十x"
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(), st.text(alphabet=st.sampled_from(GRAMMAR_CHARACTERS), max_size=20)),
    st.sampled_from([None, 2023]),
)
def test_any_text_parses_or_raises_a_target_syntax_error(text: str, year: int | None) -> None:
    for parse in (parse_target, parse_actual):
        try:
            parse(text, year=year)
        except TargetSyntaxError:
            pass


# --- round trips ----------------------------------------------------------------------------------------

# Units a range is written in. The units of time in months are left out: a low end of 1-12 月 or of
# 1900-2099 年 reads as a date ("3月-6月"), and a span of calendar years ("2019-2023年") is refused;
# their round trips are pinned by the tests below and in test_parser.py.
RANGE_UNITS = [u for u in UNIT_SPELLINGS if Unit.from_symbol(u).dimension != "months"]


def decimals(*, max_value: int = 10_000_000, max_places: int = 4) -> st.SearchStrategy[Decimal]:
    return st.integers(0, max_places).flatmap(
        lambda places: st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False)
    )


def units(spellings: list[str] = UNIT_SPELLINGS) -> st.SearchStrategy[Unit | None]:
    return st.one_of(st.none(), st.sampled_from(spellings).map(Unit.from_symbol))


def quantities(*, spellings: list[str] = UNIT_SPELLINGS) -> st.SearchStrategy[Quantity]:
    return st.builds(Quantity, decimals(), units(spellings))


def comparisons() -> st.SearchStrategy[Comparison]:
    return st.builds(Comparison, st.sampled_from(Op), quantities())


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    """Ranges as the parser builds them: both ends in one unit, or the high end without one."""
    unit = draw(units(RANGE_UNITS))
    low, high = sorted([draw(decimals()), draw(decimals())])
    high_unit = None if unit is not None and draw(st.booleans()) else unit
    return Range(Quantity(low, unit), Quantity(high, high_unit))


def deadlines() -> st.SearchStrategy[Deadline]:
    return st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)).map(Deadline)


def qualitatives() -> st.SearchStrategy[Qualitative]:
    """Texts as the parser leaves them: NFKC-normalised, so "，" is already ","."""
    phrases = st.lists(st.sampled_from(QUALITATIVE_PHRASES), min_size=1, max_size=3)
    return phrases.map(lambda words: Qualitative(normalise("，".join(words))))


def targets() -> st.SearchStrategy[Comparison | Range | Deadline | Qualitative]:
    return st.one_of(comparisons(), ranges(), deadlines(), qualitatives())


@settings(max_examples=200, deadline=None)
@given(targets())
def test_a_target_parses_back_from_its_canonical_text(target: Comparison | Range | Deadline | Qualitative) -> None:
    assert parse_target(str(target)) == target


def test_canonical_text_of_a_range_of_months_parses_back_to_it() -> None:
    target = parse_target("3个月-6个月")
    assert target == Range(Quantity(Decimal("3"), "月"), Quantity(Decimal("6"), "月"))
    assert parse_target(str(target), year=2023) == target


@given(st.integers(0, 10_000).filter(lambda n: not 1900 <= n <= 2099), st.integers(0, 10_000))
def test_canonical_text_of_a_range_of_years_parses_back_to_it(low: int, span: int) -> None:
    # found by bench/fuzz.py: "2023-122023年" read as 2023 to 122023 years, written "2023年-122023年",
    # which reads as the year 2023. Lows that are calendar years are refused (test_parser.py).
    target = parse_target(f"{low}-{low + span}年")
    assert parse_target(str(target)) == target


# --- ratios never fall as the actual improves --------------------------------------------------------

DIMENSIONS = {
    "money": ["元", "千元", "万元", "亿元"],
    "percent": ["%", "‰"],
    "area": ["平方米", "亩", "公顷"],
    "days": ["天", "小时", "周"],
    "count": ["人次", "万人次"],
}


@st.composite
def comparable_cases(draw: st.DrawFn, *, ops: tuple[Op, ...]) -> tuple[Comparison, Quantity, Quantity]:
    """A target and two actuals in units of one dimension, the second at least as large as the first."""
    spellings = draw(st.sampled_from(sorted(DIMENSIONS.values())))
    target = Comparison(draw(st.sampled_from(ops)), Quantity(draw(decimals()), draw(st.sampled_from(spellings))))
    unit = draw(st.sampled_from(spellings))
    smaller, larger = sorted([draw(decimals()), draw(decimals())])
    return target, Quantity(smaller, unit), Quantity(larger, unit)


@settings(max_examples=200, deadline=None)
@given(comparable_cases(ops=(Op.GE, Op.GT)))
def test_the_ratio_of_an_at_least_target_never_falls_as_the_actual_grows(
    case: tuple[Comparison, Quantity, Quantity],
) -> None:
    target, smaller, larger = case
    assert target.ratio(smaller) <= target.ratio(larger)
    assert not (target.is_met(smaller) and not target.is_met(larger))


@settings(max_examples=200, deadline=None)
@given(comparable_cases(ops=(Op.LE, Op.LT)))
def test_the_ratio_of_an_at_most_target_never_rises_as_the_actual_grows(
    case: tuple[Comparison, Quantity, Quantity],
) -> None:
    target, smaller, larger = case
    low, high = target.ratio(smaller), target.ratio(larger)
    # A/B divides by zero when the smaller actual is 0: there is no ratio to compare
    assume(low is not None)
    assert high <= low
    assert not (target.is_met(larger) and not target.is_met(smaller))
