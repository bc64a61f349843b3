"""The engine: seed forms reproduce their printed scores, single rows score as computed by hand."""

from __future__ import annotations

import concurrent.futures
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from selfeval_rules import Form, Policy, Scorecard, load_form, load_policy, review, score
from selfeval_rules.reports import scorecard_document
from selfeval_rules.scoring import BudgetScore, RowScore

FORMS = Path(__file__).resolve().parents[2] / "examples" / "forms"
SEED_000 = FORMS / "000_emergency_volunteers.yaml"
SEED_004 = FORMS / "004_legal_training.yaml"
POLICIES = ("beijing", "central-2020")
CJK = re.compile(r"[\u4e00-\u9fff]")

D = Decimal


def one_row(target: Any, actual: Any, *, weight: Any = 10, policy: str | Policy = "central-2020", year: int | None = 2023, **fields: Any) -> RowScore:
    """Score a form holding one indicator row and no budget, and return that row."""
    row = {"name": "指标", "target": target, "actual": actual, "weight": weight, **fields}
    form = load_form({"project": "单行测试", "year": year, "indicators": [row]})
    return score(form, policy if isinstance(policy, Policy) else load_policy(policy)).indicators[0]


def a_form(*rows: dict[str, Any], budget: dict[str, Any] | None = None) -> Any:
    data: dict[str, Any] = {"project": "测试项目", "year": 2023, "indicators": [{"name": f"指标{i + 1}", **row} for i, row in enumerate(rows)]}
    if budget is not None:
        data["budget"] = budget
    return load_form(data)


# --- golden: the two seed forms ---------------------------------------------------------------

# The printed values of seed 000 (北京市应急志愿者队伍建设服务, 2023), copied from the form:
# (row name, printed 得分). Budget 10.00 (258.16 / 258.2 = 99.98%), total 96.00.
SEED_000_ROWS = (
    ("制作线上培训视频", "5.00"),
    ("开展应急志愿服务实践活动宣传品", "5.00"),
    ("培训应急志愿者人数", "5.00"),
    ("组织应急志愿服务科普宣教实践活动", "5.00"),
    ("开展应急志愿者队伍共训共练活动", "5.00"),
    ("应急志愿服务活动宣传报道", "5.00"),
    ("分类分级团标实用性测评", "5.00"),
    ("应急志愿者培训结业考核合格率", "5.00"),
    ("制定方案，通知发布", "5.00"),
    ("完成公开招标，开始实施", "3.00"),  # deadline 2023年5月底前, done 2023年6月
    ("全部执行完毕，组织验收", "3.00"),  # deadline 2023年11月底前, done 2023年12月
    ("项目执行总经费", "5.00"),
    ("对于应急志愿者队伍建设的效益好评率", "5.00"),
    ("对于应急队伍体系完善的效益好评率", "5.00"),
    ("对于城市安全运行的效益好评率", "10.00"),
    ("应急志愿服务科普宣教实践活动满意度", "5.00"),
    ("培训班骨干集训满意度", "5.00"),
)
SEED_000_BUDGET, SEED_000_TOTAL = D("10.00"), D("96.00")

# The printed values of seed 004 (法治培训服务, 2023), copied from the form. Budget:
# 64.253 / 66.2 = 0.970589… × 10 = 9.7059 → 9.71 (half-up); total 95.71.
SEED_004_ROWS = (
    ("执法资格培训参训人数", "5.00"),
    ("会前学法、法治讲座培训次数", "10.00"),
    ("专兼职法制员培训", "5.00"),
    ("安全生产执法人员复训", "5.00"),
    ("会前学法", "5.00"),
    ("执法资格培训通过率", "5.00"),
    ("安全生产执法人员复训", "5.00"),
    ("专兼职法制员培训", "5.00"),
    ("各项培训完成时间", "5.00"),
    ("费用", "10.00"),
    ("安全生产执法人员复训", "3.00"),  # qualitative, deviation 「项目效益仍有提升空间。」
    ("会前学法", "5.00"),
    ("执法资格培训", "5.00"),
    ("专兼职法制员培训", "3.00"),  # qualitative, actual 「有效提高…」, same deviation
    ("参加考核的培训人员", "10.00"),
)
SEED_004_BUDGET, SEED_004_TOTAL = D("9.71"), D("95.71")

SEEDS = [
    pytest.param(SEED_000, SEED_000_ROWS, SEED_000_BUDGET, SEED_000_TOTAL, id="000-emergency-volunteers"),
    pytest.param(SEED_004, SEED_004_ROWS, SEED_004_BUDGET, SEED_004_TOTAL, id="004-legal-training"),
]


