"""The boundaries where a score or a finding changes, each with its hand computation.

Every number below is computed by hand in the comment next to it; a change of rounding mode, of
an inclusive bound or of the amount a rate divides by makes one of these fail.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest

from selfeval_rules import Policy, load_form, load_policy, review, score

D = Decimal


@pytest.fixture(scope="module")
def central() -> Policy:
    return load_policy("central-2020")


def form(*rows: dict[str, Any], budget: dict[str, Any] | None = None, **extra: Any) -> Any:
    return load_form({"year": 2023, "project": "边界", "budget": budget or {"weight": 10, "annual": 100, "executed": 100},
                      "indicators": list(rows), **extra})


def row(target: str, actual: str, weight: int | str, **extra: Any) -> dict[str, Any]:
    return {"level1": "产出指标", "level2": "数量指标", "name": "指标", "target": target, "actual": actual, "weight": weight, **extra}


def codes(card: Any) -> list[str]:
    return [f.code for f in review(card)]


def test_a_tie_at_the_third_decimal_rounds_half_up(central: Policy) -> None:
    # 901 / 1000 = 0.901; 0.901 × 5 = 4.505 → half-up 4.51 (half-even would give 4.50)
    card = score(form(row("≥1000人", "901人", 5)), central)
    assert card.indicators[0].score == D("4.51")


def test_the_budget_rate_divides_by_the_annual_budget_not_the_initial_one(central: Policy) -> None:
    # A = 全年预算数 80 (年初预算数 100): 72 / 80 = 0.9 → 10 × 0.9 = 9.00 (72 / 100 would give 7.20)
    card = score(form(row("≥1人", "1人", 90), budget={"weight": 10, "initial": 100, "annual": 80, "executed": 72}), central)
    assert (card.budget.rate, card.budget.score) == (D("0.9"), D("9.00"))


def test_a_total_of_exactly_90_is_graded_excellent(central: Policy) -> None:
    # budget 100 / 100 → 10.00; 80 / 90 × 90 = 80.00; total 90.00 ≥ 90 → 优
    card = score(form(row("≥90人", "80人", 90)), central)
    assert (card.total, card.grade.label) == (D("90.00"), "优")


def test_a_total_just_below_90_is_graded_good(central: Policy) -> None:
    # 7999 / 9000 × 90 = 79.99 exactly; total 10.00 + 79.99 = 89.99 < 90 → 良
    card = score(form(row("≥9000人", "7999人", 90)), central)
    assert (card.total, card.grade.label) == (D("89.99"), "良")


def test_over_achievement_is_flagged_at_exactly_the_threshold_for_a_positive_target(central: Policy) -> None:
    # 13 / 10 = 1.3 ≥ 1.3 (the policy's threshold), full marks printed, no reason
    card = score(form(row("≥10次", "13次", 90, reported_score=90), reported_total=100), central)
    assert "over-achievement-unexplained" in codes(card)


def test_over_achievement_is_not_flagged_for_a_reverse_target(central: Policy) -> None:
    # ≤10万元 with 7万元: met; A/B = 10 / 7 = 1.43 ≥ 1.3, but a cost under budget is not over-achievement
    card = score(form(row("≤10万元", "7万元", 90, reported_score=90), reported_total=100), central)
    assert card.indicators[0].ratio > D("1.3")
    assert "over-achievement-unexplained" not in codes(card)


def test_a_weight_of_exactly_half_is_not_concentration(central: Policy) -> None:
    # 45 / 90 = 0.5, not more than the policy's share 0.5
    card = score(form(row("≥1人", "1人", 45), row("≥1次", "1次", 45)), central)
    assert "weight-concentration" not in codes(card)


def test_a_weight_just_over_half_is_concentration(central: Policy) -> None:
    # 46 / 90 = 0.511 > 0.5
    card = score(form(row("≥1人", "1人", 46), row("≥1次", "1次", 44)), central)
    assert codes(card).count("weight-concentration") == 1


@pytest.mark.parametrize(("printed", "flagged"), [("86.19%", False), ("86.18%", True)])
def test_a_printed_rate_at_an_exact_tie_rounds_half_up(printed: str, flagged: bool, central: Policy) -> None:
    # 86185 / 100000 = 0.86185 exactly → 86.185% → half-up to 2 places: 86.19% (86.18% is wrong)
    budget = {"weight": 10, "annual": 100000, "executed": 86185, "reported_rate": printed}
    card = score(form(row("≥1人", "1人", 90), budget=budget), central)
    assert ("budget-rate-printed" in codes(card)) is flagged


def test_scores_do_not_depend_on_the_callers_decimal_context(central: Policy) -> None:
    seed = form(row("≥1000人", "901人", 5), row("≤258.2万元", "300万元", 85))
    expected = score(seed, central)
    with decimal.localcontext() as context:
        context.prec, context.rounding = 3, decimal.ROUND_DOWN
        assert score(seed, central) == expected
        # 258.2 / 300 = 0.860666… × 85 = 73.1566… → 73.16
        assert score(seed, central).indicators[1].score == D("73.16")


def test_a_strict_target_met_exactly_at_its_bound_is_unmet_and_flagged(central: Policy) -> None:
    # >90% with 90%: not met; B/A = 1 → 1 × 10 = 10.00, full marks on an unmet row
    card = score(form(row(">90%", "90%", 10)), central)
    assert (card.indicators[0].met, card.indicators[0].score) == (False, D("10.00"))
    assert "unmet-scored-full" in codes(card)
