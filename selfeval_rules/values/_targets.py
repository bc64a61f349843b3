"""The value model: what a target (年度指标值) and an actual value (实际完成值) mean, exactly.

Targets are a `Comparison`, a `Range`, a `Deadline` or a `Qualitative` text; actual values are a
`Quantity`, a `DateValue` or a `TextValue`. All numbers are `Decimal`; unit conversions are exact.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Union

import attrs

from ..errors import KindMismatchError, UnitMismatchError
from ._dates import month_end, months_late
from ._numbers import divide
from ._units import Unit


class Op(enum.Enum):
    """A comparison operator of a target; its value is the name used in JSON."""

    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    EQ = "eq"

    @property
    def symbol(self) -> str:
        """The operator as the canonical text writes it.

        >>> Op.GE.symbol
        '≥'
        """
        return _OP_SYMBOLS[self]

    @property
    def is_reverse(self) -> bool:
        """True for ≤ and <: the smaller the actual value, the better (typically 成本指标)."""
        return self in (Op.LE, Op.LT)

    def holds(self, actual: Decimal | Fraction, target: Decimal | Fraction) -> bool:
        """Whether `actual <op> target`."""
        return _OP_TESTS[self](actual, target)


_OP_SYMBOLS = {Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<", Op.EQ: "="}
_OP_TESTS = {
    Op.GE: lambda a, t: a >= t,
    Op.GT: lambda a, t: a > t,
    Op.LE: lambda a, t: a <= t,
    Op.LT: lambda a, t: a < t,
    Op.EQ: lambda a, t: a == t,
}


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal (28 significant digits when it does not terminate).

    >>> to_decimal(Fraction(258_16, 258_20))
    Decimal('0.9998450813323005422153369481')
    """
    if value.denominator == 1:
        return Decimal(value.numerator)
    return divide(Decimal(value.numerator), Decimal(value.denominator))


def _to_unit(value: Unit | str | None) -> Unit | None:
    return Unit.from_symbol(value) if isinstance(value, str) else value


def _finite(_instance: object, attribute: attrs.Attribute, value: Decimal) -> None:
    if not value.is_finite() or value.is_signed():
        raise ValueError(f"{attribute.name} must be a finite, non-negative Decimal, not {value!r}")


@attrs.frozen
class Quantity:
    """A number with an optional unit, e.g. 258.2万元; also the value of a quantitative actual.

    Attributes:
        value: the number as written, without thousands separators.
        unit: its unit, or None for a bare number (read in the target's unit when compared).
        mark: an operator copied onto an actual value from its target (≥266米), else None.

    >>> q = Quantity(Decimal("258.2"), "万元")
    >>> q.base
    Fraction(2582000, 1)
    >>> str(q)
    '258.2万元'
    """

    kind: ClassVar[str] = "quantity"

    value: Decimal = attrs.field(validator=[attrs.validators.instance_of(Decimal), _finite])
    unit: Unit | None = attrs.field(
        default=None,
        converter=_to_unit,
        validator=attrs.validators.optional(attrs.validators.instance_of(Unit)),
    )
    mark: Op | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Op)))

    @property
    def base(self) -> Fraction:
        """The value in its dimension's base unit (元 for money, 1 for percent), exactly."""
        factor = self.unit.factor if self.unit else Fraction(1)
        return Fraction(self.value) * factor

    def aligned(self, other: Quantity) -> tuple[Decimal | Fraction, Decimal | Fraction]:
        """Both values on one scale, a missing unit being read as the other's unit.

        The values stay Decimal when no conversion is needed (the same unit, or a bare number),
        and become exact Fractions of the base unit when one is (万元 against 元).

        Raises:
            UnitMismatchError: when the units belong to different dimensions.
        """
        mine, theirs = self.unit, other.unit
        if mine is None or theirs is None or mine.symbol == theirs.symbol:
            return self.value, other.value
        if mine.dimension != theirs.dimension:
            raise UnitMismatchError(self, other, mine.dimension, theirs.dimension)
        return Fraction(self.value) * mine.factor, Fraction(other.value) * theirs.factor

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the value as a decimal string, the unit's symbol, a copied mark."""
        fields: dict[str, object] = {"value": f"{self.value:f}", "unit": self.unit.symbol if self.unit else None}
        if self.mark:
            fields["mark"] = self.mark.value
        return fields

    def __str__(self) -> str:
        mark = self.mark.symbol if self.mark else ""
        return f"{mark}{self.value:f}{self.unit or ''}"