# The totals are the same under central-2020: there the late deadlines are "partly met", and the
# reported 3/5 = 0.6 lies in the partly band [0.6, 0.8), so it is kept.
@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("path", "rows", "budget", "total"), SEEDS)
def test_seed_form_reproduces_every_printed_score(path: Path, rows: tuple, budget: Decimal, total: Decimal, policy: str) -> None:
    card = score(load_form(path), load_policy(policy))
    assert [(r.indicator.name, r.score) for r in card.indicators] == [(name, D(printed)) for name, printed in rows]
    assert all(r.status == "scored" for r in card.indicators)
    assert card.budget.score == budget
    assert card.total == total == card.reported_total
    assert card.grade is not None and card.grade.label == "优"
    assert card.complete


def test_seed_004_budget_rate_is_executed_over_annual() -> None:
    card = score(load_form(SEED_004), load_policy("beijing"))
    # 64.253 / 66.2 = 0.97058912…
    assert card.budget.rate is not None and card.budget.rate.quantize(D("0.000001")) == D("0.970589")


def test_seed_000_late_deadlines_score_by_beijings_one_month_band() -> None:
    card = score(load_form(SEED_000), load_policy("beijing"))
    late = [card.indicators[9], card.indicators[10]]
    assert [(r.delay.days, r.delay.months) for r in late if r.delay] == [(30, 1), (31, 1)]
    assert [r.share for r in late] == [D("0.6"), D("0.6")]
    assert [r.grade for r in late] == [None, None]


def test_seed_000_late_deadlines_keep_the_reported_score_under_central() -> None:
    card = score(load_form(SEED_000), load_policy("central-2020"))
    late = [card.indicators[9], card.indicators[10]]
    assert [(r.grade, r.kept, r.score) for r in late] == [("partly", True, D("3.00"))] * 2


@pytest.mark.parametrize("policy", POLICIES)
def test_seed_004_qualitative_rows_are_partly_met_and_keep_their_reported_score(policy: str) -> None:
    card = score(load_form(SEED_004), load_policy(policy))
    rows = [card.indicators[10], card.indicators[13]]
    assert [(r.grade, r.kept, r.score) for r in rows] == [("partly", True, D("3.00"))] * 2
    assert all(("partly", "deviation", "仍有提升空间") in r.evidence for r in rows)


# --- single rows, scored by hand --------------------------------------------------------------

QUANTITATIVE = [
    # 85 / 90 = 0.9444… × 10 = 9.444 → 9.44
    pytest.param("≥90%", "85%", D("9.44"), False, id="at-least-short-scores-B/A"),
    pytest.param("≥90%", "90%", D("10.00"), True, id="at-least-met-scores-full"),
    # reverse, exceeded: 258.2 / 300 = 0.86066… × 10 = 8.6066 → 8.61
    pytest.param("≤258.2万元", "300万元", D("8.61"), False, id="at-most-exceeded-scores-A/B"),
    pytest.param("≤258.2万元", "258.16万元", D("10.00"), True, id="at-most-met-scores-full"),
    # =740人 is read as at least 740 (equal_targets: at_least): 747 is over, not short
    pytest.param("=740人", "747人", D("10.00"), True, id="equal-over-achieved-scores-full"),
    # 23 / 24 = 0.9583… × 10 → 9.58
    pytest.param("=24期", "23期", D("9.58"), False, id="equal-short-scores-B/A"),
    pytest.param("=0", "0", D("10.00"), True, id="equal-zero-met-by-zero"),
    pytest.param("=0", "1", D("0.00"), False, id="equal-zero-missed-by-one"),
    pytest.param("90%-100%", "95%", D("10.00"), True, id="range-inside"),
    # below: 81 / 90 = 0.9 × 10 = 9.00
    pytest.param("90%-100%", "81%", D("9.00"), False, id="range-below-scores-B/low"),
    # above: 100 / 110 = 0.90909… × 10 = 9.0909 → 9.09
    pytest.param("90%-100%", "110%", D("9.09"), False, id="range-above-scores-high/B"),
    # a bare number is read in the target's unit: 735 → 735人次
    pytest.param("≧735人次", "735", D("10.00"), True, id="actual-without-unit-text"),
    pytest.param("≧735人次", 735, D("10.00"), True, id="actual-without-unit-number"),
    # 300 read as 300万元: 258.2 / 300 × 10 → 8.61
    pytest.param("≤258.2万元", "300", D("8.61"), False, id="reverse-actual-without-unit"),
    # the copied ≥ is ignored: 266米 against ≥266米 is met; 200 / 266 = 0.75187… × 10 → 7.52
    pytest.param("≥266米", "≥266米", D("10.00"), True, id="copied-operator-met"),
    pytest.param("≥266米", "≥200米", D("7.52"), False, id="copied-operator-short"),
    # 200,000 / 215,457.6 = 0.92825… × 10 = 9.2826 → 9.28
    pytest.param("≥215,457.6元", "200,000元", D("9.28"), False, id="thousands-separators"),
    # units convert: 2.582万元 = 25,820元 ≤ 30,000元
    pytest.param("≤3万元", "25820元", D("10.00"), True, id="reverse-across-money-units"),
]


