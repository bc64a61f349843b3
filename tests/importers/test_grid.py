"""The recogniser finds forms in a grid of cells by their labels, whatever the layout.

Every grid here is generated from the two example forms (`examples/forms/*.yaml`, the golden data)
by `layouts.py`, in the layouts seen on real forms; each must read back to the example's data
exactly (Decimals equal in value and in text) with exactly the notes the layout calls for.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import importer_layouts as layouts
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers import labels
from selfeval_rules.io.importers.grid import (
    find_unit,
    find_year,
    forms_from_grid,
    is_blank,
    join_lines,
    parse_number,
    split_points,
    strip_template_prefix,
)
from selfeval_rules.messages import message
from selfeval_rules.messages.importers import MESSAGES

EXAMPLES = layouts.example_stems()

# Layouts of one form, by the name a test id shows: options of `layouts.layout`.
LAYOUTS: dict[str, dict[str, Any]] = {
    "official": {},
    "split_target_yunnan": {"split": True},
    "levels_printed_once": {"level_cells": "once"},
    "labels_one_character_a_line": {"level_cells": "lines", "block_label": "lines"},
    "label_one_character_a_cell": {"block_label": "chars"},
    "page_break_with_repeated_header": {"page_break": 5},
    "split_target_with_page_break": {"split": True, "page_break": 3},
    "amounts_in_yuan": {"unit": "元"},
    "hubei_20_80_without_weights": {"scheme": "hubei"},
    "transfer_payment_without_scores": {"scheme": "transfer"},
    "hebei_weight_share": {"scheme": "hebei"},
    "sichuan_weights_and_split_target": {"scheme": "sichuan"},
    "header_lines_in_one_cell": {"header": "inline"},
    "template_prefixes_and_empty_rows": {"template_rows": True},
    "points_in_level1_cells": {"points": True},
    "cells_wrapped_by_hand": {"wrapped": True},
    "labels_with_spaces_and_half_width_brackets": {"spaced_labels": True},
    "breakdown_row_repeating_scores": {"breakdown_scores": True},
    "numbers_typed_as_text": {"numbers": "texts"},
    "columns_out_of_order": {
        "columns": ("level2", "level1", "name", "actual", "target", "reported_score", "weight", "deviation")
    },
}


def example(stem: str) -> dict[str, Any]:
    return layouts.load_example(stem)


def codes(form: Any) -> list[str]:
    return [note.code for note in form.notes]


def notes(form: Any) -> list[tuple[str, str]]:
    return [(note.path, note.code) for note in form.notes]


@pytest.mark.parametrize("stem", EXAMPLES)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_reads_every_layout_back_to_the_example_form(stem: str, name: str) -> None:
    sheet, expected, expected_notes = layouts.layout(example(stem), **LAYOUTS[name])
    [form] = forms_from_grid(sheet.grid(), "form.xlsx")
    assert form.source == "form.xlsx"
    assert layouts.same(dict(form.data), expected) == []
    assert codes(form) == expected_notes


def test_the_example_data_is_what_the_official_layout_gives_back_untouched() -> None:
    # The golden data is the example YAML itself: 258.200000 stays 258.200000, "99.98%" a string.
    sheet, expected, _ = layouts.layout(example("000_emergency_volunteers"))
    [form] = forms_from_grid(sheet.grid(), "f")
    assert expected == example("000_emergency_volunteers")
    assert str(form.data["budget"]["initial"]) == "258.200000"
    assert form.data["budget"]["reported_rate"] == "99.98%"
    assert form.data["budget"]["breakdown"]["carryover"] is None
    assert form.data["reported_grade"] is None


def test_reads_split_target_columns_as_one_target() -> None:
    rows = [
        ["项目名称", "培训"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "年度指标值", "年度指标值", "实际完成值", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≧", "735", "人次", "747人次", "10", "10"],
        ["产出指标", "质量指标", "合格率", "═", "100", "%", "100%", "10", "10"],
        ["效益指标", "社会效益指标", "群众知晓度", "定性", "提高", "", "提高", "10", "8"],
        ["总分", "总分", "总分", "总分", "总分", "总分", "总分", "30", "28"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert [row["target"] for row in form.data["indicators"]] == ["≧735人次", "═100%", "定性提高"]


def test_stacked_forms_each_keep_their_own_header_and_are_numbered() -> None:
    first, first_expected, _ = layouts.layout(example("000_emergency_volunteers"))
    second_form = example("004_legal_training")
    second_form["year"] = 2022
    second, second_expected, _ = layouts.layout(second_form)
    forms = forms_from_grid(first.below(second).grid(), "book.xlsx")
    assert [form.source for form in forms] == ["book.xlsx#1", "book.xlsx#2"]
    assert layouts.same(dict(forms[0].data), first_expected) == []
    assert layouts.same(dict(forms[1].data), second_expected) == []
    assert [codes(form) for form in forms] == [[], []]


def test_stacked_forms_without_titles_split_at_each_project_name() -> None:
    def untitled(stem: str) -> layouts.Sheet:
        sheet, _, _ = layouts.layout(example(stem))
        cells = {(r - 2, c): cell for (r, c), cell in sheet.cells.items() if r >= 2}
        merges = [(r1 - 2, c1, r2 - 2, c2) for r1, c1, r2, c2 in sheet.merges if r1 >= 2]
        return layouts.Sheet("s", cells, merges, sheet.height - 2, sheet.width)

    forms = forms_from_grid(untitled(EXAMPLES[0]).below(untitled(EXAMPLES[1]), gap=0).grid(), "f")
    assert [form.data["project"] for form in forms] == [example(stem)["project"] for stem in EXAMPLES]
    assert all("year" not in form.data for form in forms)  # no title, no year: fine, and no guess


def test_skips_a_header_row_repeated_after_a_page_break() -> None:
    sheet, expected, _ = layouts.layout(example("000_emergency_volunteers"), page_break=10)
    grid = sheet.grid()
    assert sum(1 for row in grid if row[3] == "三级指标") == 2
    [form] = forms_from_grid(grid, "f")
    assert [row["name"] for row in form.data["indicators"]] == [row["name"] for row in expected["indicators"]]


def _official_grid(stem: str = "004_legal_training", **options: Any) -> tuple[list[list[str | None]], dict[str, Any]]:
    sheet, expected, _ = layouts.layout(example(stem), **options)
    return sheet.grid(), expected


def _row_of(grid: list[list[str | None]], name: str) -> int:
    return next(r for r, row in enumerate(grid) if name in row)


def test_notes_a_weight_that_is_not_a_number_and_keeps_the_row_without_it() -> None:
    grid, _ = _official_grid()
    grid[_row_of(grid, "执法资格培训参训人数")][6] = "五"
    [form] = forms_from_grid(grid, "f")
    row = form.data["indicators"][0]
    assert "weight" not in row and row["reported_score"] == Decimal("5.00")
    assert notes(form) == [("$.indicators[0].weight", "import.not_a_number")]
    assert form.notes[0].describe("en") == "'五' is not a number and was not read"


def test_reads_a_score_printed_with_its_unit_and_says_so() -> None:
    grid, _ = _official_grid()
    grid[_row_of(grid, "会前学法、法治讲座培训次数")][7] = "10分"
    [form] = forms_from_grid(grid, "f")
    assert str(form.data["indicators"][1]["reported_score"]) == "10"
    assert notes(form) == [("$.indicators[1].reported_score", "import.number_with_unit")]


def test_notes_a_column_it_cannot_identify_and_reads_the_others() -> None:
    grid, expected = _official_grid()
    top = _row_of(grid, "三级指标")
    for r, row in enumerate(grid):
        row.append(None)
    grid[top][-1] = "佐证材料"
    grid[top + 1][-1] = "培训签到表"
    [form] = forms_from_grid(grid, "f")
    assert layouts.same(dict(form.data), expected) == []
    assert notes(form) == [("$.indicators", "import.unknown_column")]
    assert form.notes[0].describe("zh") == "第 J 列的表头 '佐证材料' 无法识别，该列未读取"


def test_notes_rows_it_cannot_read_after_a_truncated_table() -> None:
    grid, _ = _official_grid()
    cut = _row_of(grid, "专兼职法制员培训")
    truncated = grid[: cut + 1] + [["（续表见下页", None, "第 2 页"], ["X", "Y", "Z"]]
    [form] = forms_from_grid(truncated, "f")
    assert len(form.data["indicators"]) == 3
    assert "reported_total" not in form.data and "reported_grade" not in form.data
    assert notes(form) == [("$.indicators", "import.rows_after_table"), ("$.reported_total", "import.no_total")]
    assert form.notes[0].params == {"row": cut + 2, "count": 2}


def test_notes_a_number_where_a_text_belongs() -> None:
    grid, _ = _official_grid()
    grid[_row_of(grid, "执法资格培训参训人数")][8] = "5.00"
    [form] = forms_from_grid(grid, "f")
    assert notes(form) == [("$.indicators[0].deviation", "import.number_in_text_column")]


def test_notes_a_row_with_values_but_no_name_and_leaves_it_out() -> None:
    grid, expected = _official_grid()
    grid[_row_of(grid, "执法资格培训参训人数")][3] = ""
    [form] = forms_from_grid(grid, "f")
    assert len(form.data["indicators"]) == len(expected["indicators"]) - 1
    assert codes(form) == ["import.row_without_name"]


def test_takes_the_last_number_of_a_total_row_whose_score_cell_is_empty_with_a_note() -> None:
    grid, _ = _official_grid()
    total = _row_of(grid, "总分")
    grid[total][6:8] = [None, None]
    grid[total][3:5] = ["100.00", "95.71"]
    [form] = forms_from_grid(grid, "f")
    assert str(form.data["reported_total"]) == "95.71"
    assert codes(form) == ["import.total_guessed"]


@pytest.mark.parametrize(
    ("printed", "grade", "expected_notes"),
    [
        pytest.param("优", "优", [], id="printed-as-the-schema-spells-it"),
        pytest.param("良好", "良", ["import.grade_read_as"], id="long-spelling-read-with-a-note"),
        pytest.param("A", None, ["import.not_a_grade"], id="unknown-grade-left-out"),
        pytest.param("—", None, [], id="dash-is-no-grade"),
    ],
)
def test_reads_the_grade_printed_after_the_total(printed: str, grade: str | None, expected_notes: list[str]) -> None:
    grid, _ = _official_grid()
    width = len(grid[0])
    grid.insert(_row_of(grid, "总分") + 1, ["自评等级"] * 3 + [printed] * (width - 3))
    [form] = forms_from_grid(grid, "f")
    assert form.data["reported_grade"] == grade
    assert codes(form) == expected_notes


def test_notes_several_candidate_values_and_keeps_the_first() -> None:
    grid, _ = _official_grid()
    manager = _row_of(grid, "项目负责人")
    grid.insert(manager + 1, ["项目负责人", "李四", "李四", "李四", None, None, None, None, None])
    [form] = forms_from_grid(grid, "f")
    assert form.data["manager"] == "王建雄"
    assert notes(form) == [("$.manager", "import.several_values")]
    assert form.notes[0].describe("en") == "several candidate values (王建雄 / 李四); took the first: 王建雄"


def test_notes_amounts_without_a_unit() -> None:
    grid, _ = _official_grid()
    block = _row_of(grid, "年初预算数")
    for r in range(block, block + 5):
        grid[r][0] = "项目资金"
    [form] = forms_from_grid(grid, "f")
    assert "unit" not in form.data["budget"]
    assert notes(form) == [("$.budget.unit", "import.no_unit")]


def test_reads_goals_that_are_not_split_as_the_expected_goals_with_a_note() -> None:
    rows = [
        ["项目名称", "培训"],
        ["年度总体目标", "完成培训 45 人次。"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥45人", "45人", "100", "100"],
        ["总分", "总分", "总分", "总分", "总分", "100", "100"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert form.data["goals"] == {"expected": "完成培训 45 人次。"}
    assert codes(form) == ["import.no_budget", "import.goals_unsplit"]


def test_reads_headings_with_points_as_groups_in_order() -> None:
    # Hubei: a block heading across the table, level-1 headings with their points, no 分值 column.
    rows = [
        ["项目名称", "道路养护"],
        ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        ["年度绩效目标（80分）"] * 6,
        ["产出指标（50分）", "数量指标", "养护里程", "≥266米", "266米", "25"],
        ["产出指标（50分）", "时效指标", "完成时间", "2023年12月", "2023年10月", "25"],
        ["效益指标(20分)", "社会效益指标", "通行条件", "显著提升", "显著提升", "20"],
        ["满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10"],
        ["总分", "总分", "总分", "总分", "总分", "80"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert form.data["groups"] == [
        {"name": "年度绩效目标", "points": Decimal(80)},
        {"name": "产出指标", "points": Decimal(50)},
        {"name": "效益指标", "points": Decimal(20)},
        {"name": "满意度指标", "points": Decimal(10)},
    ]
    assert [(row["group"], row["level1"]) for row in form.data["indicators"]] == [
        ("年度绩效目标", "产出指标"), ("年度绩效目标", "产出指标"), ("年度绩效目标", "效益指标"), ("年度绩效目标", "满意度指标"),
    ]
    assert all("weight" not in row for row in form.data["indicators"])
    assert codes(form) == ["import.no_budget", "import.no_goals", "import.weights_not_printed"]


def test_reads_a_level1_label_printed_one_character_a_cell() -> None:
    rows = [
        ["项目名称", "培训"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产", "数量指标", "培训人数", "≥45人", "45人", "20", "20"],
        ["出", "数量指标", "培训次数", "≥6次", "6次", "20", "20"],
        ["指", "质量指标", "合格率", "≥90%", "100%", "20", "20"],
        ["标", "质量指标", "满意率", "≥90%", "100%", "10", "10"],
        ["", "时效指标", "完成时间", "2023年12月", "2023年10月", "10", "10"],
        ["效", "社会效益指标", "能力提升", "有效", "有效", "5", "5"],
        ["益", "社会效益指标", "覆盖面", "≥80%", "80%", "5", "5"],
        ["指", "社会效益指标", "知晓率", "≥80%", "80%", "5", "5"],
        ["标", "社会效益指标", "参与率", "≥80%", "80%", "5", "5"],
        ["总分", "总分", "总分", "总分", "总分", "100", "100"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert [row["level1"] for row in form.data["indicators"]] == ["产出指标"] * 5 + ["效益指标"] * 4


def test_reads_a_form_whose_blocks_are_laid_out_otherwise() -> None:
    # The total and unit printed beside 项目资金, goals labelled down the rows, the split target under
    # one header row, 自评等级 under the total: the values are the grid's own.
    rows = [
        ["2023年度项目支出绩效自评表"],
        ["项目名称", "法治培训服务", "法治培训服务", "法治培训服务", "法治培训服务", "法治培训服务"],
        ["主管部门", "北京市应急管理局", "北京市应急管理局", "北京市应急管理局", "实施单位", "机关"],
        ["项目资金", "66.2（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分"],
        ["项目资金", "年度资金总额", "年度资金总额", "66.200000", "66.200000", "64.253000", "10.00", "97.06%", "9.71"],
        ["项目资金", "其中:财政拨款", "其中:财政拨款", "66.200000", "66.200000", "64.253000", "10.00", "97.06%", "9.71"],
        ["项目资金", "其他资金", "其他资金", "-", "-", "-", "-", "-", "-"],
        ["年度总体目标", "预期目标", "全年培训 45 人"],
        ["年度总体目标", "实际完成情况", "培训 45 人"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["绩效指标", "产出指标", "数量指标", "参训人数", "≥", "45", "人", "45人", "50", "50", ""],
        ["绩效指标", "产出指标", "质量指标", "通过率", "≥", "90", "%", "100%", "30", "30", ""],
        ["绩效指标", "满意度指标", "服务对象满意度指标", "满意度", "≥", "80", "%", "78%", "10", "9.71", "个别不满意"],
        ["总分", "总分", "总分", "总分", "总分", "总分", "总分", "总分", "100", "98.71", ""],
        ["自评等级", "优"],
    ]
    [form] = forms_from_grid(rows, "f")
    data = form.data
    assert (data["year"], data["project"], data["implementer"]) == (2023, "法治培训服务", "机关")
    assert data["budget"]["unit"] == "万元" and str(data["budget"]["executed"]) == "64.253000"
    assert data["budget"]["breakdown"] == {
        "fiscal": {"initial": Decimal("66.200000"), "annual": Decimal("66.200000"), "executed": Decimal("64.253000")},
        "other": None,
    }
    assert data["goals"] == {"expected": "全年培训 45 人", "achieved": "培训 45 人"}
    assert [row["target"] for row in data["indicators"]] == ["≥45人", "≥90%", "≥80%"]
    assert (str(data["reported_total"]), data["reported_grade"]) == ("98.71", "优")
    assert form.notes == ()


def test_reads_a_hubei_form_with_its_block_of_goals_in_a_column_and_a_numbered_column() -> None:
    rows = [
        ["项目支出绩效自评表（2021年度）"],
        ["项目名称", "道路养护", "道路养护", "道路养护", "道路养护", "道路养护", "道路养护"],
        ["预算执行情况（20分）", "预算数(A)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20×B/A)", "得分(20×B/A)"],
        ["预算执行情况（20分）", "120.5", "120.5", "100", "82.99%", "16.6", "16.6"],
        ["序号", "年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        ["1", "年度绩效目标（80分）", "产出指标（50分）", "数量指标", "养护里程", "≥266米", "266米", "25"],
        ["2", "年度绩效目标（80分）", "产出指标（50分）", "时效指标", "完成时间", "2021年12月", "2021年10月", "25"],
        ["3", "年度绩效目标（80分）", "效益指标(30分)", "社会效益指标", "通行条件", "显著提升", "显著提升", "30"],
        ["总分", "总分", "总分", "总分", "总分", "总分", "总分", "96.6"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert form.data["budget"] == {"weight": Decimal(20), "annual": Decimal("120.5"), "executed": Decimal(100),
                                   "reported_rate": "82.99%", "reported_score": Decimal("16.6")}
    assert form.data["groups"] == [{"name": "年度绩效目标", "points": Decimal(80)},
                                   {"name": "产出指标", "points": Decimal(50)},
                                   {"name": "效益指标", "points": Decimal(30)}]
    assert {row["group"] for row in form.data["indicators"]} == {"年度绩效目标"}
    assert codes(form) == ["import.no_unit", "import.no_goals", "import.weights_not_printed"]


def test_reads_header_values_printed_under_their_labels() -> None:
    rows = [
        ["项目名称", "主管部门", "实施单位"],
        ["培训", "北京市应急管理局", "北京市应急管理局机关"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥45人", "45人", "100", "100"],
        ["总分", "总分", "总分", "总分", "总分", "100", "100"],
    ]
    [form] = forms_from_grid(rows, "f")
    assert (form.data["project"], form.data["department"], form.data["implementer"]) == (
        "培训", "北京市应急管理局", "北京市应急管理局机关",
    )


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([], id="empty-grid"),
        pytest.param([[None, ""], ["", None]], id="only-blank-cells"),
        pytest.param([["项目名称", "培训"], ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"]], id="no-indicator-table"),
        pytest.param([["一级指标", "二级指标"], ["产出指标", "数量指标"]], id="two-labels-are-not-a-table"),
    ],
)
def test_refuses_a_grid_without_a_form_naming_what_is_missing(rows: list[list[str | None]]) -> None:
    with pytest.raises(FormError) as caught:
        forms_from_grid(rows, "book.xlsx")
    assert str(caught.value) == "book.xlsx: $: 没有找到绩效指标表"
    with pytest.raises(FormError) as caught:
        forms_from_grid(rows, "book.xlsx", lang="en")
    assert str(caught.value) == "book.xlsx: $: no 绩效指标 table found"


# -- helpers the PDF importers reuse -----------------------------------------------------------

NUMBERS = [
    ("258.200000", "258.200000"),
    ("215,457.6", "215457.6"),
    ("１０.００", "10.00"),
    (" 9.71 ", "9.71"),
    ("0", "0"),
    ("+5", "5"),
]
BLANKS = ["", "—", "-", "——", "/", "无", "……", None]
NOT_NUMBERS = ["5分", "五", "90%", "约85", "1,23", "-5", "5.0.0"]


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[t for t, _ in NUMBERS])
def test_parses_a_printed_number_exactly(text: str, value: str) -> None:
    number = parse_number(text)
    assert number == Decimal(value) and str(number) == value


@pytest.mark.parametrize("text", BLANKS, ids=repr)
def test_reads_blank_markers_as_no_number(text: str | None) -> None:
    assert is_blank(text) and parse_number(text) is None


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_refuses_a_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_helpers_join_wrapped_lines_and_split_headings() -> None:
    assert join_lines("对于应急志愿者队伍建设的效益好评\n率") == "对于应急志愿者队伍建设的效益好评率"
    assert strip_template_prefix("指标１：培训人数") == "培训人数"
    assert split_points("产出指标(50分)") == ("产出指标", Decimal(50))
    assert find_year("项目支出绩效自评表（2023年度）") == 2023
    assert find_unit("项目资金(元)") == "元"


LABEL_VARIANTS = [
    ("年 度 指 标 值", labels.INDICATOR_COLUMNS, "target"),
    ("年初目标值(A)", labels.INDICATOR_COLUMNS, "target"),
    ("实际完成值（B）", labels.INDICATOR_COLUMNS, "actual"),
    ("全年完成值", labels.INDICATOR_COLUMNS, "actual"),
    ("全年实际值", labels.INDICATOR_COLUMNS, "actual"),
    ("权重", labels.INDICATOR_COLUMNS, "weight"),
    ("指标分值", labels.INDICATOR_COLUMNS, "weight"),
    ("单项指标得分", labels.INDICATOR_COLUMNS, "reported_score"),
    ("未完成原因和改进措施", labels.INDICATOR_COLUMNS, "deviation"),
    ("偏差原因", labels.INDICATOR_COLUMNS, "deviation"),
    ("权重占比(%)", labels.INDICATOR_COLUMNS, "weight_share"),
    ("单项指标折算得分", labels.INDICATOR_COLUMNS, "reported_weighted_score"),
    ("度量单位", labels.INDICATOR_COLUMNS, "unit"),
    ("全年预算数（A）", labels.BUDGET_COLUMNS, "annual"),
    ("执行率(B/A)", labels.BUDGET_COLUMNS, "rate"),
    ("其中：本年财政拨款", labels.BUDGET_ROWS, "fiscal"),
    ("上年结转资金", labels.BUDGET_ROWS, "carryover"),
    ("中央补助资金", labels.BUDGET_ROWS, "central"),
    ("实际完成情况", labels.GOALS_LABELS, "achieved"),
]


@pytest.mark.parametrize(("text", "table", "field"), LABEL_VARIANTS, ids=[v[0] for v in LABEL_VARIANTS])
def test_matches_the_label_variants_seen_on_forms(text: str, table: dict[str, tuple[str, ...]], field: str) -> None:
    assert labels.match_label(text, table, prefixes=labels.BUDGET_ROW_PREFIXES) == field


@pytest.mark.parametrize("text", ["得分率", "指标值说明", "备注", "佐证材料"])
def test_does_not_take_a_longer_word_for_a_label(text: str) -> None:
    assert labels.match_label(text, labels.INDICATOR_COLUMNS) is None


# -- the message catalog ----------------------------------------------------------------------

_SOURCES = ["grid", "labels", "xlsx", "docx", "html", "template"]


def _codes_used() -> set[str]:
    import selfeval_rules.io.importers as package

    root = __import__("pathlib").Path(package.__file__).parent
    found: set[str] = set()
    for name in _SOURCES:
        found |= set(re.findall(r'"(import\.[a-z_]+)"', (root / f"{name}.py").read_text("utf-8")))
    test_text = __import__("pathlib").Path(__file__).read_text("utf-8")
    return found | {c for c in re.findall(r'"(import\.[a-z_]+)"', test_text) if not c.startswith(("import.pdf", "import.text"))}


def test_every_code_the_table_importers_use_has_both_languages() -> None:
    used = _codes_used()
    assert used and used <= set(MESSAGES)
    for code in used:
        zh, en = MESSAGES[code]
        assert zh and en and zh != en


def test_every_note_renders_in_both_languages_with_its_parameters() -> None:
    grid, _ = _official_grid()
    grid[_row_of(grid, "执法资格培训参训人数")][6] = "五"
    [form] = forms_from_grid(grid, "f")
    for note in form.notes:
        assert note.as_dict("en") == {"path": "$.indicators[0].weight", "message": "'五' is not a number and was not read"}
        assert note.as_dict("zh")["message"] == "'五' 不是数字，未读取"
    assert message("import.no_indicator_table", "en") == "no 绩效指标 table found"


def test_the_recogniser_and_readers_import_no_third_party_module_until_read() -> None:
    # Measured against what the package itself has loaded: the importers add only attrs at most.
    code = (
        "import json, sys; import selfeval_rules.io.importers.base; before = set(sys.modules); "
        "import selfeval_rules.io.importers.grid, selfeval_rules.io.importers.labels, "
        "selfeval_rules.io.importers.xlsx, selfeval_rules.io.importers.docx, selfeval_rules.io.importers.html, "
        "selfeval_rules.io.importers.template; "
        "print(json.dumps(sorted(m.split('.')[0] for m in set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    added = set(json.loads(done.stdout)) - {"selfeval_rules"} - set(sys.stdlib_module_names)
    assert added <= {"attrs", "attr"}


def test_importing_the_recogniser_alone_loads_no_reader_library() -> None:
    code = "import json, sys, selfeval_rules.io.importers.grid; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    loaded = set(json.loads(done.stdout))
    assert not loaded & {"openpyxl", "docx", "lxml", "html5lib", "pdfplumber"}


def test_reading_does_not_change_the_rows_it_is_given() -> None:
    grid, _ = _official_grid(block_label="chars")
    before = copy.deepcopy(grid)
    forms_from_grid(grid, "f")
    assert grid == before


@pytest.mark.parametrize("name", _SOURCES)
def test_the_docstring_examples_of_the_table_importers_run(name: str) -> None:
    import doctest
    import importlib

    module = importlib.import_module(f"selfeval_rules.io.importers.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
