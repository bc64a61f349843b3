"""Numbers as people read them: one rounding (half-up) for every percentage and every printed number."""

from __future__ import annotations

from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import wraps
from typing import ParamSpec, TypeVar

HUNDRED = Decimal(100)

# The library computes in its own decimal context, whatever the caller's: 28 significant digits (as
# Python's default), exponents far beyond any form's numbers, and errors raised, never NaN or Inf.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-9999, Emax=9999, traps=[InvalidOperation, DivisionByZero, Overflow])
# Rounding for display needs room for every digit of the value it rounds.
_ROUNDING = Context(prec=100, rounding=ROUND_HALF_UP, Emin=-9999, Emax=9999, traps=[InvalidOperation, Overflow])

P = ParamSpec("P")
R = TypeVar("R")


def in_context(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in the library's decimal context (`CONTEXT`), not the caller's."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(CONTEXT):
            return function(*args, **kwargs)

    return run


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator in the library's context.

    >>> divide(Decimal(2), Decimal(3))
    Decimal('0.6666666666666666666666666667')
    """
    return CONTEXT.divide(numerator, denominator)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half-up to `places` decimals, the way forms print numbers.

    >>> round_half_up(Decimal("4.505"), 2), round_half_up(Decimal("97.065"), 2)
    (Decimal('4.51'), Decimal('97.07'))
    """
    return value.quantize(Decimal(1).scaleb(-places), context=_ROUNDING)


def amount(value: Decimal | None, places: int) -> str:
    """An amount as a report prints it: at least `places` decimals (the policy's), never hiding a digit
    the amount has; "—" when there is none.

    >>> amount(Decimal("258.200000"), 2), amount(Decimal("64.253"), 2), amount(Decimal("10"), 2), amount(None, 2)
    ('258.20', '64.253', '10.00', '—')
    """
    if value is None:
        return "—"
    exponent = value.normalize(_ROUNDING).as_tuple().exponent
    digits = max(places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{value.quantize(Decimal(1).scaleb(-digits), context=_ROUNDING):f}"


def percent(value: Decimal, places: int = 2) -> str:
    """A ratio as a percentage, rounded half-up: 0.970589 → '97.06%'.

    >>> percent(Decimal("0.970589")), percent(Decimal("1.3"), 0)
    ('97.06%', '130%')
    """
    return f"{round_half_up(value * HUNDRED, places)}%"


def shown(value: Decimal | None) -> str:
    """A number as printed in a table or message, "—" when there is none.

    >>> shown(Decimal("9.71")), shown(None)
    ('9.71', '—')
    """
    return "—" if value is None else f"{value:f}"
