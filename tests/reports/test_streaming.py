"""Reports written as forms go by: each format's record and writer give what the whole batch would,
whatever the mix of forms and unusable files, and `--format jsonl` is `--format json` a line a form."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval_rules import load_policy
from selfeval_rules.batch import BadFile, Batch, FormFacts, Tally, check_files
from selfeval_rules.errors import FormError, Problem
from selfeval_rules.reports import FORMATS, Context, Options, to_json, write_batch
from selfeval_rules.reports._json import scorecard_document

HERE = Path(__file__).resolve().parents[1]
FIXTURES = HERE / "fixtures" / "findings"
SEEDS = sorted((HERE.parent / "examples" / "forms").glob("*.yaml"))


@pytest.fixture(scope="module")
def batch() -> Batch:
    return check_files([*SEEDS, FIXTURES / "row-score-differs.yaml"], load_policy("central-2020"))


def bad(name: str) -> BadFile:
    return BadFile(name, FormError(name, [Problem("$", "文件不存在")]))


def written(fmt: str, batch: Batch, order: list[object], lang: str = "zh") -> bytes:
    """What a format's writer writes when forms and unusable files come in `order`."""
    report = FORMATS[fmt]
    options = Options(lang)  # type: ignore[arg-type]
    sink = io.BytesIO()
    writer = report.writer(sink, Context(batch.policy, options))
    tally = Tally()
    for item in order:
        if isinstance(item, BadFile):
            tally.add_bad()
            writer.bad(item)
        else:
            facts = FormFacts.of(item)  # type: ignore[arg-type]
            tally.add(facts)
            writer.form(facts, report.record(item, options))  # type: ignore[arg-type]
    writer.close(tally)
    return sink.getvalue()


ORDERS = {
    "nothing": lambda forms: [],
    "one form": lambda forms: forms[:1],
    "one unusable file": lambda forms: [bad("a.yaml")],
    "a form then an unusable file": lambda forms: [forms[0], bad("a.yaml")],
    "an unusable file then a form": lambda forms: [bad("a.yaml"), forms[0]],
    "three forms around an unusable file": lambda forms: [forms[0], forms[1], bad("a.yaml"), forms[2]],
    "three forms": lambda forms: list(forms),
}


@pytest.mark.parametrize("order", list(ORDERS), ids=list(ORDERS))
def test_the_streamed_json_is_the_document_of_the_whole_run(batch: Batch, order: str) -> None:
    items = ORDERS[order](batch.forms)
    forms = [i for i in items if not isinstance(i, BadFile)]
    documents = [scorecard_document(f.card, f.findings) for f in forms]
    single = len(documents) == 1 and len(forms) == len(items)
    assert written("json", batch, items).decode() == to_json(documents[0] if single else documents) + "\n"


def test_json_lines_hold_the_elements_of_the_json_array(batch: Batch) -> None:
    lines = written("jsonl", batch, [*batch.forms, bad("a.yaml")]).decode().splitlines()
    array = json.loads(written("json", batch, list(batch.forms)), parse_float=Decimal)
    assert [json.loads(line, parse_float=Decimal) for line in lines] == array
    assert all("\n" not in line for line in lines) and len(lines) == len(batch.forms)


def _parts(data: bytes) -> dict[str, bytes]:
    """A workbook's parts, but the one that carries the time it was written."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown", "html", "xlsx"])
def test_each_format_renders_a_batch_in_memory_as_it_streams_one(batch: Batch, fmt: str) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    same = _parts if fmt == "xlsx" else (lambda data: data)
    streamed = written(fmt, batch, list(batch.forms))
    assert same(FORMATS[fmt].render(batch)) == same(streamed)
    assert same(written(fmt, batch, list(batch.forms))) == same(streamed)


def test_html_numbers_each_form_where_the_page_is_written(batch: Batch) -> None:
    # a worker cannot know how many earlier files were unusable: the writer numbers the forms
    page = written("html", batch, [bad("a.yaml"), *batch.forms]).decode()
    assert [page.count(f'id="form-{n}"') for n in (1, 2, 3, 4)] == [1, 1, 1, 0]
    assert "<#>" not in page


def test_the_html_page_keeps_at_most_the_charted_forms_in_memory(batch: Batch) -> None:
    from selfeval_rules.reports._html import TOTALS_CHART_LIMIT, HtmlWriter

    writer = HtmlWriter(io.BytesIO(), Context(batch.policy, Options()))
    record = FORMATS["html"].record(batch.forms[2], Options())
    for _ in range(5 * TOTALS_CHART_LIMIT):
        writer.form(FormFacts.of(batch.forms[2]), record)
    assert len(writer.chart) <= 2 * TOTALS_CHART_LIMIT
    writer.discard()


def test_write_batch_feeds_a_writer(batch: Batch) -> None:
    sink = io.BytesIO()
    options = Options()
    write_batch(batch, FORMATS["jsonl"].record, FORMATS["jsonl"].writer(sink, Context(batch.policy, options)), options)
    assert len(sink.getvalue().splitlines()) == 3
