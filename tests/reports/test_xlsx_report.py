"""`render_xlsx` and `selfeval check --format xlsx`: the review workbook, read back with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from selfeval_rules import load_form, load_policy, score  # noqa: E402
from selfeval_rules.batch import Batch, CheckedForm, check_files  # noqa: E402
from selfeval_rules.cli import main  # noqa: E402
from selfeval_rules import review  # noqa: E402
from selfeval_rules.reports import finding_line  # noqa: E402
from selfeval_rules.reports._xlsx import render_xlsx, sheet_names  # noqa: E402

FORMS = Path(__file__).resolve().parents[2] / "examples" / "forms"
SEED_000 = FORMS / "000_emergency_volunteers.yaml"
SEED_004 = FORMS / "004_legal_training.yaml"

ERROR_FILL, WARNING_FILL, HEADER_FILL = "FFFFC7CE", "FFFFEB9C", "FFDDEBF7"

# Every row wrong in its own way: the budget score rounded up and its rate misprinted, full marks on
# an unmet target that also carries most of the weight, full marks on a late deadline, shortfall
# wording at full marks, an actual copied from its target, a wrong total and grade, weights far
# from 50/30/10. Computed: 8.62 + 40 + 14 + 7 + 10 = 79.62.
PROBLEM_FORM = """\
project: 问题很多的项目
year: 2023
department: 某某局
implementer: 某某中心
budget: {unit: 万元, weight: 10, annual: 100, executed: 86.183, reported_rate: 86.19%, reported_score: 9}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人数, target: "≥100人", actual: "80人", weight: 50, reported_score: 50}
  - {level1: 产出指标, level2: 时效指标, name: 完成时间, target: "2023年6月底前", actual: "2023年8月", weight: 20, reported_score: 20}
  - {level1: 效益指标, level2: 社会效益指标, name: 效益, target: "定性有效提升", actual: "部分提升", weight: 10, reported_score: 10}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: "≥90%", actual: "≥90%", weight: 10, reported_score: 10}
