"""selfeval-rules: score and review 项目支出绩效自评表 under declarative YAML policies.

>>> from selfeval_rules import parse_target, parse_actual
>>> target = parse_target("≥90%")
>>> target.is_met(parse_actual("92%")), target.ratio(parse_actual("81%"))
(True, Decimal('0.9'))
"""

from ._errors import (
    DocumentError,
    FormError,
    KindMismatchError,
    PolicyError,
    Problem,
    SelfEvalError,
    TargetSyntaxError,
    UnitMismatchError,
)
from ._parser import parse_actual, parse_target
from ._units import Unit
from ._values import (
    Comparison,
    DateValue,
    Deadline,
    Delay,
    Op,
    Qualitative,
    Quantity,
    Range,
    TextValue,
)

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "DateValue",
    "Deadline",
    "Delay",
    "DocumentError",
    "FormError",
    "KindMismatchError",
    "Op",
    "PolicyError",
    "Problem",
    "Qualitative",
    "Quantity",
    "Range",
    "SelfEvalError",
    "TargetSyntaxError",
    "TextValue",
    "Unit",
    "UnitMismatchError",
    "parse_actual",
    "parse_target",
]
