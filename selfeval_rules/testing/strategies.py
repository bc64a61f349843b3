"""Hypothesis strategies for forms: rows and whole forms as the mappings `load_form` reads, with the
texts a form prints (`≥90%`, `2023年6月`, `合格`), so that what is tested is what real forms contain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ..language import parse_target
from ..values import Comparison, Deadline

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
