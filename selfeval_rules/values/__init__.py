"""The value model: what a target, an actual value and a form mean, exactly, with no text to parse.

Targets are a `Comparison`, a `Range`, a `Deadline` or a `Qualitative` text; actual values are a
`Quantity`, a `DateValue` or a `TextValue`; numbers are `Decimal` and unit conversions exact. A
`Form` holds its rows' texts as printed and their parsed values. Nothing here reads files, parses
text with a grammar, or prints.

>>> from selfeval_rules.values import Comparison, Op, Quantity
>>> from decimal import Decimal
>>> Comparison(Op.GE, Quantity(Decimal("90"), "%")).is_met(Quantity(Decimal("92"), "%"))
True
"""

from ._dates import add_months, month_end, months_late
from ._expressions import Formula, Interval
from ._form import Budget, Form, FundsRow, Group, Indicator, Note
from ._targets import (
    Actual,
    Comparison,
    DateValue,
    Deadline,
    Delay,
    Op,
    Qualitative,
    Quantity,
    Range,
    Target,
    TextValue,
)
from ._text import normalise, plain
from ._units import Unit

__all__ = [
    "Actual",
    "Budget",
    "Comparison",
    "DateValue",
    "Deadline",
    "Delay",
    "Form",
    "Formula",
    "FundsRow",
    "Group",
    "Indicator",
    "Interval",
    "Note",
    "Op",
    "Qualitative",
    "Quantity",
    "Range",
    "Target",
    "TextValue",
    "Unit",
    "add_months",
    "month_end",
    "months_late",
    "normalise",
    "plain",
]