@pytest.mark.parametrize(("target", "actual", "expected", "met"), QUANTITATIVE)
def test_quantitative_row_scores_as_computed_by_hand(target: str, actual: Any, expected: Decimal, met: bool) -> None:
    row = one_row(target, actual)
    assert (row.status, row.score, row.met) == ("scored", expected, met)


def test_copied_operator_on_an_actual_is_scored_as_its_quantity() -> None:
    row = one_row("≥266米", "≥266米")
    assert row.actual is not None and row.actual.kind == "quantity"
    assert (row.actual.value, row.actual.unit.symbol, row.actual.mark.value) == (D("266"), "米", "ge")  # type: ignore[union-attr]


DEADLINES = [
    pytest.param("beijing", "2023年5月底前", "2023年4月", {}, D("5.00"), None, id="beijing-early"),
    pytest.param("beijing", "2023年5月底前", "2023年5月31日", {}, D("5.00"), None, id="beijing-on-the-last-day"),
    pytest.param("beijing", "2023年5月底前", "2023年5月底前", {}, D("5.00"), None, id="beijing-restated-deadline"),
    # 1 day late is within a month: 5 × 0.6 = 3.00
    pytest.param("beijing", "2023年5月31日", "2023年6月1日", {}, D("3.00"), None, id="beijing-one-day-late"),
    # 15 days late: 5 × 0.6 = 3.00
    pytest.param("beijing", "2023年5月底前", "2023年6月15日", {}, D("3.00"), None, id="beijing-days-late"),
    # 2023年6月 means its last day: 30 days, 1 month late → 5 × 0.6 = 3.00 (seed 000)
    pytest.param("beijing", "2023年5月底前", "2023年6月", {}, D("3.00"), None, id="beijing-one-month-late"),
    # 2 months late → not met, default share 0.3: 5 × 0.3 = 1.50
    pytest.param("beijing", "2023年5月底前", "2023年7月", {}, D("1.50"), "not_met", id="beijing-two-months-late"),
    # not met with a reported 2.50: 2.5 / 5 = 0.5 lies in [0, 0.6) → kept
    pytest.param("beijing", "2023年5月底前", "2023年7月", {"reported_score": 2.5}, D("2.50"), "not_met", id="beijing-two-months-late-kept"),
    # a month target means the month's end: 2023年12月 → 2024年1月 is 31 days, 1 month late → 3.00
    pytest.param("beijing", "2023年12月", "2024年1月", {}, D("3.00"), None, id="beijing-month-target"),
    pytest.param("central-2020", "2023年5月底前", "2023年5月", {}, D("5.00"), None, id="central-on-time"),
    # late → partly met, default share 0.7: 5 × 0.7 = 3.50
    pytest.param("central-2020", "2023年5月底前", "2023年6月", {}, D("3.50"), "partly", id="central-late-default"),
    # reported 3 / 5 = 0.6 lies in the partly band [0.6, 0.8) → kept
    pytest.param("central-2020", "2023年5月底前", "2023年6月", {"reported_score": 3}, D("3.00"), "partly", id="central-late-reported-kept"),
    # reported 5 / 5 = 1.0 lies outside [0.6, 0.8) → default 0.7 → 3.50
    pytest.param("central-2020", "2023年5月底前", "2023年6月", {"reported_score": 5}, D("3.50"), "partly", id="central-late-reported-outside"),
]


@pytest.mark.parametrize(("policy", "target", "actual", "fields", "expected", "grade"), DEADLINES)
def test_deadline_row_scores_as_computed_by_hand(policy: str, target: str, actual: str, fields: dict, expected: Decimal, grade: str | None) -> None:
    row = one_row(target, actual, weight=5, policy=policy, **fields)
    assert (row.status, row.score, row.grade) == ("scored", expected, grade)