reported_total: 99
reported_grade: 良
"""

BROKEN_FORM = "project: 缺名称的项目\nindicators:\n  - target: \"≥45人\"\n    weight: 90\n"


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def row_of(ws, column: str, value: object) -> int:
    """The first row whose cell in `column` holds `value`."""
    for row in range(1, ws.max_row + 1):
        if ws[f"{column}{row}"].value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column}")


def fill(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None


def merged(ws, column: str) -> list[str]:
    return sorted(str(r) for r in ws.merged_cells.ranges if r.min_col == r.max_col == ord(column) - ord("A") + 1)


@pytest.fixture(scope="module")
def problem_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    (folder / "problem.yaml").write_text(PROBLEM_FORM, encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN_FORM, encoding="utf-8")
    return folder / "problem.yaml"


@pytest.fixture(scope="module")
def batch(problem_path: Path) -> Batch:
    return check_files([SEED_000, SEED_004, problem_path, problem_path.parent / "broken.yaml"], load_policy("central-2020"))


@pytest.fixture(scope="module")
def book(batch: Batch) -> openpyxl.Workbook:
    return load(render_xlsx(batch))


@pytest.fixture(scope="module")
def english(batch: Batch) -> openpyxl.Workbook:
    return load(render_xlsx(batch, "en"))


# --- sheets ------------------------------------------------------------------------------------


def test_summary_sheet_comes_first_then_one_sheet_per_form(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["汇总", "北京市应急志愿者队伍建设服务", "法治培训服务", "问题很多的项目"]


def test_two_forms_of_one_project_get_two_sheets() -> None:
    batch = check_files([SEED_004, SEED_004], load_policy("central-2020"))
    assert load(render_xlsx(batch)).sheetnames == ["汇总", "法治培训服务", "法治培训服务 (2)"]


SHEET_NAME_CASES = [
    pytest.param(["培训", "培训", "培训"], ["培训", "培训 (2)", "培训 (3)"], id="repeated-names-are-counted"),
    pytest.param(["Abc", "aBC"], ["Abc", "aBC (2)"], id="case-does-not-make-names-unique"),
    pytest.param(["a[b]c:d*e?f/g\\h"], ["a_b_c_d_e_f_g_h"], id="forbidden-characters-are-replaced"),
    pytest.param(["培" * 40], ["培" * 31], id="long-names-are-cut-to-31"),
    pytest.param(["培" * 40, "培" * 40], ["培" * 31, "培" * 27 + " (2)"], id="the-counter-fits-in-31"),
    pytest.param(["汇总"], ["汇总 (2)"], id="the-summary-name-is-taken"),
    pytest.param(["History"], ["History (2)"], id="excel-reserves-history"),
    pytest.param(["'引号'", "//", "  "], ["引号", "__", "表3"], id="quotes-trimmed-and-empty-named"),
    pytest.param(["𠀀" * 20], ["𠀀" * 15], id="astral-characters-count-twice"),
]


@pytest.mark.parametrize(("projects", "expected"), SHEET_NAME_CASES)
def test_sheet_names_are_legal_and_unique(projects: list[str], expected: list[str]) -> None:
    assert sheet_names(projects, reserved=["汇总"]) == expected


def test_a_project_name_with_control_characters_still_renders() -> None:
    form = load_form({"project": "项目\x07名\x1b称", "indicators": [{"name": "人数\x00", "target": "≥45人", "actual": "45人", "weight": 90}]})
    card = score(form, load_policy("central-2020"))
    workbook = load(render_xlsx(Batch(card.policy, (CheckedForm("x.yaml", card, review(card)),))))
    assert workbook.sheetnames == ["汇总", "项目名称"]
    assert workbook["项目名称"]["C3"].value == "项目名称"


# --- a seed form, as printed ------------------------------------------------------------------

SEED_000_ROWS = [
    ("产出指标", "数量指标", "制作线上培训视频", "=24期", "24期", 5, 5, 5),
    ("产出指标", "数量指标", "开展应急志愿服务实践活动宣传品", "=2700套", "2700套", 5, 5, 5),
    ("产出指标", "数量指标", "培训应急志愿者人数", "=740人", "747人", 5, 5, 5),
    ("产出指标", "数量指标", "组织应急志愿服务科普宣教实践活动", "=34场", "34场", 5, 5, 5),
    ("产出指标", "数量指标", "开展应急志愿者队伍共训共练活动", "=5场", "5场", 5, 5, 5),
    ("产出指标", "数量指标", "应急志愿服务活动宣传报道", "≥45次", "45次", 5, 5, 5),
    ("产出指标", "质量指标", "分类分级团标实用性测评", "≥90%", "90%", 5, 5, 5),
    ("产出指标", "质量指标", "应急志愿者培训结业考核合格率", "≥90%", "90%", 5, 5, 5),
    ("产出指标", "时效指标", "制定方案，通知发布", "定性2023年3月底前", "2023年3月底前", 5, 5, 5),
    ("产出指标", "时效指标", "完成公开招标，开始实施", "定性2023年5月底前", "2023年6月", 5, 3, 3),
    ("产出指标", "时效指标", "全部执行完毕，组织验收", "定性2023年11月底前", "2023年12月", 5, 3, 3),
    ("产出指标", "经济成本指标", "项目执行总经费", "≤258.2万元", "258.16万元", 5, 5, 5),
    ("效益指标", "社会效益指标", "对于应急志愿者队伍建设的效益好评率", "≥90%", "90%", 5, 5, 5),
    ("效益指标", "社会效益指标", "对于应急队伍体系完善的效益好评率", "≥90%", "90%", 5, 5, 5),
    ("效益指标", "社会效益指标", "对于城市安全运行的效益好评率", "≥90%", "90%", 10, 10, 10),
    ("满意度指标", "服务对象满意度指标", "应急志愿服务科普宣教实践活动满意度", "≥90%", "90%", 5, 5, 5),
    ("满意度指标", "服务对象满意度指标", "培训班骨干集训满意度", "≥90%", "90%", 5, 5, 5),
]


def indicator_rows(ws) -> list[tuple[object, ...]]:
    """(level1, level2, name, target, actual, weight, printed score, computed score), merged labels filled in."""
    first = row_of(ws, "D", "三级指标") + 1
    total = row_of(ws, "A", "总分")
    rows, level1, level2 = [], None, None
    for row in range(first, total):
        level1 = ws[f"B{row}"].value or level1
        level2 = ws[f"C{row}"].value or level2
        rows.append((level1, level2, *(ws[f"{c}{row}"].value for c in "DEFGH"), ws[f"J{row}"].value))
    return rows


def test_the_seed_000_sheet_holds_the_header_and_the_budget_as_printed(book: openpyxl.Workbook) -> None:
    ws = book["北京市应急志愿者队伍建设服务"]
    assert (ws["A1"].value, ws["A2"].value) == ("项目支出绩效自评表", "（2023年度）")
    assert (ws["A3"].value, ws["C3"].value) == ("项目名称", "北京市应急志愿者队伍建设服务")
    assert (ws["A4"].value, ws["C4"].value, ws["F4"].value, ws["G4"].value) == ("主管部门", "北京市应急管理局", "实施单位", "北京市应急管理局机关")
    assert ws["A6"].value == "项目资金（万元）"
    assert [ws[f"{c}6"].value for c in "DEFGHIJKLM"] == [
        "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分", "复核得分", "差异", "复核意见", "计分说明"]
    total = row_of(ws, "C", "年度资金总额")
    assert [ws[f"{c}{total}"].value for c in "DEFGHIJK"] == [258.2, 258.2, 258.16, 10, 0.9998, 10, 10, 0]
    fiscal = row_of(ws, "C", "其中：当年财政拨款")
    assert [ws[f"{c}{fiscal}"].value for c in "DEF"] == [258.2, 258.2, 258.16]
    assert [ws[f"{c}{fiscal + 1}"].value for c in "CDEFGHI"] == ["上年结转资金"] + ["—"] * 6
    assert [ws[f"{c}{fiscal + 2}"].value for c in "CDEFGHI"] == ["其他资金"] + ["—"] * 6


def test_the_seed_000_sheet_holds_the_goals_wrapped(book: openpyxl.Workbook) -> None:
    ws = book["北京市应急志愿者队伍建设服务"]
    top = row_of(ws, "A", "年度总体目标")
    assert (ws[f"B{top}"].value, ws[f"F{top}"].value) == ("预期目标", "实际完成情况")
    assert ws[f"B{top + 1}"].value.startswith("通过项目的延续实施")
    assert ws[f"F{top + 1}"].value.startswith("开展了应急志愿者骨干能力提升行动")
    assert ws[f"B{top + 1}"].alignment.wrap_text and ws[f"F{top + 1}"].alignment.wrap_text
    assert ws.row_dimensions[top + 1].height > 100


def test_the_seed_000_sheet_holds_17_indicators_and_the_total(book: openpyxl.Workbook) -> None:
    ws = book["北京市应急志愿者队伍建设服务"]
    header = row_of(ws, "D", "三级指标")
    assert [ws[f"{c}{header}"].value for c in "ABCDEFGHIJKLM"] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分",
        "偏差原因分析及改进措施", "复核得分", "差异", "复核意见", "计分说明"]
    assert indicator_rows(ws) == SEED_000_ROWS
    total = row_of(ws, "A", "总分")
    assert [ws[f"{c}{total}"].value for c in "GHJK"] == [100, 96, 96, 0]
    assert ws[f"M{total}"].value == "复核等级：优"
    late = row_of(ws, "D", "完成公开招标，开始实施")
    assert ws[f"I{late}"].value == "“4.18”火灾后增加大量工作导致招标工作延迟，建议完善项目管理"
    assert "逾期 30 天" in ws[f"M{late}"].value


def test_the_seed_004_sheet_holds_15_indicators_and_the_total(book: openpyxl.Workbook) -> None:
    ws = book["法治培训服务"]
    total = row_of(ws, "C", "年度资金总额")
    assert [ws[f"{c}{total}"].value for c in "DEFGHIJ"] == [66.2, 66.2, 64.253, 10, 0.9706, 9.71, 9.71]
    rows = indicator_rows(ws)
    assert len(rows) == 15
    assert [r[2] for r in rows][:3] == ["执法资格培训参训人数", "会前学法、法治讲座培训次数", "专兼职法制员培训"]
    assert [(r[5], r[6], r[7]) for r in rows if r[6] != r[5]] == [(5, 3, 3), (5, 3, 3)]
    assert sum(r[7] for r in rows) + 9.71 == pytest.approx(95.71)
    total = row_of(ws, "A", "总分")
    assert [ws[f"{c}{total}"].value for c in "GHJK"] == [100, 95.71, 95.71, 0]


def test_level1_and_level2_labels_are_merged_over_their_rows(book: openpyxl.Workbook) -> None:
    ws = book["北京市应急志愿者队伍建设服务"]
    first = row_of(ws, "D", "制作线上培训视频")
    assert merged(ws, "B") == sorted([f"B{first}:B{first + 11}", f"B{first + 12}:B{first + 14}", f"B{first + 15}:B{first + 16}"])
    assert f"C{first}:C{first + 5}" in merged(ws, "C")  # 数量指标 ×6
    assert not any(r.startswith(f"C{first + 11}:") for r in merged(ws, "C"))  # 经济成本指标 stands alone
    assert f"A{first - 1}:A{first + 16}" in merged(ws, "A")  # 绩效指标, down the side
    assert ws[f"A{first - 1}"].alignment.text_rotation == 255


def test_numbers_are_numbers_with_score_rate_and_amount_formats(book: openpyxl.Workbook) -> None:
    ws = book["法治培训服务"]
    budget = row_of(ws, "C", "年度资金总额")
    row = row_of(ws, "D", "执法资格培训参训人数")
    total = row_of(ws, "A", "总分")
    for ref in (f"F{budget}", f"H{budget}", f"I{budget}", f"J{budget}", f"G{row}", f"H{row}", f"J{row}", f"H{total}", f"J{total}"):
        assert ws[ref].data_type == "n", ref
    assert ws[f"H{budget}"].number_format == "0.00%"
    assert {ws[f"{c}{budget}"].number_format for c in "GIJ"} == {"0.00"}
    assert {ws[f"{c}{row}"].number_format for c in "GHJ"} == {"0.00"}
    assert ws[f"K{row}"].number_format == "+0.00;-0.00;0.00"
    # amounts print as the policy rounds them (2 places: 66.200000 shows 66.20); the cell keeps the exact number
    assert ws[f"F{budget}"].number_format == "#,##0.00######"  # the policy's 2 places, and every digit the amount has


def numbers_in(data: bytes, sheet: int) -> dict[str, str]:
    """Each number cell of a sheet, as the text the file holds."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")
    return dict(re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml))


