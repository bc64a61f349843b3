"""Recognise self-evaluation forms in a grid of cells, the way every table reader sees a form.

A reader (xlsx, docx, html, the PDF importers) turns a file into rows of cell texts: each merged
cell's text repeated in every cell it covers, None or "" for an empty cell, texts as printed.
`forms_from_grid` finds in those rows, by their labels (`labels.py`) and never by fixed positions,
the header fields, the 项目资金 block, the 年度总体目标 block, the 绩效指标 table and the 总分 row
of every form, and returns canonical forms (the keys of `schemas/form.schema.json`): numbers as
`Decimal` exactly as printed, texts as printed, blanks left out. What it reads with a guess, or
cannot read, becomes an `ImportNote`, never silent data.

>>> rows = [
...     ["项目支出绩效自评表"],
...     ["（2023年度）"],
...     ["项目名称", "培训", "培训", "培训"],
...     ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
...     ["绩效指标", "产出指标", "数量指标", "指标1：培训人数", "≥45人", "45人", "100.00", "100.00"],
...     ["绩效指标", "产出指标", "数量指标", "指标2：", None, None, None, None],
...     ["总分", "总分", "总分", "总分", "总分", "总分", "100.00", "100.00"],
... ]
>>> [form] = forms_from_grid(rows, "form.xlsx")
>>> form.data["year"], form.data["project"], form.data["reported_total"]
(2023, '培训', Decimal('100.00'))
>>> form.data["indicators"]
[{'level1': '产出指标', 'level2': '数量指标', 'name': '培训人数', 'target': '≥45人', 'actual': '45人', 'weight': Decimal('100.00'), 'reported_score': Decimal('100.00')}]
>>> [note.code for note in form.notes]
['import.no_budget', 'import.no_goals']
"""

from __future__ import annotations

import itertools
import pathlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ...messages import Lang
from . import labels as L
from .base import ImportedForm, ImportNote, no_form

__all__ = [
    "compact",
    "error_reason",
    "file_bytes",
    "find_unit",
    "find_year",
    "forms_from_grid",
    "is_blank",
    "is_dash",
    "is_template_name",
    "join_lines",
    "number_with_suffix",
    "parse_number",
    "split_points",
    "strip_template_prefix",
    "text_block",
]

# ---------------------------------------------------------------------------------------------
# Value cleaning: exported for every importer (the PDF text importer reuses them).

