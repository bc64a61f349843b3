"""Flat exports: budget systems' one row per indicator, with the project's fields repeated on every row.

`selfeval check FILE.csv|FILE.parquet|FILE.jsonl --flat` reads such a file as a stream of rows and
groups them into forms by project (project name, with the year and department when the file has
those columns). Rows of one project need not be contiguous: a first pass reads only the key
columns and notes each project's last row, so that a project is handed on as soon as its last row
is read — at once when its rows are contiguous (the usual export, read with nothing held back), and
later, held in memory, when they are scattered. Forms come out in the order of their first rows.

Column names are accepted in Chinese or English (`FLAT_COLUMNS`; spaces, case, `_` and `-`, and a
bracketed unit such as `全年预算数（万元）` do not matter). Numbers stay exact: CSV and JSON text is
read as Decimal, Parquet decimals and strings as they are; a float column (Parquet `double`) is read
through each value's shortest decimal text, with a note. A row that cannot be used is reported
with its row number (the spreadsheet's row for CSV, whose header is row 1; the line for JSONL; the
row from 1 for Parquet) and its column, and the batch goes on: the project it belongs to is
reported unusable (a form missing a row would be scored wrong), every other project is checked.
"""

from __future__ import annotations

import csv
import heapq
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from ..errors import DocumentError, FormError, Problem, json_path
from ..messages import Lang, message
from ._documents import Number, number_problem
from .importers.labels import (
    BUDGET_COLUMNS,
    GRADE_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    label_key,
)

FLAT_SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson")


@attrs.frozen
class FormData:
    """A form given as data rather than as a file (a flat export's rows grouped by project).

    Attributes:
        source: how reports name it (`exports/2023.csv:2`, the file and its first row).
        data: the form's fields, as `load_form` takes them.
        origins: JSON path → (file, row, column) of the cell each value came from, for locating problems.
    """

    source: str
    data: Mapping[str, Any]
    origins: Mapping[tuple[str | int, ...], tuple[str, int, int]] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class Unusable:
    """Input found unusable while it was read (a project with a bad row, a row of no project, a file)."""

    source: str
    error: DocumentError

    def __reduce__(self) -> tuple[Any, ...]:
        # An exception pickles by its message alone: this travels between processes by its data.
        return _unusable, (self.source, type(self.error), self.error.source, self.error.problems)


def _unusable(source: str, kind: type[DocumentError], error_source: str, problems: tuple[Problem, ...]) -> Unusable:
    return Unusable(source, kind(error_source, problems))

# field → the column names that mean it. The first of each is the English name the docs give.
# Form fields are repeated on every row of a project; row fields make its indicator.
FORM_COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("project", "project_name", *HEADER_FIELDS["project"]),
    "year": ("year", *HEADER_FIELDS["year"]),
    "department": ("department", *HEADER_FIELDS["department"]),
    "implementer": ("implementer", *HEADER_FIELDS["implementer"]),
    "manager": ("manager", *HEADER_FIELDS["manager"]),
    "phone": ("phone", *HEADER_FIELDS["phone"]),
    "unit": ("unit", "budget_unit", "金额单位", "资金单位"),
    "budget_weight": ("budget_weight", "预算分值", "预算执行率分值", "资金分值"),
    "initial": ("initial", "initial_budget", *BUDGET_COLUMNS["initial"]),
    "annual": ("annual", "annual_budget", *BUDGET_COLUMNS["annual"]),
    "executed": ("executed", *BUDGET_COLUMNS["executed"]),
    "reported_rate": ("reported_rate", "budget_rate", *BUDGET_COLUMNS["rate"]),
    "budget_score": ("budget_score", "budget_reported_score", "预算得分", "预算执行率得分", "预算执行得分", "资金得分"),
    "budget_deviation": ("budget_deviation", "预算偏差原因", "预算执行偏差原因"),
    "expected": ("expected", "goals_expected", "年度总体目标", "预期目标", "年度预期目标"),
    "achieved": ("achieved", "goals_achieved", "年度总体目标完成情况", "总体目标完成情况"),
    "reported_total": ("reported_total", "total", "总分", "自评总分", "总得分"),
    "reported_grade": ("reported_grade", "grade", *GRADE_LABELS),
}
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("level1", *INDICATOR_COLUMNS["level1"]),
    "level2": ("level2", *INDICATOR_COLUMNS["level2"]),
    "name": ("name", "indicator", *INDICATOR_COLUMNS["name"]),
    "target": ("target", *INDICATOR_COLUMNS["target"]),
    "actual": ("actual", *INDICATOR_COLUMNS["actual"]),
    "weight": ("weight", *INDICATOR_COLUMNS["weight"]),
    "reported_score": ("reported_score", "score", *INDICATOR_COLUMNS["reported_score"]),
    "deviation": ("deviation", *INDICATOR_COLUMNS["deviation"]),
    "applicable": ("applicable", "是否适用"),
    "note": ("note", "备注"),
}
FLAT_COLUMNS: dict[str, tuple[str, ...]] = {**FORM_COLUMNS, **ROW_COLUMNS}
KEY_FIELDS = ("project", "year", "department")

