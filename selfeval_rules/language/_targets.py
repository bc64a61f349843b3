"""Targets and actual values: the Lark grammar `grammar/target.lark` and its transformer.

Parsing is LALR with the transformer applied inline, and each distinct string is parsed once (an
LRU cache keyed by the text as given, and one keyed by the normalised text).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import attrs
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from ..errors import TargetSyntaxError
from ..values._dates import CHINESE_DIGITS, HALF_END_MONTH, QUARTER_END_MONTH, month_end
from ..values._targets import (
    Actual,
    Comparison,
    DateValue,
    Deadline,
    Op,
    Qualitative,
    Quantity,
    Range,
    Target,
    TextValue,
)
from ..values._text import normalise
from ..values._units import MAX_UNIT_LENGTH, Unit, convertible, known_prefix
from ._lalr import Fault, grammar_text, lalr, syntax_error

MAX_LENGTH = 500
CACHE_SIZE = 8192
# A number in a target or actual beyond these is not a number of this world: refused with a message.
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 10

# An actual value that is not a well-formed quantity or date is words, not an error.
_TEXT_FAULTS = frozenset({"syntax.unit_too_long", "syntax.unit_with_words", "syntax.words_around_number", "syntax.date_like_unit",
                          "syntax.year_span"})
_DATE_CHARACTERS = frozenset("年月日号")
# After 定性 the author has said the target is qualitative: what is not a clean deadline is text.
_QUALITATIVE = "定性"


# --- the transformer --------------------------------------------------------------------------


class _OpAt(NamedTuple):
    op: Op
    token: Token


@attrs.frozen
class _DateSpec:
    """A date as written, before a missing year is filled in from the form's year."""

    year: int | None
    month: int | None
    day: int | None
    precision: str
    column: int
    text: str

    def resolve(self, year: int | None) -> dt.date:
        year = self.year if self.year is not None else year
        if year is None:
            raise Fault(self.column, "syntax.missing_year", {})
        month = self.month or 12
        try:
            return dt.date(year, month, self.day) if self.day else month_end(year, month)
        except ValueError:
            raise Fault(self.column, "syntax.bad_date", {"date": self.text}) from None


@attrs.frozen
class _Pending:
    """A deadline or date whose year comes from the form: resolved after the cached parse."""

    spec: _DateSpec
    before: bool
    deadline: bool

    def resolve(self, year: int | None) -> Target | Actual:
        day = self.spec.resolve(year)
        if self.deadline:
            return Deadline(day)
        return DateValue(day, self.spec.precision, self.before)


_SYMBOL = re.compile(r"[<>=≥≤≧≦⩾⩽═]")


def _int(token: str) -> int:
    return int(re.sub(r"[^0-9]", "", token))


def _number(token: Token) -> Decimal:
    """A NUMBER token as the Decimal it prints, refused when it is beyond any real form's numbers."""
    text = token.replace(",", "")
    whole, _, fraction = text.partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_DECIMALS:
        shown = text if len(text) <= 24 else text[:20] + "…"
        raise Fault(token.column, "syntax.number_too_large",
                    {"number": shown, "digits": MAX_INTEGER_DIGITS, "decimals": MAX_DECIMALS})
    return Decimal(text)


def _is_year(quantity: Quantity) -> bool:
    """A whole number of 年 that reads as a calendar year (1900–2099), as the grammar's YEAR does."""
    value = quantity.value
    return (quantity.unit is not None and quantity.unit.symbol == "年" and value == value.to_integral_value()
            and 1900 <= value <= 2099)


