"""Reports of a checked run, in every format `selfeval check` writes, each registered in `FORMATS`.

A format is a function from a batch to bytes, the modules it needs (named before any work starts
when one is missing), and whether it must go to a file. Adding one is a module, its entry here, and
its name in the CLI's choices (which are read from this table).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..batch import Batch
from ..messages import Lang
from ._common import (
    FindingPlacer,
    findings_at,
    fit,
    grade_label,
    mark,
    no_color,
    to_json,
)
from ._json import render_json, scorecard_document
from ._text import HEADERS, render_table, score_table, summary_text

Render = Callable[[Batch, Lang, bool], bytes]


def _csv(batch: Batch, lang: Lang, explain: bool) -> bytes:
    from ._csv import render_csv

    return render_csv(batch, lang)


def _markdown(batch: Batch, lang: Lang, explain: bool) -> bytes:
    from ._markdown import render_markdown

    return render_markdown(batch, lang).encode()


def _html(batch: Batch, lang: Lang, explain: bool) -> bytes:
    from ._html import render_html

    return render_html(batch, lang).encode()


def _xlsx(batch: Batch, lang: Lang, explain: bool) -> bytes:
    from ._xlsx import render_xlsx

    return render_xlsx(batch, lang)


@attrs.frozen
class Format:
    """A report format: how it renders, what it needs, and whether it needs a file to go to."""

    name: str
    render: Render = attrs.field(repr=False)
    requires: tuple[str, ...] = ()
    file_only: bool = False
    suffix: str = ""


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", lambda batch, lang, explain: render_table(batch, lang, explain), suffix=".txt"),
    Format("json", lambda batch, lang, explain: render_json(batch, lang), suffix=".json"),
    Format("csv", _csv, suffix=".csv"),
    Format("markdown", _markdown, suffix=".md"),
    Format("html", _html, file_only=True, suffix=".html"),
    Format("xlsx", _xlsx, requires=("openpyxl",), file_only=True, suffix=".xlsx"),
)}

__all__ = [
    "FORMATS",
    "HEADERS",
    "FindingPlacer",
    "Format",
    "findings_at",
    "fit",
    "grade_label",
    "mark",
    "no_color",
    "render_json",
    "render_table",
    "score_table",
    "scorecard_document",
    "summary_text",
    "to_json",
]
