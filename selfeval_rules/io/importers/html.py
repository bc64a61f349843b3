"""Read self-evaluation forms from a web page (.html): every table, and the text around them.

Bureaus publish forms as tables on web pages, often several on a page, with the title and the
项目名称 line outside the table. The page is read in order: text outside tables becomes rows of one
cell (a heading, a paragraph, a line ended by `<br>`), each table (the innermost, when tables are
nested for layout) its rows, `rowspan`/`colspan` expanded, `<br>` and paragraphs inside a cell as
line breaks, runs of white space as one space (as a browser shows them). The encoding is the one
the page declares (GB2312/GBK pages read as GB18030), else UTF-8.

>>> rows = page_rows('<h1>项目支出绩效自评表</h1><table><tr><td rowspan="2">绩效指标</td><td>一级<br>指标</td></tr>'
...                  '<tr><td>产出指标</td></tr></table>')
>>> rows
[['项目支出绩效自评表'], ['绩效指标', '一级\\n指标'], ['绩效指标', '产出指标']]
"""

from __future__ import annotations

import codecs
import pathlib
import re
from typing import Any

from ...messages import Lang
from .base import ImportedForm, no_form
from .grid import error_reason, file_bytes, forms_from_grid

REQUIRES: tuple[str, ...] = ("lxml",)

_BLOCKS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "select", "option"})
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode(data: bytes) -> str:
    """The text of a page: by its byte-order mark, its declared charset, else UTF-8, else GB18030.

    >>> decode("<meta charset='gb2312'>自评表".encode("gbk"))[-3:]
    '自评表'
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936") else name)
    candidates += ["utf-8", "gb18030"]
    for codec in candidates:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


class _Lines:
    """Text outside tables, gathered into lines at block boundaries and `<br>`."""

    def __init__(self, rows: list[list[str | None]]) -> None:
        self.rows, self.parts = rows, []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.parts)).strip()
        self.parts = []
        if line:
            self.rows.append([line])


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _has_table(element: Any) -> bool:
    return any(_tag(e) == "table" for e in element.iterdescendants())


def cell_text(cell: Any) -> str:
    """A cell's text as a browser lays it out: `<br>` and block elements break lines."""
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        lines.append(_SPACE.sub(" ", "".join(parts)).strip())
        parts.clear()

    def walk(element: Any) -> None:
        tag = _tag(element)
        if tag in _SKIPPED or not tag:  # a comment or processing instruction: its tail only
            return
        if tag == "br":
            flush()
            return
        block = tag in _BLOCKS
        if block:
            flush()
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            flush()

    parts.append(cell.text or "")
    for child in cell:
        walk(child)
        parts.append(child.tail or "")
    flush()
    return "\n".join(line for line in lines if line)


def table_rows(table: Any) -> list[list[str | None]]:
    """The grid of a `<table>`: rowspan and colspan expanded."""
    trs = [tr for tr in table.iter() if _tag(tr) == "tr" and _owner(tr) is table]
    filled: dict[int, dict[int, str]] = {}
    width = 0
    for r, tr in enumerate(trs):
        row = filled.setdefault(r, {})
        c = 0
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            while c in row:
                c += 1
            text = cell_text(cell)
            rowspan = _span(cell.get("rowspan"), len(trs) - r)
            colspan = _span(cell.get("colspan"), 1000)
            for dr in range(rowspan):
                target = filled.setdefault(r + dr, {})
                for dc in range(colspan):
                    target.setdefault(c + dc, text)
            c += colspan
            width = max(width, c)
    return [[filled.get(r, {}).get(c) for c in range(width)] for r in range(len(trs))]


def _owner(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None, most: int) -> int:
    try:
        span = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    if span == 0:
        return max(1, most)  # rowspan="0": to the end of the table
    return max(1, min(span, most, 1000))


def page_rows(text: str) -> list[list[str | None]]:
    """The rows of a page, in order: text outside tables as rows of one cell, then each table's rows."""
    import lxml.html

    document = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    rows: list[list[str | None]] = []
    lines = _Lines(rows)

    def walk(element: Any) -> None:
        tag = _tag(element)
        if tag in _SKIPPED or not tag:  # a comment or processing instruction: its tail only
            return
        if tag == "table" and not _has_table(element):
            lines.flush()
            rows.extend(table_rows(element))
            return
        if tag == "br":
            lines.flush()
            return
        block = tag in _BLOCKS
        if block:
            lines.flush()
        lines.add(element.text)
        for child in element:
            walk(child)
            lines.add(child.tail)
        if block:
            lines.flush()

    body = document.find("body")
    walk(body if body is not None else document)
    lines.flush()
    return rows


def read(path: pathlib.Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms on a web page.

    Args:
        path: the .html (or .htm) file.
        lang: the language of the error raised when no form is found.

    Returns:
        The forms, in order: `FILE` for a single form, `FILE#1`, `FILE#2`… for several.

    Raises:
        FormError: the file is empty, cannot be parsed, or holds no recognisable form.
    """
    source = str(path)
    data = file_bytes(path, lang)
    try:
        import lxml.html  # noqa: F401 - checked here to refuse with a message, not a traceback
    except ImportError:
        raise no_form(source, "import.missing_dependency", lang, format="html", package="lxml") from None
    try:
        rows = page_rows(decode(data))
    except Exception as error:  # noqa: BLE001 - lxml refuses some byte soups; each is a refusal
        raise no_form(source, "import.unreadable", lang, format="html", reason=error_reason(error)) from None
    return forms_from_grid(rows, source, lang=lang)
