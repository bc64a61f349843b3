"""Policy formulas and intervals: the Lark grammar `grammar/formula.lark` and its transformer.

A formula is compiled into closures over Decimal (`selfeval_rules.values.Formula`); nothing is ever
handed to Python's eval.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput

from ..errors import FormulaSyntaxError
from ..values import _expressions as expr
from ..values._text import normalise
from ._lalr import Fault, lalr, syntax_error


def _bounded(node: expr.Node, column: int) -> expr.Node:
    if node.depth > expr.MAX_DEPTH or node.size > expr.MAX_SIZE:
        raise Fault(column, "formula.too_complex", {"depth": expr.MAX_DEPTH, "size": expr.MAX_SIZE})
    return node


@v_args(inline=True)
class _ToFormula(Transformer):
    """Builds the closures of a formula while LALR parses it, refusing one too deep or too large."""

    def number(self, token: Token) -> expr.Node:
        return expr.number(Decimal(token))

    def negative(self, token: Token) -> Decimal:
        return -Decimal(token)

    def infinity(self, token: Token) -> str:
        return "+inf"

    def negative_infinity(self, token: Token) -> str:
        return "-inf"

    def name(self, token: Token) -> expr.Node:
        return expr.name(str(token))

    def neg(self, inner: expr.Node) -> expr.Node:
        return _bounded(expr.negate(inner), 1)

    def add(self, left: expr.Node, right: expr.Node) -> expr.Node:
        return _bounded(expr.binary("add", left, right), 1)

    def sub(self, left: expr.Node, right: expr.Node) -> expr.Node:
        return _bounded(expr.binary("sub", left, right), 1)

    def mul(self, left: expr.Node, right: expr.Node) -> expr.Node:
        return _bounded(expr.binary("mul", left, right), 1)

    def div(self, left: expr.Node, right: expr.Node) -> expr.Node:
        return _bounded(expr.binary("div", left, right), 1)

    def call(self, function: Token, *args: expr.Node | None) -> expr.Node:
        present = [a for a in args if a is not None]
        if function not in expr.FUNCTIONS:
            allowed = ", ".join(sorted(expr.FUNCTIONS))
            raise Fault(function.column, "formula.unknown_function", {"name": str(function), "allowed": allowed})
        arity = expr.FUNCTIONS[function][1]
        if (arity is None and not present) or (arity is not None and len(present) != arity):
            expected = arity if arity is not None else "1+"
            raise Fault(function.column, "formula.arity", {"name": str(function), "expected": expected, "given": len(present)})
        return _bounded(expr.call(str(function), present), function.column)

    def interval(self, open_: Token, low: object, high: object, close: Token) -> expr.Interval:
        if low == "+inf" or high == "-inf":
            raise Fault(open_.column, "interval.order", {"low": low, "high": high})
        low_value = low.evaluate({}) if isinstance(low, expr.Node) else None if low == "-inf" else low
        high_value = high.evaluate({}) if isinstance(high, expr.Node) else None if high == "+inf" else high
        if low_value is not None and high_value is not None:
            if low_value > high_value:
                raise Fault(1, "interval.order", {"low": low_value, "high": high_value})
        interval = expr.Interval(low_value, high_value, open_ == "[", close == "]")
        if low_value is not None and low_value == high_value and not (interval.low_closed and interval.high_closed):
            raise Fault(1, "interval.empty", {"interval": str(interval)})
        return interval


@cache
def _formula_parser() -> Lark:
    return lalr("formula", ["expr", "interval"], _ToFormula(), placeholders=False)


@lru_cache(maxsize=1024)
def _parse_formula_text(text: str, start: str) -> object:
    try:
        return _formula_parser().parse(text, start=start)
    except Fault as fault:
        raise FormulaSyntaxError(text, fault.column, fault.code, fault.params) from None
    except UnexpectedInput as error:
        raise syntax_error(text, error, FormulaSyntaxError) from None


def parse_formula(text: str | int | Decimal) -> expr.Formula:
    """Parse a policy formula such as ``weight * min(rate, 1)``; a number is a constant formula.

    Raises:
        FormulaSyntaxError: when the text is not a formula, or calls an unknown function.

    >>> parse_formula("weight * max(0, 1 - (actual - target) / target)").names == {"weight", "actual", "target"}
    True
    """
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        return expr.Formula.constant(Decimal(text))
    source = normalise(str(text), cjk_spaces=True)
    node = _parse_formula_text(source, "expr")
    return expr.Formula(source, node)  # type: ignore[arg-type]


def parse_interval(text: str) -> expr.Interval:
    """Parse an interval such as ``[0.8, 1)`` or ``(1, inf)``.

    Raises:
        FormulaSyntaxError: when the text is not an interval, or is empty or reversed.
    """
    return _parse_formula_text(normalise(text, cjk_spaces=True), "interval")  # type: ignore[return-value]
