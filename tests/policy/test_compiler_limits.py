"""What a policy may not contain, refused when it loads so that `validate` never accepts a policy
that cannot score: formulas too deep or too large, name patterns that backtrack catastrophically."""

from __future__ import annotations

import time
from typing import Any

import pytest

from selfeval_rules import load_policy
from selfeval_rules.errors import FormulaSyntaxError, PolicyError
from selfeval_rules.language import parse_formula


def child(**rule: Any) -> dict[str, Any]:
    return {"extends": "central-2020", "name": "limits", "title": "边界", "version": "1",
            "rules": [{"id": "custom", "when": {"kind": "comparison"}, "met": "full", "unmet": "ratio", **rule}]}


def test_a_formula_of_a_thousand_chained_products_is_refused_at_parse() -> None:
    with pytest.raises(FormulaSyntaxError) as caught:
        parse_formula("weight" + " * 1" * 1000)
    assert caught.value.code == "formula.too_complex"


def test_a_formula_of_thirty_levels_still_parses_and_evaluates() -> None:
    from decimal import Decimal

    formula = parse_formula("weight" + " * 1" * 30)
    assert formula({"weight": Decimal(5)}) == Decimal(5)


def test_a_policy_with_a_too_complex_formula_is_refused_and_names_it() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(child(unmet={"score": "weight" + " * 1" * 1000}))
    assert any("公式过于复杂" in p.message and p.path == "$.rules[0].unmet.score" for p in caught.value.problems)


@pytest.mark.parametrize("pattern", ["^(a+)+$", "(a|aa)*b", "(x)\\1", "(\\w*)*", "a" * 201])
def test_a_name_pattern_that_could_backtrack_is_refused(pattern: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(child(when={"kind": "comparison", "name": pattern}))
    assert any(p.path == "$.rules[0].when.name" and "耗时极长" in p.message for p in caught.value.problems)


def test_a_safe_name_pattern_matches_fast_on_a_long_name() -> None:
    policy = load_policy(child(when={"kind": "comparison", "name": "^培训.*人数$"}))
    started = time.perf_counter()
    assert policy.rules[0].when.name.search("培训" + "a" * 5000 + "人") is None
    assert time.perf_counter() - started < 0.5
