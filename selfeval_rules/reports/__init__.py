"""Reports of a checked run, in every format `selfeval check` writes, each registered in `FORMATS`.

A format is a record (what the report needs of one form, made where the form was checked, small and
picklable), a writer (which takes the records in input order and writes as soon as it can), the
modules it needs (named before any work starts when one is missing, with the extra that installs
them), and whether it must go to a file or a folder. Adding one is a module, its entry here; the
CLI's choices are read from this table. See `_stream` for the record and writer interface.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ..batch import Batch, Record
    from ..messages import Lang
    from ._stream import MakeRecord, MakeWriter, Options

# The names this package offers, and the module of each: loaded on first use, so that the command
# line reads the table of formats without importing every report (and the libraries they need).
_NAMES: dict[str, str] = {
    "HEADERS": "_text", "render_table": "_text", "score_table": "_text", "summary_lines": "_text", "summary_text": "_text",
    "Context": "_stream", "MakeRecord": "_stream", "MakeWriter": "_stream", "Options": "_stream", "Sink": "_stream",
    "Writer": "_stream", "render_batch": "_stream", "write_batch": "_stream",
    "FindingPlacer": "_common", "code_counts": "_common", "finding_line": "_common", "finding_title": "_common",
    "findings_at": "_common", "fit": "_common", "grade_label": "_common", "mark": "_common", "markdown_text": "_common",
    "no_color": "_common", "plain": "_common", "to_json": "_common", "to_json_line": "_common",
    "render_json": "_json", "scorecard_document": "_json",
}


def __getattr__(name: str) -> Any:
    if name == "amount":
        from ..values._numbers import amount

        return amount
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def _resolve(where: Any) -> Any:
    """A "module:name" reference in this package, imported; anything else as it is."""
    if not isinstance(where, str):
        return where
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


@attrs.frozen
class Format:
    """A report format: its record and writer, what it needs, and where it must go.

    Attributes:
        record_from, writer_from: the record and writer functions, or "module:name" references
            imported on first use.
        requires: (module, extra) pairs: the modules the writer imports, and the extra of
            `selfeval-rules` that installs each.
        file_only: the report must go to a file (`--output FILE`): it cannot be printed.
        folder: the report is a folder of files (`--output DIR`).
    """

    name: str
    record_from: Any = attrs.field(repr=False)
    writer_from: Any = attrs.field(repr=False)
    requires: tuple[tuple[str, str], ...] = ()
    file_only: bool = False
    folder: bool = False
    suffix: str = ""

    @property
    def record(self) -> MakeRecord:
        """What a worker makes of each checked form (small and picklable)."""
        return _resolve(self.record_from)

    @property
    def writer(self) -> MakeWriter:
        """What takes the records in input order and writes the report."""
        return _resolve(self.writer_from)

    def recorder(self, options: Options) -> Record:
        """The record function a worker applies to each checked form (picklable)."""
        return functools.partial(self.record, options=options)

    def render(self, batch: Batch, lang: Lang = "zh", explain: bool = False) -> bytes:
        """The whole report of a batch held in memory, as bytes (not for folder formats)."""
        from ._stream import Options, render_batch

        return render_batch(batch, self.record, self.writer, Options(lang, explain))


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", "_text:table_record", "_text:TableWriter", suffix=".txt"),
    Format("json", "_json:json_record", "_json:JsonWriter", suffix=".json"),
    Format("jsonl", "_json:jsonl_record", "_json:JsonLinesWriter", suffix=".jsonl"),
    Format("csv", "_csv:csv_record", "_csv:CsvWriter", suffix=".csv"),
    Format("markdown", "_markdown:markdown_record", "_markdown:MarkdownWriter", suffix=".md"),
    Format("html", "_html:html_record", "_html:HtmlWriter", file_only=True, suffix=".html"),
    Format("xlsx", "_xlsx:xlsx_record", "_xlsx:XlsxWriter", requires=(("openpyxl", "reports"),), file_only=True, suffix=".xlsx"),
    Format("parquet", "_parquet:parquet_record", "_parquet:ParquetWriter", requires=(("pyarrow", "parquet"),), folder=True),
)}


def terminal_format() -> Format:
    """The coloured table drawn on a terminal instead of `table` (needs rich; draws on a text stream)."""
    return Format("table", "_terminal:terminal_record", "_terminal:TerminalWriter", requires=(("rich", "reports"),))


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