QUALITATIVE = [
    # met (band [0.8, 1], default 1.0): 9 / 10 = 0.9 inside → kept
    pytest.param("central-2020", "达成年度目标", None, 9, D("9.00"), "met", True, id="met-via-dacheng-kept"),
    # 7 / 10 = 0.7 outside [0.8, 1] → default 1.0 → 10.00
    pytest.param("central-2020", "合格", None, 7, D("10.00"), "met", False, id="met-via-hege-outside-band"),
    pytest.param("beijing", "合格", None, None, D("10.00"), "met", False, id="met-unreported-beijing"),
    # partly (band [0.6, 0.8)): 7 / 10 = 0.7 inside → kept
    pytest.param("central-2020", "有所提高", "部分完成", 7, D("7.00"), "partly", True, id="partly-via-bufen-kept"),
    # 9 / 10 outside [0.6, 0.8) → central default 0.7 → 7.00
    pytest.param("central-2020", "有所提高", "基本完成", 9, D("7.00"), "partly", False, id="partly-via-jiben-outside-band"),
    pytest.param("central-2020", "有所提高", "仍有提升空间", 9, D("7.00"), "partly", False, id="partly-via-tisheng-kongjian-central"),
    # beijing's partly default is 0.6 → 6.00
    pytest.param("beijing", "有所提高", "仍有提升空间", 9, D("6.00"), "partly", False, id="partly-via-tisheng-kongjian-beijing"),
    # 6.5 / 10 = 0.65 inside [0.6, 0.8) → kept
    pytest.param("beijing", "有所提高", "仍有提升空间", 6.5, D("6.50"), "partly", True, id="partly-kept-beijing"),
    # not met (band [0, 0.6), default 0.3): 5 / 10 = 0.5 inside → kept
    pytest.param("central-2020", "未完成", None, 5, D("5.00"), "not_met", True, id="not-met-via-wei-wancheng-kept"),
    # 7 / 10 outside [0, 0.6) → 0.3 → 3.00
    pytest.param("central-2020", "未完成", None, 7, D("3.00"), "not_met", False, id="not-met-outside-central"),
    pytest.param("beijing", "未完成", None, 7, D("3.00"), "not_met", False, id="not-met-outside-beijing"),
    # the weaker grade wins: 达成 in the actual, 未完成 in the deviation → not met, 0.3 → 3.00
    pytest.param("central-2020", "达成", "部分指标未完成", None, D("3.00"), "not_met", False, id="weaker-grade-wins"),
]


@pytest.mark.parametrize(("policy", "actual", "deviation", "reported", "expected", "grade", "kept"), QUALITATIVE)
def test_qualitative_row_keeps_a_reported_score_inside_its_band_and_defaults_outside(
    policy: str, actual: str, deviation: str | None, reported: Any, expected: Decimal, grade: str, kept: bool
) -> None:
    row = one_row("定性有效提升", actual, policy=policy, deviation=deviation, reported_score=reported)
    assert (row.status, row.score, row.grade, row.kept) == ("scored", expected, grade, kept)


def test_an_actual_that_restates_its_qualitative_target_is_met() -> None:
    row = one_row("显著提升", "显著提升")
    assert (row.grade, row.score) == ("met", D("10.00"))
    assert any(where == "restated" for _, where, _ in row.evidence)


TEXT_ANSWERS = [
    pytest.param("central-2020", "≥90%", "完成", {}, D("10.00"), "met", id="met"),
    # 部分 in the deviation: partly; 7 / 10 inside [0.6, 0.8) → kept
    pytest.param("central-2020", "≥90%", "完成", {"deviation": "部分完成", "reported_score": 7}, D("7.00"), "partly", id="partly-kept"),
    pytest.param("central-2020", "=24期", "未完成", {}, D("3.00"), "not_met", id="not-met"),
    pytest.param("beijing", "2023年5月底前", "已完成", {}, D("10.00"), "met", id="deadline-answered-in-words"),
]


@pytest.mark.parametrize(("policy", "target", "actual", "fields", "expected", "grade"), TEXT_ANSWERS)
def test_quantitative_target_answered_in_words_is_graded_by_the_text_answer_rule(
    policy: str, target: str, actual: str, fields: dict, expected: Decimal, grade: str
) -> None:
    row = one_row(target, actual, policy=policy, **fields)
    assert row.rule is not None and row.rule.id == "text-answer"
    assert (row.status, row.score, row.grade) == ("scored", expected, grade)


# --- rows that cannot be scored ---------------------------------------------------------------

UNSCORABLE = [
    pytest.param("≥735人次", "735人", "row.unit_mismatch", "735人次 与 735人 的单位不能比较（计数（人次） 对 计数（人））", id="people-vs-person-times"),
    pytest.param("≥90%", "90人", "row.unit_mismatch", "90% 与 90人 的单位不能比较（百分比 对 计数（人））", id="percent-vs-count"),
    pytest.param("≥90%", None, "row.no_actual", "未填写实际完成值", id="no-actual"),
    pytest.param(None, "90%", "row.no_target", "未填写年度指标值", id="no-target"),
    pytest.param(
        "≥≥90%", "90%", "row.target_syntax",
        "年度指标值无法解析：'≥≥90%': 第2列的 '≥' 不应出现在这里\n    ≥≥90%\n     ^\n提示：只写一个比较符，如 ≥90%",
        id="unparseable-target",
    ),
    pytest.param("≥90%", "2023年6月", "row.kind_mismatch", "comparison 类型的指标值不能与 date 类型的实际值比较", id="date-for-a-percentage"),
]


