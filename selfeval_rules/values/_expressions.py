"""The policy expression language: formulas evaluated in Decimal, and intervals.

A formula is parsed (by `selfeval_rules.language`) into closures built here; nothing is ever handed
to Python's eval. Names are checked against the context when a policy loads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow

import attrs

from ..errors import FormulaError
from ._numbers import CONTEXT

Env = Mapping[str, Decimal]
Evaluate = Callable[[Env], Decimal]


def _clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(value, high))


# name → (function, number of arguments or None for one or more)
FUNCTIONS: dict[str, tuple[Callable[..., Decimal], int | None]] = {
    "min": (lambda *values: min(values), None),
    "max": (lambda *values: max(values), None),
    "abs": (abs, 1),
    "clamp": (_clamp, 3),
}

BINARY: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "add": CONTEXT.add,
    "sub": CONTEXT.subtract,
    "mul": CONTEXT.multiply,
    "div": lambda a, b: _divide(a, b),
}


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator == 0:  # 0/0 included: a division by zero, whatever the numerator
        raise ZeroDivisionError
    return CONTEXT.divide(numerator, denominator)


# A formula deeper or larger than this is refused when its policy loads: evaluation nests one call
# per level, and what `policy validate` accepts must always score.
MAX_DEPTH = 32
MAX_SIZE = 256


@attrs.frozen
class Node:
    """A compiled piece of a formula: the names it reads, how to evaluate it, its depth and size."""

    names: frozenset[str]
    evaluate: Evaluate = attrs.field(eq=False, repr=False)
    depth: int = 1
    size: int = 1


def _over(*parts: Node) -> tuple[int, int]:
    return 1 + max((p.depth for p in parts), default=0), 1 + sum(p.size for p in parts)


def number(value: Decimal) -> Node:
    return Node(frozenset(), lambda env: value)


def name(identifier: str) -> Node:
    def read(env: Env) -> Decimal:
        try:
            return env[identifier]
        except KeyError:
            raise _Missing(identifier) from None

    return Node(frozenset({identifier}), read)


def binary(op: str, left: Node, right: Node) -> Node:
    apply, lhs, rhs = BINARY[op], left.evaluate, right.evaluate
    return Node(left.names | right.names, lambda env: apply(lhs(env), rhs(env)), *_over(left, right))


def negate(inner: Node) -> Node:
    evaluate = inner.evaluate
    return Node(inner.names, lambda env: CONTEXT.minus(evaluate(env)), *_over(inner))


def call(function: str, args: list[Node]) -> Node:
    """A call of a known function; the caller has checked the name and the arity."""
    apply = FUNCTIONS[function][0]
    evaluators = [a.evaluate for a in args]
    names = frozenset().union(*(a.names for a in args))
    return Node(names, lambda env: apply(*(e(env) for e in evaluators)), *_over(*args))


class _Missing(Exception):
    def __init__(self, identifier: str) -> None:
        super().__init__(identifier)
        self.identifier = identifier


@attrs.frozen
class Formula:
    """A parsed formula, e.g. ``weight * min(rate, 1)``; call it with the values of its names.

    >>> from selfeval_rules.language import parse_formula
    >>> f = parse_formula("weight * min(rate, 1)")
    >>> sorted(f.names), f({"weight": Decimal(10), "rate": Decimal("0.9706")})
    (['rate', 'weight'], Decimal('9.7060'))
    """

    text: str
    node: Node = attrs.field(repr=False)

    @property
    def names(self) -> frozenset[str]:
        return self.node.names

    @classmethod
    def constant(cls, value: Decimal) -> Formula:
        """A formula that is just a number."""
        return cls(f"{value:f}", number(value))

    def __call__(self, env: Env) -> Decimal:
        """Evaluate in Decimal.

        Raises:
            FormulaError: on a division by zero or a name that has no value in `env`.
        """
        try:
            return self.node.evaluate(env)
        except (ZeroDivisionError, DivisionByZero):
            raise FormulaError(self.text, "formula.division_by_zero") from None
        except (InvalidOperation, Overflow):
            raise FormulaError(self.text, "formula.out_of_range") from None
        except _Missing as missing:
            raise FormulaError(self.text, "formula.missing_value", {"name": missing.identifier}) from None

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Interval:
    """An interval of numbers; None stands for infinity.

    >>> from selfeval_rules.language import parse_interval
    >>> band = parse_interval("[0.6, 0.8)")
    >>> band.contains(Decimal("0.6")), band.contains(Decimal("0.8"))
    (True, False)
    """

    low: Decimal | None
    high: Decimal | None
    low_closed: bool = True
    high_closed: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        if self.high is not None and (value > self.high or (value == self.high and not self.high_closed)):
            return False
        return True

    def __str__(self) -> str:
        low = "-inf" if self.low is None else f"{self.low:f}"
        high = "inf" if self.high is None else f"{self.high:f}"
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def coverage_problems(intervals: list[Interval], domain: Interval) -> list[tuple[str, str]]:
    """Gaps and overlaps of `intervals` within `domain`, as (kind, at) pairs; [] when they tile it.

    >>> from selfeval_rules.language import parse_interval as iv
    >>> coverage_problems([iv("[0, 0.6)"), iv("[0.6, 0.8)"), iv("[0.8, 1]")], iv("[0, 1]"))
    []
    >>> coverage_problems([iv("[0, 0.6]"), iv("[0.6, 1]")], iv("[0, 1]"))
    [('overlap', '0.6')]
    >>> coverage_problems([iv("(0, 1]"), iv("(2, inf)")], iv("(0, inf)"))
    [('gap', '1')]
    """
    problems: list[tuple[str, str]] = []
    # The first point not yet covered, and whether that point itself still needs covering.
    need: Decimal | None = domain.low
    need_point = domain.low_closed
    done = False

    def start_key(interval: Interval) -> tuple[bool, Decimal, bool]:
        return (interval.low is not None, interval.low or Decimal(0), not interval.low_closed)

    for index, interval in enumerate(sorted(intervals, key=start_key)):
        if done:
            problems.append(("overlap", _point(interval.low)))
            continue
        low = interval.low
        if index == 0:
            # the first band may start at or below the domain's start, not after it
            if low is not None and need is not None and (low > need or (low == need and need_point and not interval.low_closed)):
                problems.append(("gap", _point(need)))
        elif low is None or (need is not None and (low < need or (low == need and interval.low_closed and not need_point))):
            problems.append(("overlap", _point(low if low is not None else need)))
        elif need is None or low > need or (low == need and need_point and not interval.low_closed):
            problems.append(("gap", _point(need)))
        if interval.high is None:
            done = True
        elif need is None or interval.high > need or (interval.high == need and interval.high_closed):
            need, need_point = interval.high, not interval.high_closed
    if not done and need is not None:
        high = domain.high
        if high is None or need < high or (need == high and need_point and domain.high_closed):
            problems.append(("gap", _point(need)))
    return problems


def _point(value: Decimal | None) -> str:
    return "inf" if value is None else f"{value:f}"
