"""`selfeval check`: exit statuses, folders, the closing summary, JSON / CSV / Markdown reports, and
atomic report files.

The forms are the two seeds (no finding under beijing) and the fixtures of tests/fixtures/findings/,
whose leading comments compute every number quoted here; tests/test_findings.py lists what each raises.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules.cli import main
from selfeval_rules.reports._csv import CSV_COLUMNS, csv_headers

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
FORMS = HERE.parent / "examples" / "forms"
SEED_000 = str(FORMS / "000_emergency_volunteers.yaml")
SEED_004 = str(FORMS / "004_legal_training.yaml")

D = Decimal
BOM = "\ufeff"

# The indicator lacks its name: the problem is at $.indicators[0], line 3, column 5.
BAD_FORM = """\
project: 缺名称的项目
indicators:
  - target: "≥45人"
    actual: "45人"
    weight: 5
"""


def fixture(name: str) -> str:
    return str(FIXTURES / f"{name}.yaml")


# row-score-differs: row 0 printed 17, computed 9/12 × 20 = 15.00; total printed 96.80, computed 94.80.
ERRORS = fixture("row-score-differs")
# row-deduction-no-reason: one warning only (15/20 with the reason cell empty); totals agree at 94.80.
WARNINGS_ONLY = fixture("row-deduction-no-reason")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def json_document(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):])))


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- exit statuses ----------------------------------------------------------------------------


def test_seed_forms_exit_0_under_beijing() -> None:
    status, out, err = run(SEED_000, SEED_004, "--policy", "beijing")
    assert (status, err) == (0, "")
    # The table ends with the summary: 2 forms, no finding, no difference (96.00 and 95.71 agree).
    assert out.rstrip("\n").splitlines()[-1] == "读取 2 张自评表，0 个文件无法使用；有错误的表 0 张，只有提醒的表 0 张"


def test_a_form_with_an_error_exits_1() -> None:
    assert run(ERRORS)[0] == 1


def test_findings_are_printed_under_the_row_they_concern() -> None:
    _, out, _ = run(ERRORS)
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if "组织社区应急演练场次" in line)
    # after the row's explanation; named by its code and its title
    assert lines[row + 2] == "      ✗ [row-score-differs] 自评分与复核分不符：自评分 17，复核应为 15.00"
    assert "      ✗ [total-differs] 总分与复核不符：总分 96.80，复核总分为 94.80" in lines


def test_warnings_only_exit_0_by_default() -> None:
    assert run(WARNINGS_ONLY)[0] == 0


def test_fail_on_warning_turns_a_warnings_only_form_into_exit_1() -> None:
    assert run(WARNINGS_ONLY, "--fail-on", "warning")[0] == 1


@pytest.mark.parametrize("form", [ERRORS, WARNINGS_ONLY], ids=["errors", "warnings"])
def test_fail_on_never_exits_0(form: str) -> None:
    assert run(form, "--fail-on", "never")[0] == 0


def test_a_bad_file_exits_2_while_the_other_forms_are_checked_and_counted(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    status, out, err = run(ERRORS, bad, SEED_004, "--fail-on", "never")
    assert status == 2  # a bad file wins over --fail-on never
    assert err.splitlines() == [f"{bad}:3:5: $.indicators[0]: 缺少必填项 'name'"]
    assert "社区应急演练服务（2023）" in out and "法治培训服务（2023）" in out
    # 2 forms read (the fixture with errors, seed 004 clean under central-2020), 1 bad file.
    assert "读取 2 张自评表，1 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张" in out.splitlines()


def test_a_bad_file_among_json_reports_leaves_the_good_forms_in_the_array(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    status, out, err = run(bad, ERRORS, "--format", "json")
    assert status == 2
    document = json_document(out)
    # One good form, but a bad file beside it: still an array, of that one form.
    assert isinstance(document, list) and [d["total"] for d in document] == [D("94.80")]
    assert err.splitlines()[:2] == [f"{bad}:3:5: $.indicators[0]: 缺少必填项 'name'",
                                    "读取 1 张自评表，1 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"]


def test_a_missing_file_exits_2_and_is_counted(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-form.yaml")
    status, out, err = run(SEED_004, missing, "--policy", "beijing")
    assert status == 2
    assert err.splitlines() == [f"{missing}: $: 文件不存在"]
    assert out.rstrip("\n").splitlines()[-1] == "读取 1 张自评表，1 个文件无法使用；有错误的表 0 张，只有提醒的表 0 张"


# --- folders and the summary ------------------------------------------------------------------

def _expected_summary(documents: list[dict], lang: str) -> list[str]:
    """The closing lines a run's summary must print, counted from its JSON documents (another path
    through the same forms): findings by code, most frequent first, each with its title; then the five
    complete forms whose printed total differs most from the computed one."""
    from collections import Counter

    from selfeval_rules.reports import finding_title

    codes = Counter(f["code"] for d in documents for f in d["findings"])
    worst = [{f["severity"] for f in d["findings"]} for d in documents]
    errors = sum(1 for w in worst if "error" in w)
    warnings = sum(1 for w in worst if w == {"warning"})
    differences = sorted(
        ((d["reported_total"] - d["total"], d["source"], d) for d in documents
         if d["complete"] and d["reported_total"] is not None and d["reported_total"] != d["total"]),
        key=lambda item: (-abs(item[0]), item[1]),
    )[:5]
    ordered = sorted(codes.items(), key=lambda item: (-item[1], item[0]))
    if lang == "zh":
        lines = [f"读取 {len(documents)} 张自评表，0 个文件无法使用；有错误的表 {errors} 张，只有提醒的表 {warnings} 张",
                 "发现问题（按类别）：" + "，".join(f"{finding_title(c)}（{c}）×{n}" for c, n in ordered)]
        lines += [f"总分差异：{d['project']}（{source}）自评 {d['reported_total']}，复核 {d['total']}，相差 {gap:+f}"
                  for gap, source, d in differences]
    else:
        lines = [f"{len(documents)} form(s) read, 0 file(s) unusable; {errors} form(s) with errors, {warnings} with warnings only",
                 "findings by code: " + ", ".join(f"{finding_title(c, 'en')} ({c}) ×{n}" for c, n in ordered)]
        lines += [f"total differs: {d['project']} ({source}) reported {d['reported_total']}, computed {d['total']}, off by {gap:+f}"
                  for gap, source, d in differences]
    return lines


FIXTURE_COUNT = len([p for p in FIXTURES.iterdir() if p.suffix in (".yaml", ".txt")])  # forms, and the text of a PDF


def test_a_folder_argument_walks_the_fixtures_and_sums_them_up() -> None:
    status, out, err = run(str(FIXTURES), "--format", "json")
    assert status == 1
    documents = json_document(out)
    assert isinstance(documents, list) and len(documents) == FIXTURE_COUNT
    assert err.splitlines() == _expected_summary(documents, "zh")
    # The fixtures' own comments compute these: shortfall-at-full-marks prints 99.80 and scores 90.80.
    assert err.splitlines()[2] == f"总分差异：社区应急演练服务（{FIXTURES / 'shortfall-at-full-marks'}.yaml）自评 99.80，复核 90.80，相差 +9.00"


def test_the_summary_in_english() -> None:
    status, out, err = run(str(FIXTURES), "--format", "json", "--lang", "en")
    assert status == 1
    assert err.splitlines() == _expected_summary(json_document(out), "en")  # type: ignore[arg-type]


def test_the_table_ends_with_the_summary_in_english() -> None:
    _, out, _ = run(ERRORS, "--lang", "en")
    assert out.rstrip("\n").splitlines()[-3:] == [
        "1 form(s) read, 0 file(s) unusable; 1 form(s) with errors, 0 with warnings only",
        "findings by code: score differs (row-score-differs) ×1, total differs (total-differs) ×1",
        f"total differs: 社区应急演练服务 ({ERRORS}) reported 96.80, computed 94.80, off by +2.00",
    ]


def test_a_folder_is_walked_recursively_for_forms_only(tmp_path: Path) -> None:
    shutil.copy(SEED_000, tmp_path / "a.yaml")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(SEED_004, tmp_path / "sub" / "b.yml")
    shutil.copy(WARNINGS_ONLY, tmp_path / "sub" / "deeper" / "c.YAML")
    (tmp_path / "sub" / "README.txt").write_text("不是自评表", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# 说明", encoding="utf-8")
    status, out, err = run(str(tmp_path), "--format", "json", "--policy", "beijing")
    assert status == 0
    assert [d["project"] for d in json_document(out)] == ["北京市应急志愿者队伍建设服务", "法治培训服务", "社区应急演练服务"]  # type: ignore[union-attr]
    assert err.splitlines()[0] == "读取 3 张自评表，0 个文件无法使用；有错误的表 0 张，只有提醒的表 1 张"


def test_many_forms_are_all_read(tmp_path: Path) -> None:
    for i in range(60):
        shutil.copy(SEED_004, tmp_path / f"form_{i:02d}.yaml")
    status, out, err = run(str(tmp_path), "--policy", "beijing", "--format", "json")
    assert status == 0
    documents = json_document(out)
    assert isinstance(documents, list) and len(documents) == 60
    assert {d["total"] for d in documents} == {D("95.71")} and all(d["findings"] == [] for d in documents)
    assert [d["source"] for d in documents] == [str(tmp_path / f"form_{i:02d}.yaml") for i in range(60)]
    assert err.splitlines() == ["读取 60 张自评表，0 个文件无法使用；有错误的表 0 张，只有提醒的表 0 张"]


# --- JSON -------------------------------------------------------------------------------------


def test_json_for_one_form_is_the_score_document_with_its_findings() -> None:
    status, out, _ = run(ERRORS, "--format", "json")
    assert status == 1
    document = json_document(out)
    assert isinstance(document, dict)
    assert list(document) == ["project", "year", "source", "policy", "budget", "indicators", "counts", "total", "total_note",
                              "rescaled_from", "reported_total", "grade", "complete", "findings"]
    assert (document["total"], document["reported_total"], document["grade"]) == (D("94.80"), D("96.80"), "优")
    assert document["indicators"][0]["score"] == D("15.00") and document["indicators"][0]["reported_score"] == D("17")
    assert document["findings"] == [
        {"code": "row-score-differs", "severity": "error", "path": "$.indicators[0].reported_score", "message": "自评分 17，复核应为 15.00"},
        {"code": "total-differs", "severity": "error", "path": "$.reported_total", "message": "总分 96.80，复核总分为 94.80"},
    ]


def test_json_findings_in_english() -> None:
    document = json_document(run(ERRORS, "--format", "json", "--lang", "en")[1])
    assert [f["message"] for f in document["findings"]] == [  # type: ignore[index]
        "reported 17, but the score should be 15.00",
        "the total is 96.80, but the computed total is 94.80",
    ]


def test_json_for_several_forms_is_an_array_in_argument_order() -> None:
    status, out, _ = run(SEED_004, WARNINGS_ONLY, SEED_000, "--format", "json", "--policy", "beijing")
    assert status == 0
    documents = json_document(out)
    assert isinstance(documents, list)
    assert [d["total"] for d in documents] == [D("95.71"), D("94.80"), D("96.00")]
    assert [[f["code"] for f in d["findings"]] for d in documents] == [[], ["row-deduction-no-reason"], []]
    assert all(set(f) == {"code", "severity", "path", "message"} for d in documents for f in d["findings"])


def test_json_for_a_folder_holding_one_form_is_an_object(tmp_path: Path) -> None:
    shutil.copy(SEED_004, tmp_path / "only.yaml")
    document = json_document(run(str(tmp_path), "--format", "json", "--policy", "beijing")[1])
    assert isinstance(document, dict) and document["total"] == D("95.71") and document["findings"] == []


# --- CSV --------------------------------------------------------------------------------------


def test_csv_is_utf8_with_a_bom_one_row_per_indicator_plus_the_budget() -> None:
    status, out, _ = run(SEED_000, SEED_004, "--format", "csv", "--policy", "beijing")
    assert status == 0
    rows = csv_rows(out)
    # the header follows --lang: Chinese under zh (the default), the English names under en
    assert list(rows[0]) == csv_headers("zh")
    assert list(csv_rows(run(SEED_000, "--format", "csv", "--policy", "beijing", "--lang", "en")[1])[0]) == list(CSV_COLUMNS)
    rows = [dict(zip(CSV_COLUMNS, row.values())) for row in rows]
    # seed 000: budget + 17 rows + the whole form; seed 004: budget + 15 rows + the whole form → 19 + 17 = 36.
    assert len(rows) == 36
    assert [r["index"] for r in rows[:3]] == ["budget", "1", "2"]
    assert [r["index"] for r in rows[17:21]] == ["17", "form", "budget", "1"]
    budget_004 = rows[19]
    assert (budget_004["project"], budget_004["weight"], budget_004["reported_score"], budget_004["score"], budget_004["difference"]) == (
        "法治培训服务", "10.00", "9.71", "9.71", "0.00")
    # seed 000 row 10: 定性2023年5月底前, done 2023年6月, 3.00 printed and computed under beijing.
    assert (rows[10]["name"], rows[10]["reported_score"], rows[10]["score"], rows[10]["rule"]) == ("完成公开招标，开始实施", "3.00", "3.00", "deadline")
    # A target starting with "=" is quoted so that a spreadsheet does not read it as a formula.
    assert rows[1]["target"] == "'=24期"


def test_csv_puts_a_row_finding_on_its_row_with_the_difference() -> None:
    rows = [dict(zip(CSV_COLUMNS, row.values())) for row in csv_rows(run(ERRORS, "--format", "csv")[1])]
    assert len(rows) == 7  # budget + 5 rows + the whole form
    first = rows[1]
    # printed 17 − computed 15.00 = 2.00
    assert (first["reported_score"], first["score"], first["difference"], first["findings"]) == (
        "17", "15.00", "2.00", "自评分与复核分不符：自评分 17，复核应为 15.00")
    assert all(r["findings"] == "" for r in rows[2:6])
    # the total's finding goes on the whole-form row: printed 96.80, computed 94.80
    assert (rows[6]["index"], rows[6]["findings"]) == ("form", "总分与复核不符：总分 96.80，复核总分为 94.80")


def test_csv_puts_a_budget_finding_on_the_budget_row_in_english() -> None:
    rows = csv_rows(run(fixture("budget-score-wrong-rounded"), "--format", "csv", "--lang", "en")[1])
    # printed 9 − computed 8.62 = 0.38
    assert (rows[0]["index"], rows[0]["name"], rows[0]["difference"]) == ("budget", "budget execution", "0.38")
    assert rows[0]["findings"] == "budget score wrong: the budget score 9 is 8.62 rounded to an integer; it should be 8.62 (rate 86.20%)"


def test_csv_keeps_the_findings_on_the_whole_form() -> None:
    # row-score-differs raises total-differs at $.reported_total: 96.80 printed, 94.80 computed.
    text = run(ERRORS, "--format", "csv")[1]
    assert "总分 96.80，复核总分为 94.80" in text


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_has_a_section_per_form_its_table_findings_and_the_summary() -> None:
    status, out, err = run(ERRORS, SEED_004, "--format", "markdown")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "# 项目支出绩效自评表复核报告"
    assert "## 社区应急演练服务（2023）" in lines and "## 法治培训服务（2023）" in lines
    assert f"`{ERRORS}`" in lines
    assert "| 序号 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 自评分 | 复核分 | 差异 |" in lines
    assert "| 1 | 组织社区应急演练场次 | ≥12场 | 9场 | 20 | 17 | 15.00 | ≠ |" in lines
    assert "- ❌ **自评分与复核分不符** `row-score-differs` `$.indicators[0].reported_score`：自评分 17，复核应为 15.00" in lines
    assert "- ❌ **总分与复核不符** `total-differs` `$.reported_total`：总分 96.80，复核总分为 94.80" in lines
    summary = lines[lines.index("## 汇总"):]
    assert summary[2] == "- 读取 2 张自评表，0 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"
    assert err.splitlines()[0] == "读取 2 张自评表，0 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"


def test_markdown_in_english_marks_warnings() -> None:
    out = run(WARNINGS_ONLY, "--format", "markdown", "--lang", "en")[1]
    lines = out.splitlines()
    assert lines[0] == "# Review of project expenditure self-evaluation forms"
    assert ("- ⚠️ **deduction unexplained** `row-deduction-no-reason` `$.indicators[0].deviation`: "
            "a deduction (15 of 20) with no deviation reason or remedy") in lines
    assert "## Summary" in lines


# --- report files -----------------------------------------------------------------------------


def test_output_is_written_with_no_temporary_file_left_behind(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "review.json"
    report.parent.mkdir()
    status, out, err = run(ERRORS, "--format", "json", "--output", str(report))
    assert (status, out) == (1, "")
    assert err.splitlines()[0] == f"已写入 {report}"
    assert json_document(report.read_text(encoding="utf-8"))["total"] == D("94.80")  # type: ignore[index]
    assert os.listdir(report.parent) == ["review.json"]


def test_csv_output_file_starts_with_the_utf8_bom(tmp_path: Path) -> None:
    report = tmp_path / "review.csv"
    assert run(SEED_004, "--format", "csv", "--output", str(report), "--policy", "beijing")[0] == 0
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert len(csv_rows(data.decode("utf-8"))) == 17  # budget + 15 rows + the whole form
    assert os.listdir(tmp_path) == ["review.csv"]


def test_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    report = tmp_path / "review.md"
    report.write_text("旧报告", encoding="utf-8")
    status, out, err = run(ERRORS, "--format", "markdown", "--output", str(report))
    assert (status, out) == (2, "")
    assert err.splitlines() == [f"selfeval: {report} 已存在；如要覆盖请加 --force"]
    assert report.read_text(encoding="utf-8") == "旧报告"
    assert os.listdir(tmp_path) == ["review.md"]


def test_output_refusal_in_english(tmp_path: Path) -> None:
    report = tmp_path / "review.md"
    report.write_text("old", encoding="utf-8")
    status, _, err = run(ERRORS, "--format", "markdown", "--output", str(report), "--lang", "en")
    assert status == 2
    assert err.splitlines() == [f"selfeval: {report} exists; add --force to overwrite it"]


def test_force_overwrites(tmp_path: Path) -> None:
    report = tmp_path / "review.md"
    report.write_text("旧报告", encoding="utf-8")
    status, _, err = run(ERRORS, "--format", "markdown", "--output", str(report), "--force")
    assert status == 1
    assert report.read_text(encoding="utf-8").startswith("# 项目支出绩效自评表复核报告\n")
    assert err.splitlines()[0] == f"已写入 {report}"
    assert os.listdir(tmp_path) == ["review.md"]


class Crash(Exception):
    """Stands for the process dying between writing the temporary file and renaming it."""


def crash(*_: object) -> None:
    raise Crash("power cut")


def test_a_crash_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "review.json"
    report.write_text("旧报告", encoding="utf-8")
    monkeypatch.setattr(os, "replace", crash)
    status, _, err = run(ERRORS, "--format", "json", "--output", str(report), "--force")
    assert status == 3 and err.splitlines()[-1].startswith("selfeval: 内部错误（Crash: power cut）")  # one line, no traceback
    assert report.read_text(encoding="utf-8") == "旧报告"
    assert os.listdir(tmp_path) == ["review.json"]


def test_a_crash_while_writing_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "review.json"
    monkeypatch.setattr(os, "replace", crash)
    assert run(ERRORS, "--format", "json", "--output", str(report))[0] == 3
    assert os.listdir(tmp_path) == []


def test_an_output_in_a_missing_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    report = tmp_path / "no-such-folder" / "review.json"
    status, out, err = run(ERRORS, "--format", "json", "--output", str(report))
    assert status == 2
    assert str(report) in err


# --- streaming, jobs and exit statuses --------------------------------------------------------


def test_jsonl_is_one_line_per_form_holding_what_json_holds() -> None:
    status, out, err = run(str(FIXTURES), SEED_004, "--format", "jsonl")
    assert status == 1
    lines = out.splitlines()
    assert [json_document(line) for line in lines] == json_document(run(str(FIXTURES), SEED_004, "--format", "json")[1])
    assert len(lines) == FIXTURE_COUNT + 1 and err.splitlines()[0].startswith(f"读取 {FIXTURE_COUNT + 1} 张自评表")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "markdown", "table"])
def test_two_jobs_write_what_one_job_writes_byte_for_byte(fmt: str, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    one = run(str(FIXTURES), bad, SEED_000, "--format", fmt, "--jobs", "1", "--explain")
    two = run(str(FIXTURES), bad, SEED_000, "--format", fmt, "--jobs", "2", "--explain")
    assert two == one and one[0] == 2


def test_a_missing_dependency_is_named_before_any_form_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.cli._check as check_command
    import selfeval_rules.io as io_layer

    real_has = check_command.has
    monkeypatch.setattr(check_command, "has", lambda module: module != "openpyxl" and real_has(module))
    monkeypatch.setattr(io_layer, "form_files", lambda *_: pytest.fail("a form was looked for"))
    status, out, err = run(str(FIXTURES), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert (status, out) == (2, "")
    assert err == "selfeval: --format xlsx 需要 openpyxl，尚未安装：pip install 'selfeval-rules[reports]'（未做任何复核）\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("argv", "extra"), [
    (["--scheduler", "local:2"], "dask"),
    (["--format", "parquet", "-o", "results"], "parquet"),
], ids=["dask", "parquet"])
def test_each_missing_extra_is_named(argv: list[str], extra: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.cli._check as check_command

    monkeypatch.setattr(check_command, "has", lambda module: module not in ("distributed", "pyarrow"))
    status, _, err = run(SEED_004, *argv, "--lang", "en")
    assert status == 2 and f"pip install 'selfeval-rules[{extra}]' (nothing was checked)" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--jobs", "0"], "selfeval: --jobs 0 应为正整数"),
    (["--jobs", "2", "--scheduler", "local:2"], "selfeval: --jobs 与 --scheduler 只能用一个"),
    (["--scheduler", "local:zero"], "selfeval: --scheduler 'local:zero' 应为 local:N 或 tcp://主机:端口"),
])
def test_bad_run_options_exit_2(argv: list[str], message: str) -> None:
    assert run(SEED_004, *argv)[::2] == (2, message + "\n")


def test_a_form_that_breaks_the_checker_exits_3_after_the_others_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.batch._run as batch_run

    real = batch_run.review

    def review(card: object) -> object:
        if card.form.project == "法治培训服务":  # type: ignore[attr-defined]
            raise KeyError("boom")
        return real(card)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_run, "review", review)
    status, out, err = run(ERRORS, SEED_004, WARNINGS_ONLY, "--format", "jsonl", "--jobs", "1")
    assert status == 3
    assert [json_document(line)["source"] for line in out.splitlines()] == [ERRORS, WARNINGS_ONLY]  # type: ignore[index]
    lines = err.splitlines()
    assert lines[0] == f"{SEED_004}: $: 内部错误（KeyError: 'boom'）：这是 selfeval-rules 的缺陷，请报告；其余的表照常复核"
    assert lines[-1] == "selfeval: 1 张表触发了内部错误（见上），退出码 3"


def test_a_report_streams_while_forms_are_still_being_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.batch._run as batch_run

    out = StringIO()
    seen: list[str] = []
    real = batch_run.check_item

    def check_item(item: object, *args: object, **kwargs: object) -> object:
        seen.append(out.getvalue())
        return real(item, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_run, "check_item", check_item)
    main(["check", SEED_000, SEED_004, ERRORS, "--format", "jsonl", "--jobs", "1"], out=out, err=StringIO())
    # when the third form is read, the first two are already written
    assert [text.count("\n") for text in seen] == [0, 1, 2]


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_with_a_progress_bar_unusable_files_are_still_listed(tmp_path: Path) -> None:
    for i in range(25):
        shutil.copy(SEED_004, tmp_path / f"f{i:02d}.yaml")
    bad = write(tmp_path, "zz-bad.yaml", BAD_FORM)
    err = Terminal()
    status = main(["check", str(tmp_path), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"],
                  out=StringIO(), err=err)
    assert status == 2
    text = err.getvalue()
    assert f"{bad}:3:5: $.indicators[0]: 缺少必填项 'name'" in text
    assert text.rstrip().splitlines()[-1].startswith("读取 25 张自评表，1 个文件无法使用")
