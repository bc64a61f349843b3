"""The review workbook: a summary sheet, then every form laid out like the printed 项目支出绩效自评表.

Each form sheet keeps the official form's nine columns (header, 项目资金, 年度总体目标, 绩效指标, 总分)
and adds four review columns to the right: 复核得分, 差异, 复核意见 and 计分说明. Rows with an error
finding are filled light red, rows with a warning light yellow. Amounts, scores and rates are
written as numbers, never as text: cells take the Decimal itself, and openpyxl writes it with 16
significant digits ("9.71" becomes 9.710000000000001 in the file), which reads back as the very
double that typing 9.71 into a spreadsheet gives, since an .xlsx number is a double.

openpyxl is imported only when a workbook is rendered, so importing the package does not need it.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Tally
from ..findings import ERROR, SEVERITY_RANK, WARNING, Finding, worst
from ..messages import Lang, display_width, message
from ..policy import Policy
from ..scoring import Scorecard
from ..values._form import BREAKDOWN_ROWS
from ..values._numbers import shown
from ._common import (
    MARKS,
    NOT_APPLIES,
    OUTCOME,
    SCORE,
    FindingPlacer,
    budget_cell,
    card_counts,
    computed_cell,
    finding_line,
    finding_title,
    grade_label,
    score_gap,
    total_weight,
)
from ._stream import Context, Options, Sink, Writer, render_batch

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# --- layout -----------------------------------------------------------------------------------

# A: the vertical labels (年度总体目标, 绩效指标); B–I: the official form; J–M: the review columns.
FORM_WIDTHS = {"A": 5, "B": 11, "C": 20, "D": 26, "E": 18, "F": 18, "G": 8, "H": 9, "I": 24,
               "J": 10, "K": 8, "L": 44, "M": 64}
LAST_COLUMN = "M"
PRINTED_BREAKDOWN = ("fiscal", "carryover", "other")  # the rows under 年度资金总额 on the central form
REVIEW_HEADERS = ("xlsx.review.score", "xlsx.review.difference", "xlsx.review.findings", "xlsx.review.explanation")

SCORE_FORMAT = "0.00"
DIFFERENCE_FORMAT = "+0.00;-0.00;0.00"
def amount_format(places: int) -> str:
    """The number format of amounts: thousands separated, the decimals the policy prints and up to six
    more when the amount has them (a format never hides a digit: 64.253 shows as 64.253).

    >>> amount_format(2), amount_format(0)
    ('#,##0.00######', '#,##0.######')
    """
    return "#,##0." + "0" * places + "#" * 6


# Opaque ARGB: light red, light yellow (Excel's own "bad" and "neutral" fills), light blue headers.
ERROR_FILL, WARNING_FILL, HEADER_FILL = "FFFFC7CE", "FFFFEB9C", "FFDDEBF7"
LINK_COLOUR, BORDER_COLOUR = "FF0563C1", "FF808080"

LINE_HEIGHT = 15.0  # points per line of 11-point text, Chinese included
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_CELL_CHARS = 32767  # Excel's limit
SHEET_NAME_LIMIT = 31

# The findings each header row carries in its 复核意见 cell, by the paths they point at.
_HEADER_PATHS = {
    "project": ("$.project",),
    "department": ("$.department", "$.implementer"),
    "manager": ("$.manager", "$.phone"),
}
_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry (openpyxl refuses them in cell values).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@attrs.frozen
class XlsxRecord:
    """A form's part of the workbook: its sheet laid out as data, and its line of the summary sheet."""

    sheet: _Sheet = attrs.field(eq=False, repr=False)
    project: str
    source: str
    year: int | None
    reported_total: Decimal | None
    total: Decimal | None
    grade: str
    errors: int
    warnings: int
    worst: str | None


def xlsx_record(checked: CheckedForm, options: Options) -> XlsxRecord:
    """A form's record for `--format xlsx`: its sheet, laid out here (openpyxl is not needed for it)."""
    lang = options.lang
    card, form = checked.card, checked.card.form
    sheet = _Sheet(FORM_WIDTHS)
    _write_form(sheet, checked, message("xlsx.sheet.summary", lang), lang)
    return XlsxRecord(
        sheet, form.project, checked.source, form.year, card.reported_total, card.total, grade_label(card, lang),
        sum(1 for f in checked.findings if f.severity == ERROR), sum(1 for f in checked.findings if f.severity == WARNING),
        checked.worst(),
    )