@pytest.mark.parametrize(("target", "actual", "code", "reason"), UNSCORABLE)
def test_row_that_cannot_be_scored_is_unscorable_with_a_reason(target: str | None, actual: str | None, code: str, reason: str) -> None:
    row = one_row(target, actual)
    assert (row.status, row.score) == ("unscorable", None)
    assert row.reason is not None and row.reason[0] == code
    assert row.reason_text() == reason
    assert row.reason_text("en")


def test_unparseable_target_leaves_the_other_rows_scored() -> None:
    form = a_form(
        {"target": "≥45人", "actual": "45人", "weight": 40},
        {"target": "≥≥90%", "actual": "90%", "weight": 30},
        {"target": "≥90%", "actual": "85%", "weight": 30},
        budget={"weight": 0, "annual": 1, "executed": 1},
    )
    card = score(form, load_policy("central-2020"))
    assert [r.status for r in card.indicators] == ["scored", "unscorable", "scored"]
    # 40.00 + (85 / 90 × 30 = 28.333… → 28.33)
    assert [r.score for r in card.indicators] == [D("40.00"), None, D("28.33")]
    assert card.total == D("68.33")
    assert not card.complete


# --- the budget -------------------------------------------------------------------------------

BUDGETS = [
    # executed above annual: 120 / 100 = 1.2 → capped at the weight
    pytest.param({"weight": 10, "annual": 100, "executed": 120}, D("10.00"), D("1.2"), id="over-100-percent-capped"),
    pytest.param({"weight": 10, "annual": 66.2, "executed": 64.253}, D("9.71"), D("64.253") / D("66.2"), id="seed-004"),
    # the weight comes from the form: 200,000 / 215,457.6 = 0.928256… × 20 = 18.565 → 18.57
    pytest.param({"weight": 20, "annual": "215,457.6", "executed": "200,000"}, D("18.57"), D("200000") / D("215457.6"), id="weight-20"),
]


@pytest.mark.parametrize(("budget", "expected", "rate"), BUDGETS)
def test_budget_scores_weight_times_rate_capped_at_the_weight(budget: dict, expected: Decimal, rate: Decimal) -> None:
    card = score(a_form(budget=budget), load_policy("central-2020"))
    assert (card.budget.status, card.budget.score, card.budget.rate) == ("scored", expected, rate)
    assert card.total == expected


UNSCORABLE_BUDGETS = [
    pytest.param({"weight": 10, "executed": 5}, "budget.no_amount", "无法计分：项目资金缺少全年预算数", id="annual-missing"),
    pytest.param({"weight": 10, "annual": 5}, "budget.no_amount", "无法计分：项目资金缺少全年执行数", id="executed-missing"),
    pytest.param({"weight": 10, "annual": 0, "executed": 5}, "budget.zero_annual", "无法计分：全年预算数为 0，执行率无法计算", id="annual-zero"),
    pytest.param(None, "budget.missing", "无法计分：表上没有项目资金", id="no-budget-block"),
]


@pytest.mark.parametrize(("budget", "code", "reason"), UNSCORABLE_BUDGETS)
def test_budget_without_a_usable_annual_amount_is_unscorable_with_a_reason(budget: dict | None, code: str, reason: str) -> None:
    card = score(a_form({"target": "≥90%", "actual": "90%", "weight": 90}, budget=budget), load_policy("central-2020"))
    assert (card.budget.status, card.budget.score) == ("unscorable", None)
    assert card.budget.reason is not None and card.budget.reason[0] == code
    assert card.budget.explain() == reason
    assert card.total == D("90.00")
    assert not card.complete


# --- not applicable rows ----------------------------------------------------------------------


