"""Forms from PDF files: ruled tables read as grids, tables without rules and other pages through
pdfplumber.

A form printed from Excel, Word or a web page is usually a ruled table. Its rules give the cells:
each merged cell is one region of the grid the rules draw, and its text is repeated in every grid
cell it covers, which is what `forms_from_grid` expects. Tables continued on later pages are joined
into one grid (columns from the rules of all pages, so a page with fewer rules still lines up), the
header row a page break repeats is dropped, and a merged cell cut by the page break keeps its text on
both sides. Text above the table (the title, its year, 项目名称 …) comes first, a row a line. This
fast path reads pages with PDFium (`pypdfium2`, which pdfplumber installs and uses): pdfplumber's own
parser takes about half a second for a two-page form printed by Chromium, PDFium a tenth of that.

A PDF in which that path finds no ruled table (an HTML table printed with `border: none`, a form
typeset without lines) is opened with pdfplumber: the tables its text strategies find
(`page.find_tables` with `"text"` strategies) are read as a grid, and its text (the text boxes of
pdfplumber's layout analysis, and its text laid out as on the page) through `forms_from_text`; the
reading that agrees best with itself is kept (`text._quality`). A PDF without a text layer (a scan)
is refused: it needs OCR first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...errors import FormError
from ...messages import Lang
from .base import ImportedForm, no_form

__all__ = ["REQUIRES", "grids", "read"]

REQUIRES = ("pdfplumber",)

_SNAP = 2.5  # points: rules closer than this are one rule
_THIN = 2.5  # points: a path thinner than this is a rule
_SENTENCE_END = tuple("。！？!?；;")


def read(path: Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in a PDF file.

    Args:
        path: the PDF file.
        lang: the language of error messages and notes.

    Returns:
        One ImportedForm per form found; sources "FILE", or "FILE#1", "FILE#2", … when several.

    Raises:
        FormError: the file is empty, not a PDF, damaged, encrypted, a scan without text, or holds
            no recognisable form.
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise no_form(source, "import.pdf.unreadable", lang, error=exc.strerror or str(exc)) from None
    if not raw.strip():
        raise no_form(source, "import.pdf.empty", lang)
    if b"%PDF-" not in raw[:1024]:
        raise no_form(source, "import.pdf.not_pdf", lang)
    try:
        import pypdfium2 as pdfium  # installed with pdfplumber
    except ImportError:  # pragma: no cover - depends on the installation
        raise no_form(source, "import.pdf.requires", lang, package="pdfplumber") from None
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        raise no_form(source, "import.pdf.broken", lang, error=str(exc)) from None
    try:
        pages = [_read_page(document, i) for i in range(len(document))]
    except pdfium.PdfiumError as exc:  # pragma: no cover - a page PDFium opened but cannot read
        raise no_form(source, "import.pdf.broken", lang, error=str(exc)) from None
    finally:
        document.close()
    if not any(page.chars for page in pages):
        raise no_form(source, "import.pdf.no_text", lang, pages=len(pages))
    rows = grids(pages)
    if rows is not None:
        try:
            from .grid import forms_from_grid
        except ImportError:  # the grid reader is not there: read the grid's rows as text
            return _forms_from_rows_as_text(rows, source, lang)
        return forms_from_grid(rows, source, lang=lang)
    return _unruled(raw, source, lang)


# --- pages without rules: pdfplumber ------------------------------------------------------------

#: pdfplumber's table settings for a table drawn without rules: columns and rows from where words
#: line up.
TEXT_TABLES = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _unruled(raw: bytes, source: str, lang: Lang) -> list[ImportedForm]:
    """The forms of a PDF without ruled tables, read with pdfplumber. Its text boxes (pdfminer's
    layout analysis) are read with where each character stands (`_textcells`: the 绩效指标 table's
    cells put in rows and columns by their places); a form that adds up so is taken. Else that
    reading competes with the text boxes and the laid-out text read as text and the tables
    pdfplumber's text strategies find read as a grid: the reading that agrees best with itself
    wins, the first on a tie."""
    import io

    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - depends on the installation
        raise no_form(source, "import.pdf.requires", lang, package="pdfplumber") from None
    from ._textcells import unify_radicals
    from .grid import forms_from_grid
    from .text import _best_reading, _consistent, _forms_from_cells, forms_from_text

    # pdfminer warns on every page of a CFF font without a FontBBox (Noto CJK, as browsers embed it);
    # harmless here, so hushed unless the caller set pdfminer's logging level themselves
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    if level == logging.NOTSET:
        quiet.setLevel(logging.ERROR)
    readings: list[list[ImportedForm]] = []
    try:
        with pdfplumber.open(io.BytesIO(raw), laparams={}) as document:
            boxes, places = _boxes(document.pages)
            placed = _forms_from_cells(unify_radicals(boxes), source, lang, places)
            if placed and all(_consistent(form) for form in placed):
                return placed  # the cells where they were printed, and the form adds up
            if placed:
                readings.append(placed)
            table_rows: list[list[str]] = []
            laid_out: list[str] = []
            for page in document.pages:
                for table in page.find_tables(table_settings=TEXT_TABLES):
                    table_rows += [[unify_radicals(cell or "") for cell in row] for row in table.extract()]
                    table_rows.append([])
                laid_out.append(page.extract_text(layout=True))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file  # noqa: BLE001
        raise no_form(source, "import.pdf.broken", lang, error=f"{type(exc).__name__}: {exc}") from None
    finally:
        quiet.setLevel(level)
    failure = None
    for text in (boxes, "\f".join(laid_out)):
        try:
            readings.append(forms_from_text(text, source, lang=lang))
        except FormError as error:
            failure = failure or error
    if table_rows:
        try:
            readings.append(forms_from_grid(table_rows, source, lang=lang))
        except FormError:
            pass
    if not readings:
        assert failure is not None
        raise failure
    return _best_reading(readings)


def _boxes(pages: Sequence[Any]) -> tuple[str, dict[tuple[int, int], list[Any]]]:
    """The text of pdfplumber's pages as pdfminer's `extract_text` prints it (each text box's lines,
    a blank line after each box, a form feed between pages), and where each character was printed
    (`_textcells.Places`)."""
    from pdfminer.layout import LTChar, LTTextBox  # installed with pdfplumber

    texts: list[str] = []
    places: dict[tuple[int, int], list[Any]] = {}
    for page in pages:
        lines: list[str] = []
        for box in page.layout:
            if not isinstance(box, LTTextBox):
                continue
            for line in box:
                text, where = "", []
                for item in line:
                    piece = item.get_text().rstrip("\n")
                    text += piece
                    place = (item.x0, item.x1, page.height - item.y1, page.height - item.y0) if isinstance(item, LTChar) else None
                    where += [place] * len(piece)
                places[(len(texts), len(lines))] = where
                lines.append(text)
            lines.append("")
        texts.append("".join(line + "\n" for line in lines))
    return "\f".join(texts), places


# --- pages ---------------------------------------------------------------------------------------


class _Char:
    __slots__ = ("bottom", "text", "top", "x0", "x1")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom

    @property
    def height(self) -> float:
        return self.bottom - self.top


class _Page:
    """A page's characters and rules, in top-down coordinates (points from the top-left)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.chars: list[_Char] = []
        self.horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
        self.vertical: list[tuple[float, float, float]] = []  # (x, top, bottom)


