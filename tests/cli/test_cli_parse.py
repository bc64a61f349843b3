"""`selfeval parse`: text and JSON output, actual values, the form's year, and exit statuses."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from io import StringIO

import pytest

from selfeval_rules.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- text output ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("≥90%", "≥90%  →  comparison  ≥90%  (op=ge, value=90, unit=%)", id="comparison"),
        pytest.param("不少于1,000人", "不少于1,000人  →  comparison  ≥1000人  (op=ge, value=1000, unit=人)", id="word-operator"),
        pytest.param("1", "1  →  comparison  =1  (op=eq, value=1)", id="bare-number-has-no-unit"),
        pytest.param("定性2023年3月底前", "定性2023年3月底前  →  deadline  2023年3月底前  (deadline=2023-03-31)", id="deadline"),
        pytest.param("有效", "有效  →  qualitative  定性有效  (text=有效)", id="qualitative"),
    ],
)
def test_prints_one_line_per_target(text: str, line: str) -> None:
    assert run("parse", text) == (0, line + "\n", "")


def test_prints_targets_in_the_order_given() -> None:
    status, out, err = run("parse", "=24期", "≤258.2万元")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "=24期  →  comparison  =24期  (op=eq, value=24, unit=期)",
        "≤258.2万元  →  comparison  ≤258.2万元  (op=le, value=258.2, unit=万元)",
    ]


def test_prints_actual_values_with_actual() -> None:
    status, out, err = run("parse", "--actual", "≥266米", "2023年6月", "合格", "735")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "≥266米  →  quantity  ≥266米  (value=266, unit=米, mark=ge)",
        "2023年6月  →  date  2023年6月  (date=2023-06-30, precision=month, before=False)",
        "合格  →  text  合格  (text=合格)",
        "735  →  quantity  735  (value=735)",
    ]


def test_a_bad_input_among_good_ones_exits_1_and_the_others_still_print() -> None:
    status, out, err = run("parse", "≥90%", "≥", "=24期")
    assert (status, err) == (1, "")
    assert out == (
        "≥90%  →  comparison  ≥90%  (op=ge, value=90, unit=%)\n"
        "✗ '≥': 在第2列意外结束\n"
        "    ≥\n"
        "     ^\n"
        "提示：比较符后面要跟一个数，如 ≥90%\n"
        "=24期  →  comparison  =24期  (op=eq, value=24, unit=期)\n"
    )


# --- JSON output ------------------------------------------------------------------------------------------


def parse_json(*argv: str) -> tuple[int, list[dict[str, object]]]:
    status, out, err = run("parse", "--format", "json", *argv)
    assert err == ""
    return status, json.loads(out)


TARGET_RECORDS = [
    pytest.param(
        "≥90%",
        {"input": "≥90%", "kind": "comparison", "op": "ge", "value": "90", "unit": "%", "canonical": "≥90%"},
        id="comparison",
    ),
    pytest.param(
        "≤215,457.6元",
        {"input": "≤215,457.6元", "kind": "comparison", "op": "le", "value": "215457.6", "unit": "元", "canonical": "≤215457.6元"},
        id="value-without-thousands-separators",
    ),
    pytest.param(
        "1",
        {"input": "1", "kind": "comparison", "op": "eq", "value": "1", "unit": None, "canonical": "=1"},
        id="unit-null",
    ),
    pytest.param(
        "90%～100%",
        {
            "input": "90%～100%",
            "kind": "range",
            "low": {"value": "90", "unit": "%"},
            "high": {"value": "100", "unit": "%"},
            "canonical": "90%-100%",
        },
        id="range",
    ),
    pytest.param(
        "定性2023年11月底前",
        {"input": "定性2023年11月底前", "kind": "deadline", "deadline": "2023-11-30", "canonical": "2023年11月底前"},
        id="deadline",
    ),
    pytest.param(
        "显著提升",
        {"input": "显著提升", "kind": "qualitative", "text": "显著提升", "canonical": "定性显著提升"},
        id="qualitative",
    ),
]


@pytest.mark.parametrize(("text", "record"), TARGET_RECORDS)
def test_json_gives_the_documented_fields_of_a_target(text: str, record: dict[str, object]) -> None:
    assert parse_json(text) == (0, [record])


ACTUAL_RECORDS = [
    pytest.param(
        "747人",
        {"input": "747人", "kind": "quantity", "value": "747", "unit": "人", "canonical": "747人"},
        id="quantity-without-mark",
    ),
    pytest.param(
        "≥266米",
        {"input": "≥266米", "kind": "quantity", "value": "266", "unit": "米", "mark": "ge", "canonical": "≥266米"},
        id="quantity-with-copied-operator",
    ),
    pytest.param(
        "215,457.6",
        {"input": "215,457.6", "kind": "quantity", "value": "215457.6", "unit": None, "canonical": "215457.6"},
        id="bare-number",
    ),
    pytest.param(
        "2023年6月",
        {"input": "2023年6月", "kind": "date", "date": "2023-06-30", "precision": "month", "before": False, "canonical": "2023年6月"},
        id="date",
    ),
    pytest.param(
        "2023年3月底前",
        {"input": "2023年3月底前", "kind": "date", "date": "2023-03-31", "precision": "month", "before": True, "canonical": "2023年3月底前"},
        id="date-before",
    ),
    pytest.param(
        "合格",
        {"input": "合格", "kind": "text", "text": "合格", "canonical": "合格"},
        id="text",
    ),
]


@pytest.mark.parametrize(("text", "record"), ACTUAL_RECORDS)
def test_json_gives_the_documented_fields_of_an_actual(text: str, record: dict[str, object]) -> None:
    assert parse_json("--actual", text) == (0, [record])


def test_json_of_a_bad_input_gives_its_message_and_column() -> None:
    status, records = parse_json("≥90%", "≥九十%", "=24期")
    assert status == 1
    assert [record["input"] for record in records] == ["≥90%", "≥九十%", "=24期"]
    assert records[1] == {
        "input": "≥九十%",
        "error": {
            "message": "'≥九十%': 第2列的 '九十' 不应出现在这里\n    ≥九十%\n     ^\n提示：数值请用阿拉伯数字书写，如 ≥90%",
            "column": 2,
        },
    }
    assert records[0]["kind"] == records[2]["kind"] == "comparison"


def test_json_keeps_chinese_readable() -> None:
    status, out, err = run("parse", "--format", "json", "=24期")
    assert (status, err) == (0, "")
    assert '"unit": "期"' in out
    assert "\\u" not in out


# --- the form's year -------------------------------------------------------------------------------------


def test_year_fills_in_a_date_written_without_one() -> None:
    status, records = parse_json("--year", "2023", "12月底前")
    assert (status, records) == (
        0,
        [{"input": "12月底前", "kind": "deadline", "deadline": "2023-12-31", "canonical": "2023年12月底前"}],
    )


def test_year_applies_to_actual_values_too() -> None:
    status, records = parse_json("--actual", "--year", "2022", "年底前")
    assert (status, records) == (
        0,
        [{"input": "年底前", "kind": "date", "date": "2022-12-31", "precision": "year", "before": True, "canonical": "2022年底前"}],
    )


def test_without_year_a_date_without_one_is_an_error() -> None:
    status, records = parse_json("12月底前")
    assert status == 1
    assert records == [
        {
            "input": "12月底前",
            "error": {
                "message": "'12月底前': 第1列的日期没有写年份，需要给出表的年度（year）\n    12月底前\n    ^",
                "column": 1,
            },
        }
    ]


def test_a_year_outside_1900_to_2099_is_refused_with_a_message_not_a_traceback() -> None:
    status, out, _ = run("parse", "9999年12月")
    assert status == 1
    assert out.startswith("✗ '9999年12月': 第6列的 '12月' 不应出现在这里")


# --- usage -------------------------------------------------------------------------------------------------


def test_parse_without_text_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run("parse")
    assert (status, out) == (2, "")
    assert "the following arguments are required: TEXT" in capsys.readouterr().err


def test_runs_as_a_module(tmp_path: pathlib.Path) -> None:
    # away from the repository root, the installed package runs (tests/test_source_tree.py runs the clone)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "selfeval_rules", "parse", "≥90%"],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert done.stdout.decode("utf-8") == "≥90%  →  comparison  ≥90%  (op=ge, value=90, unit=%)\n"
    assert done.stderr == b""
