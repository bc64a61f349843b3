"""Forms from the text of a PDF: the lines an extractor printed, read back into canonical forms.

Text extracted from a PDF keeps the table's cells but loses its rules, and every extractor prints
them in its own order. The text is read two ways, and the reading that agrees best with itself is
kept (`_quality`: fields found, scores within their weights, weights and scores adding up to the
总分 row, an execution rate matching its amounts; the first reading on a tie):

- a line at a time (`_FormReader`), for text whose lines are the table's rows, as extractors print a
  table whose rows lie close together (the seeds' text): lines are decoded, page furniture dropped,
  labels an extractor split over lines re-joined (项目/负责/人, 绩/效/指/标); then the header fields,
  the 项目资金 block, the 年度总体目标 texts, the 绩效指标 table and 总分 are found by their labels,
  and the table's lines are cut into cells by a least-cost segmentation that follows the header's
  columns (numbers where 分值 and 得分 stand, wrapped lines kept together when as wide as their
  column, a short line ending a cell);
- as a stream of cells printed out of row order (`_textcells`), for what pdfminer.six prints of a
  table printed from a web page (text boxes: a column's cells one under another, band by band),
  pdftotext's blocks, pdfplumber's and PDFium's lines with wrapped cells between other cells' lines,
  and text laid out with spaces (`pdftotext -layout`, pdfplumber's `layout=True`): every token gets
  a column and a row by a beam search, and the cells become the grid `forms_from_grid` reads.

What cannot be decided is left out and noted, never guessed: a row whose columns cannot be told
apart, a cell two readings of the text place differently.

Accepted shapes, for example::

    数量指标 制作线上培训视频 =24期 24期 5.00 5.00
    时效指标 制定方案，通知发布
    定性2023年3月底
    前
    2023年3月底前 5.00 5.00

and, as pdfminer prints a web page's table::

    制作线上培训视频
    开展应急志愿服务实践活动宣传品

    =24期

    =2700套
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ...errors import FormError
from ...messages import Lang
from . import _textcells
from ._textcells import _OPERATORS
from .base import ImportedForm, ImportNote, no_form

__all__ = ["decode", "forms_from_text", "read"]

# --- characters and tokens -----------------------------------------------------------------------

_BLANKS = frozenset({"—", "——", "-", "--", "－", "–", "/", "／", "\\", "、", "…", "……", "——/"})
_NUMBER = re.compile(r"^[+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SENTENCE_END = tuple("。！？!?；;")
_NUMBERING = re.compile(r"^(?:\d+[、.．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十]+[)）])")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _key(text: str) -> str:
    """`text` for matching labels only: NFKC, no spaces, ASCII brackets and colons."""
    return re.sub(r"\s+", "", _nfkc(text))


def _width(text: str) -> int:
    """Columns `text` takes when printed: wide, full-width and ambiguous characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _number(text: str) -> Decimal | None:
    """The Decimal of a printed number (`5.00`, `215,457.6`, full-width digits), or None."""
    plain = _nfkc(text).strip()
    if not _NUMBER.match(plain):
        return None
    try:
        return Decimal(plain.replace(",", "").lstrip("+"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def _is_blank(text: str) -> bool:
    return text.strip() in _BLANKS or not text.strip()


def _is_rate(text: str) -> bool:
    return bool(re.match(r"^\d+(?:\.\d+)?%$", _nfkc(text).strip()))


# --- decoding ------------------------------------------------------------------------------------


def decode(raw: bytes, source: str, *, lang: Lang = "zh") -> str:
    """The text of a `.txt` file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Raises:
        FormError: the file is empty, a PDF or another binary file, or in no known encoding.

    >>> decode("项目名称 法治培训服务".encode("gb18030"), "x.txt")
    '项目名称 法治培训服务'
    """
    if not raw.strip():
        raise no_form(source, "import.text.empty", lang)
    if raw.startswith(b"%PDF"):
        raise no_form(source, "import.text.binary", lang, what="PDF")
    if raw.startswith(codecs.BOM_UTF8):
        candidates: tuple[tuple[bytes, str], ...] = ((raw[3:], "utf-8"),)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ((raw, "utf-16"),)
    else:
        candidates = ((raw, "utf-8"), (raw, "gb18030"))
    for data, encoding in candidates:
        if b"\x00" in data and encoding != "utf-16":
            break
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
        if controls > max(2, len(text) // 200):
            break
        return text
    raise no_form(source, "import.text.binary", lang, what="binary")


# --- lines ---------------------------------------------------------------------------------------

# Page furniture: `_textcells.NOISE`, and a bare number on a line of its own (in text printed a row
# a line, a page number; the cell reader keeps such lines, where a cell may hold a bare number)
_NOISE = [*_textcells.NOISE, re.compile(r"^[-—–]?\s*\d{1,3}\s*[-—–]?$")]

# Labels of the table's left column, which an extractor may split over lines: a character a line
# (年/度/总/体/目/标), or around the value it labels (项目 / 北京市… / 名称).
_FIELD_LABELS = ("项目名称", "主管部门", "实施单位", "项目负责人", "联系电话")
_SECTION_LABELS = (
    "项目资金(万元)", "项目资金(元)", "项目资金(千元)", "项目资金(亿元)", "项目资金",
    "年度总体目标", "绩效指标", "年度绩效目标",
)


def _clean_lines(text: str) -> list[str]:
    """The text's lines, right-stripped, page furniture removed; a form feed is a blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\v", "\n")
    lines = []
    for line in text.split("\n"):
        line = line.rstrip().replace("\u3000", " ").replace("\xa0", " ")
        if any(p.match(line.strip()) for p in _NOISE):
            continue
        lines.append(line)
    return _peel_labels(lines)


def _prefix_len(line: str, label: str) -> int:
    """How many leading characters of `label` `line` starts with, ending at a space or the line's end."""
    best = 0
    for k in range(1, min(len(label), len(line)) + 1):
        if _nfkc(line[k - 1]) != _nfkc(label[k - 1]):
            break
        if k == len(line) or line[k].isspace():
            best = k
    return best


def _peel_labels(lines: list[str]) -> list[str]:
    """Re-join left-column labels an extractor split over consecutive lines.

    A field label's pieces and the lines between them become one line (`项目负责人 谢汉明 联系电话 …`);
    a section label stands on its own line before what its pieces left, or is dropped when it
    only framed text (the 年度/总体/目标 at the start of goal lines).
    """
    out: list[str] = []
    i = 0
    labels = [(label, label in _FIELD_LABELS) for label in _FIELD_LABELS + _SECTION_LABELS]
    while i < len(lines):
        match = None
        for label, is_field in labels:
            match = _match_split_label(lines, i, label, allow_gap=is_field)
            if match:
                end, rests = match
                if is_field:
                    out.append(" ".join([label, *(r for r in rests if r)]))
                else:
                    if label.startswith("项目资金") or not any(rests):
                        out.append(label)
                    out.extend(r for r in rests if r)
                i = end
                break
        if not match:
            out.append(lines[i])
            i += 1
    # A lone remnant of a vertical label cut by a page break ("绩", "年度") carries nothing.
    return [line for line in out if not _is_label_remnant(line)]


def _is_label_remnant(line: str) -> bool:
    key = _key(line)
    return 0 < len(key) < 4 and any(label.startswith(key) for label in ("绩效指标", "年度总体目标"))


def _match_split_label(lines: list[str], start: int, label: str, *, allow_gap: bool) -> tuple[int, list[str]] | None:
    """Where `label` is spread over the starts of lines from `start`: (index after, what is left of each line)."""
    rest = _key(label)
    first = lines[start].strip()
    k = _prefix_len(first, rest)
    if k == 0 or k == len(rest):
        return None
    rests = [first[k:].strip()]
    rest = rest[k:]
    i, gaps, used = start + 1, 0, 1
    while rest and i < len(lines) and used < 12:
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        k = _prefix_len(line, rest)
        if k:
            rest = rest[k:]
            rests.append(line[k:].strip())
            gaps = 0
        elif allow_gap and gaps == 0 and used == 1:
            rests.append(line)
            gaps += 1
        else:
            return None
        used += 1
    if rest or (allow_gap and gaps and len(rests) < 3):
        return None
    return i, rests


# --- forms in a text -----------------------------------------------------------------------------


def _field_value(line: str, label: str) -> str | None:
    """The text after `label` on `line`, up to the next field label; None when the label is not there."""
    key_chars = [(i, ch) for i, ch in enumerate(line) if not ch.isspace()]
    plain = "".join(_nfkc(ch) for _, ch in key_chars)
    at = plain.find(_key(label))
    if at < 0:
        return None
    begin = key_chars[at + len(_key(label)) - 1][0] + 1
    value = line[begin:]
    cut = len(value)
    for other in _FIELD_LABELS:
        if other == label:
            continue
        m = re.search(r"\s*".join(map(re.escape, other)), value)
        if m and m.start() < cut:
            cut = m.start()
    return value[:cut].strip().lstrip(":：").strip()


def _form_starts(lines: list[str]) -> list[int]:
    """Indices where forms start: a 项目名称 line with a new project, or the first after a 总分."""
    starts: list[int] = []
    current: str | None = None
    total_seen = False
    for i, line in enumerate(lines):
        key = _key(line)
        if key.startswith("项目名称"):
            value = _field_value(line, "项目名称") or ""
            if current is None or total_seen or value != current:
                starts.append(_title_above(lines, i, starts[-1] if starts else 0))
                current, total_seen = value, False
        elif key.startswith(("总分", "合计")) and current is not None:
            total_seen = True
    return starts


def _title_above(lines: list[str], at: int, floor: int) -> int:
    """The start of the title block (自评表, 年度) right above line `at`, not before `floor`."""
    start = at
    i = at - 1
    while i >= floor and at - i <= 5:
        key = _key(lines[i])
        if not key or "自评表" in key or re.fullmatch(r"[(]?\d{4}年度?[)]?", key) or "单位:" in key:
            if key:
                start = i
            i -= 1
            continue
        break
    return start


def forms_from_text(text: str, source: str, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in the text of a PDF, as canonical form data with notes.

    The text is read two ways, and the reading that agrees best with itself is kept (see
    `_quality`): a line at a time, a row of the table on each line as most extractors print a
    table whose rows are close together (the seeds' text); and as a stream of cells whose order
    the extractor chose (`_textcells`: pdfminer's text boxes, a column's cells one under another).

    Args:
        text: the text, as an extractor printed it.
        source: the name of the file, for the forms' sources ("FILE", or "FILE#1", "FILE#2", …).
        lang: the language of error messages.

    Returns:
        One ImportedForm per form, in the order they appear.

    Raises:
        FormError: no form can be recognised in the text.

    >>> text = '''项目名称 示例项目
    ... 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
    ... 产出指标 数量指标 培训人数 ≥45人 45人 5.00 5.00
    ... 总分 100.00 95.00'''
    >>> [form] = forms_from_text(text, "x.txt")
    >>> form.data["indicators"][0]["target"], form.data["indicators"][0]["weight"]
    ('≥45人', Decimal('5.00'))
    """
    text = _textcells.unify_radicals(text)
    readings: list[list[ImportedForm]] = []
    failure: FormError | None = None
    try:
        readings.append(_forms_from_lines(text, source, lang))
    except FormError as error:
        failure = error
    if readings and all(_consistent(form) for form in readings[0]):
        return readings[0]  # every row whole, and the 总分 row adds up: nothing to weigh it against
    cells = _forms_from_cells(text, source, lang)
    if cells:
        readings.append(cells)
    if not readings:
        assert failure is not None
        raise failure
    best = _best_reading(readings)  # the line reader's on a tie
    if best is cells:
        # the rows and columns of the cells were inferred from their order, not read: say so, since a
        # self-consistent reading can still put two rows' numbers the wrong way round
        best = [ImportedForm(form.source, form.data, (ImportNote("$", "import.text.cells_inferred", {}),
                                                      *_sums_disagree(form), *form.notes)) for form in best]
    return [_say_no_rows(form) for form in best]


def _sums_disagree(form: ImportedForm) -> tuple[ImportNote, ...]:
    """A note when the rows' scores, as inferred, do not add up to the printed 总分: some row's
    cells are then most likely in another row's place."""
    data = form.data
    rows, reported = data.get("indicators") or [], data.get("reported_total")
    if reported is None or not any(row.get("reported_score") is not None for row in rows):
        return ()
    total, adds_up = _scores_add_up(data)
    if adds_up:
        return ()
    return (ImportNote("$.indicators", "import.text.sums_disagree", {"scores": total, "total": reported}),)


def _scores_add_up(data: dict[str, Any]) -> tuple[Decimal, bool]:
    """The rows' printed scores added up, and whether they add up to the 总分 row
    (`reported_total`), with or without the budget's score."""
    scores = sum((row["reported_score"] for row in data.get("indicators") or []
                  if row.get("reported_score") is not None), Decimal(0))
    budget = (data.get("budget") or {}).get("reported_score") or 0
    return scores, data.get("reported_total") in (scores, scores + budget)


def _say_no_rows(form: ImportedForm) -> ImportedForm:
    """The form, with a note when it has an indicator table's header but not one row was read, and
    no note says why already."""
    if form.data.get("indicators") or any(note.path.startswith("$.indicators") for note in form.notes):
        return form
    return ImportedForm(form.source, form.data, (*form.notes, ImportNote("$.indicators", "import.text.no_rows", {})))


def _forms_from_lines(text: str, source: str, lang: Lang) -> list[ImportedForm]:
    """The forms of a text read a line at a time (each line a row of the table, or part of one)."""
    lines = _clean_lines(text)
    starts = _form_starts(lines)
    if not starts:
        if any(_is_indicator_header(line) for line in lines):
            starts = [0]
        else:
            raise no_form(source, "import.text.no_form", lang)
    bounds = list(zip(starts, [*starts[1:], len(lines)]))
    forms = []
    for n, (a, b) in enumerate(bounds, 1):
        name = source if len(bounds) == 1 else f"{source}#{n}"
        forms.append(_FormReader(lines[a:b]).read(name))
    return forms


def _forms_from_cells(text: str, source: str, lang: Lang, places: _textcells.Places | None = None) -> list[ImportedForm]:
    """The forms of a text read as a stream of cells (`_textcells`), through the grid reader;
    with `places`, where each character was printed (a PDF's text)."""
    from .grid import forms_from_grid

    forms: list[ImportedForm] = []
    for grid, notes in _textcells.read_forms(text, places):
        if not grid:
            continue
        try:
            found = forms_from_grid(grid, source, lang=lang)
        except FormError:
            continue
        extra = tuple(ImportNote(path, code, params) for path, code, params in notes)
        forms += [ImportedForm(form.source, form.data, form.notes + extra) for form in found]
    if len(forms) == 1:
        return [ImportedForm(source, forms[0].data, forms[0].notes)]
    return [ImportedForm(f"{source}#{n}", form.data, form.notes) for n, form in enumerate(forms, 1)]


def _consistent(form: ImportedForm) -> bool:
    """Whether a form read from text holds together: rows with every printed column, no score above
    its weight, the scores adding up to the 总分 row, nothing noted as unreadable in its rows."""
    data = form.data
    rows = data.get("indicators") or []
    reported = data.get("reported_total")
    if not rows or reported is None or not data.get("project"):
        return False
    printed = {key for row in rows for key in ("weight", "reported_score", "level1", "level2") if row.get(key)}
    if "reported_score" not in printed:
        return False
    for row in rows:
        if any(row.get(key) in (None, "") for key in ("name", "target", "actual", *printed)):
            return False
        if "weight" in printed and row["reported_score"] > row["weight"]:
            return False
    if not _scores_add_up(data)[1]:
        return False
    return not any(note.path.startswith("$.indicators") and "ambiguous" in note.code for note in form.notes)


def _quality(forms: Sequence[ImportedForm]) -> float:
    """How well a reading of a text agrees with itself: the fields it found, and the checks a form
    allows (a score within its weight, weights and scores adding up to the 总分 row, an execution
    rate matching its amounts), less what it had to note as unreadable."""
    total = 0.0
    for form in forms:
        data = form.data
        total += sum(1 for key in ("year", "project", "department", "implementer", "manager", "phone") if data.get(key))
        if not data.get("project"):
            total -= 3  # a reading that lost the form's name
        budget = data.get("budget") or {}
        total += sum(1 for key in ("initial", "annual", "executed", "weight", "reported_rate", "reported_score")
                     if budget.get(key) is not None)
        annual, executed, rate = budget.get("annual"), budget.get("executed"), budget.get("reported_rate")
        if (annual and executed is not None and isinstance(rate, str) and _is_rate(rate)
                and abs(executed / annual * 100 - Decimal(_nfkc(rate).rstrip("%"))) <= Decimal("0.1")):
            total += 2
        goals = data.get("goals") or {}
        total += sum(1 for key in ("expected", "achieved") if goals.get(key))
        rows = data.get("indicators") or []
        printed = {key for row in rows for key in ("weight", "reported_score") if row.get(key) is not None}
        left_out = [note.path for note in form.notes if note.code in ("import.text.unsettled", "import.text.ambiguous_row")]
        for i, row in enumerate(rows):
            total += sum(1 for key in ("level1", "level2", "name", "target", "actual", "weight", "reported_score")
                         if row.get(key) not in (None, ""))
            # a row is an indicator when it has what every indicator has; a piece of one is not
            lacking = sum(1 for key in ("name", "target", "actual", *printed) if row.get(key) in (None, ""))
            unsure = sum(3 if path == f"$.indicators[{i}]" else 1 for path in left_out
                         if path == f"$.indicators[{i}]" or path.startswith(f"$.indicators[{i}]."))
            total -= 2 * max(0, lacking - unsure)
            weight, score = row.get("weight"), row.get("reported_score")
            if weight is not None and score is not None and score > weight:
                total -= 3
            if weight is not None and weight > 30:
                total -= 3  # a weight no indicator carries: the 总分 row read as a row
            if any(_textcells.REASON.search(str(row.get(key, ""))) for key in ("name", "target", "actual")):
                total -= 1  # a reason (偏差原因) read into another column
            name = str(row.get("name", ""))
            if re.match(r"^[" + _OPERATORS + r"\d]|^定性", _nfkc(name)):
                total -= 2
            if str(row.get("actual", "")).startswith("定性"):
                total -= 2
        reported = data.get("reported_total")
        if reported is not None:
            total += 2
        if reported is not None and rows and _scores_add_up(data)[1]:
            total += 5
        total -= sum(1 for note in form.notes if "ambiguous" in note.code or "guess" in note.code)
    return total


def _best_reading(readings: Sequence[list[ImportedForm]]) -> list[ImportedForm]:
    """The reading that agrees best with itself (`_quality`): the earliest unless a later one is clearly better."""
    best, score = readings[0], _quality(readings[0])
    for reading in readings[1:]:
        if (q := _quality(reading)) > score + 0.5:
            best, score = reading, q
    return best


def read(path: Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The forms in a `.txt` file holding the text of a PDF (UTF-8, UTF-8 with BOM or GB18030).

    Raises:
        FormError: the file cannot be read, is not text, or holds no recognisable form.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise no_form(str(path), "import.text.unreadable", lang, error=exc.strerror or str(exc)) from None
    return forms_from_text(decode(raw, str(path), lang=lang), str(path), lang=lang)


# --- one form ------------------------------------------------------------------------------------

_INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    # longest first: a column's label is matched once, and shorter labels skip matched spans
    ("单项指标折算得分", "other"), ("单项指标得分", "score"), ("权重占比", "other"), ("指标分值", "weight"),
    ("偏差原因", "deviation"), ("未完成原因", "deviation"), ("原因分析", "deviation"), ("改进措施", "deviation"),
    ("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
    ("年度指标值", "target"), ("年初目标值", "target"), ("年度目标值", "target"), ("预期指标值", "target"),
    ("指标性质", "op"), ("度量单位", "unit"), ("计量单位", "unit"),
    ("实际完成值", "actual"), ("全年完成值", "actual"), ("全年实际值", "actual"), ("实际完成", "actual"),
    ("实际值", "actual"), ("完成值", "actual"), ("目标值", "target"), ("指标值", "target"),
    ("分值", "weight"), ("权重", "weight"), ("得分", "score"),
)
_CANONICAL_ORDER = ("level1", "level2", "name", "op", "target", "unit", "actual", "weight", "score", "other", "deviation")

_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "产出", "效益", "满意度")
_LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标",
    "数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度",
)
_LABELS = frozenset(_LEVEL1) | frozenset(_LEVEL2)
_POINTS = re.compile(r"^(?P<name>.+?)[(](?P<points>\d+(?:\.\d+)?)分[)]$")
_GROUP = re.compile(r"^年度绩效目标\d*$")


def _is_indicator_header(line: str) -> bool:
    key = _key(line)
    return "三级指标" in key or ("一级指标" in key and "二级指标" in key)


class _FormReader:
    """Reads the lines of one form into canonical data and notes."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.notes: list[ImportNote] = []
        self.data: dict[str, Any] = {}

    def note(self, path: str, code: str, **params: Any) -> None:
        self.notes.append(ImportNote(path, code, params))

    def find(self, predicate: Any, start: int = 0, stop: int | None = None) -> int | None:
        for i in range(start, len(self.lines) if stop is None else stop):
            if predicate(_key(self.lines[i])):
                return i
        return None

    def read(self, source: str) -> ImportedForm:
        n = len(self.lines)
        table = self.find(lambda k: "三级指标" in k or ("一级指标" in k and "二级指标" in k))
        goals = self.find(lambda k: k.startswith("年度总体目标") or ("预期目标" in k and "实际完成" in k), 0, table)
        budget = self.find(
            lambda k: k.startswith(("项目资金", "资金情况", "预算执行情况", "资金投入"))
            or "年初预算数" in k or "全年预算数" in k or "预算数(A)" in k,
            0, goals if goals is not None else table,
        )
        ends = [x for x in (budget, goals, table) if x is not None]
        self.read_header(0, min(ends) if ends else n)
        if budget is not None:
            stop = goals if goals is not None else (table if table is not None else n)
            self.read_budget(budget, stop)
        if goals is not None:
            self.read_goals(goals, table if table is not None else n)
        if table is not None:
            self.read_indicators(table, n)
        else:
            self.data["indicators"] = []
            self.note("$.indicators", "import.text.no_table")
        if "project" not in self.data:
            self.note("$.project", "import.text.missing", field="项目名称")
        return ImportedForm(source, self.data, tuple(self.notes))

    # header ---------------------------------------------------------------------------------

    def read_header(self, start: int, stop: int) -> None:
        keys = {"项目名称": "project", "主管部门": "department", "实施单位": "implementer",
                "项目负责人": "manager", "联系电话": "phone"}
        for i in range(start, stop):
            line = self.lines[i]
            key = _key(line)
            m = re.search(r"(\d{4})年度?", key)
            if "year" not in self.data and m and ("自评表" in key or re.fullmatch(r"[(]?\d{4}年度?[)]?", key)):
                self.data["year"] = int(m.group(1))
            for label, field in keys.items():
                if field in self.data or _key(label) not in key:
                    continue
                value = _field_value(line, label)
                if not value:
                    value = self.next_value(i + 1, stop)
                if value and not _is_blank(value):
                    self.data[field] = value

    def next_value(self, start: int, stop: int) -> str | None:
        """The next non-empty line, when it holds no label: the value a label's cell wrapped to."""
        for i in range(start, min(stop, start + 2)):
            line = self.lines[i].strip()
            if line:
                if any(_key(label) in _key(line) for label in _FIELD_LABELS):
                    return None
                return line
        return None

    # budget ---------------------------------------------------------------------------------

    _BUDGET_COLUMNS = (
        ("年初预算数", "initial"), ("全年预算数", "annual"), ("调整后预算数", "annual"), ("预算数", "annual"),
        ("全年执行数", "executed"), ("执行数", "executed"), ("分值", "weight"), ("权重", "weight"),
        ("执行率", "rate"), ("得分", "score"),
    )
    _BUDGET_ROWS = (
        ("年度资金总额", "total"), ("资金总额", "total"), ("合计", "total"),
        ("当年财政拨款", "fiscal"), ("本年财政拨款", "fiscal"), ("财政拨款", "fiscal"),
        ("上年结转资金", "carryover"), ("上年结转", "carryover"), ("结转资金", "carryover"),
        ("中央补助资金", "central"), ("中央补助", "central"), ("中央资金", "central"), ("中央财政", "central"),
        ("省级资金", "provincial"), ("省级财政", "provincial"), ("省级", "provincial"),
        ("市县资金", "local"), ("地方资金", "local"), ("市级资金", "local"), ("县级资金", "local"),
        ("市县", "local"), ("地方", "local"),
        ("其他资金", "other"), ("其它资金", "other"),
    )

    def read_budget(self, start: int, stop: int) -> None:
        budget: dict[str, Any] = {}
        region = self.lines[start:stop]
        text = _key(" ".join(region))
        unit = re.search(r"[(](万元|元|千元|亿元)[)]|单位:(万元|元|千元|亿元)", text)
        if unit is None:
            unit = re.search(r"[(](万元|元|千元|亿元)[)]|单位:(万元|元|千元|亿元)", _key(" ".join(self.lines[:start])))
        if unit:
            budget["unit"] = unit.group(1) or unit.group(2)
        # the columns: the labels before the first row
        rows: list[tuple[str, int, list[str]]] = []
        header_parts: list[tuple[int, str]] = []
        for offset, line in enumerate(region):
            row = self.budget_row(line)
            if row is None:
                if not rows:
                    header_parts.append((offset, line))
                elif rows and all(_number(t) is not None or _is_blank(t) or _is_rate(t) for t in line.split()):
                    rows[-1][2].extend(line.split())  # values wrapped below their label
                continue
            kind, values = row
            rows.append((kind, start + offset, values))
        columns = self.budget_columns(header_parts)
        points = re.search(r"(\d+(?:\.\d+)?)分", "".join(_key(line) for _, line in header_parts))
        if points:
            budget["weight"] = Decimal(points.group(1))
        breakdown: dict[str, Any] = {}
        for kind, _line, values in rows:
            path = "$.budget" if kind == "total" else f"$.budget.breakdown.{kind}"
            cells = self.assign_budget_values(values, columns, path)
            if kind == "total":
                for column, field in (("initial", "initial"), ("annual", "annual"), ("executed", "executed"),
                                      ("weight", "weight"), ("rate", "reported_rate"), ("score", "reported_score")):
                    if cells.get(column) is not None:
                        budget[field] = cells[column]
            else:
                amounts = {c: cells[c] for c in ("initial", "annual", "executed") if cells.get(c) is not None}
                breakdown[kind] = amounts or None
        if breakdown:
            budget["breakdown"] = breakdown
        if budget:
            self.data["budget"] = budget

    def budget_row(self, line: str) -> tuple[str, list[str]] | None:
        """(row kind, value tokens) when `line` is a row of the 项目资金 block."""
        stripped = line.strip()
        key = _key(stripped)
        body = re.sub(r"^其中[:]?", "", key)
        for label, kind in self._BUDGET_ROWS:
            if body.startswith(label):
                # the value tokens follow the label's last character
                tokens = stripped.split()
                taken = ""
                while tokens and len(_key(taken)) < len(re.sub(r"^(其中[:]?)", "", key)[: len(label)]) + (len(key) - len(body)):
                    taken += tokens.pop(0)
                return kind, tokens
        return None

    def budget_columns(self, header_parts: list[tuple[int, str]]) -> list[str]:
        found = _find_columns([line for _, line in header_parts], self._BUDGET_COLUMNS,
                              ("initial", "annual", "executed", "weight", "rate", "score"))
        return found or ["initial", "annual", "executed", "weight", "rate", "score"]

    def assign_budget_values(self, tokens: list[str], columns: list[str], path: str) -> dict[str, Any]:
        """The values of a budget row by column; a row with fewer values than columns is placed by
        their kinds (a percentage is the rate) only where that leaves no doubt."""
        values: list[Any] = []
        for token in tokens:
            if _is_blank(token):
                values.append(None)
            elif _is_rate(token):
                values.append(token)
            elif (number := _number(token)) is not None:
                values.append(number)
            else:
                values.append(token)
        if len(values) > len(columns):
            self.note(path, "import.text.extra_values", values=" ".join(tokens))
            values = values[: len(columns)]
        if len(values) == len(columns):
            return self.typed(dict(zip(columns, values)))
        if "rate" in columns:
            at = next((i for i, v in enumerate(values) if isinstance(v, str) and _is_rate(v)), None)
            if at is not None:
                r = columns.index("rate")
                before, after = values[:at], values[at + 1:]
                cols_before, cols_after = columns[:r], columns[r + 1:]
                result = {"rate": values[at]}
                if len(before) == len(cols_before) and len(after) <= len(cols_after):
                    result.update(zip(cols_before, before))
                    result.update(zip(cols_after, after))
                    return self.typed(result)
        if all(v is None for v in values):
            return {}
        if len(values) <= 3 and path != "$.budget" and all(not isinstance(v, str) for v in values) and len(values) == 3:
            return dict(zip(("initial", "annual", "executed"), values))
        self.note(path, "import.text.ambiguous_values", values=" ".join(tokens), columns=len(columns))
        return {}

    @staticmethod
    def typed(cells: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for column, value in cells.items():
            if column == "rate":
                out[column] = value  # as printed: "99.98%", or a bare number
            elif isinstance(value, str):
                out[column] = None
            else:
                out[column] = value
        return out

    # goals ----------------------------------------------------------------------------------

    def read_goals(self, start: int, stop: int) -> None:
        region = [line for line in self.lines[start:stop]]
        # skip the label and the 预期目标 / 实际完成情况 header
        body: list[str] = []
        header_seen = False
        for line in region:
            key = _key(line)
            if key in ("绩效指标", "年度绩效目标"):
                break
            if not header_seen and (key.startswith("年度总体目标") or key in ("年度总体目标",)):
                rest = line.strip()[len("年度总体目标"):].strip() if key.startswith("年度总体目标") else ""
                if rest and not ("预期目标" in _key(rest)):
                    body.append(rest)
                continue
            if not header_seen and "预期目标" in key:
                header_seen = True
                continue
            body.append(line)
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        if not body:
            return
        expected, achieved = _split_goal_columns(body)
        goals = {}
        if expected:
            goals["expected"] = expected
        if achieved:
            goals["achieved"] = achieved
        if goals:
            self.data["goals"] = goals
        if expected and not achieved:
            self.note("$.goals.achieved", "import.text.goals_one_column")

    # indicators -----------------------------------------------------------------------------

    def read_indicators(self, start: int, stop: int) -> None:
        header = [self.lines[start]]
        i = start + 1
        while i < stop and (not self.lines[i].strip() or _is_header_fragment(self.lines[i])):
            if self.lines[i].strip():
                header.append(self.lines[i])
            i += 1
        columns = _find_columns(header, _INDICATOR_COLUMNS, _CANONICAL_ORDER) or list(_CANONICAL_ORDER)
        if "name" not in columns:
            columns.insert(0, "name")
        total_at = None
        for j in range(i, stop):
            if _key(self.lines[j]).startswith(("总分", "合计", "总计")):
                total_at = j
                break
        body = self.lines[i: total_at if total_at is not None else stop]
        rows = _IndicatorTable([c for c in columns if c not in ("level1", "level2")]).read(body)
        indicators: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        cost_moved = False
        for row in rows:
            item: dict[str, Any] = {}
            if row.group is not None:
                name, points = _split_points(row.group)
                if points is not None and not any(g["name"] == name for g in groups):
                    groups.append({"name": name, "points": points})
                item["group"] = name
            level1 = row.level1
            if level1 is not None:
                name, points = _split_points(level1)
                if points is not None and not any(g["name"] == name for g in groups):
                    groups.append({"name": name, "points": points})
                level1 = name
            if level1 == "成本指标" and row.level2 not in (None, "成本指标"):
                # the newer template's level-1 成本指标 is counted in 产出指标 (see the example forms)
                level1, cost_moved = "产出指标", True
            if level1 is not None:
                item["level1"] = level1
            if row.level2 is not None:
                item["level2"] = _split_points(row.level2)[0]
            item.update(row.cells)
            path = f"$.indicators[{len(indicators)}]"
            for code, params in row.notes:
                self.note(path, code, **params)
            indicators.append(item)
        if cost_moved:
            self.note("$.indicators", "import.text.cost_level1")
        if "weight" not in columns:
            self.note("$.indicators", "import.text.no_weight_column")
        self.data["indicators"] = indicators
        if groups:
            self.data["groups"] = groups
        if total_at is not None:
            self.read_total(total_at, stop, columns, indicators)

    def read_total(self, at: int, stop: int, columns: list[str], indicators: list[dict[str, Any]]) -> None:
        tokens = " ".join(self.lines[at: min(stop, at + 3)]).split()
        numbers = [n for n in (_number(t.lstrip("总分合计：:")) for t in tokens) if n is not None]
        grades = {"优": "优", "良": "良", "中": "中", "差": "差", "优秀": "优", "良好": "良"}
        m = re.search(r"(?:等级|评价结果|自评结果)[:：]?\s*(优秀|良好|[优良中差])", " ".join(self.lines[at:stop]))
        grade = grades[m.group(1)] if m else next((grades[t] for t in tokens if t in grades), None)
        self.data["reported_grade"] = grade
        if len(numbers) >= 2:
            self.data["reported_total"] = numbers[1]
        elif len(numbers) == 1:
            if "weight" not in columns:
                self.data["reported_total"] = numbers[0]
                return
            budget = self.data.get("budget") or {}
            weights = sum((i.get("weight", Decimal(0)) for i in indicators), Decimal(budget.get("weight") or 0))
            scores = sum((i.get("reported_score", Decimal(0)) for i in indicators),
                         Decimal(budget.get("reported_score") or 0))
            if numbers[0] == scores and numbers[0] != weights:
                self.data["reported_total"] = numbers[0]
            else:
                self.note("$.reported_total", "import.text.ambiguous_total", value=str(numbers[0]))


def _split_points(label: str) -> tuple[str, Decimal | None]:
    """`产出指标(50分)` → ("产出指标", Decimal("50")); a label without points → (label, None)."""
    m = _POINTS.match(_nfkc(label).replace(" ", ""))
    if m:
        cut = re.search(r"\s*[(（]\s*\d", label)
        return (label[: cut.start()].strip() if cut else m.group("name")), Decimal(m.group("points"))
    return label, None


def _is_header_fragment(line: str) -> bool:
    """A piece of the indicator table's header wrapped to its own line (`施`, `（A）`, `改进措施`)."""
    labels = "一级指标二级指标三级指标年度指标值实际完成值偏差原因分析及改进措施未完成原因和改进措施年初目标值全年完成值指标性质度量单位"
    tokens = line.split()
    return bool(tokens) and all(
        re.fullmatch(r"[(（][A-Za-zＡ-Ｚ/／]+[)）]", t) or (_key(t) and _key(t) in _key(labels)) for t in tokens
    )


def _find_columns(lines: Sequence[str], table: Sequence[tuple[str, str]], canonical: Sequence[str]) -> list[str]:
    """The columns named in header `lines`, in printed order; an extractor that interleaved a
    wrapped header's lines (a later column on an earlier line) gets the template's order."""
    found: list[tuple[int, int, str]] = []  # (line, position, kind)
    for n, line in enumerate(lines):
        key = _key(line)
        taken = [False] * len(key)
        for label, kind in table:
            start = 0
            while (at := key.find(label, start)) >= 0:
                start = at + 1
                if any(taken[at: at + len(label)]):
                    continue
                for p in range(at, at + len(label)):
                    taken[p] = True
                found.append((n, at, kind))
    if not found:
        return []
    found.sort()
    order: list[str] = []
    for _, _, kind in found:
        if kind not in order:
            order.append(kind)
    rank = {kind: i for i, kind in enumerate(canonical)}
    first_line = {}
    for n, _, kind in found:
        first_line.setdefault(kind, n)
    interleaved = any(
        first_line[a] < first_line[b] and rank[a] > rank[b] for a in first_line for b in first_line
    )
    if interleaved:
        order.sort(key=lambda k: rank[k])
    return order


# --- goals ---------------------------------------------------------------------------------------


def _is_full(width: int, column: int) -> bool:
    return width >= column - 4


def _split_goal_columns(body: list[str]) -> tuple[str | None, str | None]:
    """The 预期目标 and 实际完成情况 texts of the goal block: side by side on each line, or one column
    printed after the other (split where each column's lines keep their own width)."""
    lines = [line.strip() for line in body]
    side = _side_by_side(body)
    if side is not None:
        left, right = side
        return _join_paragraphs(left), _join_paragraphs(right)
    text_lines = [(i, line) for i, line in enumerate(lines) if line]
    if len(text_lines) < 2:
        return (_join_paragraphs([lines[i] for i, _ in text_lines]) or None), None
    best: tuple[float, int] | None = None
    for k in range(1, len(text_lines)):
        a = [line for _, line in text_lines[:k]]
        b = [line for _, line in text_lines[k:]]
        cost = _column_cost(a) + _column_cost(b)
        gap = text_lines[k][0] - text_lines[k - 1][0] > 1
        cost += 0 if gap else 0.5
        if not a[-1].endswith(_SENTENCE_END):
            cost += 1
        if _NUMBERING.match(a[0]) and _NUMBERING.match(b[0]) and _NUMBERING.match(a[0]).group() == _NUMBERING.match(b[0]).group():
            cost -= 1
        if best is None or cost < best[0]:
            best = (cost, k)
    assert best is not None
    k = best[1]
    return _join_paragraphs([line for _, line in text_lines[:k]]), _join_paragraphs([line for _, line in text_lines[k:]])


def _column_cost(lines: list[str]) -> float:
    """How badly `lines` read as one wrapped column: lines narrower than the column that do not end
    a paragraph."""
    widths = [_width(line) for line in lines]
    column = max(widths)
    cost = 0.0
    for i, (line, width) in enumerate(zip(lines, widths)):
        if i == len(lines) - 1:
            continue
        if not _is_full(width, column) and not line.endswith(_SENTENCE_END):
            cost += 1
    return cost


def _side_by_side(body: list[str]) -> tuple[list[str], list[str]] | None:
    """The two goal columns when an extractor printed them side by side on each line, else None."""
    lines = [line.strip() for line in body if line.strip()]
    if len(lines) < 3:
        return None
    candidates: list[list[int]] = []
    for line in lines:
        widths = [_width(line[:m.start()]) for m in re.finditer(r"\s+", line)]
        candidates.append(widths)
    counts: dict[int, int] = {}
    for widths in candidates:
        for w in set(widths):
            for d in range(-3, 4):
                counts[w + d] = counts.get(w + d, 0) + 1
    if not counts:
        return None
    column, hits = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
    if hits < max(3, len(lines) * 0.5) or column < 16:
        return None
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        cut = None
        for m in re.finditer(r"\s+", line):
            if abs(_width(line[:m.start()]) - column) <= 3:
                cut = m
        if cut is not None:
            left.append(line[: cut.start()].strip())
            right.append(line[cut.end():].strip())
        elif _width(line) <= column + 3 and not right or _width(line) <= column + 3:
            left.append(line)
        else:
            right.append(line)
    return left, right


def _join_paragraphs(lines: list[str]) -> str | None:
    """Wrapped lines joined back; a narrow line ending a sentence, or one before a numbered line,
    ends a paragraph."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return None
    column = max(_width(line) for line in lines)
    out = lines[0]
    for prev, line in zip(lines, lines[1:]):
        ends = prev.endswith(_SENTENCE_END)
        if ends and (not _is_full(_width(prev), column) or _NUMBERING.match(line)):
            out += "\n"
        elif prev[-1:].isascii() and prev[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out += " "
        out += line
    return out


# --- the indicator table -------------------------------------------------------------------------


class _Piece:
    """A whitespace-separated piece of a line: its text, width, and how it is separated from the
    previous piece (0 a space, 1 a line break, 2 a blank line)."""

    __slots__ = ("line", "sep", "text", "width")

    def __init__(self, text: str, sep: int, line: int) -> None:
        self.text, self.width, self.sep, self.line = text, _width(text), sep, line

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{'·↵⏎'[self.sep]}{self.text}"


class _Row:
    def __init__(self, level1: str | None, level2: str | None, group: str | None) -> None:
        self.level1, self.level2, self.group = level1, level2, group
        self.cells: dict[str, Any] = {}
        self.notes: list[tuple[str, dict[str, Any]]] = []


_TEXT_KINDS = ("name", "target", "actual", "deviation", "other", "unit")
_NUMERIC_KINDS = ("weight", "score")
_REQUIRED_EMPTY_COST = {"name": 8.0, "target": 4.0, "actual": 4.0, "deviation": 0.0, "other": 0.5, "unit": 1.0,
                        "op": 0.3, "weight": 4.0, "score": 3.0}
_TARGET_LIKE = re.compile(
    r"^(?:定性|定量|[" + _OPERATORS + r"]|[\d０-９]|约|不低于|不少于|不高于|不超过|大于|小于|达到|≥|<=|>=|均|及时|有效|显著|"
    r"提[高升]|明显|合格|完成|按时|按期|\d{4}年)"
)


def _longer_label(lines: list[list[str]], acc: str, line: int, tok: int) -> tuple[str, int, int] | None:
    """`acc` + the first pieces of the next lines, when they make a longer label (社会效益 + 指标)."""
    if tok != len(lines[line]) - 1:
        return None
    best = None
    l2 = line + 1
    while l2 < len(lines) and l2 - line <= 4:
        if not lines[l2]:
            l2 += 1
            continue
        acc += lines[l2][0]
        key = _key(_split_points(acc)[0])
        if key in _LABELS:
            best = (acc, l2, 1)
        if not any(lbl.startswith(key) for lbl in _LABELS) or len(lines[l2]) > 1:
            break
        l2 += 1
    return best


class _IndicatorTable:
    """Cuts the lines of the indicator table into rows of the header's columns."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns

    def read(self, body: list[str]) -> list[_Row]:
        blocks = self.blocks(body)
        rows: list[_Row] = []
        for (level1, level2, group), pieces in blocks:
            if not pieces:
                continue
            for cells, flags in self.segment(pieces):
                row = _Row(level1, level2, group)
                self.fill(row, cells, flags, pieces)
                rows.append(row)
        return rows

    # labels and blocks ----------------------------------------------------------------------

    def blocks(self, body: list[str]) -> list[tuple[tuple[str | None, str | None, str | None], list[_Piece]]]:
        """The table's pieces cut at level labels, each run with the labels in force."""
        context: tuple[str | None, str | None, str | None] = (None, None, None)
        blocks: list[tuple[tuple[str | None, str | None, str | None], list[_Piece]]] = []
        current: list[_Piece] = []
        lines = [line.split() for line in body]
        sep, i = 1, 0
        while i < len(lines):
            tokens = lines[i]
            if not tokens:
                sep, i = 2, i + 1
                continue
            if (
                _is_indicator_header(body[i])
                or (_is_header_fragment(body[i]) and not current)
                or _key(body[i]) in ("绩效指标", "年度总体目标")
            ):
                i += 1  # the header or the vertical label repeated on a page break
                continue
            labels, line, tok = self.take_labels(lines, i)
            if labels:
                if current:
                    blocks.append((context, current))
                current = []
                context = self.apply_labels(labels, *context)
                if tok and line < len(lines):
                    for n, text in enumerate(lines[line][tok:]):
                        current.append(_Piece(text, 0 if n else 1, line))
                sep, i = 1, line + 1 if tok else line
                continue
            for n, text in enumerate(tokens):
                current.append(_Piece(text, 0 if n else sep, i))
            sep, i = 1, i + 1
        if current:
            blocks.append((context, current))
        return blocks

    @staticmethod
    def take_labels(lines: list[list[str]], i: int) -> tuple[list[str], int, int]:
        """The level labels at the start of line `i`, possibly wrapped over lines (`社会效益`/`指标`).

        Returns (labels, line index, token index) of the first piece after them.
        """
        labels: list[str] = []
        line, tok = i, 0
        while line < len(lines):
            acc = ""
            l2, t2 = line, tok
            found = None
            while l2 < len(lines):
                if t2 >= len(lines[l2]):
                    if not lines[l2]:
                        l2 += 1
                        t2 = 0
                        continue
                    break
                acc += lines[l2][t2]
                name = _split_points(acc)[0]
                key = _key(name)
                if key in _LABELS or _GROUP.match(key) or (_POINTS.match(_key(acc)) and key.endswith("指标")):
                    found = (acc, l2, t2 + 1)
                    longer = _longer_label(lines, acc, l2, t2)
                    if longer:
                        found = longer
                    break
                is_prefix = any(lbl.startswith(key) for lbl in _LABELS) or "年度绩效目标".startswith(key[:6])
                if is_prefix and t2 == len(lines[l2]) - 1 and len(key) < 10:
                    l2, t2 = l2 + 1, 0
                    continue
                break
            if not found:
                break
            acc, line, tok = found
            labels.append(acc)
            if tok >= len(lines[line]):
                line, tok = line + 1, 0
                while line < len(lines) and not lines[line]:
                    line += 1
        if not labels:
            return [], i, 0
        return labels, line, tok

    @staticmethod
    def apply_labels(
        labels: list[str], level1: str | None, level2: str | None, group: str | None
    ) -> tuple[str | None, str | None, str | None]:
        rest = []
        for label in labels:
            if _GROUP.match(_key(_split_points(label)[0])):
                group, level1, level2 = label, None, None
            else:
                rest.append(label)
        if len(rest) >= 2:
            return rest[-2], rest[-1], group
        if len(rest) == 1:
            label = rest[0]
            key = _key(_split_points(label)[0])
            if key in _LEVEL2 and key not in _LEVEL1:
                return level1, label, group
            if key in _LEVEL1 and key not in _LEVEL2:
                return label, None, group
            # 成本指标 or 满意度指标: a level 2 under the level 1 of its family, else a level 1
            current = _key(_split_points(level1 or "")[0])
            if key == "成本指标" and current == "产出指标" and level2 is not None and not _key(level2).startswith("成本"):
                return level1, label, group
            if key == "满意度指标" and current == "满意度指标":
                return level1, label, group
            return label, None, group
        return level1, level2, group

    # segmentation ---------------------------------------------------------------------------

    def segment(self, pieces: list[_Piece]) -> list[tuple[list[tuple[int, int]], list[str]]]:
        """The least-cost cut of `pieces` into whole rows; each row as (start, end) per column."""
        n, m = len(pieces), len(self.columns)
        inf = float("inf")
        best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, int]] = {(0, 0): (0.0, None, 0)}
        order = [(i, j) for i in range(n + 1) for j in range(m)]
        for i, j in order:
            state = best.get((i, j))
            if state is None:
                continue
            kind = self.columns[j]
            for length in self.lengths(kind, n - i):
                cost = self.cell_cost(kind, pieces[i: i + length], i, pieces)
                if cost == inf:
                    continue
                nxt = (i + length, (j + 1) % m)
                total = state[0] + cost
                if nxt not in best or total < best[nxt][0] - 1e-9:
                    best[nxt] = (total, (i, j), length)
        if (n, 0) not in best:
            return []
        # walk back
        cuts: list[tuple[int, int, int]] = []
        at: tuple[int, int] | None = (n, 0)
        while at is not None and at != (0, 0):
            _, prev, length = best[at]
            assert prev is not None
            cuts.append((prev[1], prev[0], length))
            at = prev
        cuts.reverse()
        rows: list[tuple[list[tuple[int, int]], list[str]]] = []
        current: list[tuple[int, int]] = []
        for j, start, length in cuts:
            current.append((start, start + length))
            if j == m - 1:
                rows.append((current, []))
                current = []
        return rows

    @staticmethod
    def lengths(kind: str, left: int) -> range:
        if kind in _NUMERIC_KINDS or kind == "op":
            return range(min(1, left) + 1)
        return range(min(24, left) + 1)

    def cell_cost(self, kind: str, cell: list[_Piece], start: int, pieces: list[_Piece]) -> float:
        inf = float("inf")
        if not cell:
            return _REQUIRED_EMPTY_COST.get(kind, 1.0)
        texts = [p.text for p in cell]
        if kind in _NUMERIC_KINDS:
            piece = cell[0]
            if _number(piece.text) is not None:
                return 0.0
            if _is_blank(piece.text):
                return 0.3
            return inf
        if kind == "op":
            return 0.0 if all(ch in _OPERATORS for ch in _nfkc(cell[0].text)) or cell[0].text in _OPERATORS else inf
        cost = 0.0
        if re.match(r"^[》）)」』”’。，、；：！？]", cell[0].text):
            cost += 2.5  # no cell begins with closing punctuation
        if kind != "target" and any(p.text.startswith("定性") for p in cell):
            cost += 3
        column = max(p.width for p in cell)
        for prev, piece in zip(cell, cell[1:]):
            if piece.sep == 0:
                joinable = all(ch in _OPERATORS for ch in prev.text) or re.fullmatch(r"[》）)」』”’。，、；：%]+", piece.text)
                cost += 0.2 if joinable else 1.6
            else:
                if prev.width < column - 3:
                    cost += 2.5  # a narrow line ends its cell
                if piece.sep == 2:
                    cost += 0.3
        text = "".join(texts)
        if kind == "name":
            if re.match(r"^[" + _OPERATORS + r"]", _nfkc(text)) or _number(text) is not None or _is_rate(text):
                cost += 3
            if text.startswith("定性"):
                cost += 3
        elif kind == "target":
            if not _TARGET_LIKE.match(_nfkc(text)) and not _is_blank(text):
                cost += 0.6
        elif kind == "actual":
            if text.startswith("定性"):
                cost += 2
        elif kind == "unit":
            if len(cell) > 1 or len(text) > 6 or _number(text) is not None:
                cost += 2
        elif kind == "deviation":
            cost += 0.1
        if kind in ("target", "actual") and len(cell) == 1 and _number(cell[0].text) is not None:
            cost += 0.05
        return cost

    def fill(self, row: _Row, cells: list[tuple[int, int]], flags: list[str], pieces: list[_Piece]) -> None:
        values: dict[str, str | None] = {}
        empties = []
        for kind, (a, b) in zip(self.columns, cells):
            text = _join_cell(pieces[a:b])
            if not text and _REQUIRED_EMPTY_COST.get(kind, 0) >= 3:
                empties.append(kind)
            values[kind] = text
        raw = " ".join(p.text for p in pieces[cells[0][0]: cells[-1][1]])
        if empties:
            row.notes.append(("import.text.ambiguous_row", {"text": raw, "columns": "、".join(empties)}))
            # which column is empty cannot be told from the row: leave out the columns that could shift
            for kind in ("actual", "weight", "score"):
                values.pop(kind, None)
        # Sichuan's split target: 指标性质 | 指标值 | 度量单位 joined back
        if "op" in values or "unit" in values:
            parts = [values.pop("op", None), values.get("target"), values.pop("unit", None)]
            if values.get("target") and not _is_blank(values["target"] or ""):
                values["target"] = "".join(p for p in parts if p and not _is_blank(p))
        for kind, text in values.items():
            if kind == "other" or text is None or _is_blank(text):
                continue
            if kind in _NUMERIC_KINDS:
                number = _number(text)
                if number is not None:
                    row.cells["weight" if kind == "weight" else "reported_score"] = number
            else:
                row.cells[kind] = text


def _join_cell(pieces: Iterable[_Piece]) -> str:
    out = ""
    prev: _Piece | None = None
    for piece in pieces:
        if prev is not None:
            if piece.sep == 0 or prev.text[-1:].isascii() and prev.text[-1:].isalpha() and piece.text[:1].isascii() and piece.text[:1].isalpha():
                out += " "
        out += piece.text
        prev = piece
    return out.strip()