@v_args(inline=True)
class _ToValues(Transformer):
    """Builds value objects while LALR parses (applied inline, so no tree is kept)."""

    # operators: a prefix (≥) and a suffix (以上) both arrive here through their aliases
    def ge(self, token: Token) -> _OpAt:
        return _OpAt(Op.GE, token)

    def le(self, token: Token) -> _OpAt:
        return _OpAt(Op.LE, token)

    def gt(self, token: Token) -> _OpAt:
        return _OpAt(Op.GT, token)

    def lt(self, token: Token) -> _OpAt:
        return _OpAt(Op.LT, token)

    def eq(self, token: Token) -> _OpAt:
        return _OpAt(Op.EQ, token)

    def mark(self, op: _OpAt) -> Op:
        if not _SYMBOL.match(op.token):  # 达到85%, 低于90%: words around a number, read among the words
            raise Fault(op.token.column, "syntax.words_around_number", {})
        return op.op  # ≥266米: the target's operator copied onto the actual

    def quantity(self, number: Token, unit: Token | None = None) -> Quantity:
        value = _number(number)
        if unit is None:
            return Quantity(value)
        parsed = Unit.from_symbol(unit)
        if not parsed.known and parsed.symbol[:1] in _DATE_CHARACTERS:  # 2月日, 2023年月: a broken date, not a unit
            raise Fault(unit.column, "syntax.date_like_unit", {"unit": str(unit)}, "hint.date_format")
        if not parsed.known:
            if any(len(part) > MAX_UNIT_LENGTH for part in re.split(r"[/*·×・•]", parsed.symbol)):
                raise Fault(unit.column, "syntax.unit_too_long", {"unit": str(unit)})
            known = known_prefix(parsed.symbol)
            if known is not None and len(parsed.symbol) - len(known) >= 2:  # 24期视频: a unit, then words
                words = parsed.symbol[len(known):]
                raise Fault(unit.column + len(known), "syntax.unit_with_words", {"unit": known, "words": words}, "hint.qualitative_prefix")
        return Quantity(value, parsed)

    def prefixed(self, op: _OpAt, quantity: Quantity, suffix: _OpAt | None = None) -> Comparison:
        if suffix is not None and suffix.op is not op.op:
            raise Fault(suffix.token.column, "syntax.conflicting_ops", {"suffix": str(suffix.token), "op": str(op.token)})
        return Comparison(op.op, quantity)

    def suffixed(self, quantity: Quantity, suffix: _OpAt | None = None) -> Comparison:
        return Comparison(suffix.op if suffix else Op.EQ, quantity, bare=suffix is None)

    def range(self, low: Quantity, high: Quantity) -> Range:
        if low.unit is None:
            low = attrs.evolve(low, unit=high.unit)
        if _is_year(low):  # 2019-2023年: a span of calendar years, not 2019 to 2023 years of time
            raise Fault(1, "syntax.year_span", {"low": f"{low.value:f}", "high": str(high)}, "hint.date_format")
        if not convertible(low.unit, high.unit):
            raise Fault(1, "syntax.range_units", {"low": str(low), "high": str(high)})
        lo, hi = low.aligned(high)
        if lo > hi:
            raise Fault(1, "syntax.range_order", {"low": str(low), "high": str(high)})
        return Range(low, high)

    def qualitative(self, text: Token) -> Qualitative:
        return Qualitative(str(text).strip())

    def target(self, value: Target | _Pending) -> Target | _Pending:
        return value

    def deadline(self, spec: _DateSpec, *rest: Token) -> Deadline | _Pending:
        return self._dated(spec, rest, deadline=True)

    def actual_quantity(self, *parts: Op | Quantity) -> Quantity:
        if len(parts) == 1:
            return parts[0]
        mark, quantity = parts
        return attrs.evolve(quantity, mark=mark)

    def actual_date(self, spec: _DateSpec, *rest: Token) -> DateValue | _Pending:
        return self._dated(spec, rest, deadline=False)

    def actual_text(self, text: Token) -> TextValue:
        return TextValue(str(text).strip())

    def actual(self, value: Actual | _Pending) -> Actual | _Pending:
        return value

    @staticmethod
    def _dated(spec: _DateSpec, rest: tuple[Token, ...], *, deadline: bool) -> Target | Actual | _Pending:
        before = any(t.type == "BEFORE" for t in rest)
        pending = _Pending(spec, before, deadline)
        return pending if spec.year is None else pending.resolve(None)

    # dates, each alternative as written
    def ymd(self, year: Token, month: Token, day: Token) -> _DateSpec:
        return _spec(year, _int(year), _int(month), _int(day), "day")

    def ym(self, year: Token, month: Token) -> _DateSpec:
        return _spec(year, _int(year), _int(month), None, "month")

    def yq(self, year: Token, quarter: Token) -> _DateSpec:
        digit = quarter.strip("第季度")
        number = CHINESE_DIGITS.get(digit) or int(digit)
        return _spec(year, _int(year), QUARTER_END_MONTH[number], None, "quarter")

    def yh(self, year: Token, half: Token) -> _DateSpec:
        return _spec(year, _int(year), HALF_END_MONTH[1 if half.startswith("上") else 2], None, "half")

    def y(self, year: Token, _end: Token | None = None) -> _DateSpec:
        return _spec(year, _int(year), None, None, "year")

    def md(self, month: Token, day: Token) -> _DateSpec:
        return _spec(month, None, _int(month), _int(day), "day")

    def m(self, month: Token) -> _DateSpec:
        return _spec(month, None, _int(month), None, "month")

    def yearless_end(self, token: Token) -> _DateSpec:
        return _spec(token, None, None, None, "year")

    def iso_date(self, token: Token) -> _DateSpec:
        year, month, day = (int(p) for p in re.split(r"[-/.]", token))
        return _spec(token, year, month, day, "day")

    def iso_month(self, token: Token) -> _DateSpec:
        year, month = (int(p) for p in re.split(r"[-/]", token))
        return _spec(token, year, month, None, "month")


