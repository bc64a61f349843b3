"""Review (复核): every finding is raised on the fixture form that reproduces its mistake, at the most
specific cell, with its severity and thresholds taken from the policy.

Each fixture in tests/fixtures/findings/ is a small 社区应急演练服务 form scored under central-2020;
its leading comment says which mistake it reproduces and how the numbers below are computed. The
clean base they share: budget 49.00 / 50.00 = 98.00% → 10 × 0.98 = 9.80; rows 20 + 15 + 15 + 30 +
10 = 90, all met at full marks; total 9.80 + 90 = 99.80 → 优.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from selfeval_rules import Policy, load_form, load_policy, score
from selfeval_rules.reports import scorecard_document
from selfeval_rules.findings import ERROR, WARNING, Finding, review

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
FORMS = HERE.parent / "examples" / "forms"
SEEDS = (FORMS / "000_emergency_volunteers.yaml", FORMS / "004_legal_training.yaml")

E, W = ERROR, WARNING


@pytest.fixture(scope="module")
def central() -> Policy:
    return load_policy("central-2020")


def findings_of(name: str, policy: Policy) -> tuple[Finding, ...]:
    path = next(FIXTURES.glob(f"{name}.*"))  # a form YAML, or the text of a PDF for what an importer notes
    return review(score(load_form(path), policy))


def triples(findings: tuple[Finding, ...]) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.path) for f in findings]


def variant(name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A fixture's data with one change, for boundary cases next to the fixture."""
    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    change(data)
    return data


def findings_of_data(data: dict[str, Any], policy: Policy) -> tuple[Finding, ...]:
    return review(score(load_form(data), policy))


# --- every finding on its fixture -----------------------------------------------------------


class Case(NamedTuple):
    """A fixture, every finding it raises in form order (its own first), and phrases of its own finding's message."""

    fixture: str
    expected: list[tuple[str, str, str]]
    zh: str
    en: str