NUMBER_FIELDS = frozenset({"budget_weight", "initial", "annual", "executed", "budget_score", "reported_total", "weight",
                           "reported_score"})
# Where each form field goes in the form's document.
FORM_PATHS: dict[str, tuple[str, ...]] = {
    "project": ("project",), "year": ("year",), "department": ("department",), "implementer": ("implementer",),
    "manager": ("manager",), "phone": ("phone",), "unit": ("budget", "unit"), "budget_weight": ("budget", "weight"),
    "initial": ("budget", "initial"), "annual": ("budget", "annual"), "executed": ("budget", "executed"),
    "reported_rate": ("budget", "reported_rate"), "budget_score": ("budget", "reported_score"),
    "budget_deviation": ("budget", "deviation"), "expected": ("goals", "expected"), "achieved": ("goals", "achieved"),
    "reported_total": ("reported_total",), "reported_grade": ("reported_grade",),
}

_EMPTY = frozenset({"", "-", "—", "－", "/", "无"})
_YES = frozenset({"是", "适用", "true", "yes", "y", "1"})
_NO = frozenset({"否", "不适用", "false", "no", "n", "0"})
_YEAR = re.compile(r"^\s*((?:19|20|21)[0-9]{2})\s*(?:年度?)?\s*$")
_BRACKETED = re.compile(r"[(（\[【〔][^()（）\[\]【】〔〕]*[)）\]】〕]")
_AMOUNT_UNITS = ("万元", "千元", "亿元", "元")


def column_key(name: str) -> str:
    """A column name as matched: NFKC, no spaces, `_` or `-`, no bracketed part, case-folded.

    >>> column_key("Budget_Weight"), column_key("全年预算数（万元）"), column_key(" 三级 指标 ")
    ('budgetweight', '全年预算数', '三级指标')
    """
    key = label_key(name)
    key = _BRACKETED.sub("", key) or key
    return key.replace("_", "").replace("-", "").casefold()


def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for field, names in FLAT_COLUMNS.items():
        for name in names:
            key = column_key(name)
            if found.setdefault(key, field) != field:
                raise ValueError(f"the column name {name!r} means both {found[key]} and {field}")
    return found


COLUMN_INDEX = _index()


def _unit_in(name: str) -> str | None:
    """The amount unit a column's name gives in brackets: 全年预算数（万元） → 万元."""
    for part in _BRACKETED.findall(label_key(name)):
        inner = part[1:-1]
        if inner in _AMOUNT_UNITS:
            return inner
    return None


# --- readers: (row number, {column: value}) from each kind of file ---------------------------------