def _spec(first: Token, year: int | None, month: int | None, day: int | None, precision: str) -> _DateSpec:
    text = (f"{year}年" if year else "") + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    return _DateSpec(year, month, day, precision, first.column, text)


# --- the parsers ------------------------------------------------------------------------------


@cache
def _target_parser() -> Lark:
    return lalr("target", ["target", "actual"], _ToValues(), placeholders=True)


# Known bad inputs, by the hint they deserve. A failing input is matched to the example that fails
# in the same parser state (lark's match_examples), and gets that hint.
HINT_EXAMPLES: dict[str, list[str]] = {
    "hint.missing_number": ["≥", "≥%", ">=", "≤万元", "=期"],
    "hint.double_operator": ["≥≥90%", ">=<90%", "≤≥5", "= =5"],
    "hint.chinese_numeral": ["≥九十%", "=二十四期", "<五万元"],
    "hint.incomplete_range": ["90%-", "[90%,]", "[90%,100%", "[90%]"],
    "hint.qualitative_prefix": ["90%完成", "5人已完成", "24期视频"],
    "hint.date_format": ["2023年13月", "2023年12月32日", "2023-13-01", "2023年第五季度"],
}


@cache
def _hint_matcher() -> tuple[tuple[str, Exception], ...]:
    parser = _target_parser()
    cases = []
    for label, examples in HINT_EXAMPLES.items():
        for example in examples:
            try:
                parser.parse(example, start="target")
            except UnexpectedInput as exc:
                cases.append((label, exc))
            except Fault:
                pass
    return tuple(cases)


_NUMERALS = frozenset("零〇一二三四五六七八九十百千两")


def _shape(error: UnexpectedInput) -> tuple[object, ...]:
    """What a failure looks like: its kind, parser state, and the kind of text it stumbled on."""
    if isinstance(error, UnexpectedToken):
        token = str(error.token)
        return ("token", error.state, error.token.type, token[:1] in _NUMERALS)
    if isinstance(error, UnexpectedCharacters):
        return ("char", error.state, error.char in _NUMERALS)
    return ("other",)


def _hint_for(error: UnexpectedInput) -> str | None:
    shape = _shape(error)
    for label, example in _hint_matcher():
        if _shape(example) == shape:
            return label
    return None