CASES = [
    # the text of seed 000's PDF: its 成本指标 row is printed at level 1 and counted in 产出指标 (a note)
    Case("import-note", [("import-note", W, "$.indicators")],
         "导入时未能确定：成本指标打印为一级指标", "not read with confidence on import:"),
    # 59.00 + 18.40 = 77.40 ≠ 78.40 in the 全年执行数 column only.
    Case("budget-breakdown-sum", [("budget-breakdown-sum", E, "$.budget.executed")],
         "其中各行合计 77.40，与年度资金总额 78.40 不符", "the breakdown rows add up to 77.40, not the total row's 78.40"),
    # Total row 0.00 / 0.00 / 0.00 beside 50.00 / 50.00 / 49.00: all three columns, then A = 0 leaves no rate.
    Case("budget-breakdown-sum-zero-total", [
        ("budget-breakdown-sum", E, "$.budget.initial"),
        ("budget-breakdown-sum", E, "$.budget.annual"),
        ("budget-breakdown-sum", E, "$.budget.executed"),
        ("budget-unscorable", E, "$.budget"),
    ], "其中各行合计 50.00，与年度资金总额 0.00 不符", "the breakdown rows add up to 50.00, not the total row's 0.00"),
    # 172.366 / 200.00 = 86.183% → 86.18% half-up; printed 86.19%.
    Case("budget-rate-printed-86", [("budget-rate-printed", E, "$.budget.reported_rate")],
         "执行率打印为 86.19%，按 B/A 计算应为 86.18%（精确值 86.1830%）", "the rate is printed 86.19%, but B/A gives 86.18% (exactly 86.1830%)"),
    # 146.7135 / 150.00 = 97.809% → 97.81% half-up; printed 97.80%.
    Case("budget-rate-printed-97", [("budget-rate-printed", E, "$.budget.reported_rate")],
         "执行率打印为 97.80%，按 B/A 计算应为 97.81%（精确值 97.8090%）", "the rate is printed 97.80%, but B/A gives 97.81% (exactly 97.8090%)"),
    # 86.20 / 100.00 → 10 × 0.862 = 8.62, printed 9 (= 8.62 rounded); total 9 + 90 = 99.00 vs 8.62 + 90 = 98.62.
    Case("budget-score-wrong-rounded", [("budget-score-wrong", E, "$.budget.reported_score"), ("total-differs", E, "$.reported_total")],
         "预算执行得分 9 是把 8.62 取整所得，应为 8.62（执行率 86.20%）",
         "the budget score 9 is 8.62 rounded to an integer; it should be 8.62 (rate 86.20%)"),
    # 49.00 / 50.00 → 9.80, printed 9.00 (9.80 rounds to 10, so plain); total 99.00 vs 99.80.
    Case("budget-score-wrong", [("budget-score-wrong", E, "$.budget.reported_score"), ("total-differs", E, "$.reported_total")],
         "预算执行得分 9.00 与执行率 98.00% 不符，应为 9.80", "the budget score 9.00 does not follow from the rate 98.00%; it should be 9.80"),
    # 52.00 / 50.00 = 104% → capped 10.00, printed 10.40; total 100.40 vs 100.00.
    Case("budget-score-range", [("budget-score-range", E, "$.budget.reported_score"), ("total-differs", E, "$.reported_total")],
         "预算执行得分 10.40 超出 0 至 10 的范围", "the budget score 10.40 lies outside 0 to 10"),
    # 51.00 / 60.00 = 85.00% < 90%, no reason.
    Case("budget-low-rate-no-reason", [("budget-low-rate-no-reason", W, "$.budget.deviation")],
         "预算执行率 85.00% 低于 90%，但未说明偏差原因", "the budget execution rate 85.00% is below 90% with no deviation reason"),
    # 全年预算数 left empty.
    Case("budget-unscorable", [("budget-unscorable", E, "$.budget")],
         "预算执行率无法计分：项目资金缺少全年预算数", "the budget execution rate cannot be scored: the budget has no annual amount"),
    Case("row-unscorable-no-actual", [("row-unscorable", E, "$.indicators[0].actual")],
         "“组织社区应急演练场次”无法计分：未填写实际完成值", "'组织社区应急演练场次' cannot be scored: no actual value is given"),
    # ≥十二场: a Chinese numeral where a number belongs.
    Case("row-unscorable-target-syntax", [("row-unscorable", E, "$.indicators[0].target")],
         "年度指标值无法解析：'≥十二场'", "the target does not parse: '≥十二场'"),
    # ≥90% answered 126人.
    Case("row-unscorable-unit-mismatch", [("row-unscorable", E, "$.indicators[4].actual")],
         "90% 与 126人 的单位不能比较", "90% and 126人 are in units that do not compare"),
    # 15/12 × 20 = 25 > 20; computed 20.00; total 104.80 vs 99.80.
    Case("row-score-range", [("row-score-range", E, "$.indicators[0].reported_score"), ("total-differs", E, "$.reported_total")],
         "自评分 25 超出 0 至 20 的范围", "the reported score 25 lies outside 0 to 20"),
    # 9/12 × 20 = 15.00, printed 17; total 96.80 vs 94.80.
    Case("row-score-differs", [("row-score-differs", E, "$.indicators[0].reported_score"), ("total-differs", E, "$.reported_total")],
         "自评分 17，复核应为 15.00", "reported 17, but the score should be 15.00"),
    # 10/12 = 83.33% → 16.67, printed 20; total 99.80 vs 96.47.
    Case("row-full-marks-unmet", [("row-full-marks-unmet", E, "$.indicators[0].reported_score"), ("total-differs", E, "$.reported_total")],
         "未达到目标（指标值 ≥12场，实际 10场，完成比例 83.33%）却得满分 20，复核应为 16.67",
         "full marks 20 on an unmet target (target ≥12场, actual 10场, ratio 83.33%); the score should be 16.67"),
    # 2023-06-30 → 2023-07-31: 31 days; central: partly 0.7 × 15 = 10.50; total 99.80 vs 95.30.
    Case("late-at-full-marks", [("late-at-full-marks", E, "$.indicators[2].reported_score"), ("total-differs", E, "$.reported_total")],
         "逾期 31 天完成（期限 2023-06-30）却得满分 15", "full marks 15 although done 31 day(s) after the deadline 2023-06-30"),
    # deviation 部分…仍有提升空间 at 30/30; computed 0.7 × 30 = 21.00; total 99.80 vs 90.80.
    # the warning about the wording does not say the score is wrong, so row-score-differs (an error) stands too
    Case("shortfall-at-full-marks", [("shortfall-at-full-marks", W, "$.indicators[3].deviation"),
                                     ("row-score-differs", E, "$.indicators[3].reported_score"), ("total-differs", E, "$.reported_total")],
         "填有“部分”等未完全达成的表述，却得满分 30", "full marks 30 although the row says '部分', a shortfall"),
    # partly met, [0.6, 0.8) × 30 = 18.0 to 24.0; printed 25; total 94.80 vs 90.80.
    Case("qualitative-out-of-band", [("qualitative-out-of-band", W, "$.indicators[3].reported_score"),
                                     ("row-score-differs", E, "$.indicators[3].reported_score"), ("total-differs", E, "$.reported_total")],
         "自评分 25 不在推断等级“部分达成并具有一定效果”的区间 [0.6, 0.8)（18.00 至 24.00 分）内",
         "the reported score 25 lies outside the band [0.6, 0.8) (18.00 to 24.00 points) of the inferred grade 'partly met'"),
    # met, 27/30 = 0.9 kept; no reason.
    Case("row-lowered-on-met", [("row-lowered-on-met", W, "$.indicators[3].deviation")],
         "已达到目标却只得 27 分（分值 30），且未说明扣分原因", "the target was met but scored 27 of 30, with no deviation reason"),
    # 9/12 × 20 = 15 printed 15, no reason.
    Case("row-deduction-no-reason", [("row-deduction-no-reason", W, "$.indicators[0].deviation")],
         "扣分（15 / 20）但未填写偏差原因分析及改进措施", "a deduction (15 of 20) with no deviation reason or remedy"),
    # 16/12 = 133.33% ≥ 130%.
    Case("over-achievement-unexplained", [("over-achievement-unexplained", W, "$.indicators[0].deviation")],
         "完成比例 133.33%，达到或超过 130%，得满分但未说明超额原因", "an achievement ratio of 133.33%, at or above 130%, at full marks with no explanation"),
    Case("actual-copied-target", [("actual-copied-target", W, "$.indicators[0].actual")],
         "实际完成值 '≥266米' 照抄了指标值 '≥266米'", "the actual value '≥266米' copies the target '≥266米'"),
    # 约260米 read as 260米: 260 / 266 × 20 = 19.5488… → 19.55, printed 19.55.
    Case("actual-from-text", [("actual-from-text", W, "$.indicators[0].actual")],
         "实际完成值 '约260米' 含有文字，按其中的 260米 计分", "the actual value '约260米' has words around its number; scored as 260米"),
    Case("target-read-as-text", [("target-read-as-text", W, "$.indicators[0].target")],
         "指标值 '约266米' 含有数值 266米", "the target '约266米' contains the number 266米"),
    # >266米 with 266米: not met, B/A = 1 → 20.00 = the weight.
    Case("unmet-scored-full", [("unmet-scored-full", W, "$.indicators[0]")],
         "未达到目标（指标值 >266米，实际 266米）却按规则得满分 20", "full marks 20 computed for an unmet target (target >266米, actual 266米)"),
    # row 4 prints no weight: judged met, its score unchecked (a note); no computed total.
    Case("weight-unknown", [("weight-unknown", "note", "$.indicators[4].weight")],
         "“参演居民满意度”表上未打印分值，也无法从得分推算", "'参演居民满意度' prints no weight and none can be recovered"),
    # 50 + 30 + 20 = 100 ≠ 90 = 100 − 10; 满意度指标's met row scored 10 < 20.
    Case("group-points", [("group-points", E, "$.groups"), ("met-below-weight", W, "$.groups[2]")],
         "各标题分值相加为 100（产出指标 50、效益指标 30、满意度指标 20），不等于指标总分值 90",
         "the headings add up to 100 (产出指标 50, 效益指标 30, 满意度指标 20), not the indicators' 90 points"),
    # met rows of 产出指标: 19.6 + 15 + 15 = 49.6 < 50.
    Case("met-below-weight", [("row-score-differs", E, "$.indicators[0].reported_score"),
                              ("row-lowered-on-met", W, "$.indicators[0].deviation"),
                              ("met-below-weight", W, "$.groups[0]"), ("total-differs", E, "$.reported_total")],
         "“产出指标”下各行均已达成，得分相加却只有 49.6，低于其分值 50", "every row under '产出指标' was met, yet their scores add up to 49.6"),
    # ≤60万元 of cost against 50.00万元 of funds for the year.
    Case("cost-exceeds-funds", [("cost-exceeds-funds", W, "$.indicators[1].target")],
         "指标值 ≤60万元 大于本年资金 50.00万元", "the target ≤60万元 exceeds the year's funds 50.00万元"),
    # 20 × 25% = 5.00, printed 4.00.
    Case("weighted-score-wrong", [("weighted-score-wrong", E, "$.indicators[0].reported_weighted_score"),
                                  ("weighted-total-unknown", "note", "$.reported_total")],
         "折算得分 4.00 不等于得分 20 × 权重占比 25% = 5.00", "the weighted score 4.00 is not the score 20 × the weight share 25% = 5.00"),
    Case("weighted-total-unknown", [("weighted-total-unknown", "note", "$.reported_total")],
         "本表按权重占比折算各行得分，其总分规则未知", "this form folds its rows by weight shares; its total rule is not known"),
    Case("quantitative-answered-with-text", [("quantitative-answered-with-text", W, "$.indicators[0].actual")],
         "定量指标 '≥12场' 的实际完成值只写了 '完成'，应填写具体数值", "the quantitative target '≥12场' is answered with the words '完成', not a value"),
    # 10 + (25 + 15 + 15 + 15) + 20 + 10 = 110; 产出 70 is 20 > 10 from 50.
    Case("weights-total", [("weights-total", E, "$.indicators"), ("level1-split", W, "$.indicators")],
         "分值合计 110（预算 10 + 指标 100），不等于 100", "the weights add up to 110 (budget 10 + indicators 100), not 100"),
    # 产出 70 vs 50, 效益 10 vs 30: both more than 10 away.
    Case("level1-split", [("level1-split", W, "$.indicators")],
         "一级指标分值偏离规定比例超过 10 分：产出指标 70/50、效益指标 10/30（实际/规定）",
         "level-1 weights differ from the expected split by more than 10: 产出指标 70/50, 效益指标 10/30 (actual/expected)"),
    # 50 / 90 = 55.6% → 56% > 50%.
    Case("weight-concentration", [("weight-concentration", W, "$.indicators[0].weight")],
         "“组织社区应急演练场次”分值 50 占指标总分值的 56%，超过 50%", "'组织社区应急演练场次' carries 50, 56% of the indicators' weight, more than 50%"),
    # printed 98.80, printed scores add up to 99.80, computed 99.80.
    Case("total-not-sum", [("total-not-sum", E, "$.reported_total"), ("total-differs", E, "$.reported_total")],
         "总分打印为 98.80，而各项得分之和为 99.80", "the total is printed 98.80, but the printed scores add up to 99.80"),
    # budget score blank, total printed 100.00; computed 9.80 + 90 = 99.80.
    Case("total-differs", [("total-differs", E, "$.reported_total")],
         "总分 100.00，复核总分为 99.80", "the total is 100.00, but the computed total is 99.80"),
    # 9.80 + 15 + 15 + 15 + 21 + 10 = 85.80 → 良, printed 优.
    Case("grade-mismatch", [("grade-mismatch", E, "$.reported_grade")],
         "等级打印为“优”，而总分 85.80 对应“良”", "the grade is printed '优', but the total 85.80 gives '良'"),
    Case("unscored-form", [("unscored-form", E, "$")], "自评表没有任何自评分", "the form has no scores at all"),
    Case("template-text", [("template-text", W, "$.goals.achieved")], "模板提示文字“请填写”未删除", "the template hint '请填写' was left in place"),
    # year 2019; central-2020 applies from 2020 (effective: {from: 2020, to: null}).
    Case("policy-not-in-effect", [("policy-not-in-effect", W, "$.year")],
         "表的年度 2019 不在计分规则 central-2020 的适用年度 2020– 内",
         "the form's year 2019 lies outside the years 2020– that the policy central-2020 applies to"),
]


