"""A form that has no total (an outcomes-only policy, a weight nobody printed) says so in every
report: rows show their outcome (达成, 未达成, 无法评判), never a `?` that reads as "could not be
read", and the closing line says why there is no total and how many targets were met.

The form: three rows, ≥45人 against 45人 (met: 45 ≥ 45), 40人 (not met: 40 < 45) and 无 (nothing
to judge: 无 is a blank actual under every bundled policy).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from selfeval_rules import load_form, load_policy, review, score
from selfeval_rules.batch import CheckedForm
from selfeval_rules.cli import main
from selfeval_rules.reports._common import card_counts, computed_cell
from selfeval_rules.reports._csv import csv_headers, csv_record
from selfeval_rules.reports._markdown import markdown_record
from selfeval_rules.reports._stream import Options
from selfeval_rules.reports._text import score_table

ROWS = [{"name": "参训人数", "target": "≥45人", "actual": actual, "weight": 10, "reported_score": 10} for actual in ("45人", "40人", "无")]
FORM = {"project": "培训", "year": 2023, "indicators": ROWS}


def _checked(policy: str, form: dict = FORM) -> CheckedForm:
    card = score(load_form(form), load_policy(policy))
    return CheckedForm("form.yaml", card, tuple(review(card)))


@pytest.mark.parametrize(("lang", "words"), [("zh", ("达成", "未达成", "无法评判")), ("en", ("met", "not met", "not assessable"))])
def test_under_an_outcomes_policy_each_row_shows_its_outcome(lang: str, words: tuple[str, ...]) -> None:
    card = _checked("transfer-targets").card
    assert [computed_cell(row, lang)[0] for row in card.indicators] == list(words)


def test_the_table_says_why_there_is_no_total_and_counts_outcomes() -> None:
    checked = _checked("transfer-targets")
    table = score_table(checked.card, findings=checked.findings)
    last = table.splitlines()[-1]
    assert last == "共 3 个指标：达成 1 个，未达成 1 个，无法评判 1 个；本计分规则只判断达成情况，不计分，也不计总分"
    # No row is marked as unreadable: the legend's "? 无法计分" does not apply to any of them.
    rows = [line for line in table.splitlines() if "参训人数" in line]
    assert len(rows) == 3 and not any(line.rstrip().endswith("?") for line in rows)


def test_a_row_without_a_weight_leaves_the_total_out_and_says_why() -> None:
    rows = [dict(ROWS[0]), dict(ROWS[1])]
    del rows[0]["weight"], rows[0]["reported_score"]
    checked = _checked("central-2020", {"project": "培训", "year": 2023, "indicators": rows})
    assert checked.card.total is None and checked.card.total_note == "weights_unknown"
    lines = card_counts(checked.card).splitlines()
    # The second row is scored: 40/45 × 10 = 8.888… → 8.89, against 10 printed: it differs.
    assert lines[0] == "共 2 个指标，复核分与自评分不同的 1 个，无法计分的 0 个（≠ 不同，? 无法计分）"
    assert lines[1] == "有指标的分值未填、也无法推算，不计总分；达成 1 个，未达成 1 个，无法评判 0 个"
    assert "8.89" in score_table(checked.card)
    assert card_counts(checked.card, "en").splitlines()[1].startswith("some rows have no weight")


def test_csv_carries_each_outcome_and_why_there_is_no_total() -> None:
    checked = _checked("transfer-targets")
    rows = list(csv.reader(io.StringIO(csv_record(checked, Options("en")))))
    column = csv_headers("en").index
    assert [row[column("outcome")] for row in rows[1:-1]] == ["met", "not_met", "not_assessable"]
    assert [row[column("status")] for row in rows[1:-1]] == ["unweighted"] * 3
    form_row = rows[-1]
    assert form_row[column("index")] == "form" and form_row[column("score")] == ""
    assert form_row[column("status")] == "outcomes"
    assert form_row[column("explanation")] == "this policy judges whether targets were met and gives no scores and no total"


def test_markdown_shows_outcomes_and_the_closing_line() -> None:
    text = markdown_record(_checked("transfer-targets"), Options("zh"))
    assert "| 1 | 参训人数 | ≥45人 | 45人 | 10 | 10 | 达成 |  |" in text
    assert "| 2 | 参训人数 | ≥45人 | 40人 | 10 | 10 | 未达成 |  |" in text
    assert "共 3 个指标：达成 1 个，未达成 1 个，无法评判 1 个；本计分规则只判断达成情况，不计分，也不计总分" in text


def test_html_and_xlsx_show_outcomes(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    form = tmp_path / "form.yaml"
    form.write_text(yaml.safe_dump(FORM, allow_unicode=True), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    # Exit 1: the form prints no 项目资金, an error (budget-unscorable) under every policy.
    assert main(["check", str(form), "--policy", "transfer-targets", "--format", "html", "--output", str(html)], out=out, err=err) == 1
    page = html.read_text(encoding="utf-8")
    assert page.count('class="tag outcome met"') == 1 and page.count('class="tag outcome not-met"') == 1
    assert page.count('class="tag outcome not-assessable"') == 1 and page.count('class="tag unscorable"') == 1  # the budget
    assert "本计分规则只判断达成情况，不计分，也不计总分" in page
    assert main(["check", str(form), "--policy", "transfer-targets", "--format", "xlsx", "--output", str(xlsx)], out=out, err=err) == 1
    sheet = load_workbook(xlsx).worksheets[1]
    computed = [cell.value for cell in sheet["J"]]
    assert ["达成", "未达成", "无法评判"] == [v for v in computed if v in ("达成", "未达成", "无法评判")]
    assert any("不计总分" in str(cell.value) for cell in sheet["M"] if cell.value)


def test_parquet_rows_carry_outcomes_and_counts() -> None:
    from selfeval_rules.reports._parquet import _schemas, parquet_record

    pytest.importorskip("pyarrow")
    record = parquet_record(_checked("transfer-targets"), Options("zh"))
    forms, indicators = _schemas()["forms"].names[1:], _schemas()["indicators"].names[1:]
    form = dict(zip(forms, record.form, strict=True))
    assert form["total"] is None and form["total_note"] == "outcomes"
    assert (form["met"], form["not_met"], form["not_assessable"]) == (1, 1, 1)
    assert [dict(zip(indicators, row, strict=True))["outcome"] for row in record.indicators] == ["met", "not_met", "not_assessable"]