class XlsxWriter(Writer):
    """The workbook is written at the end, its summary sheet first: until then each form's sheet is
    kept as data (openpyxl would hold the workbook in memory anyway)."""

    def __init__(self, sink: Sink, context: Context) -> None:
        import openpyxl  # noqa: F401 - refuse at once, before any form is checked, when it is missing

        self.sink, self.lang, self.policy = sink, context.lang, context.policy
        self.records: list[XlsxRecord] = []
        self.bad_files: list[BadFile] = []

    def form(self, facts: FormFacts, record: Any) -> None:
        self.records.append(record)

    def bad(self, bad: BadFile) -> None:
        self.bad_files.append(bad)

    def close(self, tally: Tally) -> None:
        from openpyxl import Workbook

        lang = self.lang
        book = Workbook()
        styles = _Styles(book)
        summary_sheet = book.active
        summary_name = message("xlsx.sheet.summary", lang)
        names = sheet_names([r.project for r in self.records], reserved=(summary_name,), lang=lang)
        summary_sheet.title = summary_name
        plan = _Sheet(_summary_widths(self.records, self.bad_files, lang))
        _write_summary(plan, self.policy, tally, self.records, self.bad_files, names, lang)
        _materialise(plan, summary_sheet, styles)
        for record, name in zip(self.records, names):
            _materialise(record.sheet, book.create_sheet(name), styles)
        self.records.clear()
        buffer = io.BytesIO()
        book.save(buffer)
        self.sink.write(buffer.getvalue())


def render_xlsx(batch: Batch, lang: Lang = "zh") -> bytes:
    """The review workbook of a batch, as the bytes of an .xlsx file.

    Args:
        batch: the forms checked under one policy (see `check_files`).
        lang: the language of labels and messages, "zh" or "en".

    Returns:
        The workbook: a summary sheet first, then one sheet per form, in the batch's order.

    Raises:
        ModuleNotFoundError: when openpyxl is not installed.

    >>> import io, openpyxl
    >>> from selfeval_rules import load_form, load_policy, score
    >>> from selfeval_rules.batch import Batch, CheckedForm
    >>> form = load_form({"project": "示例", "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 90}]})
    >>> card = score(form, load_policy("central-2020"))
    >>> book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Batch(card.policy, (CheckedForm("a.yaml", card, ()),)))))
    >>> book.sheetnames
    ['汇总', '示例']
    """
    return render_batch(batch, xlsx_record, XlsxWriter, Options(lang))


# --- sheet names -------------------------------------------------------------------------------