def test_not_applicable_row_is_left_out_and_the_total_rescaled() -> None:
    form = a_form(
        {"target": "≥90%", "actual": "90%", "weight": 40},
        {"target": "≥90%", "actual": "85%", "weight": 20},
        {"target": "≥90%", "actual": "85%", "weight": 10, "applicable": False},
        {"target": "定性有效", "actual": "有所提高", "deviation": "部分完成", "weight": 10, "reported_score": 7.5},
        {"target": "≥90%", "actual": "85%", "weight": 10},
        budget={"weight": 10, "annual": 100, "executed": 100},
    )
    card = score(form, load_policy("central-2020"))
    # budget 10.00; rows 40.00, 85/90 × 20 = 18.888… → 18.89, left out, 7.50 (0.75 kept in
    # [0.6, 0.8)), 85/90 × 10 = 9.444… → 9.44. Sum 85.83 of the 90 points that apply;
    # rescaled to 100: 85.83 × 100 / 90 = 95.3666… → 95.37.
    assert [r.status for r in card.indicators] == ["scored", "scored", "not_applicable", "scored", "scored"]
    assert [r.score for r in card.indicators] == [D("40.00"), D("18.89"), None, D("7.50"), D("9.44")]
    assert card.rescaled_from == D("85.83")
    assert card.total == D("95.37")
    assert card.grade is not None and card.grade.label == "优"
    assert card.complete


def test_form_without_not_applicable_rows_is_not_rescaled() -> None:
    card = score(load_form(SEED_004), load_policy("beijing"))
    assert card.rescaled_from is None


# --- a custom policy --------------------------------------------------------------------------

LINEAR_POLICY = """\
name: linear-reverse
extends: central-2020
title: 线性反向计分（测试用）
title_en: Linear reverse scoring (test)
version: "test.1"
effective: {from: 2020}
sources:
  linear: 某地部署系统的线性反向计分规则
rules:
  - id: reverse
    title: 反向指标超出目标按 1 − (B − A)/A 线性扣分
    title_en: an exceeded reverse target loses points linearly
    source: linear
    when: {kind: comparison, op: [le, lt]}
    met: full
    unmet:
      score: weight * max(0, 1 - (actual - target) / target)
  - id: positive
    title: 正向指标未达到按完成比例分档
    title_en: a positive target short of its value scores by bands of the ratio
    source: linear
    when: {kind: [comparison, range]}
    met: full
    unmet:
      on: ratio
      bands:
        - {when: "[0, 0.6)", share: 0}
        - {when: "[0.6, 0.9)", share: 0.5}
        - {when: "[0.9, 1]", share: ratio}
"""