@lru_cache(maxsize=CACHE_SIZE)
def _parse(text: str, start: str) -> Target | Actual | _Pending:
    try:
        value = _target_parser().parse(text, start=start)
    except Fault as fault:
        if start == "actual" and fault.code in _TEXT_FAULTS:
            return TextValue(text, numbers_in(text))
        if start == "target" and fault.code in _TEXT_FAULTS and _qualitative_text(text):
            return _qualitative(_qualitative_text(text))
        raise TargetSyntaxError(text, fault.column, fault.code, fault.params, fault.hint) from None
    except UnexpectedInput as error:
        if start == "actual":
            return TextValue(text, numbers_in(text))
        if start == "target" and _qualitative_text(text):
            return _qualitative(_qualitative_text(text))
        raise syntax_error(text, error, TargetSyntaxError, _hint_for(error)) from None
    if isinstance(value, TextValue):
        return TextValue(value.text, numbers_in(value.text))
    if isinstance(value, Qualitative):
        return _qualitative(value.text)
    return value


def _qualitative(text: str) -> Qualitative:
    return Qualitative(text, numbers_in(text))


def _qualitative_text(text: str) -> str:
    """The text after a 定性 prefix ('' when there is none)."""
    return text[len(_QUALITATIVE):].strip() if text.startswith(_QUALITATIVE) else ""


# Quotes pasted from Word around a whole target or actual (“≥12期”, 「≥12期」) are not part of it.
_QUOTES = "\"'“”‘’「」『』〝〞＂"


def _prepare(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    # the limit is on what the author wrote: a 定性 prefix (which canonical texts add) is not counted
    limit = MAX_LENGTH + (len(_QUALITATIVE) if text.lstrip().startswith(_QUALITATIVE) else 0)
    if len(text) > limit:
        shown = normalise(text[:MAX_LENGTH])
        raise TargetSyntaxError(shown, MAX_LENGTH + 1, "syntax.too_long", {"length": len(text), "limit": MAX_LENGTH})
    normal = normalise(text).strip(_QUOTES + " ")
    if not normal:
        raise TargetSyntaxError(normal, 1, "syntax.empty")
    return normal


def _finish(value: Target | Actual | _Pending, year: int | None, text: str) -> Target | Actual:
    if not isinstance(value, _Pending):
        return value
    try:
        return value.resolve(year)
    except Fault as fault:
        raise TargetSyntaxError(text, fault.column, fault.code, fault.params) from None


@lru_cache(maxsize=CACHE_SIZE)
def _parse_raw(text: str, start: str) -> tuple[str, Target | Actual | _Pending]:
    """Normalise and parse, cached by the text as given (forms repeat the same strings)."""
    normal = _prepare(text)
    return normal, _parse(normal, start)


def parse_target(text: str, *, year: int | None = None) -> Target:
    """Parse a target (年度指标值) into a Comparison, Range, Deadline or Qualitative.

    Args:
        text: the target as printed, e.g. "≥90%", "=24期", "定性2023年3月底前".
        year: the form's year, for dates written without one ("12月底前", "年底前").

    Returns:
        The target's value.

    Raises:
        TargetSyntaxError: when the text is not a target, with the column of the fault.

    >>> parse_target("≤258.2万元")
    Comparison(op=<Op.LE: 'le'>, quantity=Quantity(value=Decimal('258.2'), unit=Unit(symbol='万元', dimension='money'), mark=None))
    >>> str(parse_target("年底前", year=2023))
    '2023年12月底前'
    """
    normal, value = _parse_raw(text, "target") if isinstance(text, str) else (_prepare(text), None)
    return _finish(value, year, normal)  # type: ignore[return-value,arg-type]


def parse_actual(text: str, *, year: int | None = None) -> Actual:
    """Parse an actual value (实际完成值) into a Quantity, DateValue or TextValue.

    Anything that is neither a quantity nor a date is text: actual values are free to be words.

    Args:
        text: the actual value as printed, e.g. "747人", "2023年6月", "合格".
        year: the form's year, for dates written without one.

    Raises:
        TargetSyntaxError: for an empty or over-long text, or a date that does not exist.

    >>> parse_actual("≥266米")
    Quantity(value=Decimal('266'), unit=Unit(symbol='米', dimension='length'), mark=<Op.GE: 'ge'>)
    >>> parse_actual("2023年6月")
    DateValue(date=datetime.date(2023, 6, 30), precision='month', before=False)
    """
    normal, value = _parse_raw(text, "actual") if isinstance(text, str) else (_prepare(text), None)
    return _finish(value, year, normal)  # type: ignore[return-value,arg-type]


def cache_info() -> object:
    """Hits and misses of the parse cache, by the text as given (functools' CacheInfo)."""
    return _parse_raw.cache_info()


def cache_clear() -> None:
    """Empty the parse caches (for benchmarks of cold parsing)."""
    _parse_raw.cache_clear()
    _parse.cache_clear()


# --- numbers written among words -----------------------------------------------------------------


def _grammar_words(*terminals: str) -> tuple[str, ...]:
    """The word spellings of operator terminals, read from the grammar itself (不少于, 低于 …)."""
    found: list[str] = []
    for line in grammar_text("target").splitlines():
        name = line.split(".")[0].split(":")[0].strip()
        if name in terminals:
            for group in re.findall(r"\(\?:([^()]*)\)\(\?=", line):
                found.extend(group.split("|"))
    return tuple(sorted(set(found), key=len, reverse=True))


# 达到85% reads as 85%; 未达到85%, 不少于85%, 低于85% say where a value lies, not what it is.
_VALUE_WORDS = ("达到",)
_NEGATIONS = ("尚未", "没有", "未", "没", "不")
_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z.])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_UNIT_RUN = re.compile(r" ?(%|‰|[A-Za-z]+[23]?|[\u3400-\u9fff]{1,6}(?:/[\u3400-\u9fff]{1,6}(?:[*·×・•][\u3400-\u9fff]{1,6})*)?)")
# 2023年…, 6月 (June; a duration is 6个月), 15日: parts of dates, not quantities
_DATE_AFTER = re.compile(r"年(?:度|[0-9]|底|末|初|中)|月|日|号")
_YEAR_BEFORE = re.compile(r"(?:19|20)[0-9]{2}$")


