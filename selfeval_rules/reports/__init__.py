"""Reports of a checked run, in every format `selfeval check` writes, each registered in `FORMATS`.

A format is a record (what the report needs of one form, made where the form was checked, small and
picklable), a writer (which takes the records in input order and writes as soon as it can), the
modules it needs (named before any work starts when one is missing, with the extra that installs
them), and whether it must go to a file or a folder. Adding one is a module, its entry here; the
CLI's choices are read from this table. See `_stream` for the record and writer interface.
"""

from __future__ import annotations

import functools

import attrs

from ..batch import Batch, Record
from ..messages import Lang
from ..values._numbers import amount
from ._common import (
    FindingPlacer,
    code_counts,
    finding_line,
    finding_title,
    findings_at,
    fit,
    grade_label,
    mark,
    markdown_text,
    no_color,
    plain,
    to_json,
    to_json_line,
)
from ._csv import CsvWriter, csv_record
from ._html import HtmlWriter, html_record
from ._json import (
    JsonLinesWriter,
    JsonWriter,
    json_record,
    jsonl_record,
    render_json,
    scorecard_document,
)
from ._markdown import MarkdownWriter, markdown_record
from ._parquet import ParquetWriter, parquet_record
from ._stream import (
    Context,
    MakeRecord,
    MakeWriter,
    Options,
    Sink,
    Writer,
    render_batch,
    write_batch,
)
from ._text import (
    HEADERS,
    TableWriter,
    render_table,
    score_table,
    summary_lines,
    summary_text,
    table_record,
)
from ._xlsx import XlsxWriter, xlsx_record


@attrs.frozen
class Format:
    """A report format: its record and writer, what it needs, and where it must go.

    Attributes:
        requires: (module, extra) pairs: the modules the writer imports, and the extra of
            `selfeval-rules` that installs each.
        file_only: the report must go to a file (`--output FILE`): it cannot be printed.
        folder: the report is a folder of files (`--output DIR`).
    """

    name: str
    record: MakeRecord = attrs.field(repr=False)
    writer: MakeWriter = attrs.field(repr=False)
    requires: tuple[tuple[str, str], ...] = ()
    file_only: bool = False
    folder: bool = False
    suffix: str = ""

    def recorder(self, options: Options) -> Record:
        """The record function a worker applies to each checked form (picklable)."""
        return functools.partial(self.record, options=options)

    def render(self, batch: Batch, lang: Lang = "zh", explain: bool = False) -> bytes:
        """The whole report of a batch held in memory, as bytes (not for folder formats)."""
        return render_batch(batch, self.record, self.writer, Options(lang, explain))


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", table_record, TableWriter, suffix=".txt"),
    Format("json", json_record, JsonWriter, suffix=".json"),
    Format("jsonl", jsonl_record, JsonLinesWriter, suffix=".jsonl"),
    Format("csv", csv_record, CsvWriter, suffix=".csv"),
    Format("markdown", markdown_record, MarkdownWriter, suffix=".md"),
    Format("html", html_record, HtmlWriter, file_only=True, suffix=".html"),
    Format("xlsx", xlsx_record, XlsxWriter, requires=(("openpyxl", "reports"),), file_only=True, suffix=".xlsx"),
    Format("parquet", parquet_record, ParquetWriter, requires=(("pyarrow", "parquet"),), folder=True),
)}


def terminal_format() -> Format:
    """The coloured table drawn on a terminal instead of `table` (needs rich; draws on a text stream)."""
    from ._terminal import TerminalWriter, terminal_record

    return Format("table", terminal_record, TerminalWriter, requires=(("rich", "reports"),))


__all__ = [
    "FORMATS",
    "HEADERS",
    "Context",
    "FindingPlacer",
    "Format",
    "MakeRecord",
    "MakeWriter",
    "Options",
    "Sink",
    "Writer",
    "amount",
    "code_counts",
    "finding_line",
    "finding_title",
    "findings_at",
    "fit",
    "grade_label",
    "mark",
    "markdown_text",
    "no_color",
    "plain",
    "render_batch",
    "render_json",
    "render_table",
    "score_table",
    "scorecard_document",
    "summary_lines",
    "summary_text",
    "terminal_format",
    "to_json",
    "to_json_line",
    "write_batch",
]
