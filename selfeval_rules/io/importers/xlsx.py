"""Read self-evaluation forms from an Excel workbook (.xlsx): every sheet, every form in it.

Each visible sheet becomes a grid of the texts a person sees in its cells, merged cells expanded,
and goes to `forms_from_grid`. A number is shown the way its number format prints it, computed in
decimal from the number Excel stored (a cell holding 258.2 formatted `0.000000` reads
`258.200000`, never `258.19999999999999`; 0.9998 formatted `0.00%` reads `99.98%`); a date reads as
its format prints it (`2023年6月`).

>>> format_number(258.2, "0.000000"), format_number(0.9998, "0.00%"), format_number(215457.6, "#,##0.00")
('258.200000', '99.98%', '215,457.60')
"""

from __future__ import annotations

import datetime as _dt
import io
import pathlib
import re
import warnings
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ...errors import FormError
from ...messages import Lang
from .base import ImportedForm, ImportNote, no_form
from .grid import error_reason, file_bytes, forms_from_grid

REQUIRES: tuple[str, ...] = ("openpyxl",)

#: Cells a sheet may hold before it is read without its empty rows (a stray cell far away).
_MAX_CELLS = 2_000_000

#: Excel's built-in date formats whose text depends on the locale, as a Chinese Excel shows them.
_LOCALE_DATE_FORMATS: dict[int, str] = {
    14: "yyyy/m/d",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: 'h"时"mm"分"', 35: 'h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"', 54: 'm"月"d"日"',
    55: 'h"时"mm"分"', 56: 'h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}

_SECTION = re.compile(r'"[^"]*"|\\.|[^;"\\]+|;')


def _section(fmt: str, negative: bool) -> tuple[str, bool]:
    """The section of a number format that prints this number, and whether it prints the sign itself."""
    sections, current = [], ""
    for token in _SECTION.findall(fmt):
        if token == ";":
            sections.append(current)
            current = ""
        else:
            current += token
    sections.append(current)
    if negative and len(sections) > 1 and sections[1]:
        return sections[1], True
    return sections[0], False


_NUMBER_PART = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|\[[^\]]*\]|([^"\\_*\[]+)')
_PLACEHOLDERS = re.compile(r"[0#?][0#?,.]*|\.[0#?]+")


def format_number(value: float | Decimal, fmt: str | None) -> str:
    """The text Excel shows for a number in a cell with number format `fmt`, without losing a digit.

    Decimals (`0.00`, `0.00##`), percent, thousands separators and literal text (`0.00"万元"`) are
    followed, from the number as Excel keeps it (15 significant digits), so no binary residue ever
    shows; a format that would hide digits the cell holds (64.253 in a `0.00` cell) does not: the
    number is read as held, 64.253, since a reviewer must never lose a digit of an amount.

    Args:
        value: the cell's number.
        fmt: its number format (`General` when None).

    Returns:
        The text a person reads in the cell.

    >>> format_number(5.0, "General"), format_number(64.253, "0.00####"), format_number(0.1 + 0.2, "General")
    ('5', '64.253', '0.3')
    >>> format_number(258.2, '0.00"万元"'), format_number(66.2, "#,##0.00_);[Red](#,##0.00)")
    ('258.20万元', '66.20')
    >>> format_number(64.253, "0.00"), format_number(0.99983, "0.00%")
    ('64.253', '99.983%')
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number = value if isinstance(value, Decimal) else Decimal(str(value) if isinstance(value, int) else f"{value:.15g}")
    section, signed = _section(fmt or "General", number < 0)
    if section.strip().lower() in ("general", "", "@"):
        return _general(number)
    prefix, body, suffix, percent = "", "", "", 0
    for match in _NUMBER_PART.finditer(section):
        quoted, escaped, plain = match.groups()
        if plain is None:
            literal = quoted if quoted is not None else escaped
            if literal is not None:
                if body:
                    suffix += literal
                else:
                    prefix += literal
            continue
        percent += plain.count("%")
        placeholders = _PLACEHOLDERS.search(plain) if not body else None
        if placeholders:
            prefix += plain[: placeholders.start()]
            body = placeholders.group(0)
            suffix += plain[placeholders.end():]
        elif body:
            suffix += plain
        else:
            prefix += plain
    if not body:
        return prefix + suffix if prefix or suffix else _general(number)
    sign = "-" if number < 0 and not signed else ""
    number = abs(number) * Decimal(100) ** percent
    integer, _, fraction = body.partition(".")
    most = sum(1 for ch in fraction if ch in "0#?")
    least = len(fraction) - len(fraction.lstrip("0"))
    rounded = number.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP)
    if rounded != number:
        # the format hides digits the cell holds (64.253 shown as 64.25): never lose one; a number
        # is read as the cell holds it, with at least the decimals the format shows
        digits = max(most, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
        rounded = number.quantize(Decimal(1).scaleb(-digits))
        most = least = digits
    text = format(rounded, ",f" if "," in integer.strip(",") else "f")
    if most > least and "." in text:
        head, _, tail = text.partition(".")
        tail = tail.rstrip("0")
        tail += "0" * (least - len(tail))
        text = head + ("." + tail if tail else "")
    return sign + prefix + text + suffix


def _general(number: Decimal) -> str:
    if number == number.to_integral_value() and abs(number) < Decimal("1e15"):
        return str(int(number))
    return format(number.normalize(), "f")


_DATE_PART = re.compile(
    r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.|(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|上午/下午)',
    re.IGNORECASE,
)
_HALF_DAY = ("am/pm", "a/p", "上午/下午")
_WEEKDAYS = "一二三四五六日"


def format_date(value: _dt.datetime | _dt.date | _dt.time, fmt: str | None) -> str:
    """The text a Chinese Excel shows for a date in a cell with number format `fmt`.

    >>> format_date(_dt.datetime(2023, 6, 1), 'yyyy"年"m"月"'), format_date(_dt.date(2023, 6, 1), "yyyy/m/d")
    ('2023年6月', '2023/6/1')
    >>> format_date(_dt.datetime(2023, 12, 31, 9, 5), "yyyy-mm-dd hh:mm")
    '2023-12-31 09:05'
    """
    if isinstance(value, _dt.time):
        value = _dt.datetime.combine(_dt.date(1899, 12, 30), value)
    elif not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    fmt, _ = _section(fmt or "", False)
    if fmt.strip().lower() in ("", "general", "@", "mm-dd-yy"):
        fmt = "yyyy/m/d" if (value.hour, value.minute, value.second) == (0, 0, 0) else "yyyy/m/d h:mm"
    matches = list(_DATE_PART.finditer(fmt))
    tokens = [m.group(3).lower() if m.group(3) else "" for m in matches]
    twelve = any(t in _HALF_DAY for t in tokens)
    hour = (value.hour % 12 or 12) if twelve else value.hour
    out, position = [], 0
    for i, match in enumerate(matches):
        out.append(fmt[position: match.start()])
        position = match.end()
        quoted, escaped, _ = match.groups()
        token = tokens[i]
        if quoted is not None or escaped is not None:
            out.append(quoted if quoted is not None else escaped)
            continue
        if not token:
            continue
        before = next((t for t in reversed(tokens[:i]) if t and t not in _HALF_DAY), "")
        after = next((t for t in tokens[i + 1:] if t), "")
        if token in ("m", "mm") and (before in ("h", "hh") or after in ("s", "ss")):
            out.append(f"{value.minute:0{len(token)}d}")
            continue
        out.append({
            "yyyy": f"{value.year:04d}", "yy": f"{value.year % 100:02d}",
            "mmmmm": str(value.month), "mmmm": f"{value.month}月", "mmm": f"{value.month}月",
            "mm": f"{value.month:02d}", "m": str(value.month),
            "dddd": "星期" + _WEEKDAYS[value.weekday()], "ddd": "周" + _WEEKDAYS[value.weekday()],
            "dd": f"{value.day:02d}", "d": str(value.day),
            "hh": f"{hour:02d}", "h": str(hour), "ss": f"{value.second:02d}", "s": str(value.second),
            "am/pm": "AM" if value.hour < 12 else "PM", "a/p": "A" if value.hour < 12 else "P",
            "上午/下午": "上午" if value.hour < 12 else "下午",
        }[token])
    out.append(fmt[position:])
    return "".join(out)


def cell_text(cell: Any) -> str:
    """The text a person sees in an openpyxl cell (numbers and dates as their format prints them)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    fmt = cell.number_format
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return format_date(value, fmt)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        style_id = getattr(getattr(cell, "_style", None), "numFmtId", 0)
        if style_id in _LOCALE_DATE_FORMATS and (fmt or "General") in ("General", "mm-dd-yy", "m/d/yy h:mm"):
            serial = float(value)
            if 0 < serial < 2958466:
                return format_date(_dt.datetime(1899, 12, 30) + _dt.timedelta(days=serial), _LOCALE_DATE_FORMATS[style_id])
        return format_number(value, fmt)
    return str(value)


def sheet_rows(ws: Any) -> list[list[str | None]]:
    """The grid of a worksheet: row 1 first, column A first, merged cells' text in every cell they cover."""
    values: dict[tuple[int, int], str] = {}
    for (r, c), cell in ws._cells.items():  # only the cells the file holds, however large the sheet claims to be
        text = cell_text(cell)
        if text != "":
            values[(r, c)] = text
    if not values:
        return []
    height = max(r for r, _ in values)
    width = max(c for _, c in values)
    for merged in ws.merged_cells.ranges:
        text = values.get((merged.min_row, merged.min_col))
        if text is None:
            continue
        for r in range(merged.min_row, min(merged.max_row, height) + 1):
            for c in range(merged.min_col, min(merged.max_col, width) + 1):
                values[(r, c)] = text
    rows, columns = range(1, height + 1), range(1, width + 1)
    if height * width > _MAX_CELLS:
        # A stray cell far away: keep the rows and columns that hold something (positions shift).
        rows, columns = sorted({r for r, _ in values}), sorted({c for _, c in values})  # type: ignore[assignment]
    return [[values.get((r, c)) for c in columns] for r in rows]


def _formulas_without_values(data: bytes, workbook: Any) -> dict[str, list[str]]:
    """Sheet → cells holding a formula whose result the file does not keep (read as blank).

    A workbook written by a program rather than saved by Excel may keep formulas without their
    results; such a cell reads as empty, so the reader says so instead of losing it silently.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
        if not any(b"<f>" in (xml := archive.read(name)) or b"<f " in xml for name in parts):
            return {}
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    missing: dict[str, list[str]] = {}
    try:
        for ws in formulas.worksheets:
            values = workbook[ws.title]._cells
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        kept = values.get((cell.row, cell.column))
                        if kept is None or kept.value is None:
                            missing.setdefault(ws.title, []).append(cell.coordinate)
    finally:
        formulas.close()
    return missing


def read(path: pathlib.Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in a workbook: every visible sheet, every form stacked in a sheet.

    Args:
        path: the .xlsx file.
        lang: the language of the error raised when no form is found.

    Returns:
        The forms, in sheet order. Sources are `FILE` for a single form, `FILE#sheet` when
        several sheets hold forms, and `…#2` for the second form stacked in one sheet.

    Raises:
        FormError: the file is empty, is no workbook, or holds no recognisable form.
    """
    source = str(path)
    data = file_bytes(path, lang)
    try:
        import openpyxl
    except ImportError:
        raise no_form(source, "import.missing_dependency", lang, format="xlsx", package="openpyxl") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise no_form(source, "import.not_zip", lang, format="xlsx")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl; each is a refusal
        raise no_form(source, "import.unreadable", lang, format="xlsx", reason=error_reason(error)) from None
    unsaved = _formulas_without_values(data, workbook)
    found: list[tuple[str, list[ImportedForm]]] = []
    first_error: FormError | None = None
    for ws in workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue
        rows = sheet_rows(ws)
        if not rows:
            continue
        try:
            forms = forms_from_grid(rows, source, lang=lang)
        except FormError as error:
            first_error = first_error or error
            continue
        if ws.title in unsaved:
            cells = unsaved[ws.title]
            note = ImportNote("$", "import.formula_without_value", {"sheet": ws.title, "count": len(cells), "cell": cells[0]})
            forms = [ImportedForm(form.source, form.data, (note, *form.notes)) for form in forms]
        found.append((ws.title, forms))
    if not found:
        if first_error is not None:
            raise FormError(source, first_error.problems)
        raise no_form(source, "import.no_indicator_table", lang)
    if len(found) == 1:
        return found[0][1]
    forms: list[ImportedForm] = []
    for title, sheet_forms in found:
        for form in sheet_forms:
            forms.append(ImportedForm(f"{source}#{title}{form.source[len(source):]}", form.data, form.notes))
    return forms