_DASHES = re.compile(r"[-—–－―─/／\\…⋯.．·]+")
_BLANK_WORDS = frozenset({"无", "N/A", "n/a", "NA", "空"})
_NUMBER = re.compile(r"\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\+?\.\d+")
_TEMPLATE_PREFIX = re.compile(r"^\s*指\s*标\s*[0-9０-９一二三四五六七八九十]+\s*[:：、.．]?\s*")
_POINTS = re.compile(r"^(?P<name>.*?)\s*[(（]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_UNIT_BRACKET = re.compile(r"[(（]\s*(?:金额)?(?:单位\s*[:：]?\s*)?(万元|千元|亿元|元)\s*[)）]")
_UNIT_WORD = re.compile(r"单位\s*[:：]?\s*(万元|千元|亿元|元)")


def is_dash(text: str | None) -> bool:
    """Whether a cell prints only a dash, a slash or an ellipsis (a cell left blank on purpose).

    >>> is_dash("—"), is_dash("……"), is_dash("/"), is_dash("无"), is_dash("5")
    (True, True, True, False, False)
    """
    return bool(_DASHES.fullmatch((text or "").strip()))


def is_blank(text: str | None) -> bool:
    """Whether a number cell prints no number: empty, a dash, a slash, an ellipsis or 无.

    >>> is_blank(""), is_blank(" — "), is_blank("无"), is_blank("0")
    (True, True, True, False)
    """
    stripped = (text or "").strip()
    return not stripped or stripped in _BLANK_WORDS or is_dash(stripped)


def parse_number(text: str | None) -> Decimal | None:
    """The number a cell prints, exactly: `Decimal` with the printed decimals, None when blank.

    Thousands separators are dropped; full-width digits are read as digits.

    Args:
        text: the cell's text.

    Returns:
        The number, or None for a blank cell (see `is_blank`).

    Raises:
        ValueError: the cell prints something that is not a number (`5分`, `五`, `90%`).

    >>> parse_number("258.200000"), parse_number("215,457.6"), parse_number("—")
    (Decimal('258.200000'), Decimal('215457.6'), None)
    >>> parse_number("5分")
    Traceback (most recent call last):
    ...
    ValueError: '5分' is not a number
    """
    if is_blank(text):
        return None
    assert text is not None
    normal = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER.fullmatch(normal):
        return Decimal(normal.replace(",", "").lstrip("+"))
    raise ValueError(f"{text!r} is not a number")


def number_with_suffix(text: str | None, suffixes: Iterable[str]) -> tuple[Decimal, str] | None:
    """A number followed by one of `suffixes` (`5分`, `258.2万元`), or None.

    >>> number_with_suffix("5.00分", ("分",))
    (Decimal('5.00'), '分')
    >>> number_with_suffix("约5分", ("分",)) is None
    True
    """
    normal = unicodedata.normalize("NFKC", text or "").strip()
    for suffix in suffixes:
        if suffix and normal.endswith(suffix):
            head = normal[: -len(suffix)].strip()
            if _NUMBER.fullmatch(head):
                return Decimal(head.replace(",", "").lstrip("+")), suffix
    return None


def join_lines(text: str | None) -> str:
    """A one-line text (a name, a target, an actual) whose cell the layout wrapped, joined back.

    Lines are stripped and joined with nothing between Chinese text (`对于应急志愿者队伍建设的效益好评`
    + `率`), with a space between two Latin words or numbers.

    >>> join_lines("定性2023年3月底\\n\\n前")
    '定性2023年3月底前'
    >>> join_lines("ISO\\n9001")
    'ISO 9001'
    """
    parts = [part.strip() for part in (text or "").splitlines()]
    joined = ""
    for part in parts:
        if not part:
            continue
        if joined and joined[-1].isascii() and joined[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            joined += " "
        joined += part
    return joined


def text_block(text: str | None) -> str:
    """A free text (goals, a deviation reason): its lines stripped, empty lines dropped.

    >>> text_block("  1、培训。\\n\\n  2、考核。 ")
    '1、培训。\\n2、考核。'
    """
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def compact(text: str | None) -> str:
    """A label-like value (一级指标, 二级指标) without any whitespace: vertical or wrapped labels.

    >>> compact("服务对象\\n满意度指\\n标")
    '服务对象满意度指标'
    """
    return re.sub(r"\s+", "", text or "")


def strip_template_prefix(name: str) -> str:
    """An indicator name without the template's `指标1：` prefix.

    >>> strip_template_prefix("指标1：培训人数"), strip_template_prefix("指标2：")
    ('培训人数', '')
    """
    return _TEMPLATE_PREFIX.sub("", name, count=1).strip()


def is_template_name(name: str) -> bool:
    """Whether a name cell holds only the empty template's text (`指标2：`, `……`, `/`).

    >>> is_template_name("指标2："), is_template_name("……"), is_template_name("培训人数")
    (True, True, False)
    """
    rest = strip_template_prefix(name)
    return not rest or is_dash(rest)


def split_points(text: str) -> tuple[str, Decimal | None]:
    """A heading and the points it prints: `产出指标(50分)` → (`产出指标`, 50).

    >>> split_points("年度绩效目标1（40分）")
    ('年度绩效目标1', Decimal('40'))
    >>> split_points("产出指标")
    ('产出指标', None)
    """
    match = _POINTS.match(text)
    if match and match.group("name").strip():
        return match.group("name").strip(), Decimal(match.group("points"))
    return text, None


def find_year(text: str) -> int | None:
    """The year a title or header cell names (`（2023年度）`, `2023年度项目支出绩效自评表`), or None.

    >>> find_year("（2023年度）"), find_year("项目支出绩效自评表")
    (2023, None)
    """
    match = _YEAR.search(unicodedata.normalize("NFKC", text))
    return int(match.group(1)) if match else None


def find_unit(text: str) -> str | None:
    """The amount unit a label states: `项目资金（万元）`, `258.2（万元）`, `单位：元`, or None.

    >>> find_unit("项目资金（万元）"), find_unit("金额单位：元"), find_unit("年初预算数")
    ('万元', '元', None)
    """
    normal = unicodedata.normalize("NFKC", text)
    match = _UNIT_BRACKET.search(normal) or _UNIT_WORD.search(normal)
    return match.group(1) if match else None


def file_bytes(path: pathlib.Path, lang: Lang = "zh") -> bytes:
    """The bytes of a file to import; an unreadable or empty file is refused with a FormError.

    >>> file_bytes(pathlib.Path("/no/such/form.xlsx"))
    Traceback (most recent call last):
    ...
    selfeval_rules.errors.FormError: /no/such/form.xlsx: $: 无法读取 xlsx 文件：No such file or directory
    """
    source, kind = str(path), pathlib.Path(path).suffix.lstrip(".").lower() or "?"
    try:
        data = pathlib.Path(path).read_bytes()
    except OSError as error:
        raise no_form(source, "import.unreadable", lang, format=kind, reason=error.strerror or error_reason(error)) from None
    if not data.strip():
        raise no_form(source, "import.empty_file", lang)
    return data


def error_reason(error: BaseException) -> str:
    """A third-party library's exception, in one line: its type and first line.

    >>> error_reason(ValueError("file is not a Word file\\nmore"))
    'ValueError: file is not a Word file'
    """
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__


# ---------------------------------------------------------------------------------------------
# The grid.


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_HEADER_FIELD_OF = {L.label_core(spelling): field for field, spellings in L.HEADER_FIELDS.items() for spelling in spellings}
_HEADER_RE = L.header_pattern(tuple(s for spellings in L.HEADER_FIELDS.values() for s in spellings))
_BLOCK_LABELS = frozenset(L.VERTICAL_LABELS + L.GOALS_BLOCK + L.INDICATOR_BLOCK + L.BUDGET_BLOCK)
_HEADER_NEXT = re.compile(r"\s" + _HEADER_RE.pattern.lstrip(r"\s*"))


class _Grid:
    """Rows of stripped texts, padded to one width, with their label keys."""

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        width = max((len(row) for row in rows), default=0)
        self.text = [[_cell(value) for value in row] + [""] * (width - len(row)) for row in rows]
        self.height, self.width = len(self.text), width
        _join_vertical_labels(self.text)
        self.key = [[L.label_key(value) if value and len(value) < 80 else "" for value in row] for row in self.text]
        self._fields: dict[tuple[int, int], dict[int, str]] = {}
        self._headers: dict[int, list[tuple[int, str, str, str]]] = {}

    def fields(self, r: int, table: Mapping[str, tuple[str, ...]]) -> dict[int, str]:
        """Column → field of `table` for the label cells of row r (cached: rows are asked often)."""
        cached = self._fields.get((r, id(table)))
        if cached is None:
            cached = {}
            for c, key in enumerate(self.key[r]):
                if key and (field := L.match_label(self.text[r][c], table)):
                    cached[c] = field
            self._fields[(r, id(table))] = cached
        return cached

    def blank(self, r: int) -> bool:
        return not any(self.text[r])

    def distinct(self, r: int) -> list[str]:
        """The distinct non-empty texts of row r, left to right."""
        seen: list[str] = []
        for value in self.text[r]:
            if value and value not in seen:
                seen.append(value)
        return seen


def _join_vertical_labels(text: list[list[str]]) -> None:
    """Replace labels printed one character a cell down a column by the whole label in each cell."""
    if not text:
        return
    labels = sorted(set(L.VERTICAL_LABELS) | set(L.LEVEL_NAMES), key=len, reverse=True)
    width = len(text[0])
    for c in range(width):
        r = 0
        while r < len(text):
            run: list[int] = []
            while r < len(text) and 1 <= len(L.label_key(text[r][c])) <= 2:
                run.append(r)
                r += 1
            r += 1
            if len(run) < 2:
                continue
            keys = [L.label_key(text[i][c]) for i in run]
            i = 0
            while i < len(run):
                for label in labels:
                    j, joined = i, ""
                    while j < len(run) and len(joined) < len(label):
                        joined += keys[j]
                        j += 1
                    if joined == label:
                        points = re.match(r"\((\d+(?:\.\d+)?)分\)", "".join(keys[j:j + 6]))
                        if points:
                            consumed = ""
                            while j < len(run) and len(consumed) < len(points.group(0)):
                                consumed += keys[j]
                                j += 1
                            label = label + "（" + points.group(1) + "分）"
                        for k in run[i:j]:
                            text[k][c] = label
                        i = j
                        break
                else:
                    i += 1


# ---------------------------------------------------------------------------------------------
# Rows and what they are.


def _indicator_fields(g: _Grid, r: int) -> dict[int, str]:
    return g.fields(r, L.INDICATOR_COLUMNS)


def _is_indicator_header(g: _Grid, r: int) -> bool:
    fields = set(_indicator_fields(g, r).values())
    return len(fields) >= 3 and len(fields & L.INDICATOR_KEY_COLUMNS) >= 2


def _budget_fields(g: _Grid, r: int) -> dict[int, str]:
    return g.fields(r, L.BUDGET_COLUMNS)


def _is_budget_header(g: _Grid, r: int) -> bool:
    fields = set(_budget_fields(g, r).values())
    return len(fields & L.BUDGET_KEY_COLUMNS) >= 2


def _goals_cells(g: _Grid, r: int) -> dict[int, str]:
    return g.fields(r, L.GOALS_LABELS)


def _header_matches(g: _Grid, r: int) -> list[tuple[int, str, str, str]]:
    """(column, field, label as printed, inline value) for each header label starting a cell of row r."""
    if r not in g._headers:
        g._headers[r] = _find_header_labels(g, r)
    return g._headers[r]


def _find_header_labels(g: _Grid, r: int) -> list[tuple[int, str, str, str]]:
    found = []
    for c, text in enumerate(g.text[r]):
        if not text or len(text) > 200 or g.key[r][c] in _BLOCK_LABELS:
            continue
        match = _HEADER_RE.match(text)
        if not match:
            continue
        field = _HEADER_FIELD_OF.get(L.label_core(match.group("label")))
        if field is None:
            continue
        rest = text[match.end():]
        following = _HEADER_NEXT.search(rest)
        found.append((c, field, text, rest[: following.start()] if following else rest))
        while following:
            label = following.group("label")
            tail = rest[following.end():]
            nxt = _HEADER_NEXT.search(tail)
            other = _HEADER_FIELD_OF.get(L.label_core(label))
            if other:
                found.append((c, other, text, tail[: nxt.start()] if nxt else tail))
            rest, following = tail, nxt
    return found


def _is_title(g: _Grid, r: int) -> bool:
    texts = g.distinct(r)
    if len(texts) != 1 or len(texts[0]) > 60:
        return False
    key = L.label_key(texts[0])
    return any(word in key for word in L.TITLE_WORDS) and not key.lower().startswith(L.FOOTER_PREFIXES)


def _is_preamble(g: _Grid, r: int) -> bool:
    """A title-like line that belongs to the form below it: the title, `（2023年度）`, `单位：万元`."""
    if g.blank(r):
        return True
    texts = g.distinct(r)
    if len(texts) != 1 or len(texts[0]) > 60:
        return False
    key = L.label_key(texts[0])
    return (
        _is_title(g, r)
        or bool(re.fullmatch(r"\(?(?:19|20)\d{2}年度?\)?", key))
        or key.startswith(("单位", "金额单位", "填报单位", "(单位"))
    )


def _is_total(g: _Grid, r: int, label_columns: Iterable[int]) -> str | None:
    for c in label_columns:
        key = g.key[r][c] if c < g.width else ""
        if key and not L.is_one_of(key, L.INDICATOR_BLOCK):
            spelling = L.starts_with_one_of(key, L.TOTAL_LABELS)
            if spelling and not re.match(r"[\u3400-\u9fff]", key[len(spelling):len(spelling) + 1]):
                return spelling
            return None
    return None


def _is_footer(g: _Grid, r: int) -> bool:
    texts = g.distinct(r)
    return bool(texts) and L.label_key(texts[0]).lower().startswith(L.FOOTER_PREFIXES)


def _segments(g: _Grid) -> list[range]:
    """Split the grid into one range of rows per form (forms stacked one under another)."""
    starts = [0]
    has_project = has_table = has_total = False
    for r in range(g.height):
        if g.blank(r):
            continue
        is_project = any(field == "project" for _, field, _, _ in _header_matches(g, r))
        is_table = _is_indicator_header(g, r)
        starts_new = (
            ((_is_title(g, r) or is_project) and (has_project or has_table))
            or ((is_table or _is_budget_header(g, r)) and has_total)
            or (_is_budget_header(g, r) and has_table)
        )
        if starts_new and r > starts[-1]:
            start = r
            while start - 1 > starts[-1] and _is_preamble(g, start - 1) and not _is_title(g, start):
                start -= 1
            starts.append(start)
            has_project = has_table = has_total = False
        has_project = has_project or is_project
        if is_table:
            has_table = True
        elif has_table and _is_total(g, r, range(g.width)):
            has_total = True
    bounds = starts + [g.height]
    return [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


# ---------------------------------------------------------------------------------------------
# One form.


@attrs.define
class _Form:
    """Reads the form in rows `rows` of the grid into canonical data and notes."""

    g: _Grid
    rows: range
    notes: list[ImportNote] = attrs.field(factory=list)
    score_columns: list[int] = attrs.field(factory=list)

    def note(self, path: str, code: str, **params: Any) -> None:
        self.notes.append(ImportNote(path, code, params))

    # -- layout -------------------------------------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        g, rows = self.g, self.rows
        table = next((r for r in rows if _is_indicator_header(g, r)), None)
        if table is None:
            return None
        budget_header = next((r for r in range(rows.start, table) if _is_budget_header(g, r)), None)
        budget_rows: range = range(0)
        budget: dict[str, Any] | None = None
        if budget_header is not None:
            budget, budget_rows = self.read_budget(budget_header, table)
        goals, goal_rows = self.read_goals(range(budget_rows.stop if budget_rows else rows.start, table))
        taken = set(budget_rows) | set(goal_rows)
        if budget_header is not None:
            taken.add(budget_header)
        header = self.read_header(range(rows.start, table), taken)
        indicators, groups, total_row, end = self.read_indicators(table)

        data: dict[str, Any] = {}
        year = header.pop("year", None) or self.title_year(range(rows.start, table), taken)
        if year is not None:
            data["year"] = year
        data.update(header)
        if "project" not in data:
            self.note("$.project", "import.no_project")
        if budget is not None:
            data["budget"] = budget
        else:
            self.note("$.budget", "import.no_budget")
        if goals:
            data["goals"] = goals
        else:
            self.note("$.goals", "import.no_goals")
        data["indicators"] = indicators
        if groups:
            data["groups"] = groups
        if total_row is not None:
            total = self.read_total(total_row)
            if total is not None:
                data["reported_total"] = total
            data["reported_grade"] = self.read_grade(range(total_row, rows.stop))
        elif self.score_columns:
            self.note("$.reported_total", "import.no_total")
        self.check_rest(end, total_row)
        return data

    # -- header -------------------------------------------------------------------------------

    def read_header(self, rows: range, taken: set[int]) -> dict[str, Any]:
        g = self.g
        found: dict[str, list[str]] = {}
        for r in rows:
            if r in taken:
                continue
            matches = _header_matches(g, r)
            labelled = {c for c, _, _, _ in matches}
            # A row of labels only (项目名称 | 主管部门 | 实施单位): the values are in the row below.
            only_labels = len(labelled) >= 2 and all(not t or c in labelled for c, t in enumerate(g.text[r]))
            for c, field, cell, inline in matches:
                value = join_lines(inline)
                if not value:
                    value = self._right_of(r, c, cell)
                if not value and only_labels and r + 1 < rows.stop and r + 1 not in taken:
                    below = g.text[r + 1][c]
                    if below and not _header_matches(g, r + 1):
                        value = join_lines(below)
                if value:
                    values = found.setdefault(field, [])
                    if value not in values:
                        values.append(value)
        header: dict[str, Any] = {}
        for field in L.HEADER_FIELDS:
            values = found.get(field)
            if not values:
                continue
            if len(values) > 1:
                self.note(f"$.{field}", "import.several_values", values=" / ".join(values), chosen=values[0])
            if field == "year":
                year = find_year(values[0] + "年") if re.search(r"\d{4}", values[0]) else None
                if year is not None:
                    header["year"] = year
            else:
                header[field] = values[0]
        return header

    def _right_of(self, r: int, c: int, cell: str) -> str:
        g = self.g
        for cc in range(c + 1, g.width):
            text = g.text[r][cc]
            if not text or text == cell:
                continue
            if _HEADER_RE.match(text) and _HEADER_FIELD_OF.get(L.label_core(_HEADER_RE.match(text).group("label"))):
                return ""
            return join_lines(text)
        return ""

    def title_year(self, rows: range, taken: set[int]) -> int | None:
        years: list[int] = []
        for r in rows:
            if r in taken:
                continue
            if _header_matches(self.g, r) or _is_budget_header(self.g, r) or _goals_cells(self.g, r):
                break
            for text in self.g.distinct(r):
                key = L.label_key(text)
                titled = "年度" in key or any(word in key for word in L.TITLE_WORDS)
                if len(text) <= 60 and titled and (year := find_year(text)) is not None and year not in years:
                    years.append(year)
        if len(years) > 1:
            self.note("$.year", "import.several_values", values=" / ".join(map(str, years)), chosen=years[0])
        return years[0] if years else None

    # -- 项目资金 ------------------------------------------------------------------------------

    def read_budget(self, h: int, stop: int) -> tuple[dict[str, Any], range]:
        g = self.g
        columns: dict[str, list[int]] = {}
        for c, field in _budget_fields(g, h).items():
            columns.setdefault(field, []).append(c)
        first = min(c for cols in columns.values() for c in cols)
        rows_read: dict[str, int] = {}
        last = h
        for r in range(h + 1, stop):
            if g.blank(r):
                continue
            if _goals_cells(g, r) or _is_indicator_header(g, r) or _header_matches(g, r):
                break
            label = self._row_label(r, first)
            kind = L.match_label(label, L.BUDGET_ROWS, prefixes=L.BUDGET_ROW_PREFIXES) if label else None
            has_numbers = any(self._numberish(g.text[r][c]) for cols in columns.values() for c in cols)
            if kind is None:
                if not label and has_numbers and "total" not in rows_read:
                    kind = "total"
                elif L.is_one_of(label, L.GOALS_BLOCK) or not has_numbers:
                    break
                else:
                    self.note("$.budget", "import.unknown_budget_row", row=r + 1, label=label)
                    last = r
                    continue
            if kind in rows_read:
                self.note(f"$.budget{'' if kind == 'total' else '.breakdown.' + kind}", "import.several_values",
                          values=f"{rows_read[kind] + 1} / {r + 1}", chosen=rows_read[kind] + 1)
                last = r
                continue
            rows_read[kind] = r
            last = r

        unit = self.budget_unit(range(self.rows.start, last + 1))
        budget: dict[str, Any] = {}
        if unit:
            budget["unit"] = unit
        total = rows_read.get("total")
        weight = self._budget_number(total, columns.get("weight"), "$.budget.weight", unit) if total is not None else None
        if weight is None:
            weight = self.budget_points(range(max(self.rows.start, h - 1), last + 1), first)
        if weight is not None:
            budget["weight"] = weight
        if total is not None:
            for field in ("initial", "annual", "executed"):
                value = self._budget_number(total, columns.get(field), f"$.budget.{field}", unit)
                if value is not None:
                    budget[field] = value
            rate = self._texts(total, columns.get("rate"))
            if rate and not is_blank(rate):
                budget["reported_rate"] = join_lines(rate)
            score = self._budget_number(total, columns.get("score"), "$.budget.reported_score", unit)
            if score is not None:
                budget["reported_score"] = score
            deviation = self._texts(total, columns.get("deviation"))
            if deviation and not is_dash(deviation):
                budget["deviation"] = text_block(deviation)
        breakdown: dict[str, Any] = {}
        for kind in L.BUDGET_ROWS:
            if kind == "total" or kind not in rows_read:
                continue
            funds: dict[str, Decimal] = {}
            for field in ("initial", "annual", "executed"):
                value = self._budget_number(rows_read[kind], columns.get(field), f"$.budget.breakdown.{kind}.{field}", unit)
                if value is not None:
                    funds[field] = value
            breakdown[kind] = funds or None
        if breakdown:
            budget["breakdown"] = breakdown
        if unit is None and any(k in budget for k in ("initial", "annual", "executed")):
            self.note("$.budget.unit", "import.no_unit")
        return budget, range(h, last + 1)

    def _row_label(self, r: int, first: int) -> str:
        """The label of a 项目资金 row: the last text left of the amounts that is not the block's label."""
        for c in range(first - 1, -1, -1):
            text = self.g.text[r][c]
            core = L.label_core(text)
            if not core or L.starts_with_one_of(core, L.BUDGET_BLOCK) or self._numberish(core):
                continue
            return text
        return ""

    @staticmethod
    def _numberish(text: str) -> bool:
        normal = unicodedata.normalize("NFKC", text).strip().rstrip("%")
        return bool(_NUMBER.fullmatch(normal)) or is_dash(text)

    def _texts(self, r: int, columns: list[int] | None) -> str:
        """The distinct texts of row r in `columns`, joined (a merged cell counts once)."""
        if not columns:
            return ""
        pieces: list[str] = []
        for c in columns:
            text = self.g.text[r][c]
            if text and (not pieces or pieces[-1] != text):
                pieces.append(text)
        return "".join(pieces)

    def _one_text(self, r: int, columns: list[int] | None, path: str, notes: list[tuple[str, str, dict[str, Any]]] | None = None) -> str:
        """The text of a number field: one cell's, the first when the columns hold different ones (noted)."""
        if not columns:
            return ""
        pieces: list[str] = []
        for c in columns:
            text = self.g.text[r][c]
            if text and text not in pieces:
                pieces.append(text)
        if len(pieces) > 1:
            params = {"values": " / ".join(pieces), "chosen": pieces[0]}
            if notes is None:
                self.note(path, "import.several_values", **params)
            else:
                notes.append((path, "import.several_values", params))
        return pieces[0] if pieces else ""

    def _budget_number(self, r: int | None, columns: list[int] | None, path: str, unit: str | None) -> Decimal | None:
        if r is None or not columns:
            return None
        text = self._one_text(r, columns, path)
        return self._number(text, path, ("分",) if path.endswith(("weight", "score")) else (unit or "元",))

    def _number(self, text: str, path: str, suffixes: tuple[str, ...]) -> Decimal | None:
        try:
            return parse_number(text)
        except ValueError:
            pass
        read = number_with_suffix(text, suffixes)
        if read is not None:
            self.note(path, "import.number_with_unit", value=text, number=str(read[0]))
            return read[0]
        self.note(path, "import.not_a_number", value=text)
        return None

    def budget_unit(self, rows: range) -> str | None:
        """The amount unit stated above or in the 项目资金 block (`项目资金（万元）`, `单位：元`)."""
        units: list[str] = []
        g = self.g
        for r in rows:
            for c, text in enumerate(g.text[r]):
                if text and len(text) <= 40 and (unit := find_unit(text)) and unit not in units:
                    units.append(unit)
        if len(units) > 1:
            self.note("$.budget.unit", "import.several_values", values=" / ".join(units), chosen=units[0])
        return units[0] if units else None

    def budget_points(self, rows: range, first: int) -> Decimal | None:
        """The budget's weight printed in a label (`预算执行情况（20分）`) or the score's formula."""
        g = self.g
        for r in rows:
            for c in range(g.width):
                text = g.text[r][c]
                if not text or len(text) > 40:
                    continue
                if c < first or L.match_label(text, L.BUDGET_COLUMNS) == "score":
                    for part in L.bracketed(text):
                        match = re.fullmatch(r"(\d+(?:\.\d+)?)分", part)
                        if match:
                            return Decimal(match.group(1))
                if L.match_label(text, L.BUDGET_COLUMNS) == "score":
                    key = L.label_key(text)
                    if "B/A" in key or "执行率" in key:
                        match = re.search(r"[×xX*](\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)[×xX*]", key)
                        if match:
                            return Decimal(match.group(1) or match.group(2))
        return None

    # -- 年度总体目标 ----------------------------------------------------------------------------

    def read_goals(self, rows: range) -> tuple[dict[str, str], set[int]]:
        g = self.g
        cells = {r: _goals_cells(g, r) for r in rows}
        cells = {r: found for r, found in cells.items() if found}
        goals: dict[str, str] = {}
        used: set[int] = set()
        together = next((r for r, found in cells.items() if len(set(found.values())) == 2), None)
        if together is not None:
            columns: dict[str, list[int]] = {}
            for c, field in cells[together].items():
                columns.setdefault(field, []).append(c)
            used.add(together)
            texts: dict[str, list[str]] = {"expected": [], "achieved": []}
            for r in range(together + 1, rows.stop):
                if g.blank(r):
                    continue
                if _header_matches(g, r) or _is_budget_header(g, r):
                    break
                used.add(r)
                for field, cols in columns.items():
                    text = text_block(self._texts(r, cols))
                    # A text merged down over several rows is one text.
                    if text and not is_dash(text) and (not texts[field] or texts[field][-1] != text):
                        texts[field].append(text)
            for field in ("expected", "achieved"):
                if texts[field]:
                    goals[field] = "\n".join(texts[field])
            return goals, used
        for r, found in cells.items():
            for c, field in found.items():
                value = self._right_of_text(r, c)
                if value and field not in goals:
                    goals[field] = value
                    used.add(r)
        if goals:
            return goals, used
        for r in rows:
            for c, text in enumerate(g.text[r]):
                if L.is_one_of(text, L.GOALS_BLOCK):
                    value = self._right_of_text(r, c)
                    if value:
                        self.note("$.goals", "import.goals_unsplit")
                        return {"expected": value}, {r}
        return goals, used

    def _right_of_text(self, r: int, c: int) -> str:
        g = self.g
        pieces: list[str] = []
        for cc in range(c + 1, g.width):
            text = g.text[r][cc]
            if text and text != g.text[r][c] and text not in pieces and not L.match_label(text, L.GOALS_LABELS):
                pieces.append(text_block(text))
        return "\n".join(pieces)

    # -- 绩效指标 ------------------------------------------------------------------------------

    def table_columns(self, h: int) -> tuple[dict[str, list[int]], int, list[int]]:
        """Field → columns of the table headed at row h; the first data row; the outer columns."""
        g = self.g
        top = _indicator_fields(g, h)
        sub = h + 1 if h + 1 < self.rows.stop and self._is_subheader(h) else None
        by_column: dict[int, str] = {}
        for c in range(g.width):
            field = L.match_label(g.text[sub][c], L.INDICATOR_COLUMNS) if sub is not None else None
            field = field or top.get(c)
            if field:
                by_column[c] = field
        if any(field in ("operator", "unit") for field in by_column.values()):
            by_column = {c: ("value" if field == "target" else field) for c, field in by_column.items()}
        columns: dict[str, list[int]] = {}
        heading_of: dict[str, str] = {}
        for c, field in sorted(by_column.items()):
            heading = g.text[sub][c] if sub is not None and L.match_label(g.text[sub][c], L.INDICATOR_COLUMNS) else g.text[h][c]
            cols = columns.setdefault(field, [])
            if cols and heading != heading_of[field]:
                self.note("$.indicators", "import.several_columns", label=heading, chosen=heading_of[field])
                continue
            heading_of.setdefault(field, heading)
            cols.append(c)
        first_mapped = min(by_column) if by_column else 0
        # Columns left of the table that may hold headings (绩效指标, 年度绩效目标1（40分）), not 序号.
        outer = [
            c for c in range(first_mapped)
            if c not in by_column and (not g.key[h][c] or L.is_one_of(g.text[h][c], L.INDICATOR_BLOCK) or _is_heading(g.text[h][c]))
        ]
        start = (sub if sub is not None else h) + 1
        # Columns headed by something we do not know, holding data of their own.
        for c in range(first_mapped, g.width):
            if c in by_column:
                continue
            heading = (g.text[sub][c] if sub is not None else "") or g.text[h][c]
            if heading and (L.is_one_of(heading, L.INDICATOR_BLOCK) or heading in (g.text[h][c - 1] if c else "",)):
                continue
            if heading and L.is_one_of(heading, L.REVIEW_COLUMNS):
                continue  # a reviewer's column beside the form (our review workbook): not the form's
            if self._column_has_own_data(c, range(start, self.rows.stop)):
                self.note("$.indicators", "import.unknown_column", column=_column_name(c), label=heading)
        return columns, start, outer

    def _is_subheader(self, h: int) -> bool:
        g = self.g
        r = h + 1
        if g.blank(r):
            return False
        new_label = False
        for c in range(g.width):
            text = g.text[r][c]
            if not text or text == g.text[h][c]:
                continue
            if L.match_label(text, L.INDICATOR_COLUMNS):
                new_label = True
            elif not L.is_one_of(text, L.INDICATOR_BLOCK):
                return False
        return new_label or g.text[r] == g.text[h]

    def _column_has_own_data(self, c: int, rows: range) -> bool:
        g = self.g
        for r in rows:
            if _is_total(g, r, range(g.width)):
                return False
            text = g.text[r][c]
            if text and text != g.text[r][c - 1] and (c + 1 >= g.width or text != g.text[r][c + 1]):
                return True
        return False

    def read_indicators(self, h: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int | None, int]:
        """The indicator rows, the headings with points, the total row (or None), the first row not read."""
        g = self.g
        columns, start, outer = self.table_columns(h)
        self.score_columns = columns.get("reported_score", [])
        header_texts = [g.key[h]] + ([g.key[start - 1]] if start - 1 != h else [])
        label_columns = sorted(set(outer) | {c for f in ("level1", "level2", "name") for c in columns.get(f, [])})
        if not label_columns:
            label_columns = list(range(g.width))
        indicators: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        last_heading: dict[str, str] = {}
        banner = ""
        previous = {"level1": "", "level2": ""}
        r = start
        end = self.rows.stop
        last_read = start - 1
        while r < self.rows.stop:
            if g.blank(r):
                r += 1
                continue
            if g.key[r] in header_texts or _is_indicator_header(g, r):
                last_read = r
                r += 1
                continue
            if _is_total(g, r, label_columns):
                return self._finish(indicators, groups, columns), groups, r, r + 1
            texts = g.distinct(r)
            spread = sum(1 for cols in columns.values() for c in cols if g.text[r][c])
            if len(texts) == 1 and spread >= 2:
                # One text across the table: a heading (年度绩效目标1（40分）) or the end of it.
                name, points = split_points(compact(texts[0]))
                if points is not None or (len(name) <= 30 and name.endswith(("指标", "目标"))):
                    banner = name
                    if points is not None:
                        groups.append({"name": name, "points": points})
                    last_heading = {"banner": name}
                    last_read = r
                    r += 1
                    continue
                end = r
                break
            row = self.read_row(r, columns, outer, previous)
            if row is None or row is _SEEN:
                if row is _SEEN:
                    last_read = r
                r += 1
                continue
            last_read = r
            headings = row.pop("_headings")
            if banner:
                headings.insert(0, ("banner", banner, None))
            for level, text, points in headings:
                if last_heading.get(level) != text:
                    last_heading[level] = text
                    for inner in ("outer", "level1", "level2"):
                        if _LEVELS.index(inner) > _LEVELS.index(level):
                            last_heading.pop(inner, None)
                    if points is not None:
                        groups.append({"name": split_points(text)[0], "points": points})
            group = next((split_points(text)[0] for level, text, _ in headings if level in ("banner", "outer")), None)
            if group and group != row.get("level1"):
                row = {"group": group, **row}
            indicators.append(row)
            r += 1
        else:
            end = last_read + 1
        return self._finish(indicators, groups, columns), groups, None, min(end, last_read + 1)

    def _finish(self, indicators: list[dict[str, Any]], groups: list[dict[str, Any]], columns: dict[str, list[int]]) -> list[dict[str, Any]]:
        if indicators and "weight" not in columns:
            self.note("$.indicators", "import.weights_not_printed")
        if indicators and "reported_score" not in columns:
            self.note("$.indicators", "import.scores_not_printed")
        for i, row in enumerate(indicators):
            for path, code, params in row.pop("_notes", []):
                self.note(f"$.indicators[{i}]{path}", code, **params)
        return indicators

    def _field_text(self, r: int, columns: dict[str, list[int]], field: str) -> str:
        return self._texts(r, columns.get(field))

    def read_row(self, r: int, columns: dict[str, list[int]], outer: list[int], previous: dict[str, str]) -> dict[str, Any] | object | None:
        """Row r as an indicator; `_SEEN` for a row recognised but not an indicator; None for a row not recognised."""
        g = self.g
        notes: list[tuple[str, str, dict[str, Any]]] = []
        headings: list[tuple[str, str, Decimal | None]] = []
        for c in outer:
            text = g.text[r][c]
            if text and _is_heading(text) and not (L.is_one_of(text, L.INDICATOR_BLOCK) and split_points(compact(text))[1] is None):
                name, points = split_points(compact(text))
                headings.append(("outer", compact(text), points))
                break
        row: dict[str, Any] = {}
        levels = {}
        for level in ("level1", "level2"):
            text = compact(self._field_text(r, columns, level))
            levels[level] = "" if is_dash(text) else text
        # A label printed once for its rows (not merged): the rows below it carry it on.
        if not levels["level1"]:
            levels["level1"] = previous["level1"]
        if not levels["level2"] and levels["level1"] == previous["level1"]:
            levels["level2"] = previous["level2"]
        previous.update(levels)
        for level, text in levels.items():
            if text:
                name, points = split_points(text)
                headings.append((level, text, points))
                row[level] = name
                if _NUMBER.fullmatch(unicodedata.normalize("NFKC", name)):
                    notes.append((f".{level}", "import.number_in_text_column", {"value": name}))
        raw_name = join_lines(self._field_text(r, columns, "name"))
        name = strip_template_prefix(raw_name)
        pieces = [join_lines(self._field_text(r, columns, f)) for f in ("operator", "value", "target", "unit")]
        target = "".join(pieces) if not all(is_dash(p) for p in pieces) else ""
        actual = join_lines(self._field_text(r, columns, "actual"))
        actual = "" if is_dash(actual) else actual
        numbers = {f: self._one_text(r, columns.get(f), f".{f}", notes) for f in ("weight", "reported_score", "reported_weighted_score")}
        share = join_lines(self._field_text(r, columns, "weight_share"))
        deviation = text_block(self._field_text(r, columns, "deviation"))
        deviation = "" if is_dash(deviation) else deviation
        has_values = bool(target or actual or deviation or any(not is_blank(v) for v in numbers.values()) or not is_blank(share))
        if not name or is_dash(name):
            if has_values:
                self.note("$.indicators", "import.row_without_name", row=r + 1)
                return _SEEN
            if raw_name or self._continues(r, columns, outer):
                return _SEEN  # an empty template row (`指标2：`, `……`, or only its merged labels)
            return None
        row["name"] = name
        if _NUMBER.fullmatch(unicodedata.normalize("NFKC", name)):
            notes.append((".name", "import.number_in_text_column", {"value": name}))
        if target:
            row["target"] = target
        if actual:
            row["actual"] = actual
        for field in ("weight", "reported_score"):
            value = self._row_number(numbers[field], f".{field}", notes)
            if value is not None:
                row[field] = value
        if share and not is_blank(share):
            row["weight_share"] = share
        value = self._row_number(numbers["reported_weighted_score"], ".reported_weighted_score", notes)
        if value is not None:
            row["reported_weighted_score"] = value
        if deviation:
            row["deviation"] = deviation
            if _NUMBER.fullmatch(unicodedata.normalize("NFKC", deviation)):
                notes.append((".deviation", "import.number_in_text_column", {"value": deviation}))
        row["_headings"] = headings
        row["_notes"] = notes
        return row

    def _continues(self, r: int, columns: dict[str, list[int]], outer: list[int]) -> bool:
        """Whether row r's only texts are its merged label cells, carried on from the row above."""
        g = self.g
        cols = set(outer) | {c for f in ("level1", "level2") for c in columns.get(f, [])}
        return r > 0 and all(not text or (c in cols and text == g.text[r - 1][c]) for c, text in enumerate(g.text[r]))

    def _row_number(self, text: str, path: str, notes: list[tuple[str, str, dict[str, Any]]]) -> Decimal | None:
        try:
            return parse_number(text)
        except ValueError:
            pass
        read = number_with_suffix(text, ("分",))
        if read is not None:
            notes.append((path, "import.number_with_unit", {"value": text, "number": str(read[0])}))
            return read[0]
        notes.append((path, "import.not_a_number", {"value": text}))
        return None

    # -- 总分 and 等级 -------------------------------------------------------------------------

    def read_total(self, r: int) -> Decimal | None:
        g = self.g
        text = self._texts(r, [c for c in self.score_columns if not L.starts_with_one_of(g.text[r][c], L.TOTAL_LABELS)])
        if text and not is_blank(text):
            return self._number(text, "$.reported_total", ("分",))
        for c, cell in enumerate(g.text[r]):
            spelling = L.starts_with_one_of(cell, L.TOTAL_LABELS)
            if spelling:
                rest = L.label_key(cell)[len(spelling):].lstrip(":")
                if rest:
                    try:
                        return parse_number(rest)
                    except ValueError:
                        pass
                break
        numbers = []
        for cell in g.distinct(r):
            try:
                value = parse_number(cell)
            except ValueError:
                continue
            if value is not None:
                numbers.append(value)
        if numbers and self.score_columns:
            self.note("$.reported_total", "import.total_guessed", row=r + 1, value=str(numbers[-1]))
            return numbers[-1]
        if self.score_columns:
            self.note("$.reported_total", "import.no_total")
        return None

    def read_grade(self, rows: range) -> str | None:
        g = self.g
        for r in rows:
            for c, cell in enumerate(g.text[r]):
                spelling = L.starts_with_one_of(cell, L.GRADE_LABELS)
                if not spelling or (L.label_core(cell) not in L.GRADE_LABELS and ":" not in L.label_key(cell)):
                    continue
                value = L.label_key(cell)[len(spelling):].lstrip(":")
                if not value:
                    value = next((t for t in g.text[r][c + 1:] if t and t != cell), "")
                value = value.strip()
                if not value or is_dash(value):
                    return None
                if value in L.GRADES:
                    return value
                grade = L.GRADE_SPELLINGS.get(compact(value))
                if grade:
                    self.note("$.reported_grade", "import.grade_read_as", value=value, grade=grade)
                    return grade
                self.note("$.reported_grade", "import.not_a_grade", value=value)
                return None
        return None

    def check_rest(self, end: int, total_row: int | None) -> None:
        """Note rows left unread after the table when it ended without its total row."""
        if total_row is not None:
            return
        g = self.g
        left = [r for r in range(end, self.rows.stop) if not g.blank(r) and not _is_footer(g, r)]
        if left:
            self.note("$.indicators", "import.rows_after_table", row=left[0] + 1, count=len(left))


def _is_heading(text: str) -> bool:
    """Whether a cell left of the table heads a block of rows: `年度绩效目标1（40分）`, `产出指标`."""
    name, points = split_points(compact(text))
    return points is not None or (len(name) <= 30 and ("目标" in name or name.endswith("指标")))


_LEVELS = ("banner", "outer", "level1", "level2")
_SEEN = object()


def _column_name(c: int) -> str:
    name = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        name = chr(65 + rest) + name
    return name


_SECTIONS = ("$.year", "$.project", "$.department", "$.implementer", "$.manager", "$.phone", "$.budget", "$.goals",
             "$.indicators", "$.groups", "$.reported_total", "$.reported_grade")


def _note_order(note: ImportNote) -> int:
    """Notes in the order of the form: header, budget, goals, indicators, total (stable within each)."""
    return next((i for i, section in enumerate(_SECTIONS) if note.path.startswith(section)), len(_SECTIONS))


def forms_from_grid(rows: Sequence[Sequence[str | None]], source: str, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in a table of cells, stacked one under another, each with its header block.

    Args:
        rows: the table as a reader sees it: each merged cell's text repeated in every cell it
            covers, None or "" for empty cells, texts as printed. Rows may differ in length.
        source: the file (or `FILE#sheet`) the rows come from.
        lang: the language of the error raised when no form is found.

    Returns:
        One `ImportedForm` per form, in order; a single form keeps `source`, several are
        `source#1`, `source#2`, …

    Raises:
        FormError: no form is recognisable (no 绩效指标 table).

    >>> forms_from_grid([["项目名称", "培训"]], "a.xlsx")
    Traceback (most recent call last):
    ...
    selfeval_rules.errors.FormError: a.xlsx: $: 没有找到绩效指标表
    """
    grid = _Grid(rows)
    found: list[tuple[dict[str, Any], tuple[ImportNote, ...]]] = []
    for segment in _segments(grid):
        form = _Form(grid, segment)
        data = form.read()
        if data is not None:
            found.append((data, tuple(sorted(form.notes, key=_note_order))))
    if not found:
        raise no_form(source, "import.no_indicator_table", lang)
    if len(found) == 1:
        return [ImportedForm(source, found[0][0], found[0][1])]
    return [ImportedForm(f"{source}#{i}", data, notes) for i, (data, notes) in enumerate(found, 1)]
