"""selfeval-rules: score and review 项目支出绩效自评表 under declarative YAML policies.

The names a user writes first; families of names live in `selfeval_rules.values` (targets, actual
values, forms) and `selfeval_rules.errors` (every exception). Importing the package is cheap: each
name is loaded on first use.

>>> from selfeval_rules import parse_target, parse_actual
>>> target = parse_target("≥90%")
>>> target.is_met(parse_actual("92%")), target.ratio(parse_actual("81%"))
(True, Decimal('0.9'))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → the module that defines it
_FACE: dict[str, str] = {
    "load_form": "selfeval_rules.io",
    "read_forms": "selfeval_rules.io",
    "load_policy": "selfeval_rules.io",
    "bundled_policies": "selfeval_rules.io",
    "parse_target": "selfeval_rules.language",
    "parse_actual": "selfeval_rules.language",
    "score": "selfeval_rules.scoring",
    "review": "selfeval_rules.findings",
    "check_files": "selfeval_rules.batch",
    "Form": "selfeval_rules.values",
    "Policy": "selfeval_rules.policy",
    "Scorecard": "selfeval_rules.scoring",
    "Finding": "selfeval_rules.findings",
    "SelfEvalError": "selfeval_rules.errors",
}

__all__ = sorted(_FACE)


def __getattr__(name: str) -> Any:
    module = _FACE.get(name)
    if module is None:
        raise AttributeError(f"module 'selfeval_rules' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_FACE])


if TYPE_CHECKING:  # the names, for type checkers and editors
    from .batch import check_files  # noqa: F401
    from .errors import SelfEvalError  # noqa: F401
    from .io import bundled_policies, load_form, load_policy, read_forms  # noqa: F401
    from .language import parse_actual, parse_target  # noqa: F401
    from .policy import Policy  # noqa: F401
    from .findings import Finding, review  # noqa: F401
    from .scoring import Scorecard, score  # noqa: F401
    from .values import Form  # noqa: F401