@attrs.frozen
class DateValue:
    """A date an actual value gives, with the precision it was written at.

    Attributes:
        date: the last day of the period written (2023年6月 → 2023-06-30).
        precision: "day", "month", "quarter", "half" or "year".
        before: True when written as a deadline ("2023年3月底前").
    """

    kind: ClassVar[str] = "date"

    date: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    precision: str = attrs.field(default="day", validator=attrs.validators.in_(("day", "month", "quarter", "half", "year")))
    before: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the ISO date (last day of the period), its precision, the 前 mark."""
        return {"date": self.date.isoformat(), "precision": self.precision, "before": self.before}

    def __str__(self) -> str:
        text = _date_text(self.date, self.precision)
        if self.before:
            text += "底前" if self.precision in ("month", "year") else "前"
        return text


@attrs.frozen
class TextValue:
    """An actual value written as words (合格, 达成预期指标)."""

    kind: ClassVar[str] = "text"

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    # The quantities written in the words (约85% → 85%), in order: the engine may read the first that
    # fits its target, when the policy says so. Derived from the text, so not part of equality.
    numbers: tuple[Quantity, ...] = attrs.field(default=(), eq=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the text."""
        return {"text": self.text}

    def __str__(self) -> str:
        return self.text


Actual = Union[Quantity, DateValue, TextValue]


@attrs.frozen
class Delay:
    """How late an actual date is against a deadline: in days and in calendar months (0 if on time)."""

    days: int
    months: int


def _require_quantity(target: object, actual: Actual) -> Quantity:
    if not isinstance(actual, Quantity):
        raise KindMismatchError(target.kind, actual.kind)  # type: ignore[attr-defined]
    return actual


def _ratio(numerator: Decimal | Fraction, denominator: Decimal | Fraction) -> Decimal | None:
    if denominator == 0:
        return None
    if isinstance(numerator, Decimal) and isinstance(denominator, Decimal):
        return divide(numerator, denominator)
    return to_decimal(Fraction(numerator) / Fraction(denominator))


@attrs.frozen
class Comparison:
    """A target that compares, e.g. ≥90% or ≤258.2万元; a bare quantity means =.

    >>> t = Comparison(Op.LE, Quantity(Decimal("258.2"), "万元"))
    >>> t.is_met(Quantity(Decimal("258.16"), "万元"))
    True
    >>> t.ratio(Quantity(Decimal("300"), "万元"))
    Decimal('0.8606666666666666666666666667')
    """

    kind: ClassVar[str] = "comparison"

    op: Op = attrs.field(validator=attrs.validators.instance_of(Op))
    quantity: Quantity = attrs.field(validator=attrs.validators.instance_of(Quantity))
    # True when the target was written as a bare quantity ("100%"), its = implied, not printed.
    bare: bool = attrs.field(default=False, eq=False, repr=False)

    def is_met(self, actual: Actual) -> bool:
        """Whether the actual value satisfies the comparison, strictly as written.

        Raises:
            KindMismatchError: for a date or text actual value.
            UnitMismatchError: for an actual value in a unit of another dimension.
        """
        target, value = self.quantity.aligned(_require_quantity(self, actual))
        return self.op.holds(value, target)

    def ratio(self, actual: Actual) -> Decimal | None:
        """The achievement ratio: B/A, or A/B for ≤ and <; None where it divides by zero.

        An = target read exactly is missed both ways: B/A below it, A/B above it. Against a zero
        target the ratio is 1 when met and 0 when not (=0 is met only by 0).
        """
        target, value = self.quantity.aligned(_require_quantity(self, actual))
        if target == 0:
            return Decimal(1) if self.op.holds(value, target) else Decimal(0)
        if self.op.is_reverse:
            return _ratio(target, value)
        if self.op is Op.EQ and value > target:
            return _ratio(target, value)  # an exact target missed by going over it
        return _ratio(value, target)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the operator's name, the value and the unit."""
        return {"op": self.op.value, **self.quantity.as_dict()}

    def __str__(self) -> str:
        return f"{self.op.symbol}{self.quantity}"


