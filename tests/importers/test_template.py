"""The blank templates: the xlsx is the official layout and, filled in, imports back with no notes;
the YAML skeleton names every key of the form schema and, filled in, is a valid form."""

from __future__ import annotations

import io
import json
import pathlib
from decimal import Decimal
from typing import Any

import importer_layouts as layouts
import jsonschema
import openpyxl
import pytest
import yaml

from selfeval_rules.io.importers import template, xlsx

EXAMPLES = layouts.example_stems()
SCHEMA = json.loads((layouts.ROOT / "selfeval_rules" / "schemas" / "form.schema.json").read_text("utf-8"))

# What the template's amount format (#,##0.00####) prints for the amounts a person types in 万元:
# at least two decimals, up to six, so 258.2 shows 258.20 and 64.253 stays 64.253.
PRINTED_AMOUNTS = {
    "000_emergency_volunteers": {"initial": "258.20", "annual": "258.20", "executed": "258.16"},
    "004_legal_training": {"initial": "66.20", "annual": "66.20", "executed": "64.253"},
}


def fill(data: dict[str, Any], lang: str = "zh") -> bytes:
    """The blank template with the cells a person writes in filled from a form's data."""
    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(lang)))  # type: ignore[arg-type]
    ws = book.active
    ws.cell(template.YEAR_ROW, 1).value = f"（{data['year']}年度）"
    for key, ref in template.HEADER_CELLS.items():
        ws[ref] = data[key]
    budget = data["budget"]
    row = template.BUDGET_ROWS["total"]
    columns = template.BUDGET_COLUMNS
    for key in ("initial", "annual", "executed"):
        ws[f"{columns[key]}{row}"] = float(budget[key])
    ws[f"{columns['weight']}{row}"] = float(budget["weight"])
    ws[f"{columns['rate']}{row}"] = float(Decimal(budget["reported_rate"].rstrip("%")) / 100)
    ws[f"{columns['score']}{row}"] = float(budget["reported_score"])
    for key in ("initial", "annual", "executed"):
        ws[f"{columns[key]}{template.BUDGET_ROWS['fiscal']}"] = float(budget["breakdown"]["fiscal"][key])
    ws[template.GOALS_CELLS["expected"]] = data["goals"]["expected"]
    ws[template.GOALS_CELLS["achieved"]] = data["goals"]["achieved"]
    # Each indicator goes in the next empty row of its level-1 group.
    group_start, r = {}, template.TABLE_HEADER_ROW + 1
    for name, count in template.GROUP_ROWS:
        group_start[name] = r
        r += count
    total_row = r
    used = {name: 0 for name in group_start}
    cols = template.INDICATOR_COLUMNS
    for indicator in data["indicators"]:
        r = group_start[indicator["level1"]] + used[indicator["level1"]]
        used[indicator["level1"]] += 1
        for key in ("level2", "name", "target", "actual", "deviation"):
            if indicator.get(key):
                cell = ws[f"{cols[key]}{r}"]
                cell.value = indicator[key]
                cell.data_type = "s"  # `=24期` typed as text
        ws[f"{cols['weight']}{r}"] = float(indicator["weight"])
        ws[f"{cols['reported_score']}{r}"] = float(indicator["reported_score"])
    ws[f"G{total_row}"] = float(sum(i["weight"] for i in data["indicators"]) + budget["weight"])
    ws[f"H{total_row}"] = float(data["reported_total"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def expected_from_template(stem: str) -> dict[str, Any]:
    data = layouts.load_example(stem)
    for key, text in PRINTED_AMOUNTS[stem].items():
        data["budget"][key] = Decimal(text)
        data["budget"]["breakdown"]["fiscal"][key] = Decimal(text)
    return data


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("stem", EXAMPLES)
def test_a_filled_template_imports_back_with_no_notes(tmp_path: pathlib.Path, stem: str, lang: str) -> None:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(fill(layouts.load_example(stem), lang))
    [form] = xlsx.read(path)
    assert form.notes == ()
    assert layouts.same(dict(form.data), expected_from_template(stem)) == []


def test_the_template_is_laid_out_as_the_official_form() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(template.template_xlsx())).active
    labels = [ws[ref].value for ref in ("A1", "A3", "A4", "E4", "A5", "E5", "A6", "D6", "E6", "F6", "G6", "H6", "I6")]
    assert labels == ["项目支出绩效自评表", "项目名称", "主管部门", "实施单位", "项目负责人", "联系电话", "项目资金（万元）",
                      "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分"]
    assert [ws[f"B{r}"].value for r in range(7, 11)] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    header = template.TABLE_HEADER_ROW
    assert [ws.cell(header, c).value for c in range(1, 10)] == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分", "偏差原因分析及改进措施",
    ]
    levels = [ws.cell(r, 2).value for r in range(header + 1, header + 22)]
    assert [v for v in levels if v] == ["产出指标", "效益指标", "满意度指标"]
    assert ws.cell(header + 22, 1).value == "总分"


