"""Numbers as people read them: one rounding (half-up) for every percentage and every printed number."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half-up to `places` decimals, the way forms print numbers.

    >>> round_half_up(Decimal("4.505"), 2), round_half_up(Decimal("97.065"), 2)
    (Decimal('4.51'), Decimal('97.07'))
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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
