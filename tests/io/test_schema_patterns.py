"""Every pattern of the shipped schemas runs in linear time, and the rewritten ones accept what the old ones did.

A pattern with two overlapping `\\s*` runs (the old reported_rate pattern) tries every way of
splitting a run of spaces between them: 60,000 spaces took 12 seconds. The patterns are collected
from the schemas, so that a pattern added later is held to the same bound.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfeval_rules.io import schema
from selfeval_rules.io._documents import MAX_STRING


def patterns(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            else:
                found |= patterns(value)
    elif isinstance(node, list):
        for item in node:
            found |= patterns(item)
    return found


PATTERNS = sorted(patterns(schema("form")) | patterns(schema("policy")))
# Characters the patterns care about, and some they do not.
ALPHABET = [" ", "\t", "1", ",", ".", "%", "％", "[", "(", "]", "-", "a", "∞", "x"]


def test_the_schemas_have_patterns_to_check() -> None:
    assert len(PATTERNS) >= 4


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_is_linear_on_long_hostile_strings(pattern: str) -> None:
    search = re.compile(pattern).search
    n = 2 * MAX_STRING  # longer than any string a document may hold
    slowest = 0.0
    for first, second in itertools.product(ALPHABET, repeat=2):
        for tail in ("", "x", "%x"):
            text = first * n + second * n + tail
            start = time.perf_counter()
            search(text)
            slowest = max(slowest, time.perf_counter() - start)
    # linear: well under a millisecond each; the old rate pattern took about 2 s on 20,000 spaces after a digit
    assert slowest < 0.5


# The patterns as they were, and as they are: they must accept the same texts.
OLD_AMOUNT = r"^\s*[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?\s*$|^\s*[0-9]+(\.[0-9]+)?\s*$"
OLD_RATE = r"^\s*[0-9]+(\.[0-9]+)?\s*[%％]?\s*$"


def defined(name: str) -> str:
    return next(alt["pattern"] for alt in schema("form")["$defs"][name]["anyOf"] if "pattern" in alt)


texts = st.text(alphabet=" \t\n12,.%％x", max_size=14)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_the_amount_pattern_accepts_what_it_did(text: str) -> None:
    assert bool(re.search(defined("amount"), text)) == bool(re.search(OLD_AMOUNT, text))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_the_rate_pattern_accepts_what_it_did(text: str) -> None:
    assert bool(re.search(defined("rate"), text)) == bool(re.search(OLD_RATE, text))


@pytest.mark.parametrize("text", ["215,457.6", "1,234,567", " 66.2 ", "66.200000", "1234", "0.5"])
def test_the_amount_pattern_takes_printed_amounts(text: str) -> None:
    assert re.search(defined("amount"), text)


@pytest.mark.parametrize("text", ["1234,567", "-66.2", "66.2万", "1,23", ".5", "1.", ""])
def test_the_amount_pattern_refuses_what_is_not_an_amount(text: str) -> None:
    assert not re.search(defined("amount"), text)


@pytest.mark.parametrize("text", ["97.06%", "99.98％", "100%", " 85 % ", "97.06", "97 %  "])
def test_the_rate_pattern_takes_printed_rates(text: str) -> None:
    assert re.search(defined("rate"), text)
