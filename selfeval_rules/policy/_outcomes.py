"""Outcomes: how a row that matched a rule scores, met or not.

An outcome is a share of the weight (`full`, `zero`, `ratio`, or a formula), points from a formula,
a qualitative grade, or a band table read on the ratio or the delay. Each way of writing one in a
policy is a method of the compiler's table (`selfeval_rules.policy._compiler.METHODS`), against
which a test checks the policy schema.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

import attrs

from ..values import Formula, Interval


@attrs.frozen
class Share:
    """A share of the weight (1 = full marks), possibly a formula such as `ratio`."""

    formula: Formula
    label: str | None = None


@attrs.frozen
class Points:
    """A score in points, from a formula; clamped to [0, weight]."""

    formula: Formula


@attrs.frozen
class Graded:
    """Score as a qualitative grade: its band, its default share, and the keep-reported rule."""

    grade: str


@attrs.frozen
class Band:
    """One band of a table: values inside `interval` score by `outcome`."""

    interval: Interval
    outcome: Share | Points | Graded


@attrs.frozen
class Banded:
    """A band table read on the ratio or on the delay."""

    on: str
    bands: tuple[Band, ...]

    def band_for(self, value: Decimal) -> Band | None:
        for band in self.bands:
            if band.interval.contains(value):
                return band
        return None


Outcome = Union[Share, Points, Graded, Banded]
FULL = Share(Formula.constant(Decimal(1)), "full")
ZERO = Share(Formula.constant(Decimal(0)), "zero")
