"""Read self-evaluation forms from a Word document (.docx): every table, and the lines above them.

The document's body is read in order: each paragraph outside a table becomes a row of one cell
(the title, `（2023年度）`, `项目名称：…` lines that some forms print above their table), each table
row a row of cells with merged cells expanded (`gridSpan` across, `vMerge` down) and a cell's
paragraphs joined with a line break. The rows go to `forms_from_grid`, which finds the forms in
them, several when the document holds several.
"""

from __future__ import annotations

import io
import pathlib
import zipfile
from typing import Any

from ...messages import Lang
from .base import ImportedForm, no_form
from .grid import error_reason, file_bytes, forms_from_grid

REQUIRES: tuple[str, ...] = ("docx",)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen", f"{_W}softHyphen"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            if node.get(f"{_W}type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iter(f"{_W}p"))


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(int(value), 200)) if value is not None else default
    except ValueError:
        return default


def _children(parent: Any, tag: str) -> list[Any]:
    """The `tag` children of an element, including those wrapped in content controls or custom XML."""
    found = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                found.extend(_children(content, tag))
    return found


def table_rows(tbl: Any) -> list[list[str | None]]:
    """The grid of a `w:tbl` element: merged cells (gridSpan, vMerge) repeated in every cell they cover."""
    rows: list[list[str | None]] = []
    above: dict[int, str] = {}
    for tr in _children(tbl, f"{_W}tr"):
        row: list[str | None] = []
        properties = tr.find(f"{_W}trPr")
        if properties is not None:
            before = properties.find(f"{_W}gridBefore")
            if before is not None:
                row.extend([None] * _int(before.get(f"{_W}val"), 0))
        for tc in _children(tr, f"{_W}tc"):
            span, merge = 1, None
            tc_pr = tc.find(f"{_W}tcPr")
            if tc_pr is not None:
                grid_span = tc_pr.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(f"{_W}val"), 1)
                v_merge = tc_pr.find(f"{_W}vMerge")
                if v_merge is not None:
                    merge = v_merge.get(f"{_W}val") or "continue"
            column = len(row)
            text = above.get(column, "") if merge == "continue" else _cell_text(tc)
            for k in range(span):
                row.append(text)
                above[column + k] = text
        rows.append(row)
    return rows


def body_rows(body: Any) -> list[list[str | None]]:
    """The rows of a document body, in order: a paragraph is a row of one cell, a table its rows."""
    rows: list[list[str | None]] = []
    for child in body:
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            if text.strip():
                rows.append([text])
        elif child.tag == f"{_W}tbl":
            rows.extend(table_rows(child))
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                rows.extend(body_rows(content))
    return rows


def read(path: pathlib.Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in a Word document.

    Args:
        path: the .docx file.
        lang: the language of the error raised when no form is found.

    Returns:
        The forms, in order: `FILE` for a single form, `FILE#1`, `FILE#2`… for several.

    Raises:
        FormError: the file is empty, is no Word document, or holds no recognisable form.
    """
    source = str(path)
    data = file_bytes(path, lang)
    try:
        import docx
    except ImportError:
        raise no_form(source, "import.missing_dependency", lang, format="docx", package="python-docx") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise no_form(source, "import.not_zip", lang, format="docx")
    try:
        document = docx.Document(io.BytesIO(data))
        rows = body_rows(document.element.body)
    except Exception as error:  # noqa: BLE001 - a damaged package fails in many ways inside python-docx; each is a refusal
        raise no_form(source, "import.unreadable", lang, format="docx", reason=error_reason(error)) from None
    return forms_from_grid(rows, source, lang=lang)