Row = tuple[int, Mapping[str, Any]]
# A reader gives the column names and the rows; with `columns`, only those columns of each row.
Reader = Callable[[list[str] | None], tuple[list[str], Iterator[Row]]]


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (what Chinese Excel and budget systems write)."""
    with open(path, "rb") as stream:
        head = stream.read(1 << 20)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut at the end of the sample
            return "gb18030"
    return "utf-8-sig"


def _csv_rows(path: Path, columns: list[str] | None) -> tuple[list[str], Iterator[Row]]:
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as stream:
        header = next(csv.reader(stream), None)
    names = [h.strip() for h in header or ()]
    wanted = [i for i, n in enumerate(names) if columns is None or n in columns]

    def rows() -> Iterator[Row]:
        with open(path, encoding=encoding, newline="") as stream:
            reader = csv.reader(stream)
            next(reader, None)
            for number, values in enumerate(reader, 2):
                if not any(v.strip() for v in values):
                    continue
                yield number, {names[i]: values[i] if i < len(values) else None for i in wanted}

    return names, rows()


def _jsonl_rows(path: Path, columns: list[str] | None) -> tuple[list[str], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        with open(path, encoding="utf-8-sig") as stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line, parse_float=Number)
                except json.JSONDecodeError as error:
                    yield number, {"\0error": error.msg}
                    continue
                if not isinstance(data, dict):
                    yield number, {"\0error": type(data).__name__}
                    continue
                yield number, data if columns is None else {k: v for k, v in data.items() if k in columns}

    names: list[str] = []
    with open(path, encoding="utf-8-sig") as stream:  # the first object's keys name the columns
        for line in stream:
            if line.strip():
                try:
                    first = json.loads(line, parse_float=Number)
                except json.JSONDecodeError:
                    break
                names = list(first) if isinstance(first, dict) else []
                break
    return names, rows()


def _parquet_rows(path: Path, columns: list[str] | None) -> tuple[list[str], Iterator[Row]]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    names = list(table.schema_arrow.names)

    def rows() -> Iterator[Row]:
        number = 0
        for batch in table.iter_batches(batch_size=4096, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield number, row

    return names, rows()


READERS: dict[str, Callable[[Path, list[str] | None], tuple[list[str], Iterator[Row]]]] = {  # by suffix
    ".csv": _csv_rows, ".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows, ".parquet": _parquet_rows,
}
REQUIRES = {".parquet": ("pyarrow", "parquet")}


# --- cells -----------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        value = Number(repr(value))
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value).strip()
    return None if text in _EMPTY else text


def _number(value: Any) -> Decimal | None:
    """A cell's exact number, None when blank; a number beyond the limits every form number keeps
    (`number_problem`) is refused as the YAML reader refuses it."""
    if isinstance(value, bool):
        raise _Bad("flat.not_number", value=value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        number = Number(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Number(value)
    else:
        text = str(value).strip()
        if text in _EMPTY:
            return None
        try:
            number = Number(text.replace(",", ""))
        except InvalidOperation:
            raise _Bad("flat.not_number", value=text) from None
        if not number.is_finite():
            raise _Bad("flat.not_number", value=text)
    refused = number_problem(number)
    if refused is not None:
        raise _Bad(refused[0], **refused[1])
    return number


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == int(value):
        return int(value)
    text = _text(value)
    if text is None:
        return None
    match = _YEAR.match(text)
    if not match:
        raise _Bad("flat.not_year", value=text)
    return int(match.group(1))


def _boolean(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    if text.casefold() in _YES:
        return True
    if text.casefold() in _NO:
        return False
    raise _Bad("flat.not_boolean", value=text)


def _value(field: str, raw: Any) -> Any:
    if field in NUMBER_FIELDS:
        return _number(raw)
    if field == "year":
        return _year(raw)
    if field == "applicable":
        return _boolean(raw)
    if field == "reported_rate" and isinstance(raw, (int, Decimal, float)) and not isinstance(raw, bool):
        return _number(raw)
    return _text(raw)


# --- grouping rows into forms ----------------------------------------------------------------------


class _Group:
    """The rows of one project read so far."""

    def __init__(self, source: str, file: str, first: int) -> None:
        self.source, self.file, self.first = source, file, first
        self.fields: dict[str, tuple[Any, int, int]] = {}  # form field → (value, row, column) where first given
        self.rows: list[tuple[int, dict[str, tuple[Any, int]]]] = []  # (row, {field: (value, column)})
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], text: str, row: int, column: int) -> None:
        self.problems.append(Problem(json_path(path), text, row, column, self.file))


class FlatFile:
    """One flat export being read: its columns understood, its rows grouped into forms."""

    def __init__(self, file: str, reader: Reader, *, lang: Lang = "zh", note: Callable[[str], None] | None = None) -> None:
        self.file, self.reader, self.lang = file, reader, lang
        self.note = note or (lambda text: None)
        names, rows = reader(None)
        getattr(rows, "close", lambda: None)()
        self.fields: dict[str, str] = {}  # column → field
        self.positions = {name: i + 1 for i, name in enumerate(names)}
        self.unit_from_header: str | None = None
        problems, unused = [], []
        taken: dict[str, str] = {}
        for name in names:
            field = COLUMN_INDEX.get(column_key(name))
            if field is None:
                unused.append(name)
                continue
            if field in taken:
                problems.append(Problem("$", message("flat.duplicate_column", lang, column=taken[field], other=name, field=field)))
                continue
            taken[field] = name
            self.fields[name] = field
            if field in ("initial", "annual", "executed"):
                self.unit_from_header = self.unit_from_header or _unit_in(name)
        if "project" not in taken:
            names_ = "/".join(FORM_COLUMNS["project"][:1] + FORM_COLUMNS["project"][2:3])
            problems.append(Problem("$", message("flat.no_project_column", lang, names=names_)))
        self.problems = problems
        if unused and not problems:
            self.note(message("flat.unknown_columns", lang, path=self.file, columns=", ".join(unused)))
        self.keys = [name for name, field in self.fields.items() if field in KEY_FIELDS]
        self.project_column = taken.get("project")
        self._floats_noted: set[str] = set()

    @classmethod
    def of(cls, path: Path, *, lang: Lang = "zh", note: Callable[[str], None] | None = None) -> FlatFile:
        """A flat export file (its suffix says how to read it)."""
        read = READERS[path.suffix.lower()]
        return cls(str(path), lambda columns: read(path, columns), lang=lang, note=note)

    def _key(self, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The project a row belongs to: its name, and its year and department when the file has them."""
        if _text(values.get(self.project_column)) is None:
            return None
        key = []
        for name in self.keys:
            try:
                key.append(_value(self.fields[name], values.get(name)))
            except _Bad:
                key.append(_text(values.get(name)))
        return tuple(key)

    def _last_rows(self) -> dict[tuple[Any, ...], int]:
        """First pass: each project's last row (only the key columns are read)."""
        last: dict[tuple[Any, ...], int] = {}
        _, rows = self.reader(self.keys)
        for number, values in rows:
            key = self._key(values)
            if key is not None:
                last[key] = number
        return last

    def forms(self) -> Iterator[Any]:
        """The file's forms (`FormData`) and its unusable projects and rows (`Unusable`), in order of first rows."""
        if self.problems:
            yield Unusable(self.file, FormError(self.file, self.problems))
            return
        last = self._last_rows()
        _, rows = self.reader(None)
        groups: dict[tuple[Any, ...], _Group] = {}
        open_firsts: list[tuple[int, tuple[Any, ...]]] = []  # (first row, key) of the groups still open
        ready: list[tuple[int, int, Any]] = []  # (first row, order, item) waiting for earlier groups
        order = 0

        def finished(group: _Group) -> Any:
            if group.problems:
                return Unusable(group.source, FormError(group.source, group.problems))
            data, origins = self._document(group)
            return FormData(group.source, data, origins)

        def release() -> Iterator[Any]:
            while open_firsts and open_firsts[0][1] not in groups:
                heapq.heappop(open_firsts)
            limit = open_firsts[0][0] if open_firsts else math.inf
            while ready and ready[0][0] < limit:
                yield heapq.heappop(ready)[2]

        for number, values in rows:
            order += 1
            if "\0error" in values:
                problem = Problem("$", message("flat.bad_json", self.lang, row=number, reason=values["\0error"]), number, None, self.file)
                heapq.heappush(ready, (number, order, Unusable(f"{self.file}:{number}", FormError(self.file, [problem]))))
                yield from release()
                continue
            key = self._key(values)
            if key is None:
                column = self.positions.get(self.project_column or "", 1)
                problem = Problem("$.project", message("flat.no_project", self.lang, row=number), number, column, self.file)
                heapq.heappush(ready, (number, order, Unusable(f"{self.file}:{number}", FormError(self.file, [problem]))))
                yield from release()
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(f"{self.file}:{number}", self.file, number)
                heapq.heappush(open_firsts, (number, key))
            self._add(group, number, values)
            if last.get(key, number) <= number:
                del groups[key]
                heapq.heappush(ready, (group.first, order, finished(group)))
            yield from release()
        for group in groups.values():  # only when the file changed between the passes
            heapq.heappush(ready, (group.first, 0, finished(group)))
        groups.clear()
        yield from release()

    def _add(self, group: _Group, number: int, values: Mapping[str, Any]) -> None:
        cells: dict[str, tuple[Any, int]] = {}
        for name, raw in values.items():
            field = self.fields.get(name)
            if field is None:
                continue
            column = self.positions.get(name, 0)
            if isinstance(raw, float) and name not in self._floats_noted and not math.isnan(raw):
                self._floats_noted.add(name)
                self.note(message("flat.float_column", self.lang, path=self.file, column=name, example=repr(raw)))
            index = len(group.rows)
            path: tuple[str | int, ...] = FORM_PATHS.get(field, ("indicators", index, field))
            try:
                value = _value(field, raw)
            except _Bad as bad:
                group.problem(path, message(bad.key, self.lang, **bad.params), number, column)
                continue
            if value is None:
                continue
            if field in FORM_PATHS:
                seen = group.fields.get(field)
                if seen is None:
                    group.fields[field] = (value, number, column)
                elif seen[0] != value:
                    group.problem(path, message("flat.differs", self.lang, column=name, value=_shown(value),
                                                expected=_shown(seen[0]), first=seen[1]), number, column)
            else:
                cells[field] = (value, column)
        if cells:
            group.rows.append((number, cells))

    def _document(self, group: _Group) -> tuple[dict[str, Any], dict[tuple[str | int, ...], tuple[str, int, int]]]:
        """A group's form as the form schema has it, and where each value came from."""
        data: dict[str, Any] = {}
        origins: dict[tuple[str | int, ...], tuple[str, int, int]] = {(): (self.file, group.first, 1)}
        for field, (value, number, column) in group.fields.items():
            path = FORM_PATHS[field]
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
                origins.setdefault((*path[: path.index(part) + 1],), (self.file, number, column))
            target[path[-1]] = value
            origins[path] = (self.file, number, column)
        if self.unit_from_header and "budget" in data and "unit" not in data["budget"]:
            data["budget"]["unit"] = self.unit_from_header
        indicators = []
        for index, (number, cells) in enumerate(group.rows):
            origins[("indicators", index)] = (self.file, number, 1)
            row: dict[str, Any] = {}
            for field, (value, column) in cells.items():
                row[field] = value
                origins[("indicators", index, field)] = (self.file, number, column)
            indicators.append(row)
        data["indicators"] = indicators
        origins.setdefault(("indicators",), (self.file, group.first, 1))
        return data, origins


