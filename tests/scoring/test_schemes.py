"""The schemes real forms use besides the central 10/50/30/10 form (domain.md, "Other schemes seen on
real forms"): Hubei's 20/80 form without weights, transfer-payment target forms without scores,
Sichuan's 10/90 form, and a county export folded by weight shares. Every number is computed by hand
in the comment beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from selfeval_rules import Policy, load_form, load_policy, review, score

D = Decimal


def row(name: str, target: str, actual: str, reported: Any = None, **extra: Any) -> dict[str, Any]:
    data = {"level1": "产出指标", "level2": "数量指标", "name": name, "target": target, "actual": actual, **extra}
    if reported is not None:
        data["reported_score"] = reported
    return data


@pytest.fixture(scope="module")
def hubei() -> Policy:
    return load_policy("hubei-2020")


def hubei_form(*rows: dict[str, Any], groups: list[dict[str, Any]], total: Any = None) -> Any:
    # budget: A = 200 (carry-over included), B = 190: 190 / 200 = 0.95 → 20 × 0.95 = 19.00
    data = {"year": 2021, "project": "湖北示例", "budget": {"unit": "万元", "annual": 200, "executed": 190, "reported_score": 19},
            "groups": groups, "indicators": list(rows)}
    if total is not None:
        data["reported_total"] = total
    return load_form(data)


TWO_BLOCKS = [{"name": "年度绩效目标1", "points": 40}, {"name": "年度绩效目标2", "points": 40}]


def test_hubei_weights_are_inferred_where_the_arithmetic_allows(hubei: Policy) -> None:
    form = hubei_form(
        row("合格率", "≥90%", "95%", 20, group="年度绩效目标1"),        # met at full marks: weight 20
        row("培训人数", "≥100人", "120人", 20, group="年度绩效目标1"),   # met at full marks: weight 20 (20 + 20 = 40)
        row("服务效果", "定性有效", "有效", 15, group="年度绩效目标2"),   # met at full marks: weight 15
        row("活动场次", "≥50场", "40场", 20, group="年度绩效目标2", deviation="疫情影响"),  # the one below full: 40 − 15 = 25
        groups=TWO_BLOCKS, total=94,
    )
    card = score(form, hubei)
    assert card.budget.score == D("19.00")
    assert [r.weight for r in card.indicators] == [D(20), D(20), D(15), D(25)]
    assert [r.weight_source for r in card.indicators] == ["inferred"] * 4
    # 40 / 50 = 0.8 × 25 = 20.00, as printed
    assert card.indicators[3].score == D("20.00")
    # 19.00 + 20 + 20 + 15 + 20 = 94.00 → 优 (90/80/60, a convention)
    assert (card.total, card.grade.label) == (D("94.00"), "优")
    assert card.counts == {"met": 3, "not_met": 1, "not_assessable": 0}
    assert [f.code for f in review(card)] == []


def test_hubei_two_rows_below_full_marks_leave_their_weights_unknown(hubei: Policy) -> None:
    form = hubei_form(
        row("合格率", "≥90%", "95%", 20, group="年度绩效目标1"),
        row("培训人数", "≥100人", "80人", 8, group="年度绩效目标1", deviation="报名不足"),
        row("活动场次", "≥50场", "40场", 8, group="年度绩效目标1", deviation="疫情影响"),
        groups=[{"name": "年度绩效目标1", "points": 80}],
    )
    card = score(form, hubei)
    assert [r.weight_source for r in card.indicators] == ["inferred", "unknown", "unknown"]
    assert [r.status for r in card.indicators] == ["scored", "unweighted", "unweighted"]
    assert [r.outcome for r in card.indicators] == ["met", "not_met", "not_met"]
    # no total can honestly be given, and the unknown weights are said, as notes
    assert (card.total, card.grade, card.total_note) == (None, None, "weights_unknown")
    assert [(f.code, f.severity) for f in review(card)] == [("weight-unknown", "note")] * 2
    assert "无法从得分推算" in card.indicators[1].explain()


def test_hubei_a_met_row_scored_below_its_weight_is_flagged(hubei: Policy) -> None:
    # seen in practice: a met row (98% of a 98% target) scored 19.6 of 20; the heading's met rows add
    # up to 20 + 19.6 = 39.6 < 40
    form = hubei_form(
        row("合格率", "≥90%", "95%", 20, group="年度绩效目标1"),
        row("验收合格率", "≥98%", "98%", "19.6", group="年度绩效目标1"),
        groups=[{"name": "年度绩效目标1", "points": 40}, {"name": "年度绩效目标2", "points": 40}],
    )
    assert [(f.code, f.path) for f in review(score(form, hubei))] == [("met-below-weight", "$.groups[0]")]


def test_hubei_headings_that_do_not_add_up_to_the_total_are_an_error(hubei: Policy) -> None:
    # seen in practice: headings adding up to 120 under a 总分 of 100 (80 for the indicators)
    groups = [{"name": "年度绩效目标1", "points": 60}, {"name": "年度绩效目标2", "points": 60}]
    form = hubei_form(row("合格率", "≥90%", "95%", 60, group="年度绩效目标1"),
                      row("人数", "≥10人", "10人", 60, group="年度绩效目标2"), groups=groups)
    codes = [(f.code, f.severity) for f in review(score(form, hubei))]
    assert ("group-points", "error") in codes


@pytest.fixture(scope="module")
def transfer() -> Policy:
    return load_policy("transfer-targets")


def transfer_form() -> Any:
    # funds: central 80 + county 20 = 100 planned; 76 + 16 = 92 spent: 92 / 100 = 92.00%
    return load_form({
        "year": 2022, "project": "农村公路建设专项转移支付",
        "budget": {"unit": "万元", "annual": 100, "executed": 92, "reported_rate": "92.00%",
                   "breakdown": {"central": {"annual": 80, "executed": 76}, "local": {"annual": 20, "executed": 16}}},
        "indicators": [
            row("新建农村公路里程", "≥120公里", "126公里"),                          # met
            row("验收合格率", "≥95%", "90%"),                                       # not met, no reason
            row("减少水土流失面积", "≥10平方公里", "无", level1="效益指标"),           # 无: not assessable
            row("应急抢险次数", "≤3次", "0次", deviation="本年度未发生险情"),           # did not occur
        ],
    })


def test_a_transfer_form_gives_the_rate_the_outcomes_and_the_counts_and_no_total(transfer: Policy) -> None:
    card = score(transfer_form(), transfer)
    assert (card.budget.status, card.budget.rate, card.budget.score) == ("unweighted", D("0.92"), None)
    assert [r.outcome for r in card.indicators] == ["met", "not_met", "not_assessable", "not_assessable"]
    assert card.counts == {"met": 1, "not_met": 1, "not_assessable": 2}
    assert (card.total, card.grade, card.total_note) == (None, None, "outcomes")
    assert all(r.score is None for r in card.indicators)
    assert "不计分" in card.indicators[0].explain() and "gives no score" in card.indicators[0].explain("en")


def test_a_transfer_form_flags_every_unmet_row_without_a_reason_and_nothing_about_scores(transfer: Policy) -> None:
    codes = [(f.code, f.path) for f in review(score(transfer_form(), transfer))]
    assert ("unmet-no-reason", "$.indicators[1].deviation") in codes
    assert not {"unscored-form", "weights-total", "budget-unscorable", "total-differs"} & {code for code, _ in codes}


def test_sichuan_scores_the_budget_on_the_adjusted_budget_and_asks_a_reason_under_90_percent() -> None:
    sichuan = load_policy("sichuan-2023")
    form = load_form({
        "year": 2023, "project": "四川示例",
        # 年初 100, adjusted 120, spent 102: 102 / 120 = 0.85 → 10 × 0.85 = 8.50; under 90% with no reason
        "budget": {"unit": "万元", "weight": 10, "initial": 100, "annual": 120, "executed": 102, "reported_score": "8.50"},
        "indicators": [
            # ≧735人次 (split 指标性质 | 指标值 | 度量单位): 700 / 735 = 0.95238… × 45 = 42.857… → 42.86
            row("培训人次", "≧735人次", "700人次", "42.86", weight=45, deviation="部分课程合并"),
            row("群众满意度", "═100%", "100%", 45, weight=45, level1="满意度指标"),
        ],
        "reported_total": "96.36",
    })
    card = score(form, sichuan)
    assert (card.budget.rate, card.budget.score) == (D("0.85"), D("8.50"))
    # 8.50 + 42.86 + 45 = 96.36 → 优; the 权重 column adds up to 90, the budget's 10 to 100
    assert (card.total, card.grade.label) == (D("96.36"), "优")
    assert [f.code for f in review(card)] == ["budget-low-rate-no-reason"]


def test_a_county_export_checks_each_weighted_score_and_says_its_total_rule_is_unknown() -> None:
    form = load_form({
        "year": 2022, "project": "河北某县项目",
        "indicators": [
            # 得分 25 × 25% = 6.25, printed 6.25
            row("甲", "≥10次", "10次", 25, weight=25, weight_share="25%", reported_weighted_score="6.25"),
            # 得分 20 × 25% = 5.00, printed 5.50
            row("乙", "≥10次", "8次", 20, weight=25, weight_share="25%", reported_weighted_score="5.50", deviation="天气"),
        ],
    })
    card = score(form, load_policy("central-2020"))
    assert (card.total, card.total_note) == (None, "weight_shares")
    findings = [(f.code, f.path) for f in review(card)]
    assert ("weighted-score-wrong", "$.indicators[1].reported_weighted_score") in findings
    assert ("weighted-total-unknown", "$.reported_total") in findings
    assert not {"total-differs", "total-not-sum", "unscored-form"} & {code for code, _ in findings}


def test_every_blank_word_a_policy_lists_makes_its_row_not_assessable_however_long() -> None:
    # a policy listing a blank actual longer than eight characters (本年度未开展此项工作, 10): a row
    # whose whole actual is that word, with a full stop, cannot be said met or not met
    longer = load_policy({"extends": "transfer-targets", "name": "longer-blank",
                          "assessable": {"blank_actuals": ["无", "本年度未开展此项工作"], "source": "practice"}})
    form = load_form({"year": 2022, "project": "示例", "indicators": [
        row("宣传活动场次", "≥4场", "本年度未开展此项工作。"),
        row("宣传覆盖人数", "≥100人", "120人"),
    ]})
    assert [r.outcome for r in score(form, longer).indicators] == ["not_assessable", "met"]