def _read_page(document: Any, index: int) -> _Page:
    import pypdfium2.raw as pdfium_c

    from ._textcells import unify_radicals

    page = document[index]
    try:
        width, height = page.get_size()
        out = _Page(width, height)
        textpage = page.get_textpage()
        try:
            for i in range(textpage.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(textpage, i)
                if code in (0, 10, 13, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                    continue
                ch = chr(code)
                # the loose box spans the glyph's advance and the font's height, not its ink, so
                # that a full-width comma is as wide as a character
                rect = pdfium_c.FS_RECTF()
                if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
                    continue
                if ch.isspace():
                    ch = " "
                elif "\u2e80" <= ch <= "\u2fdf":  # a radical the font gave for an ideograph
                    ch = unify_radicals(ch)
                out.chars.append(_Char(ch, rect.left, max(rect.right, rect.left + 0.1),
                                       height - rect.top, height - rect.bottom))
        finally:
            textpage.close()
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
            x0, y0, x1, y1 = obj.get_bounds()
            top, bottom = height - y1, height - y0
            w, h = x1 - x0, bottom - top
            if h <= _THIN and w > _THIN:
                out.horizontal.append(((top + bottom) / 2, x0, x1))
            elif w <= _THIN and h > _THIN:
                out.vertical.append(((x0 + x1) / 2, top, bottom))
            elif w > _THIN and h > _THIN and _stroked(obj, pdfium_c):
                out.horizontal += [(top, x0, x1), (bottom, x0, x1)]
                out.vertical += [(x0, top, bottom), (x1, top, bottom)]
        return out
    finally:
        page.close()


def _stroked(obj: Any, pdfium_c: Any) -> bool:
    """Whether a path is drawn with a stroke (a rectangle's outline), not only filled (a background)."""
    import ctypes

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke):
        return False
    return bool(stroke.value)


# --- grids ---------------------------------------------------------------------------------------


def _cluster(values: Sequence[float]) -> list[float]:
    """Positions closer than `_SNAP` merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= _SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _nearest(value: float, positions: Sequence[float]) -> int | None:
    best = min(range(len(positions)), key=lambda i: abs(positions[i] - value), default=None)
    if best is None or abs(positions[best] - value) > _SNAP:
        return None
    return best


def _covered(segments: list[tuple[float, float]], a: float, b: float) -> bool:
    """Whether the union of `segments` covers most of [a, b]."""
    need = b - a
    if need <= 0:
        return True
    got = 0.0
    for s0, s1 in segments:
        lo, hi = max(a, s0 - _SNAP), min(b, s1 + _SNAP)
        if hi > lo:
            got += hi - lo
    return got >= need * 0.6


class _Table:
    """The ruled table of one page: grid lines, and the merged regions of its cells."""

    def __init__(self, page: _Page, xs: list[float]) -> None:
        self.page = page
        vertical = [v for v in page.vertical]
        horizontal = [h for h in page.horizontal]
        # a page inside one tall cell has its side rules only
        self.top = min([v[1] for v in vertical] + [h[0] for h in horizontal])
        self.bottom = max([v[2] for v in vertical] + [h[0] for h in horizontal])
        self.left = min([h[1] for h in horizontal] + [v[0] for v in vertical])
        self.right = max([h[2] for h in horizontal] + [v[0] for v in vertical])
        self.xs = [x for x in xs if self.left - _SNAP <= x <= self.right + _SNAP]
        # a table continued from the page before (or on the next) may lack its top (bottom) rule
        self.open_top = all(abs(h[0] - self.top) > _SNAP for h in horizontal)
        self.open_bottom = all(abs(h[0] - self.bottom) > _SNAP for h in horizontal)
        for y in (self.top, self.bottom):
            if all(abs(h[0] - y) > _SNAP for h in horizontal):
                horizontal.append((y, self.left, self.right))
        self.ys = _cluster([h[0] for h in horizontal])
        by_x: dict[int, list[tuple[float, float]]] = {}
        for x, t, b in vertical:
            i = _nearest(x, self.xs)
            if i is not None:
                by_x.setdefault(i, []).append((t, b))
        by_y: dict[int, list[tuple[float, float]]] = {}
        for y, x0, x1 in horizontal:
            j = _nearest(y, self.ys)
            if j is not None:
                by_y.setdefault(j, []).append((x0, x1))
        rows, cols = len(self.ys) - 1, len(self.xs) - 1
        # union-find over the grid's elementary cells, joined where no rule separates them
        parent = list(range(max(rows * cols, 0)))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for r in range(rows):
            for c in range(cols):
                if c + 1 < cols and not _covered(by_x.get(c + 1, []), self.ys[r], self.ys[r + 1]):
                    parent[find(r * cols + c + 1)] = find(r * cols + c)
                if r + 1 < rows and not _covered(by_y.get(r + 1, []), self.xs[c], self.xs[c + 1]):
                    parent[find((r + 1) * cols + c)] = find(r * cols + c)
        self.rows, self.cols = rows, cols
        self.region = [[find(r * cols + c) for c in range(cols)] for r in range(rows)]
        # each region's text: the characters whose centre falls in it
        boxes: dict[int, list[float]] = {}
        for r in range(rows):
            for c in range(cols):
                box = boxes.setdefault(self.region[r][c], [self.xs[c], self.ys[r], self.xs[c + 1], self.ys[r + 1]])
                box[0], box[1] = min(box[0], self.xs[c]), min(box[1], self.ys[r])
                box[2], box[3] = max(box[2], self.xs[c + 1]), max(box[3], self.ys[r + 1])
        members: dict[int, list[_Char]] = {key: [] for key in boxes}
        self.outside: list[_Char] = []
        for ch in page.chars:
            cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
            c = _locate(cx, self.xs)
            r = _locate(cy, self.ys)
            if r is None or c is None:
                self.outside.append(ch)
                continue
            members[self.region[r][c]].append(ch)
        self.text = {key: _cell_text(chars) for key, chars in members.items()}
        self.boxes = boxes

    def grid(self) -> list[list[str]]:
        return [[self.text[self.region[r][c]] for c in range(self.cols)] for r in range(self.rows)]

    def touches_top(self, key: int) -> bool:
        return abs(self.boxes[key][1] - self.ys[0]) <= _SNAP

    def touches_bottom(self, key: int) -> bool:
        return abs(self.boxes[key][3] - self.ys[-1]) <= _SNAP


def _locate(value: float, edges: Sequence[float]) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= value < edges[i + 1]:
            return i
    return None


def _has_table(page: _Page) -> bool:
    # two rules across and three down: a table, or the end of one a page break left without its top
    return len(_cluster([h[0] for h in page.horizontal])) >= 2 and len(_cluster([v[0] for v in page.vertical])) >= 3


def grids(pages: Sequence[_Page]) -> list[list[str]] | None:
    """The rows of the ruled tables of `pages` joined into one grid, with the text above the first
    table as rows of their own; None when no page has a ruled table."""
    ruled_pages = [_has_table(page) for page in pages]
    if not any(ruled_pages):
        return None
    # a page inside one tall cell (a long goal text) between ruled pages has its side rules only
    # or the last rows of a table alone on a page, their top rule left on the page before
    for i in range(1, len(pages)):
        if ruled_pages[i] or not ruled_pages[i - 1] or not pages[i].vertical:
            continue
        between = i + 1 < len(pages) and ruled_pages[i + 1]
        columns = len(_cluster([v[0] for v in pages[i].vertical]))
        ruled_pages[i] = columns >= 2 if between else (columns >= 3 and bool(pages[i].horizontal))
    ruled = [page for page, is_ruled in zip(pages, ruled_pages) if is_ruled]
    xs = _cluster([v[0] for page in ruled for v in page.vertical])
    width = len(xs) - 1
    rows: list[list[str]] = []
    previous: _Table | None = None
    header_rows: set[tuple[str, ...]] = set()
    for page, is_ruled in zip(pages, ruled_pages):
        if not is_ruled:
            rows += [[line] + [""] * (width - 1) for line in _text_lines(page.chars, page)]
            previous = None
            continue
        table = _Table(page, xs)
        above = [ch for ch in table.outside if (ch.top + ch.bottom) / 2 <= table.top]
        below = [ch for ch in table.outside if (ch.top + ch.bottom) / 2 >= table.bottom]
        rows += [_split_line(line, width) for line in _text_lines(above, page)]
        grid = table.grid()
        if previous is not None and previous.open_bottom and table.open_top and rows and grid:
            # the page break cut a row: its part on this page continues the last row
            joined = [_continue(a, b) for a, b in zip(rows[-1], grid[0] + [""] * (width - len(grid[0])))]
            for c in range(table.cols):
                key = table.region[0][c]
                for r in range(1, table.rows):
                    if table.region[r][c] == key:
                        grid[r][c] = joined[c]
            rows[-1] = joined
            grid = grid[1:]
        elif previous is not None:
            # a merged cell cut by the page break: its empty part on this page takes its text
            for c in range(min(table.cols, previous.cols)):
                key = table.region[0][c]
                if table.text[key] or not table.touches_top(key):
                    continue
                above_key = previous.region[-1][c]
                # only a label spans rows (产出指标); an empty reason under a reason is empty
                if previous.touches_bottom(above_key) and _label_like(previous.text[above_key]):
                    for r in range(table.rows):
                        if table.region[r][c] == key:
                            grid[r][c] = previous.text[above_key]
        for row in grid:
            # the header's own labels (a merged cell beside it may carry another text each page)
            key = tuple(cell for cell in row if _is_header_row([cell]) or re.sub(r"\s+", "", cell).endswith(
                ("指标", "指标值", "完成值", "分值", "得分", "措施", "权重")) and len(cell) <= 14)
            if _is_header_row(row):
                if key in header_rows:
                    continue  # the header a page break repeats
                header_rows.add(key)
            rows.append(list(row) + [""] * (width - len(row)))
        rows += [_split_line(line, width) for line in _text_lines(below, page)]
        previous = table
    _join_cut_labels(rows)
    return rows


def _join_cut_labels(rows: list[list[str]]) -> None:
    """Labels a merged cell printed in pieces, in place: a page break or the table's header cut the
    cell (`产出` / `指标`, `年度绩效` / `目标1` / `（40分）`), and each piece became a region of
    its own. Pieces in consecutive rows of a column that make a known label together become that
    label in every row they cover."""
    from ._textcells import could_grow, label_of

    def key(pieces: list[str]) -> str:
        return re.sub(r"\s+", "", "".join(pieces)).replace("（", "(").replace("）", ")")

    height = len(rows)
    width = max((len(row) for row in rows), default=0)
    for c in range(width):
        r = 0
        while r < height:
            text = rows[r][c] if c < len(rows[r]) else ""
            if not text or len(text) > 12 or label_of(key([text])) or not could_grow(key([text])):
                r += 1
                continue
            pieces, j, last = [text], r + 1, r
            while j < height and len(pieces) < 6:
                if _is_header_row(rows[j]):
                    j += 1  # the header a page break repeats, between the pieces
                    continue
                nxt = rows[j][c] if c < len(rows[j]) else ""
                if nxt == pieces[-1]:
                    last, j = j, j + 1
                    continue
                if not nxt or len(nxt) > 12 or not (could_grow(key(pieces + [nxt])) or label_of(key(pieces + [nxt]))):
                    break
                pieces.append(nxt)
                last, j = j, j + 1
            whole = "".join(piece.strip() for piece in pieces)
            if len(pieces) > 1 and label_of(key(pieces)):
                for k in range(r, last + 1):
                    if rows[k][c] in pieces:
                        rows[k][c] = whole
            r = last + 1


def _continue(before: str, after: str) -> str:
    """A cell's text before a page break and after it, as one text."""
    if not after or after == before:
        return before
    if not before:
        return after
    if before.endswith(_SENTENCE_END) and re.match(r"^(?:\d+[、.．]|[（(]\d+[)）]|[一二三四五六七八九十]+[、是])", after):
        return before + "\n" + after
    return before + after


def _is_header_row(row: Sequence[str]) -> bool:
    keys = [re.sub(r"\s+", "", cell) for cell in row]
    return any("三级指标" in k for k in keys) or (any("一级指标" in k for k in keys) and any("二级指标" in k for k in keys))


def _split_line(line: str, width: int) -> list[str]:
    """A line of text outside the table as a row: its parts, split at wide gaps (marked by tabs)."""
    parts = [p.strip() for p in line.split("\t") if p.strip()] or [""]
    parts = parts[:width] if width > 0 else parts
    return parts + [""] * (width - len(parts))


# --- text ----------------------------------------------------------------------------------------


def _lines_of(chars: Sequence[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (by their vertical middle), each sorted left to right."""
    lines: list[list[_Char]] = []
    for ch in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        middle = (ch.top + ch.bottom) / 2
        if lines:
            last = lines[-1]
            last_middle = sum((c.top + c.bottom) / 2 for c in last) / len(last)
            if abs(middle - last_middle) <= max(ch.height, last[0].height) * 0.4:
                last.append(ch)
                continue
        lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _line_text(line: Sequence[_Char], *, tabs: bool = False) -> str:
    out = ""
    prev: _Char | None = None
    for ch in line:
        if prev is not None:
            gap = ch.x0 - prev.x1
            size = max(ch.height, prev.height)
            # Chinese is printed without spaces: a small gap between two ideographs is the font's
            # (a glyph narrower than its advance), not a space
            wide = _is_wide(ch.text) and _is_wide(prev.text)
            if tabs and gap > size * 1.5:
                out = out.rstrip(" ") + "\t"
            elif gap > size * (0.6 if wide else 0.15) and not out.endswith((" ", "\t")):
                out += " "
        if ch.text == " " and out.endswith((" ", "\t")):
            continue
        out += ch.text
        prev = ch
    return out.strip(" ")


def _is_wide(text: str) -> bool:
    import unicodedata

    return bool(text) and unicodedata.east_asian_width(text[0]) in "WF"


def _text_lines(chars: Sequence[_Char], page: _Page) -> list[str]:
    """The text of `chars` a line at a time, wide gaps as tabs (left for the caller to split)."""
    return [_line_text(line, tabs=True) for line in _lines_of(chars)]


def _cell_text(chars: Sequence[_Char]) -> str:
    """A cell's text: its wrapped lines joined back; a narrow line ending a sentence, or one before a
    numbered line, ends a paragraph."""
    lines = _lines_of(chars)
    if not lines:
        return ""
    texts = [_line_text(line) for line in lines]
    rights = [line[-1].x1 for line in lines]
    lefts = [line[0].x0 for line in lines]
    size = max(c.height for c in chars)
    right_edge = max(rights)
    out = texts[0]
    numbering = re.compile(r"^(?:\d+[、.．]|[（(]\d+[)）]|[一二三四五六七八九十]+[、是])")
    for i in range(1, len(texts)):
        prev, line = texts[i - 1], texts[i]
        narrow = rights[i - 1] < right_edge - size * 1.5
        indented = lefts[i] > min(lefts) + size * 1.5
        if prev.endswith(_SENTENCE_END) and (narrow or numbering.match(line) or indented):
            out += "\n"
        elif prev[-1:].isascii() and prev[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out += " "
        out += line
    return out


def _forms_from_rows_as_text(rows: list[list[str]], source: str, lang: Lang) -> list[ImportedForm]:
    """The grid's rows read by the text importer: a row's cells on one line, a merged cell once."""
    from .text import forms_from_text

    lines = []
    previous: list[str] = []
    for row in rows:
        cells: list[str] = []
        for c, cell in enumerate(row):
            if not cell:
                continue
            if c > 0 and row[c - 1] == cell:
                continue  # merged across columns
            if c < len(previous) and previous[c] == cell and _label_like(cell):
                continue  # merged down a column: printed once, as on paper
            cells.append(cell)
        previous = row
        long = [cell for cell in cells if "\n" in cell or len(cell) > 40]
        if len(long) >= 2:  # the two goal texts: one after the other, as an extractor prints them
            lines += [cell for cell in cells if cell not in long]
            for cell in long:
                lines += [*cell.split("\n"), ""]
        elif cells:
            lines.append(" ".join(cells))
    return forms_from_text("\n".join(lines), source, lang=lang)


def _label_like(cell: str) -> bool:
    """A level label or a section label: the cells a merge repeats down a column."""
    key = re.sub(r"\s+", "", cell)
    return len(key) <= 16 and (key.endswith("指标") or bool(re.search(r"[(（]\d+(\.\d+)?分[)）]$", key))
                               or key.startswith(("项目资金", "年度总体目标", "年度绩效目标")))
