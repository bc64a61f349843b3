"""Units of measure seen on the forms, their dimensions and their exact conversion factors."""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from functools import lru_cache

import attrs

# Dimensions whose units convert into one another. A count unit (人, 期, 套 …) is its own dimension:
# 人 and 人次 are different things, so they never compare.
PERCENT = "percent"
MONEY = "money"
DAYS = "days"
WORKDAYS = "workdays"
MONTHS = "months"
LENGTH = "length"
AREA = "area"
VOLUME = "volume"
MASS = "mass"

# symbol → (dimension, factor to the dimension's base unit). The first symbol of a dimension with
# factor 1 is its base. Aliases map a spelling to the symbol it stands for.
_TABLE: dict[str, tuple[str, Fraction]] = {
    "%": (PERCENT, Fraction(1, 100)),
    "‰": (PERCENT, Fraction(1, 1000)),
    "元": (MONEY, Fraction(1)),
    "千元": (MONEY, Fraction(1_000)),
    "万元": (MONEY, Fraction(10_000)),
    "亿元": (MONEY, Fraction(100_000_000)),
    "天": (DAYS, Fraction(1)),
    "小时": (DAYS, Fraction(1, 24)),
    "周": (DAYS, Fraction(7)),
    "工作日": (WORKDAYS, Fraction(1)),
    "个月": (MONTHS, Fraction(1)),
    "年": (MONTHS, Fraction(12)),
    "米": (LENGTH, Fraction(1)),
    "厘米": (LENGTH, Fraction(1, 100)),
    "毫米": (LENGTH, Fraction(1, 1000)),
    "公里": (LENGTH, Fraction(1000)),
    "平方米": (AREA, Fraction(1)),
    "平方公里": (AREA, Fraction(1_000_000)),
    "公顷": (AREA, Fraction(10_000)),
    "亩": (AREA, Fraction(10_000, 15)),
    "立方米": (VOLUME, Fraction(1)),
    "升": (VOLUME, Fraction(1, 1000)),
    "千克": (MASS, Fraction(1)),
    "克": (MASS, Fraction(1, 1000)),
    "吨": (MASS, Fraction(1000)),
}

_ALIASES: dict[str, str] = {
    "百分比": "%",
    "百分点": "%",
    "日": "天",
    "个工作日": "工作日",
    "月": "个月",
    "m": "米",
    "cm": "厘米",
    "mm": "毫米",
    "km": "公里",
    "m2": "平方米",
    "km2": "平方公里",
    "m3": "立方米",
    "kg": "千克",
    "公斤": "千克",
    "t": "吨",
}

# Count units recognised by name; any other short unit is opaque, which behaves the same way
# (it compares only with itself) but is reported as unknown.
COUNT_UNITS = frozenset(
    "人 人次 名 期 套 场 次 个 项 家 份 篇 户 所 台 辆 间 头 只 批 条 处 座 件 册 本 张 部 支 门 类 "
    "课时 学时 班 队 支队 村 镇 校 栋 幢 株 棵 架 艘 片 块 盏 组 台套 期次 场次 人天 人日 个次".split()
)

# A 万 or 亿 in front of a unit scales it: 10万人次 is 100,000 人次.
_SCALES: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}

MAX_UNIT_LENGTH = 6  # of one part of a unit (元, 人次, 平方公里); a compound unit has up to four parts
MAX_PARTS = 4
MAX_SCALES = 2  # 千万元: two scale prefixes at most
CACHE_SIZE = 4096
# A compound unit: a numerator, "/", and denominators joined by *, ·, ×: 元/人*月, 元/户·年, 万元/公里.
PER = "/"
TIMES = "·"
_DENOMINATOR_JOINS = re.compile(r"[*·×・•]")

@attrs.frozen
class Unit:
    """A unit of measure: its canonical symbol, its dimension and its factor to the dimension's base.

    >>> Unit.from_symbol("万元").factor
    Fraction(10000, 1)
    >>> Unit.from_symbol("％").symbol
    '%'
    >>> Unit.from_symbol("元/人*月").symbol, Unit.from_symbol("万元/公里").factor
    ('元/人·月', Fraction(10, 1))
    """

    symbol: str
    dimension: str
    factor: Fraction = attrs.field(eq=False, repr=False)
    known: bool = attrs.field(default=True, eq=False, repr=False)

    @classmethod
    def from_symbol(cls, text: str) -> Unit:
        """Look a unit up by any of its spellings; an unknown one becomes an opaque unit."""
        return _lookup(text)

    def __str__(self) -> str:
        return self.symbol


@lru_cache(maxsize=CACHE_SIZE)
def _lookup(text: str) -> Unit:
    spelled = unicodedata.normalize("NFKC", text).strip()
    if PER in spelled:
        return _compound(spelled)
    return _simple(spelled)


def _simple(spelled: str) -> Unit:
    symbol = _ALIASES.get(spelled, spelled)
    scale = Fraction(1)
    rest = symbol
    for _ in range(MAX_SCALES + 1):
        if rest in _TABLE:
            dimension, factor = _TABLE[rest]
            return Unit(symbol, dimension, factor * scale)
        if rest in COUNT_UNITS:
            return Unit(symbol, f"count:{rest}", scale)
        step = _SCALES.get(rest[:1])
        if not step or len(rest) < 2:
            break
        scale, rest = scale * step, _ALIASES.get(rest[1:], rest[1:])
    return Unit(symbol, f"count:{symbol}", Fraction(1), known=False)


def _compound(spelled: str) -> Unit:
    """元/人*月: the numerator's dimension over the denominators', converting where every part converts."""
    numerator, _, rest = spelled.partition(PER)
    parts = [numerator, *_DENOMINATOR_JOINS.split(rest)]
    if len(parts) > MAX_PARTS or not all(parts) or PER in rest:
        return Unit(spelled, f"count:{spelled}", Fraction(1), known=False)
    units = [_simple(_ALIASES.get(p, p)) for p in parts]
    symbol = parts[0] + PER + TIMES.join(parts[1:])
    if not all(u.known for u in units):
        return Unit(symbol, f"count:{symbol}", Fraction(1), known=False)
    dimension = units[0].dimension + PER + "*".join(sorted(u.dimension for u in units[1:]))
    factor = units[0].factor
    for unit in units[1:]:
        factor /= unit.factor
    return Unit(symbol, dimension, factor)


def known_prefix(symbol: str) -> str | None:
    """The longest known unit that `symbol` starts with but is not (期 for 期视频), or None.

    >>> known_prefix("期视频"), known_prefix("台套")
    ('期', None)
    """
    if _lookup(symbol).known or PER in symbol:
        return None
    for end in range(len(symbol) - 1, 0, -1):
        if _lookup(symbol[:end]).known:
            return symbol[:end]
    return None


def convertible(left: Unit | None, right: Unit | None) -> bool:
    """Whether quantities in these two units can be compared (a missing unit fits any).

    >>> convertible(Unit.from_symbol("万元"), Unit.from_symbol("元"))
    True
    >>> convertible(Unit.from_symbol("人"), Unit.from_symbol("人次"))
    False
    >>> convertible(Unit.from_symbol("万元/公里"), Unit.from_symbol("元/米")), convertible(Unit.from_symbol("元/户"), Unit.from_symbol("元"))
    (True, False)
    """
    return left is None or right is None or left.dimension == right.dimension