def own_code(case: Case) -> str:
    """The finding a fixture is about: the one it is named after, else its first."""
    codes = [code for code, _, _ in case.expected]
    return case.fixture if case.fixture in codes else codes[0]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.fixture) for c in CASES])
def test_fixture_raises_its_finding_at_the_most_specific_cell(case: Case, central: Policy) -> None:
    assert triples(findings_of(case.fixture, central)) == case.expected


@pytest.mark.parametrize("case", [pytest.param(c, id=c.fixture) for c in CASES])
def test_finding_message_names_the_values_in_chinese_and_english(case: Case, central: Policy) -> None:
    own = next(f for f in findings_of(case.fixture, central) if f.code == own_code(case))
    assert (own.code, own.severity, own.path) in case.expected
    assert case.zh in own.describe("zh")
    assert case.zh in own.message
    assert case.en in own.describe("en")


def test_the_table_covers_every_fixture_file() -> None:
    assert sorted(c.fixture for c in CASES) == sorted(p.stem for p in FIXTURES.iterdir() if p.suffix in (".yaml", ".txt"))


def test_every_check_of_the_policy_has_a_fixture_of_its_own(central: Policy) -> None:
    own = {own_code(c) for c in CASES}
    assert own == {code for code, setting in central.findings.items() if setting["severity"] != "off"}