def sheet_names(projects: Sequence[str], *, reserved: Iterable[str] = (), lang: Lang = "zh") -> list[str]:
    """One sheet name per project: at most 31 characters, none of []:*?/\\, unique ignoring case.

    A repeated name gets a counter; a name left empty by the cleaning becomes 表1, 表2 …

    >>> sheet_names(["培训", "培训", "a/b:c", "x" * 40, "汇总"], reserved=["汇总"])
    ['培训', '培训 (2)', 'a_b_c', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', '汇总 (2)']
    """
    taken = {name.casefold() for name in reserved} | {"history"}  # Excel reserves "History"
    names = []
    for number, project in enumerate(projects, 1):
        base = _FORBIDDEN_IN_SHEET_NAMES.sub("_", _clean(project))
        base = " ".join(base.split()).strip("'").strip() or message("xlsx.sheet.form", lang, number=number)
        name, counter = _excel_cut(base, SHEET_NAME_LIMIT), 1
        while name.casefold() in taken:
            counter += 1
            suffix = f" ({counter})"
            name = _excel_cut(base, SHEET_NAME_LIMIT - len(suffix)).rstrip("'").rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _excel_cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters as Excel counts them (UTF-16 code units)."""
    out, used = "", 0
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > limit:
            break
        out, used = out + ch, used + size
    return out


def _link_to(sheet: str, cell: str = "A1") -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


# --- cells -------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


class _Look:
    """How one cell looks; cells that look alike share one named style."""

    __slots__ = ("bold", "size", "link", "horizontal", "vertical", "wrap", "rotation", "fmt", "fill", "border", "text")

    def __init__(self) -> None:
        self.bold, self.size, self.link = False, None, False
        self.horizontal, self.vertical, self.wrap, self.rotation = None, "center", True, 0
        self.fmt, self.fill, self.border = None, None, False
        self.text: str | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.bold, self.size, self.link, self.horizontal, self.vertical, self.wrap, self.rotation,
                self.fmt, self.fill, self.border)


class _Styles:
    """The workbook's named styles, one per look, made on first use.

    One named style per cell, set once, is how openpyxl formats many cells cheaply: setting font,
    fill and border one by one hashes each style object again for every cell.
    """

    def __init__(self, book: Any) -> None:
        self.book = book
        self.names: dict[tuple[Any, ...], str] = {}

    def name(self, look: _Look) -> str:
        key = look.key()
        name = self.names.get(key)
        if name is None:
            from openpyxl.styles import (
                Alignment,
                Border,
                Font,
                NamedStyle,
                PatternFill,
                Side,
            )

            name = f"selfeval {len(self.names) + 1}"
            thin = Side(style="thin", color=BORDER_COLOUR)
            style = NamedStyle(
                name=name,
                font=Font(name="Calibri", size=look.size or 11, bold=look.bold,
                          color=LINK_COLOUR if look.link else None, underline="single" if look.link else None),
                alignment=Alignment(horizontal=look.horizontal, vertical=look.vertical, wrap_text=look.wrap,
                                    text_rotation=look.rotation),
                number_format=look.fmt or "General",
            )
            if look.fill:
                style.fill = PatternFill(fill_type="solid", start_color=look.fill, end_color=look.fill)
            if look.border:
                style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            self.book.add_named_style(style)
            self.names[key] = name
        return name


class _Sheet:
    """A worksheet as data: values, merges, looks, row heights and links, laid out without openpyxl.

    A form's sheet is laid out where the form was checked (a worker process, even one without
    openpyxl) and sent back as this plan; `_materialise` writes it into the workbook, in the order
    the cells, merges, styles and rows were made, so the file is the same wherever it was laid out.
    """

    def __init__(self, widths: dict[str, float]) -> None:
        self.widths = widths
        self.values: dict[str, Any] = {}
        self.merges: list[str] = []
        self.links: list[tuple[str, str]] = []  # (cell, location) of internal hyperlinks
        self.looks: dict[str, _Look] = {}
        self.spans: dict[str, tuple[str, int]] = {}  # top-left cell → (last column, rows) of a merge
        self.sized: set[int] = set()
        self.rows: dict[int, float | None] = {}  # row → height, in the order rows were touched
        self.tall: list[tuple[int, int, float]] = []  # rows first..last must together be this many points high
        self.freeze: str | None = None
        self.printing: tuple[int, str, int | None] | None = None  # last row, last column, title row

    def look(self, ref: str) -> _Look:
        found = self.looks.get(ref)
        if found is None:
            found = self.looks[ref] = _Look()
        return found

    def put(self, ref: str, value: Any, *, fmt: str | None = None, bold: bool = False, align: str | None = None,
            wrap: bool = True, size: float | None = None, rotation: int = 0, top: bool = False, link: str | None = None) -> None:
        """Write one cell: text stays text (even "=24期"), Decimals stay numbers; `link` is a place in the workbook."""
        look = self.look(ref)
        if isinstance(value, str):
            text = _clean(value)
            if len(text) > MAX_CELL_CHARS:
                text = text[: MAX_CELL_CHARS - 1] + "…"
            self.values[ref] = text
            look.text = text
        else:
            self.values[ref] = value
        look.fmt, look.bold, look.size, look.link = fmt, bold, size, link is not None
        look.horizontal = "center" if rotation else align or ("left" if isinstance(value, str) else None)
        look.vertical = "top" if top else "center"
        look.wrap, look.rotation = wrap or bool(rotation), rotation
        if link is not None:
            self.links.append((ref, link))

    def merge(self, first: str, last: str) -> None:
        if first != last:
            self.merges.append(f"{first}:{last}")
            self.spans[first] = (_column(last), _row(last) - _row(first) + 1)

    def fill(self, row: int, first: str, last: str, colour: str) -> None:
        for column in _columns(first, last):
            self.look(f"{column}{row}").fill = colour

    def frame(self, first_row: int, last_row: int, first: str = "A", last: str = LAST_COLUMN) -> None:
        """Thin borders on every cell of the block, merged ones included."""
        for row in range(first_row, last_row + 1):
            for column in _columns(first, last):
                self.look(f"{column}{row}").border = True

    def height(self, row: int, points: float) -> None:
        self.rows[row] = min(MAX_ROW_HEIGHT, max(LINE_HEIGHT, points))
        self.sized.add(row)

    def finish(self, freeze: str, last_row: int, last_column: str, title_row: int | None) -> None:
        """Fit the rows to their text; say where the panes freeze and what prints."""
        self._fit_rows()
        for first, last, needed in self.tall:
            heights = [self.rows.setdefault(r, None) or LINE_HEIGHT for r in range(first, last + 1)]
            if sum(heights) < needed:
                extra = (needed - sum(heights)) / len(heights)
                for r, h in zip(range(first, last + 1), heights):
                    self.height(r, h + extra)
        self.freeze = freeze
        self.printing = (last_row, last_column, title_row)

    def _fit_rows(self) -> None:
        """Row heights from the text each row holds, wrapped at its column widths (Excel does not fit them)."""
        lines: dict[int, int] = {}
        for ref, look in self.looks.items():
            if look.text is None or look.rotation or not look.wrap:
                continue
            column = _column(ref)
            last, rows = self.spans.get(ref, (column, 1))
            if rows == 1:
                width = sum(self.widths.get(c, 10) for c in _columns(column, last))
                row = _row(ref)
                lines[row] = max(lines.get(row, 1), _wrapped_lines(look.text, width))
        for row, count in lines.items():
            if row not in self.sized and count > 1:
                self.height(row, count * LINE_HEIGHT + 3)


def _materialise(sheet: _Sheet, ws: Worksheet, styles: _Styles) -> None:
    """Write a laid-out sheet into a worksheet of the workbook."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    for column, width in sheet.widths.items():
        ws.column_dimensions[column].width = width
    for ref, value in sheet.values.items():
        cell = ws[ref]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
    for ref, location in sheet.links:
        cell = ws[ref]
        cell.hyperlink = Hyperlink(ref=ref, location=location, display=cell.value)
    for span in sheet.merges:
        ws.merge_cells(span)
    for ref, look in sheet.looks.items():
        ws[ref].style = styles.name(look)
    for row, points in sheet.rows.items():
        dimension = ws.row_dimensions[row]
        if points is not None:
            dimension.height = points
    if sheet.freeze is not None:
        ws.freeze_panes = sheet.freeze
    if sheet.printing is not None:
        _print_setup(ws, *sheet.printing)