@cache
def _bound_words() -> tuple[str, ...]:
    return tuple(w for w in _grammar_words("GE", "LE", "GT", "LT", "EQ") if w not in _VALUE_WORDS)


def _bounded(before: str) -> bool:
    """Whether the words just before a number make it a bound, not a value (不少于, 未达到)."""
    for word in _bound_words():
        if before.endswith(word):
            return True
    for word in _VALUE_WORDS:
        if before.endswith(word):
            return any(before[: -len(word)].endswith(n) for n in _NEGATIONS)
    return False


def _unit_after(rest: str) -> Unit | None:
    """The longest known unit (or compound unit) the text after a number starts with, if any."""
    match = _UNIT_RUN.match(rest)
    if not match:
        return None
    run = match.group(1)
    for end in range(len(run), 0, -1):
        unit = Unit.from_symbol(run[:end])
        if unit.known:
            return unit
    return None


def numbers_in(text: str) -> tuple[Quantity, ...]:
    """The quantities written in a text, in order, leaving out dates, bounds and parts of codes.

    >>> [str(q) for q in numbers_in("10人（计划45人）")], [str(q) for q in numbers_in("约85%左右，低于90%")]
    (['10人', '45人'], ['85%'])
    >>> numbers_in("2023年6月完成")
    ()
    """
    found: list[Quantity] = []
    for match in _NUMBER_IN_TEXT.finditer(text):
        rest = text[match.end():]
        if (_DATE_AFTER.match(rest) and (not rest.startswith("年") or _YEAR_BEFORE.search(match.group()))) \
                or _bounded(text[: match.start()].rstrip()):
            continue
        digits = match.group().replace(",", "")
        whole, _, fraction = digits.partition(".")
        if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_DECIMALS:
            continue
        found.append(Quantity(Decimal(digits), _unit_after(rest)))
    return tuple(found)