def _shown(value: Any) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def flat_forms(paths: Iterable[str | Path], *, lang: Lang = "zh", note: Callable[[str], None] | None = None) -> Iterator[Any]:
    """The forms of flat exports, grouped by project and streamed, in order of their first rows.

    Args:
        paths: .csv, .parquet or .jsonl files of one row per indicator.
        lang: the language of problems and notes.
        note: called with each note (unused columns, float columns) for the user.

    Yields:
        `FormData` for each project, or `Unusable` for a project with a bad row, a row that
        belongs to no project, or a file that cannot be read.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("项目名称,三级指标,年度指标值,实际完成值,分值,得分\\n甲,人数,≥45人,45人,90,90\\n", encoding="utf-8")
    >>> [item.data["indicators"] for item in flat_forms([path])]
    [[{'name': '人数', 'target': '≥45人', 'actual': '45人', 'weight': 90, 'reported_score': 90}]]
    """
    for given in paths:
        path = Path(given)
        if path.suffix.lower() not in READERS:
            problem = Problem("$", message("check.flat_suffix", lang, path=path))
            yield Unusable(str(path), FormError(str(path), [problem]))
            continue
        try:
            yield from FlatFile.of(path, lang=lang, note=note).forms()
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            problem = Problem("$", message("flat.unreadable", lang, reason=reason))
            yield Unusable(str(path), FormError(str(path), [problem]))


def rows_to_forms(rows: Iterable[Row], names: list[str], source: str, *, lang: Lang = "zh",
                  note: Callable[[str], None] | None = None) -> Iterator[Any]:
    """The forms of rows already in memory (a Dask partition), grouped as `flat_forms` groups a file's.

    Args:
        rows: (row number, {column: value}) pairs.
        names: the column names.
        source: how problems and forms name where the rows came from.
    """
    rows = list(rows)

    def reader(columns: list[str] | None) -> tuple[list[str], Iterator[Row]]:
        if columns is None:
            return names, iter(rows)
        return names, iter([(n, {k: v for k, v in r.items() if k in columns}) for n, r in rows])

    yield from FlatFile(source, reader, lang=lang, note=note).forms()
