"""`--format parquet --output DIR`: forms, indicators and findings as three tables for SQL, whose
answers agree with the JSON report of the same run."""

from __future__ import annotations

import json
import os
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules.cli import main

pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
SEEDS = HERE.parent / "examples" / "forms"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("sql") / "results"
    status, out, err = run(str(FIXTURES), str(SEEDS), "--format", "parquet", "--output", str(folder))
    assert status == 1 and out == "" and err.splitlines()[0] == f"已写入 {folder}"
    documents = json.loads(run(str(FIXTURES), str(SEEDS), "--format", "json")[1], parse_float=Decimal)
    return folder, documents


def sql(folder: Path, query: str) -> list[tuple]:
    return duckdb.sql(query.replace("{dir}", str(folder))).fetchall()


def test_three_tables_are_written_and_nothing_else(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    assert sorted(os.listdir(folder)) == ["findings.parquet", "forms.parquet", "indicators.parquet"]
    assert sorted(os.listdir(folder.parent)) == ["results"]
    assert sql(folder, "select count(*) from '{dir}/forms.parquet'") == [(len(documents),)]
    assert sql(folder, "select count(*) from '{dir}/indicators.parquet'") == [(sum(len(d["indicators"]) for d in documents),)]
    assert sql(folder, "select count(*) from '{dir}/findings.parquet'") == [(sum(len(d["findings"]) for d in documents),)]


def test_totals_are_exact_decimals(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    types = dict(sql(folder, "select column_name, column_type from (describe select * from '{dir}/forms.parquet')"))
    assert types["total"] == types["reported_total"] == "DECIMAL(38,10)"
    totals = sql(folder, "select source, total from '{dir}/forms.parquet' order by form")
    assert [(s, t) for s, t in totals] == [(d["source"], d["total"]) for d in documents]


def test_the_largest_gaps_between_reported_and_computed_totals_agree_with_the_json_report(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    query = """
        select source, reported_total - total as gap
        from '{dir}/forms.parquet'
        where complete and reported_total is not null and reported_total <> total
        order by abs(reported_total - total) desc, source
        limit 5
    """
    expected = sorted(((d["source"], d["reported_total"] - d["total"]) for d in documents
                       if d["complete"] and d["reported_total"] is not None and d["reported_total"] != d["total"]),
                      key=lambda item: (-abs(item[1]), item[0]))[:5]
    assert sql(folder, query) == expected


def test_departments_with_the_most_errors_agree_with_the_json_report(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    query = """
        select department, sum(errors) as errors
        from '{dir}/forms.parquet' group by department order by errors desc, department
    """
    from selfeval_rules import load_form

    counted: Counter[str | None] = Counter()
    for d in documents:  # the JSON document has no department: it is on the form
        counted[load_form(d["source"]).department] += sum(1 for f in d["findings"] if f["severity"] == "error")
    rows = sql(folder, query)
    assert dict(rows) == {k: v for k, v in counted.items()}
    assert rows[0][1] == max(counted.values())


def test_findings_by_code_and_title(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    counted = Counter(f["code"] for d in documents for f in d["findings"])
    rows = sql(folder, "select code, title, count(*) from '{dir}/findings.parquet' group by code, title")
    assert {code: n for code, _, n in rows} == dict(counted)
    assert ("total-differs", "总分与复核不符", counted["total-differs"]) in rows


def test_indicators_join_their_form(results: tuple[Path, list[dict]]) -> None:
    folder, documents = results
    rows = sql(folder, """
        select f.source, i.index, i.score, i.status
        from '{dir}/indicators.parquet' i join '{dir}/forms.parquet' f using (form)
        order by f.form, i.index
    """)
    assert rows == [(d["source"], r["index"], r["score"], r["status"]) for d in documents for r in d["indicators"]]


def test_parquet_needs_an_output_folder() -> None:
    status, _, err = run(str(FIXTURES), "--format", "parquet")
    assert (status, err) == (2, "selfeval: --format parquet 的 --output 是一个文件夹\n")