def test_the_template_formats_numbers_and_validates_what_is_typed() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(template.template_xlsx())).active
    assert (ws["D7"].number_format, ws["H7"].number_format, ws["G7"].number_format) == ("#,##0.00####", "0.00%", "0.00")
    decimals = [str(rule.sqref) for rule in ws.data_validations.dataValidation
                if (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")]
    assert sorted(sorted(ranges.split()) for ranges in decimals) == [["D7:F10"], ["G18:H39", "G7", "I7"], ["H7"]]
    level1 = next(rule for rule in ws.data_validations.dataValidation if rule.type == "list" and "产出指标" in rule.formula1
                  and "数量指标" not in rule.formula1)
    assert str(level1.sqref) == f"B{template.TABLE_HEADER_ROW + 1}:B{template.TABLE_HEADER_ROW + 21}"


def test_the_english_template_keeps_the_form_labels_and_explains_in_english() -> None:
    zh = openpyxl.load_workbook(io.BytesIO(template.template_xlsx("zh"))).active
    en = openpyxl.load_workbook(io.BytesIO(template.template_xlsx("en"))).active
    assert [zh.cell(17, c).value for c in range(1, 10)] == [en.cell(17, c).value for c in range(1, 10)]
    assert en["A40"].value.startswith("Notes:") and zh["A40"].value.startswith("填表说明")


def test_the_blank_template_imports_as_an_empty_form_that_says_what_is_missing(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(template.template_xlsx())
    [form] = xlsx.read(path)
    assert form.data["indicators"] == []
    assert [note.code for note in form.notes] == ["import.no_project", "import.no_goals", "import.no_total"]


# -- the YAML skeleton ------------------------------------------------------------------------


def _schema_keys(schema: dict[str, Any], node: dict[str, Any], path: str = "") -> set[str]:
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    keys = set()
    for key, child in node.get("properties", {}).items():
        keys.add(f"{path}.{key}")
        keys |= _schema_keys(schema, child, f"{path}.{key}")
    if "items" in node:
        keys |= _schema_keys(schema, node["items"], f"{path}[]")
    return keys


def _yaml_keys(value: Any, path: str = "") -> set[str]:
    keys = set()
    if isinstance(value, dict):
        for key, child in value.items():
            keys.add(f"{path}.{key}")
            keys |= _yaml_keys(child, f"{path}.{key}")
    elif isinstance(value, list):
        for child in value:
            keys |= _yaml_keys(child, f"{path}[]")
    return keys


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_yaml_skeleton_names_every_key_of_the_form_schema(lang: str) -> None:
    skeleton = yaml.safe_load(template.template_yaml(lang))
    assert _yaml_keys(skeleton) == _schema_keys(SCHEMA, SCHEMA)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_yaml_skeleton_filled_in_is_a_valid_form(lang: str) -> None:
    text = template.template_yaml(lang)
    blank = yaml.safe_load(text)
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(blank)), "the blank skeleton asks to be filled"
    filled = (
        text.replace('project: ""', "project: 法治培训服务", 1)
        .replace("year:  ", "year: 2023", 1)
        .replace('name: ""', "name: 执法资格培训参训人数", 1)
        .replace('target: ""', 'target: "≥45人"', 1)
        .replace('actual: ""', 'actual: "45人"', 1)
        .replace("    weight:  ", "    weight: 5.00", 1)
        .replace("reported_total:  ", "reported_total: 95.71", 1)
        .replace('  - name: ""', "  - name: 年度绩效目标", 1)
        .replace("    points:  ", "    points: 90", 1)
    )
    form = yaml.safe_load(filled)
    assert form["project"] == "法治培训服务" and form["indicators"][0]["weight"] == 5.0
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(form)) == []