def test_expected_severities_are_the_policys(central: Policy) -> None:
    for case in CASES:
        for code, severity, _ in case.expected:
            assert central.findings[code]["severity"] == severity, (case.fixture, code)


def test_row_unscorable_target_syntax_carries_the_hint_in_both_languages(central: Policy) -> None:
    (finding,) = findings_of("row-unscorable-target-syntax", central)
    assert "提示：数值请用阿拉伯数字书写，如 ≥90%" in finding.describe("zh")
    assert "hint: write numbers with Arabic digits, as in ≥90%" in finding.describe("en")


# --- the seed forms -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [pytest.param(s, id=s.stem[:3]) for s in SEEDS])
def test_seed_form_raises_no_error_under_beijing(seed: Path) -> None:
    findings = review(score(load_form(seed), load_policy("beijing")))
    assert [f for f in findings if f.severity == ERROR] == []
    # Nor any warning: both seeds split 60/20/10, exactly 10 from 50/30/10 (tolerance 10, not exceeded),
    # and their two 3/5 rows (000: late by one month; 004: 仍有提升空间) carry a deviation reason.
    assert findings == ()


@pytest.mark.parametrize("seed", [pytest.param(s, id=s.stem[:3]) for s in SEEDS])
def test_seed_form_raises_nothing_under_central_either(seed: Path, central: Policy) -> None:
    # 000's late rows: partly met, 3/5 = 0.6 in [0.6, 0.8) is kept; 004's partly rows likewise.
    assert review(score(load_form(seed), central)) == ()


