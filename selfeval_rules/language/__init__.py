"""The languages: targets, actual values, policy formulas and intervals, read by Lark grammars.

This is the only package that imports lark. Text goes in; values of `selfeval_rules.values` or a
syntax error with a caret (and, for targets, a hint) come out.

>>> parse_target("≥90%").is_met(parse_actual("92%"))
True
"""

from ._formulas import parse_formula, parse_interval
from ._lalr import grammar_text
from ._targets import (
    HINT_EXAMPLES,
    MAX_LENGTH,
    cache_clear,
    cache_info,
    parse_actual,
    parse_target,
)

__all__ = [
    "HINT_EXAMPLES",
    "MAX_LENGTH",
    "cache_clear",
    "cache_info",
    "grammar_text",
    "parse_actual",
    "parse_formula",
    "parse_interval",
    "parse_target",
]
