"""Flat exports (`selfeval check FILE --flat`): one row per indicator, the project's fields repeated on
every row, grouped into forms by project whether its rows are contiguous or not; column names in
Chinese or English; numbers exact; bad rows reported by row and column while the rest go on."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules.cli import main
from selfeval_rules.io import FLAT_COLUMNS, FormData, Unusable, flat_forms
from selfeval_rules.io._flat import COLUMN_INDEX, column_key

D = Decimal
HEADER_ZH = ["项目名称", "年度", "主管部门", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因",
             "全年预算数", "全年执行数", "预算分值", "预算得分"]
HEADER_EN = ["project", "year", "department", "level1", "level2", "name", "target", "actual", "weight", "reported_score",
             "deviation", "annual", "executed", "budget_weight", "budget_score"]
# Two projects of one department: 培训 (full marks, budget 97.81%) and 演练 (9 of 12 drills).
TRAINING = [
    ["培训项目", "2023", "市应急局", "产出指标", "数量指标", "培训人数", "≥100人", "100人", "45", "45", "", "100", "97.81", "10", "9.78"],
    ["培训项目", "2023", "市应急局", "效益指标", "社会效益指标", "满意度", "≥90%", "95%", "45", "45", "", "100", "97.81", "10", "9.78"],
]
DRILLS = [
    ["演练项目", "2023", "市应急局", "产出指标", "数量指标", "演练场次", "≥12场", "9场", "45", "33.75", "", "50", "50", "10", "10"],
    ["演练项目", "2023", "市应急局", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", "45", "45", "", "50", "50", "10", "10"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding=encoding)
    return path


def forms_of(path: Path, **kwargs: object) -> list[FormData | Unusable]:
    return list(flat_forms([path], **kwargs))  # type: ignore[arg-type]


def check(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- columns -----------------------------------------------------------------------------------


def test_every_column_name_means_one_field() -> None:
    # (the table is checked when the module loads: a name meaning two fields raises there)
    assert all(COLUMN_INDEX[column_key(name)] == field for field, names in FLAT_COLUMNS.items() for name in names)


@pytest.mark.parametrize(("name", "field"), [
    ("项目名称", "project"), ("project", "project"), ("Project", "project"), ("年度", "year"), ("主管部门", "department"),
    ("一级指标", "level1"), ("level1", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("name", "name"),
    ("年度指标值", "target"), ("实际完成值", "actual"), ("分值", "weight"), ("得分", "reported_score"), ("偏差原因", "deviation"),
    ("全年预算数", "annual"), ("全年预算数（万元）", "annual"), ("全年执行数", "executed"), ("预算分值", "budget_weight"),
    ("budget weight", "budget_weight"), ("Budget_Weight", "budget_weight"), ("预算得分", "budget_score"), ("总分", "reported_total"),
])
def test_column_names_are_read_in_chinese_or_english(name: str, field: str) -> None:
    assert COLUMN_INDEX[column_key(name)] == field


def test_chinese_and_english_headers_give_the_same_forms(tmp_path: Path) -> None:
    zh = forms_of(write_csv(tmp_path / "zh.csv", HEADER_ZH, TRAINING + DRILLS))
    en = forms_of(write_csv(tmp_path / "en.csv", HEADER_EN, TRAINING + DRILLS))
    assert [f.data for f in zh] == [f.data for f in en]  # type: ignore[union-attr]


# --- grouping -----------------------------------------------------------------------------------


def test_contiguous_rows_make_one_form_per_project(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, TRAINING + DRILLS)
    forms = forms_of(path)
    assert [type(f).__name__ for f in forms] == ["FormData", "FormData"]
    training, drills = forms
    assert (training.source, drills.source) == (f"{path}:2", f"{path}:4")
    assert training.data["project"] == "培训项目" and training.data["year"] == 2023  # type: ignore[union-attr]
    assert training.data["budget"] == {"annual": D("100"), "executed": D("97.81"), "weight": D("10"), "reported_score": D("9.78")}  # type: ignore[union-attr]
    assert [r["name"] for r in drills.data["indicators"]] == ["演练场次", "满意度"]  # type: ignore[union-attr]


def test_scattered_rows_of_a_project_still_make_one_form_in_order_of_first_rows(tmp_path: Path) -> None:
    contiguous = forms_of(write_csv(tmp_path / "a.csv", HEADER_ZH, TRAINING + DRILLS))
    scattered = forms_of(write_csv(tmp_path / "b.csv", HEADER_ZH, [TRAINING[0], DRILLS[0], TRAINING[1], DRILLS[1]]))
    assert [f.data for f in scattered] == [f.data for f in contiguous]  # type: ignore[union-attr]
    assert [f.source.rsplit(":", 1)[1] for f in scattered] == ["2", "3"]


def test_the_same_project_in_two_years_is_two_forms(tmp_path: Path) -> None:
    next_year = [[*TRAINING[0][:1], "2024", *TRAINING[0][2:]]]
    forms = forms_of(write_csv(tmp_path / "export.csv", HEADER_ZH, TRAINING + next_year))
    assert [(f.data["year"], len(f.data["indicators"])) for f in forms] == [(2023, 2), (2024, 1)]  # type: ignore[union-attr]


# --- numbers ------------------------------------------------------------------------------------


def test_numbers_are_read_exactly_from_the_csv_text(tmp_path: Path) -> None:
    row = [*TRAINING[0][:8], "33.333333", "33.30", "", "1,234.5678", "1,200.10", "10.00", "9.73"]
    form = forms_of(write_csv(tmp_path / "export.csv", HEADER_ZH, [row]))[0]
    indicator = form.data["indicators"][0]  # type: ignore[union-attr]
    assert (str(indicator["weight"]), str(indicator["reported_score"])) == ("33.333333", "33.30")
    assert str(form.data["budget"]["annual"]) == "1234.5678"  # type: ignore[union-attr]


def test_parquet_decimals_and_strings_stay_exact_and_floats_are_read_through_their_shortest_text(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "项目名称": ["培训项目", "培训项目"],
        "三级指标": ["培训人数", "满意度"],
        "年度指标值": ["≥100人", "≥90%"],
        "实际完成值": ["100人", "95%"],
        "分值": pa.array([D("45.00"), D("45.00")], type=pa.decimal128(10, 2)),
        "得分": pa.array([9.71, 45.0], type=pa.float64()),
        "全年预算数": ["66.200000", "66.200000"],
    })
    path = tmp_path / "export.parquet"
    pq.write_table(table, path)
    notes: list[str] = []
    form = forms_of(path, note=notes.append)[0]
    rows = form.data["indicators"]  # type: ignore[union-attr]
    assert [str(r["weight"]) for r in rows] == ["45.00", "45.00"]
    assert [str(r["reported_score"]) for r in rows] == ["9.71", "45.0"]  # not 9.7100000000000008527
    assert str(form.data["budget"]["annual"]) == "66.200000"  # type: ignore[union-attr]
    assert notes == [f"{path}：列 '得分' 是浮点数，按最短十进制写法读取（如 9.71）；导出为 decimal 或文本可避免二进制误差"]


def test_json_lines_read_numbers_as_decimals(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [dict(zip(HEADER_EN, row)) | {"weight": 45, "reported_score": 33.75} for row in DRILLS]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    form = forms_of(path)[0]
    assert [str(r["reported_score"]) for r in form.data["indicators"]] == ["33.75", "33.75"]  # type: ignore[union-attr]


# --- bad rows -----------------------------------------------------------------------------------


def test_a_bad_row_makes_its_project_unusable_with_the_row_and_column_and_the_rest_goes_on(tmp_path: Path) -> None:
    bad = [*DRILLS[1][:8], "四十五", *DRILLS[1][9:]]  # 分值 in words
    differs = [*DRILLS[0][:11], "60", *DRILLS[0][12:]]  # 全年预算数 differs from the project's other rows
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, TRAINING + [DRILLS[0], bad, differs])
    status, out, err = check(str(path), "--flat", "--format", "jsonl")
    assert status == 2
    assert [json.loads(line)["project"] for line in out.splitlines()] == ["培训项目"]
    assert err.splitlines()[:2] == [
        f"{path}:5:9: $.indicators[1].weight: '四十五' 不是数字",
        f"{path}:6:12: $.budget.annual: 全年预算数 为 '60'，与本项目第 4 行的 '50' 不同（项目的各行应重复相同的项目信息）",
    ]
    assert err.splitlines()[2].startswith("读取 1 张自评表，1 个文件无法使用；")


@pytest.mark.parametrize(("cell", "said"), [("1e40", "超出范围"), ("1" * 40, "超出范围"), ("0." + "1" * 40, "位有效数字")])
def test_a_number_beyond_the_form_limits_is_refused_as_in_yaml(tmp_path: Path, cell: str, said: str) -> None:
    # the limits every form number keeps (doc.number_size / digits / places) hold for a flat export
    # too: its project is unusable, located at the cell, not loaded with a 40-digit weight
    bad = [*DRILLS[1][:8], cell, *DRILLS[1][9:]]
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, [DRILLS[0], bad])
    [outcome] = forms_of(path)
    assert isinstance(outcome, Unusable)
    assert f"{path}:3:9: $.indicators[1].weight:" in str(outcome.error) and said in str(outcome.error)


def test_a_row_without_a_project_is_reported_by_its_row(tmp_path: Path) -> None:
    orphan = ["", *TRAINING[0][1:]]
    path = write_csv(tmp_path / "export.csv", HEADER_EN, [TRAINING[0], orphan, TRAINING[1]])
    forms = forms_of(path, lang="en")
    assert [type(f).__name__ for f in forms] == ["FormData", "Unusable"]
    problem = forms[1].error.problems[0]  # type: ignore[union-attr]
    assert problem.located("") == f"{path}:3:1: $.project: row 3 has no project name, so it belongs to no form"


def test_a_missing_field_is_located_at_its_row(tmp_path: Path) -> None:
    no_name = [*TRAINING[1][:5], "", *TRAINING[1][6:]]
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, [TRAINING[0], no_name])
    status, _, err = check(str(path), "--flat", "--format", "jsonl", "--lang", "en")
    assert status == 2
    line = err.splitlines()[0]
    assert line.startswith(f"{path}:3:1: $.indicators[1]: ") and "'name'" in line  # the schema's words for it


def test_a_file_without_a_project_column_is_unusable(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", HEADER_ZH[1:], [row[1:] for row in TRAINING])
    (bad,) = forms_of(path, lang="en")
    assert isinstance(bad, Unusable) and "no project column" in bad.error.problems[0].message


def test_a_gb18030_csv_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, TRAINING, encoding="gb18030")
    assert [f.data["project"] for f in forms_of(path)] == ["培训项目"]  # type: ignore[union-attr]


def test_the_flat_forms_score_as_the_same_form_written_in_yaml(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, DRILLS)
    status, out, _ = check(str(path), "--flat", "--format", "json")
    document = json.loads(out, parse_float=Decimal)
    # 9 of 12 drills: 45 × 9/12 = 33.75; the budget 50/50 scores 10; 33.75 + 45 + 10 = 88.75
    assert (document["indicators"][0]["score"], document["budget"]["score"], document["total"]) == (D("33.75"), D("10.00"), D("88.75"))
    assert status == 0


def test_flat_forms_checked_in_two_processes_read_as_in_one(tmp_path: Path) -> None:
    rows = [TRAINING[0], DRILLS[0], TRAINING[1], DRILLS[1], ["", *TRAINING[0][1:]]] * 1
    path = write_csv(tmp_path / "export.csv", HEADER_ZH, rows)
    one = check(str(path), "--flat", "--format", "jsonl", "--jobs", "1")
    two = check(str(path), "--flat", "--format", "jsonl", "--jobs", "2")
    assert two == one and one[0] == 2 and len(one[1].splitlines()) == 2