# --- boundaries next to the fixtures --------------------------------------------------------


def test_over_achievement_at_exactly_130_percent_is_raised(central: Policy) -> None:
    # 13场 / 10场 = 1.30 ≥ 1.3 → raised at 130.00%.
    data = variant("over-achievement-unexplained", lambda d: d["indicators"][0].update(target="≥10场", actual="13场"))
    (finding,) = findings_of_data(data, central)
    assert (finding.code, finding.path) == ("over-achievement-unexplained", "$.indicators[0].deviation")
    assert "完成比例 130.00%" in finding.describe()


def test_over_achievement_just_below_130_percent_is_not_raised(central: Policy) -> None:
    # 129场 / 100场 = 1.29 < 1.3.
    data = variant("over-achievement-unexplained", lambda d: d["indicators"][0].update(target="≥100场", actual="129场"))
    assert findings_of_data(data, central) == ()


def test_over_achievement_with_a_reason_is_not_raised(central: Policy) -> None:
    data = variant("over-achievement-unexplained", lambda d: d["indicators"][0].update(deviation="应社区要求加开4场夜间演练"))
    assert findings_of_data(data, central) == ()


def test_budget_rate_of_exactly_90_percent_needs_no_reason(central: Policy) -> None:
    # 54.00 / 60.00 = 0.90, not below 0.9 → 9.00; total 9.00 + 90 = 99.00.
    def change(d: dict[str, Any]) -> None:
        d["budget"].update(executed="54.00", reported_rate="90.00%", reported_score="9.00")
        d["budget"]["breakdown"]["fiscal"]["executed"] = "54.00"
        d["reported_total"] = "99.00"

    assert findings_of_data(variant("budget-low-rate-no-reason", change), central) == ()


def test_a_bare_target_answered_with_the_same_value_is_not_a_copy(central: Policy) -> None:
    # "100%" for "100%" answers the target; only an actual with an operator (≥266米) is a copy.
    data = variant("template-text", lambda d: (d["goals"].update(achieved="已完成"), d["indicators"][1].update(target="100%", actual="100%")))
    assert findings_of_data(data, central) == ()


def test_reverse_target_exceeded_at_full_marks_is_full_marks_unmet(central: Policy) -> None:
    # ≤20万元, actual 25万元: A/B = 20 / 25 = 80.00% → 0.8 × 20 = 16.00, printed 20.
    data = variant("template-text", lambda d: (d["goals"].update(achieved="已完成"),
                                               d["indicators"][0].update(name="演练物资采购成本", target="≤20万元", actual="25万元")))
    codes = [(f.code, f.path) for f in findings_of_data(data, central)]
    assert codes == [("row-full-marks-unmet", "$.indicators[0].reported_score"), ("total-differs", "$.reported_total")]