@attrs.frozen
class Range:
    """A target between two bounds, both included, e.g. 90%-100%."""

    kind: ClassVar[str] = "range"

    low: Quantity = attrs.field(validator=attrs.validators.instance_of(Quantity))
    high: Quantity = attrs.field(validator=attrs.validators.instance_of(Quantity))

    def is_met(self, actual: Actual) -> bool:
        """Whether low ≤ actual ≤ high."""
        value = _require_quantity(self, actual)
        low, at = self.low.aligned(value)
        high, _ = self.high.aligned(value)
        return low <= at <= high

    def ratio(self, actual: Actual) -> Decimal | None:
        """1 inside the range; B/low below it; high/B above it."""
        value = _require_quantity(self, actual)
        low, at = self.low.aligned(value)
        high, _ = self.high.aligned(value)
        if at < low:
            return _ratio(at, low)
        if at > high:
            return _ratio(high, at)
        return Decimal(1)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: both bounds as {value, unit}."""
        return {"low": self.low.as_dict(), "high": self.high.as_dict()}

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


@attrs.frozen
class Deadline:
    """A target date: done on or before `date` (the last day allowed) is on time.

    >>> d = Deadline(dt.date(2023, 5, 31))
    >>> d.delay(DateValue(dt.date(2023, 6, 30), "month"))
    Delay(days=30, months=1)
    >>> str(d)
    '2023年5月底前'
    """

    kind: ClassVar[str] = "deadline"

    date: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))

    def is_met(self, actual: Actual) -> bool:
        """Whether the actual date is on or before the deadline."""
        return self.delay(actual).days == 0

    def delay(self, actual: Actual) -> Delay:
        """Days and calendar months late (both 0 when on time).

        Raises:
            KindMismatchError: for a quantity or text actual value.
        """
        if not isinstance(actual, DateValue):
            raise KindMismatchError(self.kind, actual.kind)
        days = max(0, (actual.date - self.date).days)
        return Delay(days, months_late(self.date, actual.date))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the last day allowed, as an ISO date."""
        return {"deadline": self.date.isoformat()}

    def __str__(self) -> str:
        if self.date == month_end(self.date.year, self.date.month):
            return f"{self.date.year}年{self.date.month}月底前"
        return _date_text(self.date, "day") + "前"


@attrs.frozen
class Qualitative:
    """A target described in words (定性…, 有效, 显著提升); a policy grades the actual against it."""

    kind: ClassVar[str] = "qualitative"

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    # The quantities the words contain (约90% → 90%): a target that looks numeric but reads as text.
    numbers: tuple[Quantity, ...] = attrs.field(default=(), eq=False, repr=False)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields: the text."""
        return {"text": self.text}

    def __str__(self) -> str:
        return f"定性{self.text}"


Target = Union[Comparison, Range, Deadline, Qualitative]


def _date_text(day: dt.date, precision: str) -> str:
    """The canonical Chinese text of a date at a precision."""
    if precision == "year":
        return f"{day.year}年"
    if precision == "half":
        return f"{day.year}年{'上' if day.month <= 6 else '下'}半年"
    if precision == "quarter":
        return f"{day.year}年第{(day.month + 2) // 3}季度"
    if precision == "month":
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"