def _row(ref: str) -> int:
    return int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _column(ref: str) -> str:
    return ref.rstrip("0123456789")


def _columns(first: str, last: str) -> list[str]:
    return [chr(c) for c in range(ord(first), ord(last) + 1)]


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (Chinese counts two)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def _finding_text(findings: Sequence[Finding], lang: Lang) -> str:
    return "\n".join(f"{MARKS.get(f.severity, '!')} {finding_line(f, lang)}" for f in findings)


def _box_line(finding: Finding, card: Scorecard, lang: Lang) -> str:
    """A finding in the form's review opinion, with the row it concerns."""
    mark, title, text = MARKS.get(finding.severity, "!"), finding_title(finding.code, lang), finding.describe(lang)
    if finding.path == "$.budget" or finding.path.startswith("$.budget."):
        where = message("xlsx.form.where.budget", lang)
    else:
        row = next((r for r in card.indicators if finding.path == r.path or finding.path.startswith(r.path + ".")), None)
        if row is None:
            return message("xlsx.form.finding_form", lang, mark=mark, title=title, message=text)
        where = message("xlsx.form.where.row", lang, number=row.indicator.index + 1, name=row.indicator.name)
    return message("xlsx.form.finding", lang, mark=mark, title=title, where=where, message=text)


def _fill_for(severity: str | None) -> str | None:
    return {ERROR: ERROR_FILL, WARNING: WARNING_FILL}.get(severity or "")


