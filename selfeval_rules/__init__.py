"""selfeval-rules: score and review 项目支出绩效自评表 under declarative YAML policies.

>>> from selfeval_rules import parse_target, parse_actual
>>> target = parse_target("≥90%")
>>> target.is_met(parse_actual("92%")), target.ratio(parse_actual("81%"))
(True, Decimal('0.9'))
"""

from ._errors import (
    DocumentError,
    FormError,
    FormulaError,
    FormulaSyntaxError,
    KindMismatchError,
    PolicyError,
    Problem,
    SelfEvalError,
    TargetSyntaxError,
    TextSyntaxError,
    UnitMismatchError,
)
from ._engine import BudgetScore, RowScore, Scorecard, score
from ._form import Budget, Form, Indicator, load_form
from ._parser import parse_actual, parse_target
from ._policy import Policy, bundled_policies, load_policy
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
    "Budget",
    "BudgetScore",
    "Form",
    "FormError",
    "FormulaError",
    "FormulaSyntaxError",
    "Indicator",
    "KindMismatchError",
    "Op",
    "Policy",
    "PolicyError",
    "Problem",
    "Qualitative",
    "Quantity",
    "Range",
    "RowScore",
    "Scorecard",
    "SelfEvalError",
    "TargetSyntaxError",
    "TextSyntaxError",
    "TextValue",
    "Unit",
    "UnitMismatchError",
    "bundled_policies",
    "load_form",
    "load_policy",
    "parse_actual",
    "parse_target",
    "score",
]