def test_full_marks_on_a_row_answered_not_done_is_an_error(central: Policy) -> None:
    # ≥12场 answered 未完成 → text-answer rule, graded not met: 20/20 = 1 is outside [0, 0.6), so the
    # default 0.3 × 20 = 6.00 applies; printed 20. A 14-point error on an unmet target at full marks.
    data = variant("template-text", lambda d: (d["goals"].update(achieved="全年演练未完成。"), d["indicators"][0].update(actual="未完成")))
    card = score(load_form(data), central)
    assert card.indicators[0].score == Decimal("6.00")
    row_errors = [f.code for f in review(card) if f.severity == ERROR and f.path.startswith("$.indicators[0]")]
    assert row_errors != []


def test_template_text_in_the_budget_deviation_is_caught(central: Policy) -> None:
    # The budget-low-rate-no-reason fixture (85.00%) with its empty reason cell holding the template's hint.
    data = variant("budget-low-rate-no-reason", lambda d: d["budget"].update(deviation="请填写偏差原因分析及改进措施"))
    assert ("template-text", "$.budget.deviation") in [(f.code, f.path) for f in findings_of_data(data, central)]


# --- severities and thresholds come from the policy -------------------------------------------

CHILD = """\
name: strict-city
extends: central-2020
title: 测试用规则
version: "1"
effective: {from: 2020}
sources:
  local: 测试用依据
findings:
  row-score-differs: {severity: warning}
  over-achievement-unexplained: {severity: warning, ratio: 1.5}
  template-text: {severity: off}
"""


@pytest.fixture(scope="module")
def child(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path = tmp_path_factory.mktemp("policy") / "strict-city.yaml"
    path.write_text(CHILD, encoding="utf-8")
    return load_policy(str(path))


def test_child_policy_lowers_row_score_differs_to_a_warning(child: Policy) -> None:
    # Same finding, same cell; total-differs keeps central's severity.
    assert triples(findings_of("row-score-differs", child)) == [
        ("row-score-differs", W, "$.indicators[0].reported_score"),
        ("total-differs", E, "$.reported_total"),
    ]


def test_child_policy_raises_the_over_achievement_threshold(child: Policy) -> None:
    # 16 / 12 = 133.33% < 150%: no longer raised.
    assert findings_of("over-achievement-unexplained", child) == ()


def test_child_policy_threshold_still_raises_above_it(child: Policy) -> None:
    # 18 / 12 = 1.5 ≥ 1.5 → raised, the message naming the child's threshold.
    data = variant("over-achievement-unexplained", lambda d: d["indicators"][0].update(actual="18场"))
    (finding,) = findings_of_data(data, child)
    assert (finding.code, finding.severity, finding.path) == ("over-achievement-unexplained", W, "$.indicators[0].deviation")
    assert finding.describe() == "完成比例 150.00%，达到或超过 150%，得满分但未说明超额原因（指标值是否定得过低）"


def test_child_policy_turns_template_text_off(child: Policy) -> None:
    assert findings_of("template-text", child) == ()


def test_child_policy_keeps_every_other_check(child: Policy) -> None:
    # Inherited unchanged: the weights-total fixture raises exactly what it raises under central.
    assert triples(findings_of("weights-total", child)) == [("weights-total", E, "$.indicators"), ("level1-split", W, "$.indicators")]


# --- the Finding value ----------------------------------------------------------------------


def test_as_dict_has_exactly_code_severity_path_and_message(central: Policy) -> None:
    (finding, _) = findings_of("row-score-differs", central)
    assert finding.as_dict() == {
        "code": "row-score-differs",
        "severity": "error",
        "path": "$.indicators[0].reported_score",
        "message": "自评分 17，复核应为 15.00",
    }


def test_as_dict_in_english(central: Policy) -> None:
    (finding, _) = findings_of("row-score-differs", central)
    assert finding.as_dict("en") == {
        "code": "row-score-differs",
        "severity": "error",
        "path": "$.indicators[0].reported_score",
        "message": "reported 17, but the score should be 15.00",
    }


def test_the_json_document_carries_the_review(central: Policy) -> None:
    card = score(load_form(FIXTURES / "grade-mismatch.yaml"), central)
    assert review(card) == review(card)
    assert scorecard_document(card, review(card))["findings"] == [f.as_dict() for f in review(card)]
