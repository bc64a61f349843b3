"""The compiled checker says exactly what jsonschema says, on every document a reader returns.

jsonschema is the reference: it explains what is wrong. The compiled checker only decides, quickly,
that nothing is; if the two ever disagreed, a valid form would be refused or an invalid one scored.
The documents compared are the example forms, the finding fixtures and the bundled policies, and
hypothesis's mutations of them (a key dropped, renamed or added, a value replaced by another of
any JSON type).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfeval_rules import _shipped
from selfeval_rules.io import _schemas, read_file, read_text
from selfeval_rules.io._documents import MAX_STRING, Number

ROOT = Path(__file__).resolve().parents[2]
FORM_FILES = sorted((ROOT / "examples" / "forms").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures" / "findings").glob("*.yaml"))
POLICIES = [read_text(_shipped.read("policies", f"{name}.yaml"), name).data for name in _shipped.names("policies", ".yaml")]
FORMS = [read_file(path).data for path in FORM_FILES]


def jsonschema_says(name: str, data: Any) -> bool:
    return not any(True for _ in _schemas.validator(name).iter_errors(data))


def test_the_compiler_knows_every_keyword_of_the_shipped_schemas() -> None:
    for name in _schemas.SCHEMAS:
        _schemas._Compiler().ref(name, "#")  # raises on a keyword it does not know


def test_the_compiler_refuses_a_keyword_it_does_not_know() -> None:
    with pytest.raises(NotImplementedError, match="patternProperties"):
        _schemas._Compiler().compile({"type": "object", "patternProperties": {"^x": {}}}, "form")


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_example_form_is_valid_to_both(path: Path) -> None:
    data = read_file(path).data

    assert _schemas.is_valid("form", data) == jsonschema_says("form", data)


@pytest.mark.parametrize("index", range(len(POLICIES)))
def test_every_bundled_policy_agrees(index: int) -> None:
    data = POLICIES[index]

    assert _schemas.is_valid("policy", data) == jsonschema_says("policy", data)


# --- mutations -----------------------------------------------------------------------------------

KEYS = ["name", "weight", "weigth", "target", "actual", "project", "indicators", "budget", "unit", "rules", "id", "when",
        "met", "unmet", "share", "score", "grade", "on", "bands", "band", "default", "kind", "level1", "sources", "min",
        "places", "mode", "year", "reported_rate", "annual", "applicable", "effective", "from", "to", "examples", "row", "expect"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**14), max_value=10**14),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=3, allow_nan=False).map(Number),
    st.sampled_from(["", " ", "  ", "元", "万元", "美元", "优", "甲", "ratio", "full", "zero", "half", "met", "partly", "not_met",
                     "comparison", "deadline", "half-up", "ge", "97.06%", "97.06％", " 85 % ", "215,457.6", "1234,567", "-66.2",
                     "66.2万", "[0, 1)", "(0.8, 1]", "(1, inf)", "[1, ∞)", "weight * ratio", "≥90%", "Output Rule", "child", "x" * 40]),
    st.text(max_size=12),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)),
                      max_leaves=8)


@st.composite
def mutated(draw: st.DrawFn, documents: list[Any]) -> Any:
    """A document with one to three changes somewhere inside it."""
    document = json.loads(json.dumps(draw(st.sampled_from(documents)), default=str), parse_float=Number, parse_int=int)
    for _ in range(draw(st.integers(1, 3))):
        node, parent, key = document, None, None
        for _ in range(draw(st.integers(0, 6))):  # walk down a few steps
            if isinstance(node, dict) and node:
                parent, key = node, draw(st.sampled_from(sorted(node)))
            elif isinstance(node, list) and node:
                parent, key = node, draw(st.integers(0, len(node) - 1))
            else:
                break
            node = parent[key]
        action = draw(st.sampled_from(["replace", "drop", "add", "rename"]))
        if parent is None:
            continue
        if action == "replace":
            parent[key] = draw(values)
        elif action == "drop":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = parent.pop(key)
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(FORMS))
def test_the_checker_and_jsonschema_agree_on_mutated_forms(document: Any) -> None:
    assert _schemas.is_valid("form", document) == jsonschema_says("form", document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(POLICIES))
def test_the_checker_and_jsonschema_agree_on_mutated_policies(document: Any) -> None:
    assert _schemas.is_valid("policy", document) == jsonschema_says("policy", document)


@settings(max_examples=200, deadline=None)
@given(values)
def test_the_checker_and_jsonschema_agree_on_anything_at_all(document: Any) -> None:
    for name in _schemas.SCHEMAS:
        assert _schemas.is_valid(name, document) == jsonschema_says(name, document)


# --- what the checker refuses that jsonschema would take -------------------------------------------

BEYOND_THE_SCHEMA = [
    pytest.param(0.5, id="a-float"),  # converted to a Number by from_mapping first
    pytest.param(10**15, id="an-int-out-of-range"),
    pytest.param(Decimal("1e-40"), id="a-decimal-with-too-many-places"),
    pytest.param(Decimal("NaN"), id="a-decimal-nan"),
]


@pytest.mark.parametrize("weight", BEYOND_THE_SCHEMA)
def test_the_checker_sends_what_needs_converting_or_naming_to_the_slow_path(weight: Any) -> None:
    assert not _schemas.is_valid("form", {"project": "示例", "indicators": [{"name": "人数", "weight": weight}]})


def test_the_checker_refuses_text_longer_than_the_limit() -> None:
    assert not _schemas.is_valid("form", {"project": "示" * (MAX_STRING + 1), "indicators": []})
    assert _schemas.is_valid("form", {"project": "示" * MAX_STRING, "indicators": []})