def test_decimals_are_stored_as_the_doubles_nearest_to_them(batch: Batch) -> None:
    # An .xlsx number is a double: openpyxl writes a Decimal with 16 significant digits, which must
    # read back as the double nearest the printed decimal (what typing it into Excel gives).
    numbers = numbers_in(render_xlsx(batch), 3)  # 法治培训服务
    printed = {"D7": "66.200000", "F7": "64.253000", "H7": "0.9706", "I7": "9.71", "J7": "9.71"}
    assert {ref: float(numbers[ref]) for ref in printed} == {ref: float(Decimal(text)) for ref, text in printed.items()}


def test_targets_that_start_with_an_equals_sign_stay_text(book: openpyxl.Workbook) -> None:
    ws = book["北京市应急志愿者队伍建设服务"]
    row = row_of(ws, "D", "制作线上培训视频")
    assert (ws[f"E{row}"].value, ws[f"E{row}"].data_type) == ("=24期", "s")


def test_the_sheets_are_set_up_for_screen_and_print(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes
    ws = book["法治培训服务"]
    assert ws.freeze_panes == "E4"
    assert ws.column_dimensions["D"].width >= 20 and ws.column_dimensions["M"].width >= 40
    assert ws.print_title_rows == f"${row_of(ws, 'D', '三级指标')}:${row_of(ws, 'D', '三级指标')}"


# --- a form full of problems -------------------------------------------------------------------


@pytest.fixture(scope="module")
def problems(batch: Batch) -> CheckedForm:
    return next(f for f in batch.forms if f.card.form.project == "问题很多的项目")


def lines_for(checked: CheckedForm, *paths: str) -> list[str]:
    found = [f for f in checked.findings if any(f.path == p or f.path.startswith(p + ".") for p in paths)]
    return [("✗ " if f.severity == "error" else "! ") + finding_line(f, "zh") for f in found]


def test_the_problem_form_has_the_findings_the_test_counts_on(problems: CheckedForm) -> None:
    # row-score-differs: row 3's shortfall wording is a warning, so the wrong score is also an error
    assert sorted({f.code for f in problems.findings}) == [
        "actual-copied-target", "budget-low-rate-no-reason", "budget-rate-printed", "budget-score-wrong", "grade-mismatch",
        "late-at-full-marks", "level1-split", "row-full-marks-unmet", "row-score-differs", "shortfall-at-full-marks",
        "total-differs", "weight-concentration",
    ]


@pytest.mark.parametrize(("name", "colour", "codes"), [
    pytest.param("培训人数", ERROR_FILL, ["row-full-marks-unmet", "weight-concentration"], id="unmet-at-full-marks"),
    pytest.param("完成时间", ERROR_FILL, ["late-at-full-marks"], id="late-at-full-marks"),
    # the shortfall wording is a warning, so the wrong score (10, should be 7.00) is also an error: the row is red
    pytest.param("效益", ERROR_FILL, ["row-score-differs", "shortfall-at-full-marks"], id="shortfall-wording"),
    pytest.param("满意度", WARNING_FILL, ["actual-copied-target"], id="copied-actual"),
])
def test_rows_with_findings_are_filled_and_explained(book: openpyxl.Workbook, problems: CheckedForm, name: str, colour: str,
                                                     codes: list[str]) -> None:
    ws = book["问题很多的项目"]
    row = row_of(ws, "D", name)
    index = next(r.indicator.index for r in problems.card.indicators if r.indicator.name == name)
    expected = lines_for(problems, f"$.indicators[{index}]")
    assert sorted({f.code for f in problems.findings if f.path.startswith(f"$.indicators[{index}]")}) == codes
    assert ws[f"L{row}"].value.split("\n") == expected
    assert {fill(ws[f"{c}{row}"]) for c in "DEFGHIJKLM"} == {colour}


def test_an_unscorable_row_says_so_in_the_computed_column() -> None:
    form = load_form({"project": "无法计分", "indicators": [
        {"name": "合格率", "target": "≥≥90%", "actual": "95%", "weight": 90, "reported_score": 90}]})
    card = score(form, load_policy("central-2020"))
    ws = load(render_xlsx(Batch(card.policy, (CheckedForm("x.yaml", card, review(card)),))))["无法计分"]
    row = row_of(ws, "D", "合格率")
    assert (ws[f"J{row}"].value, ws[f"K{row}"].value) == ("无法计分", None)
    assert ws[f"L{row}"].value.startswith("✗ 指标无法计分：“合格率”无法计分：年度指标值无法解析")
    assert fill(ws[f"L{row}"]) == ERROR_FILL


def test_the_budget_row_carries_its_findings(book: openpyxl.Workbook, problems: CheckedForm) -> None:
    ws = book["问题很多的项目"]
    row = row_of(ws, "C", "年度资金总额")
    assert [ws[f"{c}{row}"].value for c in "EFGHIJK"] == [100, 86.183, 10, 0.8619, 9, 8.62, 0.38]
    assert ws[f"L{row}"].value.split("\n") == lines_for(problems, "$.budget")
    assert ws[f"L{row}"].value.split("\n") == [
        "✗ 执行率打印有误：执行率打印为 86.19%，按 B/A 计算应为 86.18%（精确值 86.1830%）",
        "✗ 预算得分有误：预算执行得分 9 是把 8.62 取整所得，应为 8.62（执行率 86.18%）",
        "! 执行率偏低未说明原因：预算执行率 86.18% 低于 90%，但未说明偏差原因",
    ]
    assert fill(ws[f"C{row}"]) == fill(ws[f"M{row}"]) == ERROR_FILL


def test_the_total_row_carries_its_findings(book: openpyxl.Workbook, problems: CheckedForm) -> None:
    ws = book["问题很多的项目"]
    row = row_of(ws, "A", "总分")
    assert [ws[f"{c}{row}"].value for c in "GHIJK"] == [100, 99, "等级：良", 79.62, 19.38]
    assert ws[f"L{row}"].value.split("\n") == ["✗ 总分与复核不符：总分 99，复核总分为 79.62", "✗ 等级与总分不符：等级打印为“良”，而总分 99 对应“优”"]
    assert ws[f"M{row}"].value == "复核等级：中"
    assert fill(ws[f"A{row}"]) == ERROR_FILL


def test_the_form_level_box_lists_every_finding_of_the_form(book: openpyxl.Workbook, problems: CheckedForm) -> None:
    ws = book["问题很多的项目"]
    heading = row_of(ws, "A", "表级复核意见")
    assert heading > row_of(ws, "A", "总分")
    box = [ws[f"A{heading + 1 + i}"].value for i in range(len(problems.findings))]
    assert len(box) == 12 and ws[f"A{heading + 1 + len(box)}"].value is None
    # each named by its title, a row's by the row it concerns; the whole form's without a place
    assert box[0] == "✗ 执行率打印有误（预算执行率）：执行率打印为 86.19%，按 B/A 计算应为 86.18%（精确值 86.1830%）"
    assert "✗ 未达标却得满分（第 1 项“培训人数”）：未达到目标（指标值 ≥100人，实际 80人，完成比例 80.00%）却得满分 50，复核应为 40.00" in box
    assert "! 一级指标分值比例不符：一级指标分值偏离规定比例超过 10 分：产出指标 70/50、效益指标 10/30（实际/规定）" in box
    assert "未发现问题" not in box
    level1 = heading + 1 + box.index(next(line for line in box if line.startswith("! 一级指标")))
    assert fill(ws[f"A{heading + 1}"]) == ERROR_FILL and fill(ws[f"A{level1}"]) == WARNING_FILL


def test_a_clean_form_has_no_filled_rows(book: openpyxl.Workbook) -> None:
    ws = book["法治培训服务"]
    assert {fill(ws[f"L{r}"]) for r in range(row_of(ws, "C", "年度资金总额"), row_of(ws, "A", "总分") + 1)} <= {None, HEADER_FILL}
    assert ws[f"A{row_of(ws, 'A', '表级复核意见') + 1}"].value == "未发现问题"


# --- the summary sheet -------------------------------------------------------------------------


def test_the_summary_sheet_counts_the_run(book: openpyxl.Workbook) -> None:
    ws = book["汇总"]
    assert ws["A1"].value == "项目支出绩效自评表复核汇总"
    assert "central-2020" in ws["A2"].value
    first = row_of(ws, "B", "读取的自评表")
    counts = [(ws[f"B{r}"].value, ws[f"C{r}"].value) for r in range(first, first + 4)]
    assert counts == [("读取的自评表", 3), ("无法使用的文件", 1), ("有错误的表", 1), ("只有提醒的表", 0)]


def test_the_summary_sheet_has_one_linked_line_per_form(book: openpyxl.Workbook) -> None:
    ws = book["汇总"]
    header = row_of(ws, "A", "序号")
    assert [ws[f"{c}{header}"].value for c in "ABCDEFGHIJ"] == [
        "序号", "文件", "项目名称", "年度", "自评总分", "复核总分", "差异", "复核等级", "错误", "提醒"]
    lines = [[ws[f"{c}{r}"].value for c in "ACDEFGHIJ"] for r in range(header + 1, header + 4)]
    assert lines == [
        [1, "北京市应急志愿者队伍建设服务", 2023, 96, 96, 0, "优", 0, 0],
        [2, "法治培训服务", 2023, 95.71, 95.71, 0, "优", 0, 0],
        # 7 errors: row 3's shortfall wording is a warning, so the wrong score is also an error
        [3, "问题很多的项目", 2023, 99, 79.62, 19.38, "中", 7, 5],
    ]
    assert ws[f"B{header + 1}"].value == str(SEED_000)
    links = [ws[f"C{r}"].hyperlink.location for r in range(header + 1, header + 4)]
    assert links == ["'北京市应急志愿者队伍建设服务'!A1", "'法治培训服务'!A1", "'问题很多的项目'!A1"]
    assert fill(ws[f"A{header + 3}"]) == ERROR_FILL and fill(ws[f"A{header + 1}"]) is None
    assert ws.freeze_panes == f"A{header + 1}"


def test_every_form_sheet_links_back_to_the_summary(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets[1:]:
        assert (ws["J1"].value, ws["J1"].hyperlink.location) == ("← 返回汇总", "'汇总'!A1")


def test_the_summary_sheet_counts_findings_by_code(book: openpyxl.Workbook, batch: Batch) -> None:
    ws = book["汇总"]
    header = row_of(ws, "B", "问题类别")
    # 12 codes: row 3's shortfall wording is a warning, so the wrong score is also an error (row-score-differs)
    table = {ws[f"B{r}"].value: (ws[f"C{r}"].value, ws[f"D{r}"].value) for r in range(header + 1, header + 13)}
    assert table["总分与复核不符（total-differs）"] == ("错误", 1)
    assert table["实际值照抄指标值（actual-copied-target）"] == ("提醒", 1)
    assert len(table) == len(batch.summary().findings_by_code) == 12


def test_the_summary_sheet_lists_unusable_files_with_their_problems(book: openpyxl.Workbook, problem_path: Path) -> None:
    ws = book["汇总"]
    row = row_of(ws, "B", str(problem_path.parent / "broken.yaml"))
    assert row > row_of(ws, "A", "无法使用的文件")
    assert "$.indicators[0]" in ws[f"C{row}"].value and "name" in ws[f"C{row}"].value
    assert fill(ws[f"B{row}"]) == ERROR_FILL


# --- English -----------------------------------------------------------------------------------


def test_english_labels_with_lang_en(english: openpyxl.Workbook) -> None:
    assert english.sheetnames[0] == "Summary"
    ws = english["法治培训服务"]
    assert ws["A1"].value == "Project expenditure performance self-evaluation form"
    assert ws["A2"].value == "(2023)"
    header = row_of(ws, "D", "Indicator")
    assert [ws[f"{c}{header}"].value for c in "BCDEFGHIJKLM"] == [
        "Level 1", "Level 2", "Indicator", "Target (A)", "Actual (B)", "Weight", "Score", "Deviation reason and remedy",
        "Computed score", "Difference", "Review findings", "How it was scored"]
    assert ws[f"A{row_of(ws, 'A', 'Total')}"].value == "Total"
    problems = english["问题很多的项目"]
    row = row_of(problems, "A", "Total")
    assert problems[f"L{row}"].value.split("\n")[0] == "✗ total differs: the total is 99, but the computed total is 79.62"
    summary = english["Summary"]
    assert summary[f"A{row_of(summary, 'A', '#')}"].value == "#"
    assert (ws["J1"].value, ws["J1"].hyperlink.location) == ("← back to the summary", "'Summary'!A1")


# --- the command line --------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    err = StringIO()
    code = main(["check", *args], out=StringIO(), err=err)
    return code, err.getvalue()


def test_the_cli_writes_the_workbook(tmp_path: Path) -> None:
    output = tmp_path / "review.xlsx"
    code, err = run(str(SEED_000), str(SEED_004), "--format", "xlsx", "--output", str(output))
    assert code == 0, err
    assert f"已写入 {output}" in err
    assert load(output.read_bytes()).sheetnames == ["汇总", "北京市应急志愿者队伍建设服务", "法治培训服务"]
    assert [p.name for p in tmp_path.iterdir()] == ["review.xlsx"]  # no temporary file left behind


def test_the_cli_exits_1_when_the_workbook_reports_errors(tmp_path: Path, problem_path: Path) -> None:
    output = tmp_path / "review.xlsx"
    code, _ = run(str(problem_path), "--format", "xlsx", "--output", str(output))
    assert code == 1
    assert load(output.read_bytes()).sheetnames == ["汇总", "问题很多的项目"]


def test_the_cli_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    output = tmp_path / "review.xlsx"
    output.write_bytes(b"keep me")
    code, err = run(str(SEED_000), "--format", "xlsx", "--output", str(output))
    assert code == 2
    assert "已存在" in err and "--force" in err
    assert output.read_bytes() == b"keep me"


def test_the_cli_overwrites_with_force(tmp_path: Path) -> None:
    output = tmp_path / "review.xlsx"
    output.write_bytes(b"old")
    code, err = run(str(SEED_000), "--format", "xlsx", "--output", str(output), "--force", "--lang", "en")
    assert code == 0, err
    assert load(output.read_bytes()).sheetnames == ["Summary", "北京市应急志愿者队伍建设服务"]


def test_the_cli_needs_an_output_file_for_xlsx() -> None:
    code, err = run(str(SEED_000), "--format", "xlsx")
    assert code == 2
    assert err == "selfeval: --format xlsx 需要 --output 文件\n"


def test_rendering_is_deterministic_in_content(batch: Batch) -> None:
    first, second = load(render_xlsx(batch)), load(render_xlsx(batch))
    for a, b in zip(first.worksheets, second.worksheets):
        assert [[c.value for c in row] for row in a.iter_rows()] == [[c.value for c in row] for row in b.iter_rows()]


def test_amounts_keep_every_printed_digit(book: openpyxl.Workbook) -> None:
    ws = book["法治培训服务"]
    assert Decimal(str(ws[f"F{row_of(ws, 'C', '年度资金总额')}"].value)) == Decimal("64.253")
