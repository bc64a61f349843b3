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
from selfeval_rules.reports._csv import CSV_COLUMNS

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
FORMS = HERE.parent / "examples" / "forms"
SEED_000 = str(FORMS / "000_emergency_volunteers.yaml")
SEED_004 = str(FORMS / "004_legal_training.yaml")

D = Decimal
BOM = "\ufeff"

# The indicator lacks its weight: the problem is at $.indicators[0], line 3, column 5.
BAD_FORM = """\
project: 缺分值的项目
indicators:
  - name: 参训人数
    target: "≥45人"
    actual: "45人"
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
    assert lines[row + 2] == "      ✗ [row-score-differs] 自评分 17，复核应为 15.00"  # after the row's explanation
    assert "      ✗ [total-differs] 总分 96.80，复核总分为 94.80" in lines


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
    assert err.splitlines() == [f"{bad}:3:5: $.indicators[0]: 缺少必填项 'weight'"]
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
    assert err.splitlines()[:2] == [f"{bad}:3:5: $.indicators[0]: 缺少必填项 'weight'",
                                    "读取 1 张自评表，1 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"]


def test_a_missing_file_exits_2_and_is_counted(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-form.yaml")
    status, out, err = run(SEED_004, missing, "--policy", "beijing")
    assert status == 2
    assert err.splitlines() == [f"{missing}: $: 文件不存在"]
    assert out.rstrip("\n").splitlines()[-1] == "读取 1 张自评表，1 个文件无法使用；有错误的表 0 张，只有提醒的表 0 张"


# --- folders and the summary ------------------------------------------------------------------

# Hand count over the 32 fixtures (see tests/test_findings.py): 10 raise warnings only —
# actual-copied-target, budget-low-rate-no-reason, level1-split, over-achievement-unexplained,
# policy-not-in-effect, quantitative-answered-with-text, row-deduction-no-reason, row-lowered-on-met,
# template-text, weight-concentration — and the other 22 at least one error.
# row-score-differs ×3: its own fixture, plus shortfall-at-full-marks and qualitative-out-of-band,
# whose warnings do not say the score is wrong. total-differs ×11: budget-score-range, budget-score-wrong, budget-score-wrong-rounded, late-at-full-marks,
# qualitative-out-of-band, row-full-marks-unmet, row-score-differs, row-score-range, shortfall-at-full-marks,
# total-differs, total-not-sum; budget-breakdown-sum ×4: 1 + 3 (zero total row); row-unscorable ×3;
# ×2: budget-rate-printed (86, 97), budget-score-wrong (rounded, plain), budget-unscorable (fixture, zero
# total row), level1-split (fixture, weights-total); every other code ×1. Sorted by count, then code.
FIXTURE_CODES = (
    "total-differs ×11, budget-breakdown-sum ×4, row-score-differs ×3, row-unscorable ×3, budget-rate-printed ×2, budget-score-wrong ×2, "
    "budget-unscorable ×2, level1-split ×2, actual-copied-target ×1, budget-low-rate-no-reason ×1, budget-score-range ×1, "
    "grade-mismatch ×1, late-at-full-marks ×1, over-achievement-unexplained ×1, policy-not-in-effect ×1, qualitative-out-of-band ×1, "
    "quantitative-answered-with-text ×1, row-deduction-no-reason ×1, row-full-marks-unmet ×1, row-lowered-on-met ×1, "
    "row-score-range ×1, shortfall-at-full-marks ×1, template-text ×1, total-not-sum ×1, "
    "unscored-form ×1, weight-concentration ×1, weights-total ×1"
)
# Printed − computed totals of the complete forms, largest first (the summary keeps 5):
#   shortfall-at-full-marks 99.80 − 90.80 = +9.00; row-score-range 104.80 − 99.80 = +5.00;
#   late-at-full-marks 99.80 − 95.30 = +4.50; qualitative-out-of-band 94.80 − 90.80 = +4.00;
#   row-full-marks-unmet 99.80 − 96.47 = +3.33; then row-score-differs +2.00, total-not-sum −1.00, …
LARGEST = (
    ("shortfall-at-full-marks", "99.80", "90.80", "+9.00"),
    ("row-score-range", "104.80", "99.80", "+5.00"),
    ("late-at-full-marks", "99.80", "95.30", "+4.50"),
    ("qualitative-out-of-band", "94.80", "90.80", "+4.00"),
    ("row-full-marks-unmet", "99.80", "96.47", "+3.33"),
)


def test_a_folder_argument_walks_the_fixtures_and_sums_them_up() -> None:
    status, out, err = run(str(FIXTURES), "--format", "json")
    assert status == 1
    assert len(json_document(out)) == 32  # type: ignore[arg-type]
    assert err.splitlines() == [
        "读取 32 张自评表，0 个文件无法使用；有错误的表 22 张，只有提醒的表 10 张",
        f"发现问题（按类别）：{FIXTURE_CODES}",
        *(f"总分差异：社区应急演练服务（{FIXTURES / name}.yaml）自评 {reported}，复核 {computed}，相差 {gap}"
          for name, reported, computed, gap in LARGEST),
    ]


def test_the_summary_in_english() -> None:
    status, _, err = run(str(FIXTURES), "--format", "json", "--lang", "en")
    assert status == 1
    assert err.splitlines() == [
        "32 form(s) read, 0 file(s) unusable; 22 form(s) with errors, 10 with warnings only",
        f"findings by code: {FIXTURE_CODES}",
        *(f"total differs: 社区应急演练服务 ({FIXTURES / name}.yaml) reported {reported}, computed {computed}, off by {gap}"
          for name, reported, computed, gap in LARGEST),
    ]


def test_the_table_ends_with_the_summary_in_english() -> None:
    _, out, _ = run(ERRORS, "--lang", "en")
    assert out.rstrip("\n").splitlines()[-3:] == [
        "1 form(s) read, 0 file(s) unusable; 1 form(s) with errors, 0 with warnings only",
        "findings by code: row-score-differs ×1, total-differs ×1",
        f"total differs: 社区应急演练服务 ({ERRORS}) reported 96.80, computed 94.80, off by +2.00",
    ]


def test_a_folder_is_walked_recursively_for_yaml_yml_and_json_only(tmp_path: Path) -> None:
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
    assert list(document) == ["project", "year", "source", "policy", "budget", "indicators", "total", "rescaled_from", "reported_total",
                              "grade", "complete", "findings"]
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
    assert list(rows[0]) == list(CSV_COLUMNS)
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
    rows = csv_rows(run(ERRORS, "--format", "csv")[1])
    assert len(rows) == 7  # budget + 5 rows + the whole form
    first = rows[1]
    # printed 17 − computed 15.00 = 2.00
    assert (first["reported_score"], first["score"], first["difference"], first["findings"]) == ("17", "15.00", "2.00", "自评分 17，复核应为 15.00")
    assert all(r["findings"] == "" for r in rows[2:6])
    # the total's finding goes on the whole-form row: printed 96.80, computed 94.80
    assert (rows[6]["index"], rows[6]["findings"]) == ("form", "总分 96.80，复核总分为 94.80")


def test_csv_puts_a_budget_finding_on_the_budget_row_in_english() -> None:
    rows = csv_rows(run(fixture("budget-score-wrong-rounded"), "--format", "csv", "--lang", "en")[1])
    # printed 9 − computed 8.62 = 0.38
    assert (rows[0]["index"], rows[0]["name"], rows[0]["difference"]) == ("budget", "budget execution", "0.38")
    assert rows[0]["findings"] == "the budget score 9 is 8.62 rounded to an integer; it should be 8.62 (rate 86.20%)"


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
    assert "- ❌ `row-score-differs` `$.indicators[0].reported_score`：自评分 17，复核应为 15.00" in lines
    assert "- ❌ `total-differs` `$.reported_total`：总分 96.80，复核总分为 94.80" in lines
    summary = lines[lines.index("## 汇总"):]
    assert summary[2] == "- 读取 2 张自评表，0 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"
    assert err.splitlines()[0] == "读取 2 张自评表，0 个文件无法使用；有错误的表 1 张，只有提醒的表 0 张"


def test_markdown_in_english_marks_warnings() -> None:
    out = run(WARNINGS_ONLY, "--format", "markdown", "--lang", "en")[1]
    lines = out.splitlines()
    assert lines[0] == "# Review of project expenditure self-evaluation forms"
    assert "- ⚠️ `row-deduction-no-reason` `$.indicators[0].deviation`: a deduction (15 of 20) with no deviation reason or remedy" in lines
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
    with pytest.raises(Crash):
        run(ERRORS, "--format", "json", "--output", str(report), "--force")
    assert report.read_text(encoding="utf-8") == "旧报告"
    assert os.listdir(tmp_path) == ["review.json"]


def test_a_crash_while_writing_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "review.json"
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(Crash):
        run(ERRORS, "--format", "json", "--output", str(report))
    assert os.listdir(tmp_path) == []


def test_an_output_in_a_missing_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    report = tmp_path / "no-such-folder" / "review.json"
    status, out, err = run(ERRORS, "--format", "json", "--output", str(report))
    assert status == 2
    assert str(report) in err