@pytest.fixture(scope="module")
def linear_policy(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path = tmp_path_factory.mktemp("policies") / "linear.yaml"
    path.write_text(LINEAR_POLICY, encoding="utf-8")
    return load_policy(path)


def test_custom_policy_overrides_inherited_rules_by_id(linear_policy: Policy) -> None:
    assert [r.id for r in linear_policy.rules] == ["text-answer", "reverse", "positive", "deadline", "qualitative"]


LINEAR_REVERSE = [
    # 1 − (300 − 258.2) / 258.2 = 1 − 41.8 / 258.2 = 1 − 0.161890… = 0.838109… × 10 = 8.381 → 8.38
    pytest.param("300万元", D("8.38"), id="exceeded"),
    # 1 − 129.1 / 258.2 = 0.5 → 5.00
    pytest.param("387.3万元", D("5.00"), id="half-way"),
    # twice the target or more → max(0, …) = 0
    pytest.param("516.4万元", D("0.00"), id="twice-the-target"),
    pytest.param("600万元", D("0.00"), id="beyond-twice"),
    pytest.param("258.2万元", D("10.00"), id="met"),
]


@pytest.mark.parametrize(("actual", "expected"), LINEAR_REVERSE)
def test_linear_reverse_rule_scores_one_minus_the_overrun(linear_policy: Policy, actual: str, expected: Decimal) -> None:
    row = one_row("≤258.2万元", actual, policy=linear_policy)
    assert (row.rule.id if row.rule else None, row.score) == ("reverse", expected)


RATIO_BANDS = [
    # 50 / 90 = 0.5556 in [0, 0.6) → 0
    pytest.param("50%", D("0.00"), "[0, 0.6)", id="below-0.6"),
    # 54 / 90 = 0.6 exactly: [0.6, 0.9) → 0.5 × 10 = 5.00
    pytest.param("54%", D("5.00"), "[0.6, 0.9)", id="at-0.6"),
    # 63 / 90 = 0.7 → 5.00
    pytest.param("63%", D("5.00"), "[0.6, 0.9)", id="middle-band"),
    # 85.5 / 90 = 0.95 in [0.9, 1] → share = ratio → 9.50
    pytest.param("85.5%", D("9.50"), "[0.9, 1]", id="top-band-ratio"),
]


@pytest.mark.parametrize(("actual", "expected", "band"), RATIO_BANDS)
def test_band_table_on_the_ratio_picks_the_band_the_ratio_falls_in(linear_policy: Policy, actual: str, expected: Decimal, band: str) -> None:
    row = one_row("≥90%", actual, policy=linear_policy)
    assert (row.score, str(row.band)) == (expected, band)
    assert f"落在分档 {band}" in row.explain()


def test_band_table_does_not_apply_to_a_met_row(linear_policy: Policy) -> None:
    row = one_row("≥90%", "95%", policy=linear_policy)
    assert (row.score, row.band) == (D("10.00"), None)


# --- explanations -----------------------------------------------------------------------------

EXPLANATIONS = [
    pytest.param(
        "beijing", "2023年5月底前", "2023年6月", {"weight": 5},
        ["逾期 30 天", "跨 1 个自然月", "期限 2023-05-31", "落在分档 (0, 1]", "得分 3.00 / 5"],
        ["30 day(s) late", "1 calendar month(s) past the deadline 2023-05-31", "falls in the band (0, 1]", "score 3.00 / 5"],
        id="deadline-late",
    ),
    pytest.param(
        "beijing", "2023年5月底前", "2023年5月", {},
        ["按期完成（期限 2023-05-31，完成于 2023-05-31）"],
        ["on time (deadline 2023-05-31, done 2023-05-31)"],
        id="deadline-on-time",
    ),
    pytest.param(
        "central-2020", "≥90%", "85%", {},
        ["未达到目标，完成比例 B/A = 94.44%", "适用规则 positive", "得分 9.44 / 10"],
        ["target not met, ratio B/A = 94.44%", "rule positive", "score 9.44 / 10"],
        id="positive-short",
    ),
    pytest.param(
        "central-2020", "≤258.2万元", "300万元", {},
        ["未达到目标，完成比例 A/B = 86.07%", "适用规则 reverse"],
        ["target not met, ratio A/B = 86.07%", "rule reverse"],
        id="reverse-exceeded",
    ),
    pytest.param(
        "central-2020", "≥90%", "90%", {},
        ["已达到目标（完成比例 B/A = 100.00%）"],
        ["target met (ratio B/A = 100.00%)"],
        id="met",
    ),
    pytest.param(
        "central-2020", "定性有效", "有所提高", {"deviation": "部分完成", "reported_score": 7},
        ["推断为“部分达成并具有一定效果”", "偏差原因含“部分”", "自评分 7 在该等级区间 [0.6, 0.8) 内，予以保留"],
        ["graded 'partly met'", "the deviation reason says '部分'", "the reported score 7 lies in the grade's band [0.6, 0.8) and is kept"],
        id="qualitative-kept",
    ),
    pytest.param(
        "central-2020", "定性有效", "未完成", {"reported_score": 7},
        ["实际完成值含“未完成”", "按该等级默认比例 30%（区间 [0, 0.6)）", "得分 3.00 / 10"],
        ["the actual value says '未完成'", "the grade's default share 30% applies (band [0, 0.6))"],
        id="qualitative-default-share",
    ),
    pytest.param(
        "central-2020", "定性有效", "培训若干场次", {},
        ["无明确表述，按“达成年度指标”处理"],
        ["nothing signals a grade; taken as 'met'"],
        id="qualitative-no-signal",
    ),
    pytest.param(
        "central-2020", "≥90%", "90人", {},
        ["无法计分：90% 与 90人 的单位不能比较"],
        ["cannot be scored: 90% and 90人 are in units that do not compare"],
        id="unscorable",
    ),
    pytest.param(
        "central-2020", "≥90%", "90%", {"applicable": False},
        ["不适用，不计入总分"],
        ["not applicable: left out, and the total is rescaled"],
        id="not-applicable",
    ),
]


@pytest.mark.parametrize(("policy", "target", "actual", "fields", "zh", "en"), EXPLANATIONS)
def test_row_explains_its_score_in_chinese_by_default_and_in_english_on_request(
    policy: str, target: str, actual: str, fields: dict, zh: list[str], en: list[str]
) -> None:
    row = one_row(target, actual, policy=policy, **{"weight": 10, **fields})
    chinese, english = row.explain(), row.explain("en")
    assert chinese == row.explain("zh")
    for phrase in zh:
        assert phrase in chinese
    for phrase in en:
        assert phrase in english
    assert chinese != english


def test_english_explanation_has_no_chinese_when_the_form_has_none() -> None:
    row = one_row("≥90%", "85%")
    assert CJK.search(row.explain())
    assert not CJK.search(row.explain("en"))


def test_budget_explains_the_rate_and_the_formula() -> None:
    budget = score(load_form(SEED_004), load_policy("beijing")).budget
    # amounts at the policy's 2 places, never hiding a digit: 64.253000 → 64.253, 66.200000 → 66.20
    assert budget.explain() == "执行率 = 全年执行数 64.253 ÷ 全年预算数 66.20 = 97.06%；得分 = weight * min(rate, 1) = 9.71（分值 10.00）"
    assert budget.explain("en") == "rate = executed 64.253 / annual 66.20 = 97.06%; score = weight * min(rate, 1) = 9.71 (weight 10.00)"


# --- purity, threads, numbers -----------------------------------------------------------------


MIXED_ROWS = (
    {"target": "≥90%", "actual": "85%", "weight": 10},
    {"target": "≤258.2万元", "actual": "300万元", "weight": 10},
    {"target": "90%-100%", "actual": "110%", "weight": 10},
    {"target": "2023年5月底前", "actual": "2023年6月", "weight": 10, "reported_score": 3},
    {"target": "定性有效", "actual": "有所提高", "deviation": "仍有提升空间", "weight": 10},
    {"target": "≥90%", "actual": "完成", "weight": 10},
    {"target": "≥90%", "actual": "90%", "weight": 10, "applicable": False},
    {"target": "≥90%", "weight": 10},
    {"target": "≥90%", "actual": "90人", "weight": 10},
    {"target": "≥≥90%", "actual": "90%", "weight": 10},
)


@pytest.mark.parametrize("policy", POLICIES)
def test_scoring_in_eight_threads_gives_the_same_scorecards(policy: str) -> None:
    loaded = load_policy(policy)
    seed = load_form(SEED_000)
    mixed = a_form(*MIXED_ROWS, budget={"weight": 10, "annual": 66.2, "executed": 64.253})
    def document(form: Form) -> dict[str, object]:
        card = score(form, loaded)
        return scorecard_document(card, review(card))

    expected_seed, expected_mixed = score(seed, loaded), document(mixed)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        seeds = list(pool.map(lambda _: score(seed, loaded), range(32)))
        mixes = list(pool.map(lambda _: document(mixed), range(32)))
    assert all(card == expected_seed for card in seeds)
    assert all(document == expected_mixed for document in mixes)


def test_scoring_does_not_change_the_form_or_the_policy() -> None:
    form, policy = load_form(SEED_004), load_policy("beijing")
    before = (form, policy.rules, policy.qualitative)
    score(form, policy)
    assert (form, policy.rules, policy.qualitative) == before


def test_scoring_twice_gives_equal_scorecards() -> None:
    form = a_form(*MIXED_ROWS, budget={"weight": 10, "annual": 66.2, "executed": 64.253})
    policy = load_policy("central-2020")
    assert score(form, policy) == score(form, policy)


def test_scoring_twice_gives_equal_scorecards_whether_or_not_the_caches_are_warm() -> None:
    from selfeval_rules.scoring import clear_caches

    form = a_form({"target": "≥≥90%", "actual": "90%", "weight": 5}, {"target": "≥90%", "actual": "90人", "weight": 5})
    policy = load_policy("central-2020")
    first = score(form, policy)
    clear_caches()
    assert score(form, policy) == first


def test_every_number_is_a_decimal() -> None:
    card = score(a_form(*MIXED_ROWS, budget={"weight": 10, "annual": 66.2, "executed": 64.253}), load_policy("beijing"))
    assert isinstance(card, Scorecard) and isinstance(card.budget, BudgetScore)
    assert type(card.total) is Decimal and type(card.budget.score) is Decimal and type(card.budget.rate) is Decimal
    assert type(card.rescaled_from) is Decimal
    scored = [r for r in card.indicators if r.status == "scored"]
    assert len(scored) == 6
    assert all(type(r.score) is Decimal and type(r.share) is Decimal for r in scored)
    ratios = [r.ratio for r in scored if r.ratio is not None]
    assert len(ratios) == 3 and all(type(x) is Decimal for x in ratios)


# --- negations and whole answers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        pytest.param("定性考核合格", "不合格", id="bu-hege-failed"),
        pytest.param("及时", "不及时", id="bu-jishi-not-timely"),
        pytest.param("有效", "不是很有效", id="bu-shi-hen-youxiao"),
        pytest.param("及时", "否", id="fou-whole-answer"),
    ],
)
def test_negated_met_word_is_not_read_as_met(target: str, actual: str) -> None:
    row = one_row(target, actual, reported_score=10)
    assert row.grade == "not_met"
    assert row.score == D("3.00")


@pytest.mark.parametrize(
    ("actual", "grade"),
    [
        pytest.param("是否按时完成：是", "met", id="shi-fou-is-not-a-no"),
        pytest.param("不仅完成而且有效", "met", id="bu-jin-is-not-a-negation"),
        pytest.param("运行成本较低", "met", id="low-cost-is-not-a-shortfall"),
    ],
)
def test_words_that_only_look_negative_do_not_lower_the_grade(actual: str, grade: str) -> None:
    row = one_row("定性有效", actual, reported_score=10)
    assert row.grade == grade
