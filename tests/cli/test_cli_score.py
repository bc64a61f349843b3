"""`selfeval score`: the table, the JSON document, languages, and bad input files."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules import bundled_policies
from selfeval_rules.cli import main

FORMS = Path(__file__).resolve().parents[2] / "examples" / "forms"
SEED_000 = str(FORMS / "000_emergency_volunteers.yaml")
SEED_004 = str(FORMS / "004_legal_training.yaml")

D = Decimal

# One indicator short of its target, reported at full marks: 40 / 45 × 90 = 80.00, not 90.
DIFFERING_FORM = """\
project: 自评分有误的项目
year: 2023
budget: {weight: 10, annual: 66.2, executed: 64.253, reported_score: 9.71}
indicators:
  - name: 参训人数
    target: "≥45人"
    actual: "40人"
    weight: 90
    reported_score: 90
reported_total: 99.71
"""

# The indicator lacks its weight: the problem is at $.indicators[0], line 3, column 5.
BAD_FORM = """\
project: 分值为负的项目
indicators:
  - name: 参训人数
    target: "≥45人"
    actual: "45人"
    weight: -5
"""

BAD_POLICY = """\
name: bad-rounding
extends: central-2020
title: 舍入位数超出范围
version: "1"
effective: {from: 2020}
sources: {x: 测试}
rounding: {places: 9}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["score", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def table_rows(output: str) -> list[str]:
    """The lines of a table except the closing summary, whose legend explains ≠ and ?."""
    return output.rstrip("\n").split("\n")[:-1]


def json_document(output: str) -> object:
    return json.loads(output, parse_float=Decimal)


# --- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "total"), [pytest.param(SEED_000, "96.00", id="000"), pytest.param(SEED_004, "95.71", id="004")])
def test_table_of_a_seed_form_shows_both_totals_and_no_difference(path: str, total: str) -> None:
    status, out, err = run(path, "--policy", "beijing")
    assert (status, err) == (0, "")
    total_line = next(line for line in out.splitlines() if line.lstrip().startswith("总分"))
    assert total_line.split()[-2:] == [total, total]
    assert not any("≠" in line for line in table_rows(out))
    assert "复核分与自评分不同的 0 个，无法计分的 0 个" in out


def test_table_shows_explanations_only_when_asked() -> None:
    _, plain, _ = run(SEED_000, "--policy", "beijing")
    status, explained, _ = run(SEED_000, "--policy", "beijing", "--explain")
    assert status == 0
    for phrase in ("执行率 = 全年执行数 258.16 ÷ 全年预算数 258.20 = 99.98%", "逾期 30 天", "逾期 31 天", "适用规则 positive"):
        assert phrase in explained
        assert phrase not in plain


def test_table_marks_a_row_whose_reported_score_differs(tmp_path: Path) -> None:
    status, out, _ = run(write(tmp_path, "differs.yaml", DIFFERING_FORM))
    assert status == 0
    row = next(line for line in out.splitlines() if "参训人数" in line)
    assert row.split()[-3:] == ["90", "80.00", "≠"]
    assert "未达到目标，完成比例 B/A = 88.89%" in out  # a differing row is explained unasked
    marked = [line for line in table_rows(out) if "≠" in line]
    # the row and the total (99.71 printed, 89.71 computed); the budget agrees
    assert len(marked) == 2 and "总分" in marked[1]


def test_table_in_english_explains_in_english() -> None:
    status, out, _ = run(SEED_000, "--policy", "beijing", "--explain", "--lang", "en")
    assert status == 0
    assert "30 day(s) late (1 calendar month(s) past the deadline 2023-05-31)" in out
    assert "逾期" not in out


# --- JSON -------------------------------------------------------------------------------------

TOP_KEYS = {"project", "year", "policy", "budget", "indicators", "total", "reported_total", "grade"}
BUDGET_KEYS = {"rate", "weight", "score", "reported_score", "explanation"}
ROW_KEYS = {"index", "level1", "level2", "name", "target", "actual", "kind", "status", "met", "weight", "score", "reported_score", "explanation"}


def test_json_for_one_form_is_an_object_with_the_documented_keys() -> None:
    status, out, err = run(SEED_004, "--policy", "beijing", "--format", "json")
    assert (status, err) == (0, "")
    document = json_document(out)
    assert isinstance(document, dict)
    assert TOP_KEYS <= document.keys()
    assert set(document["policy"]) >= {"name", "version"} and document["policy"]["name"] == "beijing"
    assert BUDGET_KEYS <= document["budget"].keys()
    assert len(document["indicators"]) == 15
    assert all(ROW_KEYS <= row.keys() for row in document["indicators"])
    assert (document["project"], document["year"], document["grade"]) == ("法治培训服务", 2023, "优")


def test_json_writes_numbers_as_json_numbers() -> None:
    document = json_document(run(SEED_004, "--policy", "beijing", "--format", "json")[1])
    assert isinstance(document, dict)
    assert document["total"] == D("95.71") and document["reported_total"] == D("95.71")
    budget = document["budget"]
    assert (budget["rate"], budget["weight"], budget["score"], budget["reported_score"]) == (D("97.06"), D("10.00"), D("9.71"), D("9.71"))
    qualitative = document["indicators"][10]
    assert (qualitative["index"], qualitative["kind"], qualitative["status"], qualitative["met"]) == (10, "qualitative", "scored", None)
    assert (qualitative["weight"], qualitative["score"], qualitative["reported_score"]) == (D("5.00"), D("3.00"), D("3.00"))
    first = document["indicators"][0]
    assert (first["target"], first["actual"], first["kind"], first["met"], first["score"]) == ("≥45人", "45人", "comparison", True, D("5.00"))
    assert "予以保留" in qualitative["explanation"]


def test_json_for_two_forms_is_an_array_in_argument_order() -> None:
    status, out, _ = run(SEED_000, SEED_004, "--policy", "beijing", "--format", "json")
    document = json_document(out)
    assert status == 0 and isinstance(document, list)
    assert [(d["project"], d["total"]) for d in document] == [("北京市应急志愿者队伍建设服务", D("96.00")), ("法治培训服务", D("95.71"))]


def test_json_in_english_explains_in_english() -> None:
    document = json_document(run(SEED_000, "--policy", "beijing", "--format", "json", "--lang", "en")[1])
    assert isinstance(document, dict)
    assert document["indicators"][9]["explanation"].startswith("target 定性2023年5月底前 (deadline), actual 2023年6月; rule deadline")
    assert "30 day(s) late" in document["indicators"][9]["explanation"]
    assert document["budget"]["explanation"].startswith("rate = executed 258.16 / annual 258.20 = 99.98%")


# --- bad input --------------------------------------------------------------------------------


def test_bad_form_is_reported_with_its_place_while_a_good_form_is_still_scored(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    status, out, err = run(bad, SEED_004, "--policy", "beijing")
    assert status == 2
    assert err.splitlines() == [f"{bad}:6:13: $.indicators[0].weight: -5 小于最小值 0", "1 个文件无法使用"]
    assert "法治培训服务（2023）" in out and "95.71" in out


def test_bad_form_problems_are_in_english_on_request(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    status, _, err = run(bad, "--lang", "en")
    assert status == 2
    assert err.splitlines() == [f"{bad}:6:13: $.indicators[0].weight: -5 is less than the minimum of 0", "1 file(s) could not be used"]


def test_bad_form_among_json_output_leaves_the_good_form_in_the_array(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BAD_FORM)
    status, out, err = run(SEED_004, bad, "--policy", "beijing", "--format", "json")
    assert status == 2 and ":6:13: $.indicators[0].weight" in err
    document = json_document(out)
    assert isinstance(document, list) and [d["total"] for d in document] == [D("95.71")]


def test_bad_policy_file_exits_2_with_its_problem(tmp_path: Path) -> None:
    policy = write(tmp_path, "bad-policy.yaml", BAD_POLICY)
    status, out, err = run(SEED_004, "--policy", policy)
    assert (status, out) == (2, "")
    assert err.splitlines() == [f"{policy}:7:20: $.rounding.places: 9 大于最大值 6"]


def test_missing_form_file_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-form.yaml")
    status, out, err = run(missing)
    assert (status, out) == (2, "")
    assert err.splitlines() == [f"{missing}: $: 文件不存在", "1 个文件无法使用"]
    assert run(missing, "--lang", "en")[2].splitlines() == [f"{missing}: $: no such file", "1 file(s) could not be used"]


def test_missing_policy_file_exits_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-policy.yaml")
    status, out, err = run(SEED_004, "--policy", missing)
    assert (status, out) == (2, "")
    assert err.splitlines() == [f"{missing}: $: 文件不存在"]


def test_unknown_policy_name_exits_2_listing_the_bundled_names() -> None:
    status, out, err = run(SEED_004, "--policy", "shanghai")
    assert (status, out) == (2, "")
    assert {"beijing", "central-2020"} <= set(bundled_policies())
    assert err.startswith("shanghai: $: 'shanghai' 既不是内置规则也不是文件；内置规则有：")
    assert all(name in err for name in bundled_policies())


def test_an_internal_error_exits_3_in_one_line_and_shows_the_traceback_only_with_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.cli._score as command

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(command, "_cmd_score", broken)
    out, err = StringIO(), StringIO()
    assert main(["score", str(FORMS / "004_legal_training.yaml")], out=out, err=err) == 3
    assert err.getvalue() == ("selfeval: 内部错误（ZeroDivisionError: simulated bug）：这是 selfeval-rules 的缺陷，"
                              "请加 --debug 重新运行并报告\n")
    err = StringIO()
    assert main(["--debug", "score", str(FORMS / "004_legal_training.yaml"), "--lang", "en"], out=out, err=err) == 3
    assert err.getvalue().startswith("Traceback (most recent call last):")
    assert err.getvalue().endswith("selfeval: internal error (ZeroDivisionError: simulated bug): a bug in selfeval-rules; "
                                   "rerun with --debug and report it\n")
