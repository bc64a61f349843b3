"""`selfeval import` and `selfeval new`, and `score` reading the files people have directly.

The seed texts (the PDFs' text of the two example forms, tests/importers/fixtures/) must import to
exactly the forms of examples/forms/, as a careful person typed them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules.cli import main
from selfeval_rules.io import read_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "importers" / "fixtures"
SEED_000 = SEEDS / "seed_000_emergency_volunteers.txt"
SEED_004 = SEEDS / "seed_004_legal_training.txt"
FORMS = ROOT / "examples" / "forms"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def exact(value: object) -> object:
    """Data with each Decimal as (value, text), so that 258.200000 and 258.2 differ."""
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    if isinstance(value, Decimal):
        return ("decimal", f"{value}")
    return value


@pytest.mark.parametrize(("seed", "form"), [(SEED_000, "000_emergency_volunteers.yaml"), (SEED_004, "004_legal_training.yaml")])
def test_a_seed_text_imports_to_exactly_its_example_form(seed: Path, form: str, tmp_path: Path) -> None:
    status, _, err = run("import", str(seed), "-o", str(tmp_path))
    assert status == 0, err
    written = tmp_path / (seed.stem + ".yaml")
    assert exact(read_file(written).data) == exact(read_file(FORMS / form).data)


def test_json_lists_each_form_with_its_source_and_notes() -> None:
    status, out, _ = run("import", str(SEED_004), "--format", "json")
    assert status == 0
    documents = json.loads(out, parse_float=Decimal)
    assert [d["source"] for d in documents] == [str(SEED_004)]
    assert documents[0]["form"]["budget"]["executed"] == Decimal("64.253000")
    # 成本指标 printed at level 1 and counted in 产出指标, as the example form transcribes it: a note
    assert [n["path"] for n in documents[0]["notes"]] == ["$.indicators"]


def test_the_yaml_carries_its_source_and_notes_as_comments_at_the_top() -> None:
    status, out, _ = run("import", str(SEED_000), "--lang", "en")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"# read by selfeval import from {SEED_000}"
    assert lines[1].startswith("# note $.indicators: ")
    assert "year: 2023" in lines


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    assert run("import", str(SEED_000), "-o", str(tmp_path))[0] == 0
    status, _, err = run("import", str(SEED_000), "-o", str(tmp_path))
    assert status == 2
    assert "已存在" in err and "--force" in err
    assert run("import", str(SEED_000), "-o", str(tmp_path), "--force")[0] == 0


def test_a_file_with_no_form_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "notes.txt"
    empty.write_text("会议纪要\n与自评表无关。\n", encoding="utf-8")
    status, out, err = run("import", str(empty), str(SEED_004), "--format", "json")
    assert status == 2
    assert str(empty) in err
    assert [d["source"] for d in json.loads(out)] == [str(SEED_004)]


@pytest.mark.parametrize(("text", "kind"), [("", "null"), ("- a\n- b\n", "list"), ("42\n", "int")])
def test_a_yaml_file_without_a_mapping_is_refused_not_printed_as_a_form(tmp_path: Path, text: str, kind: str) -> None:
    # an empty YAML file (or a list) holds no form: refused with its place, as `score` refuses it,
    # rather than printed back as `null` with status 0
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run("import", str(path))
    assert status == 2
    assert out == ""
    assert f"{path}" in err and f"实际为 {kind}" in err


def test_a_missing_reader_library_is_named_before_any_work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "docx" else real(name, *a))
    status, out, err = run("import", str(SEED_004), str(tmp_path / "a.docx"))
    assert (status, out) == (2, "")
    assert err == "selfeval: 读取 .docx 文件需要 python-docx：pip install 'selfeval-rules[import]'\n"


def test_score_reads_the_text_of_a_pdf_directly() -> None:
    status, out, err = run("score", str(SEED_004), "--policy", "beijing", "--format", "json")
    assert status == 0, err
    assert json.loads(out, parse_float=Decimal)["total"] == Decimal("95.71")  # printed on the form


def test_new_writes_a_template_workbook_that_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    assert run("new", "-o", str(target))[0] == 0
    assert target.read_bytes()[:2] == b"PK"
    assert run("new", "-o", str(target))[0] == 2


def test_new_prints_a_yaml_template_that_names_every_key() -> None:
    status, out, _ = run("new", "--format", "yaml")
    assert status == 0
    for key in ("project:", "budget:", "annual:", "indicators:", "target:", "actual:", "weight:", "reported_total:"):
        assert key in out


def by_value(value: object) -> object:
    """Data with each Decimal normalised: the review workbook shows amounts at the policy's places."""
    if isinstance(value, dict):
        return {k: by_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [by_value(v) for v in value]
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def test_the_review_workbook_imports_back_to_the_same_forms(tmp_path: Path) -> None:
    from selfeval_rules.io.importers import import_file

    review = tmp_path / "review.xlsx"
    assert run("check", str(FORMS), "--policy", "beijing", "--format", "xlsx", "-o", str(review))[0] == 0
    imported = import_file(review)
    assert [form.notes for form in imported] == [(), ()]  # the review columns are known, not the form's
    expected = {read_file(path).data["project"]: read_file(path).data for path in sorted(FORMS.glob("*.yaml"))}
    for form in imported:
        assert by_value(dict(form.data)) == by_value(expected[form.data["project"]])