def _print_setup(ws: Worksheet, last_row: int, last_column: str, title_row: int | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_area = f"A1:{last_column}{last_row}"
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"


# --- the summary sheet -------------------------------------------------------------------------

_SUMMARY_COLUMNS = ("xlsx.col.index", "xlsx.col.source", "xlsx.col.project", "xlsx.col.year", "xlsx.col.reported_total",
                    "xlsx.col.total", "xlsx.col.difference", "xlsx.col.grade", "xlsx.col.errors", "xlsx.col.warnings")


def _summary_widths(records: Sequence[XlsxRecord], bad: Sequence[BadFile], lang: Lang) -> dict[str, float]:
    sources = [r.source for r in records] + [b.source for b in bad]
    return {
        "A": 6, "B": _width(sources + [message("xlsx.summary.with_warnings", lang)], 16, 60),
        "C": _width([r.project for r in records] + [message("xlsx.col.code", lang)], 18, 50),
        "D": 8, "E": 11, "F": 11, "G": 10, "H": 10, "I": 8, "J": 8,
    }


def _write_summary(sheet: _Sheet, policy: Policy, tally: Tally, records: Sequence[XlsxRecord], bad_files: Sequence[BadFile],
                   names: Sequence[str], lang: Lang) -> None:
    summary = tally.summary()
    sheet.put("A1", message("xlsx.summary.title", lang), bold=True, size=14, wrap=False)
    sheet.put("A2", message("report.policy", lang, policy=policy.describe(lang), name=policy.name,
                            version=policy.version), wrap=False)
    counts = (("xlsx.summary.forms_read", summary.forms_read), ("xlsx.summary.bad_files", summary.bad_files),
              ("xlsx.summary.with_errors", summary.forms_with_errors), ("xlsx.summary.with_warnings", summary.forms_with_warnings))
    row = 4
    for key, count in counts:
        sheet.put(f"B{row}", message(key, lang))
        sheet.put(f"C{row}", count, align="left")
        row += 1

    row += 1
    sheet.put(f"A{row}", message("xlsx.summary.forms", lang), bold=True, wrap=False)
    header = row + 1
    for column, key in zip("ABCDEFGHIJ", _SUMMARY_COLUMNS):
        sheet.put(f"{column}{header}", message(key, lang), bold=True, align="center")
    sheet.fill(header, "A", "J", HEADER_FILL)
    row = header
    for number, (record, name) in enumerate(zip(records, names), 1):
        row += 1
        _summary_line(sheet, row, number, record, name, lang)
    sheet.frame(header, row, "A", "J")

    row += 2
    sheet.put(f"A{row}", message("xlsx.summary.codes", lang), bold=True, wrap=False)
    if summary.findings_by_code:
        row += 1
        for column, key in zip("BCD", ("xlsx.col.code", "xlsx.col.severity", "xlsx.col.count")):
            sheet.put(f"{column}{row}", message(key, lang), bold=True, align="center")
        sheet.fill(row, "B", "D", HEADER_FILL)
        first = row
        for code, count in summary.findings_by_code:
            row += 1
            severity = tally.severities[code]
            sheet.put(f"B{row}", message("report.finding_named", lang, title=finding_title(code, lang), code=code))
            sheet.put(f"C{row}", message(f"xlsx.severity.{severity}", lang) if severity in SEVERITY_RANK else severity)
            sheet.put(f"D{row}", count)
            sheet.fill(row, "C", "C", _fill_for(severity) or HEADER_FILL)
        sheet.frame(first, row, "B", "D")
    else:
        row += 1
        sheet.put(f"B{row}", message("xlsx.summary.none", lang))

    row += 2
    sheet.put(f"A{row}", message("xlsx.summary.bad", lang), bold=True, wrap=False)
    if bad_files:
        row += 1
        sheet.put(f"B{row}", message("xlsx.col.source", lang), bold=True, align="center")
        sheet.put(f"C{row}", message("xlsx.col.problems", lang), bold=True, align="center")
        sheet.merge(f"C{row}", f"J{row}")
        sheet.fill(row, "B", "C", HEADER_FILL)
        first = row
        for bad in bad_files:
            row += 1
            sheet.put(f"B{row}", bad.source)
            sheet.put(f"C{row}", "\n".join(p.located(bad.error.source) for p in bad.error.problems))
            sheet.merge(f"C{row}", f"J{row}")
            sheet.fill(row, "B", "C", ERROR_FILL)
        sheet.frame(first, row, "B", "J")
    else:
        row += 1
        sheet.put(f"B{row}", message("xlsx.summary.none", lang))

    sheet.finish(f"A{header + 1}", row, "J", header)


def _summary_line(sheet: _Sheet, row: int, number: int, record: XlsxRecord, name: str, lang: Lang) -> None:
    sheet.put(f"A{row}", number, align="center")
    sheet.put(f"B{row}", record.source)
    sheet.put(f"C{row}", record.project, link=_link_to(name))
    sheet.put(f"D{row}", record.year if record.year is not None else "—", align="center")
    sheet.put(f"E{row}", record.reported_total if record.reported_total is not None else "—", fmt=SCORE_FORMAT, align="right")
    sheet.put(f"F{row}", record.total if record.total is not None else "—", fmt=SCORE_FORMAT,
              align=None if record.total is not None else "right")
    gap = score_gap(record.reported_total, record.total)
    sheet.put(f"G{row}", gap if gap is not None else "—", fmt=DIFFERENCE_FORMAT, align="right")
    sheet.put(f"H{row}", record.grade, align="center")
    sheet.put(f"I{row}", record.errors)
    sheet.put(f"J{row}", record.warnings)
    colour = _fill_for(record.worst)
    if colour:
        sheet.fill(row, "A", "J", colour)


def _width(texts: Iterable[str], low: int, high: int) -> int:
    return max(low, min(high, max((display_width(t) + 2 for t in texts), default=low)))


# --- a form sheet ------------------------------------------------------------------------------


def _write_form(sheet: _Sheet, checked: CheckedForm, summary_name: str, lang: Lang) -> None:
    card, form = checked.card, checked.card.form
    placer = FindingPlacer(checked.findings)

    sheet.put("A1", message("xlsx.form.title", lang), bold=True, size=16, align="center")
    sheet.merge("A1", "I1")
    sheet.height(1, 28)
    year = message("xlsx.form.year", lang, year=form.year) if form.year is not None else message("xlsx.form.no_year", lang)
    sheet.put("A2", year, align="center")
    sheet.merge("A2", "I2")
    sheet.put("J1", message("xlsx.back", lang), wrap=False, link=_link_to(summary_name))

    # 项目名称 / 主管部门 / 实施单位 / 项目负责人
    header = {"project": 3, "department": 4, "manager": 5}
    sheet.put("A3", message("xlsx.form.project", lang), align="center")
    sheet.put("C3", form.project)
    sheet.merge("C3", "I3")
    for row, (left, left_value, right, right_value) in (
        (4, ("xlsx.form.department", form.department, "xlsx.form.implementer", form.implementer)),
        (5, ("xlsx.form.manager", form.manager, "xlsx.form.phone", form.phone)),
    ):
        sheet.put(f"A{row}", message(left, lang), align="center")
        sheet.put(f"C{row}", left_value or "")
        sheet.merge(f"C{row}", f"E{row}")
        sheet.put(f"F{row}", message(right, lang), align="center")
        sheet.put(f"G{row}", right_value or "")
        sheet.merge(f"G{row}", f"I{row}")
    for key, row in header.items():
        sheet.merge(f"A{row}", f"B{row}")
        _review_cells(sheet, row, placer.take(*_HEADER_PATHS[key]), lang, fill_from="J")

    row = _write_budget(sheet, card, placer, 6, lang)
    row = _write_goals(sheet, form.goals, placer, row, lang)
    table_header, total_row = _write_indicators(sheet, card, placer, row, lang)
    sheet.frame(3, total_row)

    row = total_row + 2
    sheet.put(f"A{row}", message("xlsx.form.findings", lang), bold=True, wrap=False)
    # The form's review opinion: every finding of the form, those of its rows named by the row.
    for finding in checked.findings:
        row += 1
        sheet.put(f"A{row}", _box_line(finding, card, lang))
        sheet.merge(f"A{row}", f"{LAST_COLUMN}{row}")
        sheet.fill(row, "A", "A", _fill_for(finding.severity) or HEADER_FILL)
    if not checked.findings:
        row += 1
        sheet.put(f"A{row}", message("xlsx.form.no_findings", lang))
        sheet.merge(f"A{row}", f"{LAST_COLUMN}{row}")
    row += 2
    sheet.put(f"A{row}", message("xlsx.form.source", lang, source=checked.source), wrap=False)
    row += 1
    sheet.put(f"A{row}", message("report.policy", lang, policy=card.policy.describe(lang), name=card.policy.name,
                                 version=card.policy.version), wrap=False)

    sheet.finish("E4", row, LAST_COLUMN, table_header)


def _review_cells(sheet: _Sheet, row: int, findings: Sequence[Finding], lang: Lang, *, fill_from: str) -> None:
    """The 复核意见 cell of a row, and the row's fill from its worst finding."""
    if findings:
        sheet.put(f"L{row}", _finding_text(findings, lang))
    colour = _fill_for(worst(findings))
    if colour:
        sheet.fill(row, fill_from, LAST_COLUMN, colour)


def _headers(sheet: _Sheet, row: int, cells: Sequence[tuple[str, str]], lang: Lang) -> None:
    for column, key in cells:
        sheet.put(f"{column}{row}", message(key, lang), bold=True, align="center")
    for column, key in zip("JKLM", REVIEW_HEADERS):
        sheet.put(f"{column}{row}", message(key, lang), bold=True, align="center")
    sheet.fill(row, cells[0][0], LAST_COLUMN, HEADER_FILL)


def _write_budget(sheet: _Sheet, card: Scorecard, placer: FindingPlacer, top: int, lang: Lang) -> int:
    """The 项目资金 block from row `top`: a header row, the total row and the three breakdown rows."""
    budget, result = card.form.budget, card.budget
    amounts_format = amount_format(card.policy.places)
    unit = budget.unit if budget is not None else None
    label = message("xlsx.budget.label", lang, unit=unit) if unit else message("xlsx.budget.label_no_unit", lang)
    # The printed form's three breakdown rows always; a province's rows (中央/省级/市县级资金) when given.
    breakdown = budget.breakdown if budget is not None else {}
    keys = [*PRINTED_BREAKDOWN, *(key for key in BREAKDOWN_ROWS if key not in PRINTED_BREAKDOWN and key in breakdown)]
    sheet.put(f"A{top}", label, align="center")
    sheet.merge(f"A{top}", f"B{top + 1 + len(keys)}")
    _headers(sheet, top, (("D", "xlsx.budget.initial"), ("E", "xlsx.budget.annual"), ("F", "xlsx.budget.executed"),
                          ("G", "xlsx.budget.weight"), ("H", "xlsx.budget.rate"), ("I", "xlsx.budget.score")), lang)
    sheet.fill(top, "C", "C", HEADER_FILL)

    row = top + 1
    sheet.put(f"C{row}", message("xlsx.budget.total", lang))
    amounts = (budget.initial, budget.annual, budget.executed) if budget is not None else (None, None, None)
    for column, amount in zip("DEF", amounts):
        _number(sheet, f"{column}{row}", amount, amounts_format)
    _number(sheet, f"G{row}", budget.weight if budget is not None else None, SCORE_FORMAT)
    if budget is not None and budget.reported_rate is not None:
        # The printed percentage as the fraction it stands for, shown with as many decimals as printed.
        places = budget.reported_rate_places or 0
        _number(sheet, f"H{row}", budget.reported_rate / 100, "0." + "0" * places + "%" if places else "0%")
    else:
        _number(sheet, f"H{row}", None, None)
    _number(sheet, f"I{row}", result.reported_score, SCORE_FORMAT)
    _computed(sheet, row, result.score, budget_cell(result)[1], "—", lang)
    gap = score_gap(result.reported_score, result.score)
    if gap is not None:
        sheet.put(f"K{row}", gap, fmt=DIFFERENCE_FORMAT)
    sheet.put(f"M{row}", result.explain(lang))
    _review_cells(sheet, row, placer.take("$.budget"), lang, fill_from="C")

    for key in keys:
        row += 1
        sheet.put(f"C{row}", message(f"xlsx.budget.{key}", lang))
        part = breakdown.get(key)
        if part is None:
            for column in "DEFGHI":
                sheet.put(f"{column}{row}", "—", align="center")
        else:
            for column, amount in zip("DEF", (part.initial, part.annual, part.executed)):
                _number(sheet, f"{column}{row}", amount, amounts_format)
    return row + 1


def _number(sheet: _Sheet, ref: str, value: Decimal | None, fmt: str | None, *, bold: bool = False) -> None:
    """A printed number, or the form's dash when it printed none."""
    if value is None:
        sheet.put(ref, "—", align="center", bold=bold)
    else:
        sheet.put(ref, value, fmt=fmt, bold=bold)


def _computed(sheet: _Sheet, row: int, value: Decimal | None, kind: str, text: str, lang: Lang) -> None:
    """The computed score as a number; else what the row is (不适用, 无法计分, or its outcome: 达成…)."""
    if kind == SCORE and value is not None:
        sheet.put(f"J{row}", value, fmt=SCORE_FORMAT)
    elif kind == OUTCOME:
        sheet.put(f"J{row}", text, align="center")
    else:
        key = "xlsx.row.not_applicable" if kind == NOT_APPLIES else "xlsx.row.unscorable"
        sheet.put(f"J{row}", message(key, lang), align="center")


def _write_goals(sheet: _Sheet, goals: Any, placer: FindingPlacer, top: int, lang: Lang) -> int:
    """年度总体目标 from row `top`: labels, then the two texts, over as many rows as their length needs."""
    expected, achieved = goals.get("expected") or "", goals.get("achieved") or ""
    sheet.put(f"B{top}", message("xlsx.goals.expected", lang), bold=True, align="center")
    sheet.merge(f"B{top}", f"E{top}")
    sheet.put(f"F{top}", message("xlsx.goals.achieved", lang), bold=True, align="center")
    sheet.merge(f"F{top}", f"I{top}")
    _review_cells(sheet, top, placer.take("$.goals"), lang, fill_from="J")
    left = sum(FORM_WIDTHS[c] for c in "BCDE")
    right = sum(FORM_WIDTHS[c] for c in "FGHI")
    needed = max(_wrapped_lines(expected, left), _wrapped_lines(achieved, right)) * LINE_HEIGHT + 6
    rows = max(1, math.ceil(needed / (MAX_ROW_HEIGHT - 9)))
    first, last = top + 1, top + rows
    sheet.put(f"B{first}", expected, top=True)
    sheet.merge(f"B{first}", f"E{last}")
    sheet.put(f"F{first}", achieved, top=True)
    sheet.merge(f"F{first}", f"I{last}")
    for row in range(first, last + 1):
        sheet.height(row, needed / rows)
    _vertical_label(sheet, message("xlsx.goals.label", lang), top, last, lang)
    return last + 1


def _vertical_label(sheet: _Sheet, label: str, first: int, last: int, lang: Lang) -> None:
    """A label down column A, as the printed form has it: Chinese stacked, English turned; rows grown to show it all."""
    sheet.put(f"A{first}", label, rotation=90 if lang == "en" else 255)
    sheet.merge(f"A{first}", f"A{last}")
    sheet.tall.append((first, last, (display_width(label) * 4 if lang == "en" else len(label) * LINE_HEIGHT) + 6))


def _write_indicators(sheet: _Sheet, card: Scorecard, placer: FindingPlacer, top: int, lang: Lang) -> tuple[int, int]:
    """The 绩效指标 table from row `top` and the 总分 row under it; returns (header row, total row)."""
    _headers(sheet, top, (("B", "xlsx.table.level1"), ("C", "xlsx.table.level2"), ("D", "xlsx.table.name"),
                          ("E", "xlsx.table.target"), ("F", "xlsx.table.actual"), ("G", "xlsx.table.weight"),
                          ("H", "xlsx.table.score"), ("I", "xlsx.table.deviation")), lang)
    rows = card.indicators
    first = top + 1
    for offset, result in enumerate(rows):
        row = first + offset
        indicator = result.indicator
        sheet.put(f"B{row}", indicator.level1 or "", align="center")
        sheet.put(f"C{row}", indicator.level2 or "", align="center")
        sheet.put(f"D{row}", indicator.name)
        sheet.put(f"E{row}", indicator.target or "—")
        sheet.put(f"F{row}", indicator.actual or "—")
        _number(sheet, f"G{row}", indicator.weight, SCORE_FORMAT)
        _number(sheet, f"H{row}", indicator.reported_score, SCORE_FORMAT)
        sheet.put(f"I{row}", indicator.deviation or "")
        text, kind = computed_cell(result, lang)
        _computed(sheet, row, result.score, kind, text, lang)
        gap = score_gap(indicator.reported_score, result.score)
        if gap is not None:
            sheet.put(f"K{row}", gap, fmt=DIFFERENCE_FORMAT)
        sheet.put(f"M{row}", result.explain(lang))
        _review_cells(sheet, row, placer.take(indicator.path), lang, fill_from="D")
    last = first + len(rows) - 1
    _merge_runs(sheet, "B", [(r.indicator.level1,) for r in rows], first)
    _merge_runs(sheet, "C", [(r.indicator.level1, r.indicator.level2) for r in rows], first)
    _vertical_label(sheet, message("xlsx.table.label", lang), top, max(top, last), lang)

    total = max(top, last) + 1
    sheet.put(f"A{total}", message("xlsx.total", lang), bold=True, align="center")
    sheet.merge(f"A{total}", f"F{total}")
    _number(sheet, f"G{total}", total_weight(card), SCORE_FORMAT, bold=True)
    _number(sheet, f"H{total}", card.reported_total, SCORE_FORMAT, bold=True)
    if card.form.reported_grade:
        sheet.put(f"I{total}", message("xlsx.total.grade", lang, grade=card.form.reported_grade), align="center")
    _number(sheet, f"J{total}", card.total, SCORE_FORMAT, bold=True)
    gap = score_gap(card.reported_total, card.total)
    if gap is not None:
        sheet.put(f"K{total}", gap, fmt=DIFFERENCE_FORMAT)
    notes = [message("xlsx.total.computed_grade", lang, grade=grade_label(card, lang))]
    if card.rescaled_from is not None:
        notes.append(message("report.rescaled", lang, raw=f"{card.rescaled_from:f}", total=shown(card.total)))
    if card.total_note is not None:
        notes.append(card_counts(card, lang).splitlines()[-1])
    sheet.put(f"M{total}", "\n".join(notes))
    _review_cells(sheet, total, placer.take("$.reported_total", "$.reported_grade"), lang, fill_from="A")
    return top, total


def _merge_runs(sheet: _Sheet, column: str, keys: Sequence[tuple[str | None, ...]], first: int) -> None:
    """Merge the cells of consecutive rows that repeat a label, as the printed form does."""
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if index - start > 1 and keys[start][-1]:
                sheet.merge(f"{column}{first + start}", f"{column}{first + index - 1}")
            start = index
