"""A form's table read back from text whose extractor printed its cells out of row order.

Text extracted from a PDF printed from an HTML table keeps every cell's text but not where the cell
stood. pdfminer.six's `extract_text` (the seeds' extractor) prints text boxes: a box is a run of
lines close together and aligned, so a box is a run of cells down one column (三级指标 of three rows,
then their 年度指标值, …), or cells side by side on one line, in an order that goes down the page
band by band. pdftotext prints cells a block at a time; pdfplumber and PDFium print lines across the
page, a wrapped cell's lines between other cells' lines. What holds for all of them:

- a column's cells come in the order of their rows (the text goes down the page);
- tokens on one line are cells of one row, left to right;
- a column's header is printed above its first cell, a label (一级指标 产出指标, 项目名称) is one of a
  known vocabulary, and a wrapped cell's lines are as wide as its column.

This module reads such text as a stream of tokens and decodes it, section by section, into the grid
the table importers read (`forms_from_grid`): header labels take the value printed after them, the
项目资金 and 绩效指标 tables are decoded by a beam search that gives every token a column and a row
(least cost: what each column holds, rows that agree with themselves, wrapped lines as wide as their
column), merged level labels take the run of rows around where they were printed, and a deviation
reason the row whose score is below its weight. What the text cannot settle is left out and noted
by the caller, never guessed.

>>> boxes = ['项目名称 示例', '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分', '产出指标 数量指标',
...          '培训人数\\n开展场次', '≥45人\\n=6场', '45人\\n6场', '5.00\\n5.00', '4.00\\n5.00']
>>> rows = grid_from_text('\\n\\n'.join(boxes))  # pdfminer's style: boxes apart by a blank line
>>> rows[-2:]
[['绩效指标', '产出指标', '数量指标', '培训人数', '≥45人', '45人', '5.00', '4.00'], ['绩效指标', '产出指标', '数量指标', '开展场次', '=6场', '6场', '5.00', '5.00']]

Without the blank lines the four numbers could be read down the columns or across the rows, so the
scores are left out (empty) rather than guessed:

>>> [row[-2:] for row in grid_from_text('\\n'.join(boxes))[-2:]]
[['5.00', ''], ['5.00', '']]
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ...messages import display_width
from . import labels as L

__all__ = ["MAX_TOKENS", "NOISE", "REASON", "Places", "could_grow", "label_of", "read_forms", "unify_radicals"]

# --- tokens --------------------------------------------------------------------------------------

#: Page furniture a browser or a viewer prints around a page: dates, URLs, page numbers.
NOISE = [
    re.compile(p)
    for p in (
        r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?$",  # a browser's print date
        r"^(?:file|https?)://\S*(?:\s+\d+\s*/\s*\d+)?$",  # a browser's URL footer, with its page count
        r"^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$",
        r"^共\s*\d+\s*页\s*第\s*\d+\s*页$",
        r"^[-—–]\s*\d{1,3}\s*[-—–]$",  # a page number, "- 2 -"
        r"^\d{1,3}\s*/\s*\d{1,3}$",
        r"^(?:page|Page)\s+\d+(?:\s+of\s+\d+)?$",
    )
]

SPACE, LINE, BLANK, PAGE = 0, 1, 2, 3  # what separates a token from the one before it

#: Radicals a PDF's text layer gives for ideographs whose glyph a font shares with a radical
#: (Noto CJK: 人 read as ⼈ U+2F08, 见 as ⻅ U+2EC5). Nobody types these in a form: they are read
#: back as the ideographs they were printed as. The Kangxi radicals (U+2F00–U+2FD5) are NFKC's;
#: the CJK Radicals Supplement ones that stand for a whole simplified character are listed here.
_RADICALS = str.maketrans({
    "\u2ec5": "见", "\u2ec6": "角", "\u2ec9": "贝", "\u2ecb": "车", "\u2ed3": "长", "\u2ed4": "门", "\u2ed9": "韦",
    "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼",
    "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾", "\u2eec": "齐", "\u2eee": "齿",
    "\u2ef0": "龙", "\u2ef3": "龟", "\u2e9f": "母", "\u2ed8": "青", "\u2ee1": "首", "\u2ec4": "西", "\u2ec1": "虎",
    "\u2eca": "足", "\u2ea0": "民", "\u2edd": "食",
})
_KANGXI = re.compile("[\u2f00-\u2fd5]")


def unify_radicals(text: str) -> str:
    """`text` with the radicals a PDF's text layer put for ideographs read back as the ideographs.

    >>> unify_radicals("培训应急志愿者⼈数，⻣⼲")
    '培训应急志愿者人数，骨干'
    """
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return _KANGXI.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(_RADICALS)


class Token:
    """A whitespace-separated piece of the text, where it stands, and what separates it from the
    piece before it (`SPACE`, `LINE`, `BLANK` a blank line, `PAGE` a page break)."""

    __slots__ = ("box", "box_width", "box_wraps", "first", "glyphs", "key", "last", "line", "line_width", "page", "pos",
                 "sep", "text", "width", "x")

    def __init__(self, text: str, pos: int, line: int, box: int, page: int, sep: int) -> None:
        self.text, self.pos, self.line, self.box, self.page, self.sep = text, pos, line, box, page, sep
        self.key = L.label_key(text)
        self.width = display_width(text)
        self.first = self.last = False
        self.line_width = self.box_width = self.box_wraps = self.x = 0
        #: where each character was printed, (x0, x1, top, bottom) in points, when the text came
        #: with its places (a PDF read by `pdf.py`); None from plain text
        self.glyphs: list[Glyph] | None = None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{' ↵¶§'[self.sep]}{self.text}"


_INLINE = re.compile(
    "^(" + "|".join(re.escape(s) for s in sorted(
        {s for spellings in (*L.HEADER_FIELDS.values(), L.TOTAL_LABELS, L.GRADE_LABELS) for s in spellings}, key=len, reverse=True))
    + r")[:：](.+)$"
)


#: Where a character was printed: (x0, x1, top, bottom), in points from the page's top left.
Glyph = tuple[float, float, float, float]
#: Where the characters of a text were printed: (page, line of the page) → a place for each
#: character of the line (None for a space the extractor added).
Places = dict[tuple[int, int], list["Glyph | None"]]


def tokenize(text: str, places: Places | None = None) -> list[Token]:
    """The tokens of `text`, page furniture left out; a form feed is a page break. With `places`
    (see `Places`) each token knows where its characters were printed."""
    text = unify_radicals(text)
    tokens: list[Token] = []
    line_no = box = 0
    pending = LINE
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for page_no, page in enumerate(pages):
        if page_no:
            pending, box = PAGE, box + 1
        raws = page.split("\n")
        filled = [i for i, raw in enumerate(raws) if raw.strip()]
        ends = {filled[0], filled[-1]} if filled and len(pages) > 1 else set()
        for n, raw in enumerate(raws):
            raw = raw.replace("\u3000", " ").replace("\xa0", " ").rstrip()
            line = raw.strip()
            if n in ends and re.fullmatch(r"\d{1,3}", line):
                continue  # a bare page number, at the top or the foot of a page
            if not line or any(p.match(line) for p in NOISE):
                if not line and pending == LINE and tokens:
                    pending, box = BLANK, box + 1
                continue
            line_no += 1
            start = len(tokens)
            k = 0
            for part in re.finditer(r"\S+", raw):
                pieces = [(part.group(), part.start())]
                inline = _INLINE.match(part.group())
                if inline:  # 项目名称：社区培训, a label and its value in one piece
                    pieces = [(inline.group(1), part.start()), (inline.group(2), part.start() + inline.start(2))]
                for text_, x in pieces:
                    token = Token(text_, len(tokens), line_no, box, page_no, SPACE if k else pending)
                    token.x = x
                    if places is not None:
                        where = places.get((page_no, n), [])[x:x + len(text_)]
                        if len(where) == len(text_) and all(g is not None for g in where):
                            token.glyphs = where  # type: ignore[assignment]
                    tokens.append(token)
                    k += 1
            tokens[start].first = tokens[-1].last = True
            total = display_width(line)
            for token in tokens[start:]:
                token.line_width = total
            pending = LINE
    # a text box's widest line is as wide as its column: lines that wide wrapped (most likely)
    boxes: dict[int, list[Token]] = {}
    for token in tokens:
        boxes.setdefault(token.box, []).append(token)
    for members in boxes.values():
        widths: dict[int, int] = {}
        for token in members:
            widths[token.line] = token.line_width
        widest = max(widths.values())
        lines = sorted(widths)
        wraps = sum(1 for line in lines[:-1] if widths[line] >= widest - 2)
        for token in members:
            token.box_width, token.box_wraps = widest, wraps
    return tokens


# --- labels --------------------------------------------------------------------------------------


def _spellings(table: Any) -> Iterable[tuple[str, str]]:
    for field, spellings in table.items():
        for spelling in spellings:
            yield spelling, field


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict[str, tuple[tuple[str, str], ...]]:
    """Label core (`label_core`) → the (kind, field) it may be, for every label a form prints
    (分值 is a column of the 项目资金 block and of the 绩效指标 table alike)."""
    vocab: dict[str, tuple[tuple[str, str], ...]] = {}

    def add(kind: str, pairs: Iterable[tuple[str, str]]) -> None:
        for spelling, field in pairs:
            core = L.label_core(spelling)
            if not any(k == kind for k, _ in vocab.get(core, ())):
                vocab[core] = vocab.get(core, ()) + ((kind, field),)

    add("level", ((name, name) for name in L.LEVEL_NAMES))
    add("level", ((name, name) for name in ("可持续影响指标", "满意度指标")))
    add("icol", _spellings(L.INDICATOR_COLUMNS))
    add("bcol", _spellings(L.BUDGET_COLUMNS))
    add("brow", _spellings(L.BUDGET_ROWS))
    add("brow", ((prefix + spelling, field) for prefix in ("其中:", "其中") for spelling, field in _spellings(L.BUDGET_ROWS)))
    add("gcol", _spellings(L.GOALS_LABELS))
    add("field", ((s, f) for s, f in _spellings(L.HEADER_FIELDS) if f != "year"))
    add("block", ((s, "budget") for s in L.BUDGET_BLOCK if len(s) >= 4))
    add("block", ((s, "goals") for s in L.GOALS_BLOCK))
    add("block", ((s, "indicators") for s in L.INDICATOR_BLOCK))
    add("total", ((s, "total") for s in L.TOTAL_LABELS))
    add("grade", ((s, "grade") for s in L.GRADE_LABELS))
    return vocab


@functools.lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    out = set()
    for core in _vocabulary():
        for k in range(1, len(core)):
            out.add(core[:k])
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _spelled_prefixes() -> frozenset[str]:
    """Beginnings of the labels as spelled, brackets and all (转移支付（项 of 转移支付（项目）名称)."""
    tables = (L.HEADER_FIELDS, L.BUDGET_COLUMNS, L.BUDGET_ROWS, L.GOALS_LABELS, L.INDICATOR_COLUMNS)
    out = set()
    for table in tables:
        for spellings in table.values():
            for spelling in spellings:
                key = L.label_key(spelling)
                if "(" in key:
                    out.update(key[:k] for k in range(1, len(key)))
    return frozenset(out)


_GROUP = re.compile(r"^年度绩效目标\d*$")
_OPEN_BRACKETS = re.compile(r"[(\[【〔<《][^)\]】〕>》]*$")


def label_of(key: str) -> tuple[tuple[str, str], ...] | None:
    """The (kind, field) pairs a label key may be, or None; a bracketed part may follow
    (`（万元）`, `（40分）`)."""
    if not key or _OPEN_BRACKETS.search(key):
        return None
    core = L.label_core(key)
    if not core:
        return None
    found = _vocabulary().get(core)
    if found:
        return found
    if _GROUP.match(core):
        return (("block", "group"),)
    if any(core.endswith(word) for word in L.TITLE_WORDS):
        return (("title", "title"),)
    if re.fullmatch(r"\(?(?:19|20)\d{2}年度?\)?", key):
        return (("title", "year"),)
    return None


def could_grow(key: str) -> bool:
    """Whether more text after `key` could make a label (`项目` → 项目名称, `预算执行情况（20` → …分）);
    a whole label may still take a bracketed part, which `label_of` of the longer key tells."""
    if key in _spelled_prefixes():
        return True
    bracket = _OPEN_BRACKETS.search(key)
    if bracket:
        head = key[: bracket.start()]
        return label_of(head) is not None or bool(_GROUP.match(L.label_core(head)))
    core = L.label_core(key)
    return core in _prefixes() or (core == key and "年度绩效目标".startswith(key))


_BRACKETS = {
    "level": r"\d+(?:\.\d+)?分?\)?", "block": r"(?:\d+(?:\.\d+)?分?|万元?|元|千元?|亿元?)\)?",
    "icol": r"(?:[A-Z](?:/[A-Z]?)?|%|万元?|元)\)?", "bcol": r"(?:[A-Z](?:/[A-Z]?)?|%|万元?|元)\)?",
    "field": r"(?:盖章|签字|签章|项目|单位)\)?", "brow": r"(?:万元?|元)\)?", "gcol": r"\)?", "total": r"\)?",
}


def _takes_bracket(key: str, part: str) -> bool:
    """Whether the label `key` may go on with the bracketed `part` (`（60分）` after 产出指标, `（A）`
    after 年度指标值, `（20分）` after a 得分)."""
    kinds = label_of(key) or ()
    body = part[1:]
    for kind, field in kinds:
        pattern = _BRACKETS.get(kind, r"[^()]*\)?")
        if kind in ("bcol", "icol") and field in ("score", "reported_score", "weight"):
            pattern = r"(?:\d+(?:\.\d+)?分?|" + pattern[3:]
        if re.fullmatch(pattern, body):
            return True
    return False


def _glued(key: str) -> list[str] | None:
    """The labels a token holds one after another with no space between (`全年执行数（B）分值`), or
    None when it is not such a run of labels."""
    best: dict[int, list[str]] = {0: []}
    for i in range(len(key)):
        if i not in best:
            continue
        for j in range(len(key), i, -1):
            piece = key[i:j]
            if j not in best and label_of(piece) and not _OPEN_BRACKETS.search(piece) and len(L.label_core(piece)) >= 2:
                best[j] = best[i] + [piece]
    found = best.get(len(key))
    return found if found and len(found) >= 2 else None


class Label:
    """A label found in the text: what it may be ((kind, field) pairs: `field`, `bcol`, `icol`,
    `level`, …; the first is the likeliest), the tokens it was printed with, and its text."""

    __slots__ = ("field", "kind", "kinds", "pos", "text", "tokens")

    def __init__(self, kinds: tuple[tuple[str, str], ...], tokens: list[Token]) -> None:
        self.kinds, self.tokens = kinds, tokens
        self.kind, self.field = kinds[0]
        self.pos = tokens[0].pos
        self.text = "".join(t.text for t in tokens)

    def has(self, kind: str) -> str | None:
        """The field this label names as a `kind` label, or None."""
        return next((field for k, field in self.kinds if k == kind), None)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.kind}:{self.text}@{self.pos}>"


def find_labels(tokens: Sequence[Token]) -> tuple[list[Label], list[bool]]:
    """The labels among `tokens`, joined over the lines a narrow cell wrapped them to (`项目`/`名称`,
    `绩效`/`指标 一级`/`指标`), and which tokens they took."""
    taken = [False] * len(tokens)
    found: list[Label] = []
    by_line: dict[int, list[int]] = {}
    for i, token in enumerate(tokens):
        by_line.setdefault(token.line, []).append(i)
    lines = sorted(by_line)
    line_index = {line: n for n, line in enumerate(lines)}

    def following(j: int, chain: list[int]) -> list[int]:
        """Where a label's text may go on after token j: the next token of its line, then the first
        free token of each of the next lines (another cell's line may come between)."""
        out = []
        if j + 1 < len(tokens) and tokens[j + 1].sep == SPACE and not taken[j + 1]:
            out.append(j + 1)
        n = line_index[tokens[j].line] + 1
        while n < len(lines) and lines[n] - tokens[j].line <= 3:
            free = [k for k in by_line[lines[n]] if not taken[k] and k not in chain]
            if free and tokens[free[0]].sep == PAGE:
                break
            if free:
                out.append(free[0])
                # laid-out text: the piece standing under this one (a header cell wrapped to
                # 偏差原因 / 分析及改 / 进措施 while the next cells' labels fill the lines)
                span = (tokens[j].x, tokens[j].x + len(tokens[j].text))
                out += [k for k in free[1:] if tokens[k].x < span[1] and tokens[k].x + len(tokens[k].text) > span[0]][:1]
            n += 1
        return out

    for i, token in enumerate(tokens):
        if taken[i]:
            continue
        if token.first and re.match(r"^(?:注|说明|填表说明|备注)[:：]", unicodedata.normalize("NFKC", token.text)):
            members = by_line[token.line]  # a note under the form: the whole line
            for j in members:
                taken[j] = True
            found.append(Label((("footer", "footer"),), [tokens[j] for j in members]))
            continue
        if token.first and token.last and re.fullmatch(r"\((?:[A-Z]|[A-Z]/[A-Z])\)", token.key):
            taken[i] = True  # （A） of a header label wrapped away from it
            continue
        if re.fullmatch(r"\(\d+(?:\.\d+)?分\)", token.key):  # （60分） of a heading printed apart from it
            taken[i] = True
            found.append(Label((("points", "points"),), [token]))
            continue
        glued = _glued(token.key) if not label_of(token.key) and len(token.key) >= 4 else None
        if glued:  # labels the extractor printed without a space between them
            taken[i] = True
            for piece in glued:
                label = Label(label_of(piece), [token])  # type: ignore[arg-type]
                label.text = piece
                found.append(label)
            continue
        best: list[int] | None = [i] if label_of(token.key) else None
        chain, key = [i], token.key
        while len(chain) < 16 and (could_grow(key) or best):
            for nxt in following(chain[-1], chain):
                grown = key + tokens[nxt].key
                if label_of(key) and not tokens[nxt].key.startswith(("(", "[", "【", "〔", "<", "《")) and (
                    L.label_core(grown) not in _vocabulary() and not could_grow(grown)
                    and not _GROUP.match(L.label_core(grown))
                ):
                    continue  # two labels, not a longer one (年度总体目标 | 项目支出绩效自评表)
                if label_of(key) and tokens[nxt].key.startswith("(") and not _takes_bracket(key, tokens[nxt].key):
                    continue  # 产出指标 takes （60分）, not the （A） of another header
                if could_grow(grown) or label_of(grown):
                    chain.append(nxt)
                    key = grown
                    break
            else:
                break
            if label_of(key):
                best = list(chain)
        if best:
            kinds = label_of("".join(tokens[j].key for j in best))
            assert kinds is not None
            for j in best:
                taken[j] = True
            found.append(Label(kinds, [tokens[j] for j in best]))
    found += _fragments(tokens, taken)
    found.sort(key=lambda label: label.pos)
    # points cut from their heading go back to the nearest heading before them that lacks points
    def pointless(other: Label) -> bool:
        return not re.search(r"[(（]\d+(?:\.\d+)?分[)）]$", other.text)

    for n, label in enumerate(found):
        if label.kind != "points":
            continue
        near = sorted((o for o in found if o.kind != "points"), key=lambda o: (abs(o.pos - label.pos), o.pos > label.pos))
        owner = next((o for o in near if o.field == "group" and pointless(o) and abs(o.pos - label.pos) < 40), None) or next(
            (o for o in near if o.kind == "level" and L.label_core(o.text) in _LEVEL1 and pointless(o)), None)
        if owner is not None:
            owner.text += "（" + L.label_key(label.text).strip("()") + "）"
    return [label for label in found if label.kind != "points"], taken


def _fragments(tokens: Sequence[Token], taken: list[bool]) -> list[Label]:
    """Pieces of labels a page break cut (a merged cell's 服务/对象/满意 on one page, 度指/标 on the
    next): a text box of its own, of narrow lines only, that begins or ends a known label. A piece
    that begins one label only stands for it."""
    boxes: dict[int, list[Token]] = {}
    for token in tokens:
        boxes.setdefault(token.box, []).append(token)
    found = []
    for members in boxes.values():
        if any(taken[t.pos] for t in members) or not all(t.first and t.last for t in members):
            continue
        key = "".join(t.key for t in members)
        if re.fullmatch(r"\(\d+(?:\.\d+)?分\)", key):  # （40分） of a heading cut from it
            for t in members:
                taken[t.pos] = True
            found.append(Label((("points", "points"),), list(members)))
            continue
        group = re.fullmatch(r"(?:年度)?(?:绩效)?目标(\d+)(\(\d+(?:\.\d+)?分\))?", key)
        if group:  # 目标2（40分）, the rest of 年度绩效目标2（40分）
            for t in members:
                taken[t.pos] = True
            label = Label((("block", "group"),), list(members))
            label.text = f"年度绩效目标{group.group(1)}{group.group(2) or ''}"
            found.append(label)
            continue
        if not all(t.width <= 4 for t in members):
            continue
        if len(key) < 2 or label_of(key):
            continue
        completions = [core for core, kinds in _vocabulary().items()
                       if core.startswith(key) and any(k in ("level", "block") for k, _ in kinds)]
        if not completions and not any(core.endswith(key) and len(core) > len(key) for core in _vocabulary()):
            continue
        for t in members:
            taken[t.pos] = True
        label = Label(_vocabulary()[completions[0]] if len(completions) == 1 else (("fragment", "fragment"),),
                      list(members))
        if len(completions) == 1:
            label.text = completions[0]
        found.append(label)
    return found


# --- what a cell holds ---------------------------------------------------------------------------

_OPERATORS = "≥≤=＝═≧≦><＞＜﹦﹥﹤⩾⩽"
_NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DASH_RE = re.compile(r"^[-—–－―─/／\\…⋯.．·]+$")
_UNIT_RE = re.compile(r"^[^\d\s" + _OPERATORS + r"]{1,6}$")


@functools.lru_cache(maxsize=8192)
def shape(text: str) -> str:
    """What a cell's text looks like: dash, num, pct, op, opnum, ding, date, numunit or text.

    >>> [shape(t) for t in ("—", "5.00", "90%", "≥", "≥90%", "定性2023年3月底前", "2023年6月", "24期", "合格")]
    ['dash', 'num', 'pct', 'op', 'opnum', 'ding', 'date', 'numunit', 'text']
    """
    plain = unicodedata.normalize("NFKC", text).strip().strip("“”\"「」")
    if not plain or _DASH_RE.match(plain) or plain in ("无", "N/A"):
        return "dash"
    if _NUMBER_RE.match(plain):
        return "num"
    if re.match(r"^\d+(?:\.\d+)?%$", plain):
        return "pct"
    if all(ch in _OPERATORS for ch in plain) or plain in (">=", "<=", "=>", "=<"):
        return "op"
    if plain[0] in _OPERATORS or plain.startswith(("不低于", "不少于", "不高于", "不超过", "大于", "小于")):
        return "opnum"
    if plain.startswith(("定性", "定量")):
        return "ding"
    if re.search(r"\d{4}\s*年|\d+\s*月|年底|月底", plain):
        return "date"
    if re.match(r"^\d+(?:\.\d+)?\s*[^\d\s]{1,6}$", plain):
        return "numunit"
    return "text"


def _number(text: str) -> Decimal | None:
    plain = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER_RE.match(plain):
        return None
    return Decimal(plain.replace(",", ""))


_INF = float("inf")
#: What each column holds, as a cost for each shape of text (missing: not in this column).
_FIT: dict[str, dict[str, float]] = {
    "name": {"text": 0, "date": 1.5, "numunit": 2, "num": 4, "pct": 4, "opnum": 4, "ding": 3, "dash": 2.5},
    "target": {"text": 0.6, "date": 0.4, "numunit": 0.3, "num": 0.8, "pct": 0.3, "op": 3, "opnum": 0, "ding": 0,
               "dash": 1.5},
    "actual": {"text": 0.5, "date": 0.3, "numunit": 0.1, "num": 0.6, "pct": 0.1, "op": 5, "opnum": 1.5, "ding": 3,
               "dash": 1.0},
    "weight": {"num": 0, "dash": 0.5},
    "score": {"num": 0, "dash": 0.5},
    "op": {"op": 0, "ding": 0.3, "dash": 0.5},
    "value": {"num": 0, "text": 0.6, "date": 0.4, "numunit": 0.8, "pct": 1, "dash": 1},
    "unit": {"text": 0, "pct": 3, "dash": 1},
    "deviation": {"text": 0.8, "date": 1.2, "dash": 1.0, "numunit": 2, "ding": 3},
    "share": {"num": 0, "pct": 0, "dash": 0.5},
    "wscore": {"num": 0, "dash": 0.5},
    "initial": {"num": 0, "dash": 0},
    "annual": {"num": 0, "dash": 0},
    "executed": {"num": 0, "dash": 0},
    "rate": {"pct": 0, "num": 1, "dash": 0},
    "bweight": {"num": 0, "dash": 0},
    "bscore": {"num": 0, "dash": 0},
    "rowlabel": {},
}
#: Columns every row fills; other columns may be empty on a row (op, unit) or belong to no row
#: order (a deviation reason, placed afterwards).
_DENSE = frozenset({"name", "target", "value", "actual", "weight", "score", "share", "wscore", "initial", "annual",
                    "executed", "rate", "bweight", "bscore", "rowlabel"})
_ROWLESS = frozenset({"deviation"})
#: Columns whose cells are one token: a number, a rate, an operator, a unit.
_SINGLE = frozenset({"weight", "score", "share", "wscore", "initial", "annual", "executed", "rate", "bweight", "bscore",
                     "rowlabel", "unit"})
_NUMERIC = frozenset({"weight", "score", "share", "wscore", "initial", "annual", "executed", "rate", "bweight", "bscore"})
#: Words of a reason (偏差原因): a name or a target seldom has them.
REASON = re.compile(r"原因|导致|由于|因为|建议|延迟|推迟|未能|未完成|不足|改进|措施|提升空间|下一步|今后")


def fit(kind: str, text: str) -> float:
    """How unlike a `kind` cell `text` is (0: typical; inf: never)."""
    cost = _FIT[kind].get(shape(text), _INF)
    if kind == "op" and text in ("定", "定性", "定量"):
        cost = 0.3  # 定性 wrapped in a narrow column: 定 / 性
    if kind == "op" and cost < _INF and display_width(text) > 4:
        return _INF
    if kind == "unit" and cost == 0 and (not _UNIT_RE.match(unicodedata.normalize("NFKC", text)) or display_width(text) > 8):
        return _INF
    if kind == "name" and re.match(r"^[》）)」』”’。，、；：！？]", text):
        cost += 2
    if kind in ("deviation", "name", "actual", "target") and shape(text) == "text" and REASON.search(text):
        cost += -0.6 if kind == "deviation" else 0.8
    if kind in ("weight", "score", "bweight", "bscore") and cost == 0:
        number = _number(text)
        if number is not None and number > (30 if kind in ("bweight", "bscore") else 100):
            cost += 3
    return cost


# --- decoding a table ----------------------------------------------------------------------------

_CLOSING = tuple("。，、；：！？）》」』”’)%")
_OPENING = tuple("，、（《「『“‘(")


class Column:
    """A column of a table to decode: what it holds (`_FIT`'s kinds), and where its header was
    printed (no cell of it comes before)."""

    __slots__ = ("header", "kind", "label")

    def __init__(self, kind: str, label: str = "", header: int = -1) -> None:
        self.kind, self.label, self.header = kind, label, header

    @property
    def dense(self) -> bool:
        return self.kind in _DENSE

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.kind}>"


class Cell:
    """A decoded cell: its column (index), row (-1 for a rowless cell) and tokens."""

    __slots__ = ("column", "row", "tokens")

    def __init__(self, column: int, row: int, tokens: list[Token]) -> None:
        self.column, self.row, self.tokens = column, row, tokens

    @property
    def text(self) -> str:
        return join_tokens(self.tokens)

    @property
    def pos(self) -> int:
        return self.tokens[0].pos

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.column}:{self.row} {self.text}>"


def join_tokens(tokens: Sequence[Token], *, paragraphs: bool = False) -> str:
    """A cell's tokens as its text: lines joined without a space (a space between two Latin
    words), tokens of one line with one."""
    out = ""
    prev: Token | None = None
    for token in tokens:
        if prev is not None:
            if token.line == prev.line:
                if not (all(ch in _OPERATORS for ch in prev.text) and token.text[:1].isdigit()):
                    out += " "
            elif paragraphs and prev.text.endswith(("。", "；", ";")) and re.match(
                r"^(?:\d+[、.．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+[、是])", token.text
            ):
                out += "\n"
            elif prev.text[-1:].isascii() and prev.text[-1:].isalnum() and token.text[:1].isascii() and token.text[:1].isalnum():
                out += " "
        out += token.text
        prev = token
    return out


class _State:
    __slots__ = ("box", "boxcol", "closed", "cost", "hist", "holes", "lastcell", "line", "linecol", "linerow",
                 "maxw", "n", "open", "owed", "wrap")

    def copy(self) -> _State:
        new = _State.__new__(_State)
        new.box, new.boxcol, new.closed, new.cost, new.hist = self.box, self.boxcol, self.closed, self.cost, self.hist
        new.line, new.linecol, new.linerow, new.maxw = self.line, self.linecol, self.linerow, self.maxw
        new.n, new.open, new.wrap, new.owed = self.n, self.open, self.wrap, self.owed
        new.lastcell, new.holes = self.lastcell, self.holes
        return new

    def key(self) -> tuple[Any, ...]:
        return (self.n, self.holes, tuple(None if o is None else (o[0], o[1], o[2]) for o in self.open), self.wrap,
                self.linerow, self.linecol, self.boxcol, self.owed, self.lastcell, self.closed)


def _walk(hist: Any) -> list[tuple[Any, ...]]:
    """The steps of a reading, last first."""
    out = []
    while hist is not None:
        out.append(hist)
        hist = hist[0]
    return out


def _deductions(closed: tuple[tuple[str, ...], ...], kinds: Sequence[str], rows: int) -> int:
    """How many of the first `rows` rows score below their weight."""
    weights, scores = closed[kinds.index("weight")][:rows], closed[kinds.index("score")][:rows]
    count = 0
    for weight, score in zip(weights, scores):
        w, p = _number(weight), _number(score)
        if w is not None and p is not None and p < w:
            count += 1
    return count


def _set(values: tuple[Any, ...], i: int, value: Any) -> tuple[Any, ...]:
    return values[:i] + (value,) + values[i + 1:]


@functools.lru_cache(maxsize=65536)
def _pair_cost(kind: str, text: str, other_kind: str, other: str) -> float:
    """How badly two cells of one row agree (score above weight, an actual unlike its target)."""
    if not text or not other:
        return 0.0
    if {kind, other_kind} in ({"value", "actual"}, {"value", "name"}):  # 指标值 of a split target
        kind, other_kind = ("target" if kind == "value" else kind), ("target" if other_kind == "value" else other_kind)
    if {kind, other_kind} == {"weight", "score"} or {kind, other_kind} == {"bweight", "bscore"}:
        weight, score = (text, other) if kind in ("weight", "bweight") else (other, text)
        w, s = _number(weight), _number(score)
        if w is not None and s is not None:
            return 4.0 if s > w else (-0.5 if s == w else 0.0)
        return 0.0
    if {kind, other_kind} == {"target", "actual"}:
        target, actual = (text, other) if kind == "target" else (other, text)
        return _likeness(target, actual)
    if {kind, other_kind} == {"name", "target"}:
        name, target = (text, other) if kind == "name" else (other, text)
        return _suits(name, target)
    if {kind, other_kind} == {"op", "value"}:
        op, value = (text, other) if kind == "op" else (other, text)
        numeric = shape(value) in ("num", "pct")
        if shape(op) == "ding":
            return 1.0 if numeric else -0.2
        return -0.2 if numeric else 1.0
    if {kind, other_kind} == {"value", "unit"}:
        value = text if kind == "value" else other
        return 0.0 if shape(value) == "num" else 1.0
    return 0.0


def _places(text: str) -> int:
    """How many decimals a printed number has."""
    return len(text.partition(".")[2])


def _rate_cost(closed: tuple[tuple[str, ...], ...], row: int, kinds: Sequence[str]) -> float:
    """A budget row whose printed rate is far from its executed / annual amounts."""
    cells = {kinds[c]: closed[c][row] for c in range(len(kinds)) if row < len(closed[c]) and closed[c][row]}
    if not all(k in cells for k in ("rate", "annual", "executed")):
        return 0.0
    annual, executed = _number(cells["annual"]), _number(cells["executed"])
    rate = _number(unicodedata.normalize("NFKC", cells["rate"]).rstrip("%"))
    if annual is None or executed is None or rate is None:
        return 0.0
    if annual == 0:
        return 1.0 if rate else 0.0
    return 0.0 if abs(executed / annual * 100 - rate) <= 1 else 1.0


_NAME_TARGET = (
    (re.compile(r"率|满意度|占比|比例|覆盖"), re.compile(r"%$")),
    (re.compile(r"人数|次数|数量|场次|人次|期数|个数|户数"), re.compile(r"\d\s*(?:人次|人|次|场|期|套|个|户|项|件|篇|本|册)$")),
    (re.compile(r"时间|时限|及时|进度|完成时"), re.compile(r"\d{4}年|\d+月|月底|年底|前$|及时")),
    (re.compile(r"经费|费用|成本|资金|预算"), re.compile(r"元$")),
)


def _suits(name: str, target: str) -> float:
    """Negative when a target is what an indicator's name asks for (合格率 and a percentage)."""
    for words, values in _NAME_TARGET:
        if words.search(name):
            return -0.3 if values.search(unicodedata.normalize("NFKC", target)) else 0.0
    return 0.0


def _unit_of(text: str) -> str:
    match = re.search(r"\d(?:\.\d+)?\s*([^\d\s]{1,6})$", unicodedata.normalize("NFKC", text))
    return match.group(1) if match else ""


def _likeness(target: str, actual: str) -> float:
    """Negative when an actual reads like the answer to its target (same unit, or the same words)."""
    t, a = shape(target), shape(actual)
    if t in ("opnum", "numunit", "pct", "num") and a in ("numunit", "pct", "num"):
        tu, au = _unit_of(target), _unit_of(actual)
        if tu and tu == au:
            return -0.5
        return 0.3 if tu and au else 0.0
    if t in ("ding", "text", "date") and a in ("text", "date"):
        words = {target[i:i + 2] for i in range(len(target) - 1)}
        if not words:
            return 0.0
        shared = sum(1 for i in range(len(actual) - 1) if actual[i:i + 2] in words) / max(1, len(actual) - 1)
        return -0.8 * shared
    if t in ("opnum", "pct", "numunit") and a == "text" and not re.search(r"\d", actual):
        return 0.2
    return 0.0


#: Readings within this cost of the best say the text cannot settle what they disagree on.
_MARGIN = 0.25


def decode_table(
    tokens: Sequence[Token],
    columns: Sequence[Column],
    *,
    forced: dict[int, tuple[int, int]] | None = None,
    extra: dict[int, int] | None = None,
    rows: int | None = None,
    blocky: bool = True,
    beam: int = 96,
    alike: int = 3,
    final: Any = None,
    expect: int | None = None,
    xcols: dict[int, int] | None = None,
    strict: bool = True,
    margin: float = _MARGIN,
    box_columns: bool = False,
) -> Reading | None:
    """The least-cost reading of `tokens` as the cells of `columns`: each token starts a cell of a
    column (the next row of that column) or goes on with one, rows of a column come in order, the
    tokens of one line belong to one row, left to right.

    Args:
        tokens: the table's tokens, labels left out.
        columns: the table's columns, left to right.
        forced: token position → (column, row) for tokens known already (a budget row's label).
        extra: column → how many cells it has beyond the table's rows (the 总分 row's 分值 and 得分).
        rows: the number of rows when known (the 项目资金 block's).
        blocky: the extractor printed text boxes (a box holds one column's cells).
        beam: how many readings are kept at each token.
        alike: how many of them may differ only in the cells they closed.
        final: a function of the cells' texts by column (a tuple of rows each) giving a last cost
            (the 总分 row's sums).
        expect: how many rows the table likely has (from its numbers): a column going past it costs.
        xcols: token position → the column its place on the line puts it in (text laid out).
        strict: the tokens of a line must be one row's, left to right (else that only costs).
        margin: readings costing at most this much more than the best are kept as its rivals.
        box_columns: a weight or score alone on the next line of the same text box is the next
            cell down its column, not the next of its row (two columns of alike numbers, each a box:
            the beam cannot hold every way of interleaving them until the 总分 row would choose).

    Returns:
        The least-cost reading (its cells, cost and rivals), or None when no reading fits.
    """
    forced = forced or {}
    extra = extra or {}
    # pairs of characters the text has inside its tokens: a wrapped word joined back (完 / 善) is one
    bigrams = {t.text[i:i + 2] for t in tokens for i in range(len(t.text) - 1)}
    m = len(columns)
    kinds = [c.kind for c in columns]
    dense = [c.dense for c in columns]
    rowless = [c.kind in _ROWLESS for c in columns]
    single = [c.kind in _SINGLE for c in columns]
    others = [[d for d in range(m) if dense[d] and d != c and kinds[d] != "rowlabel"] for c in range(m)]
    counted = [d for d in range(m) if dense[d] and kinds[d] != "rowlabel"]
    start = _State()
    start.box, start.boxcol, start.cost, start.hist = -1, -1, 0.0, None
    start.closed = tuple(() for _ in columns)
    start.line, start.linecol, start.linerow = -1, -1, None
    start.maxw = start.wrap = tuple(0 for _ in columns)
    start.n = tuple(0 for _ in columns)
    start.open = tuple(None for _ in columns)
    start.owed, start.lastcell = 0, None
    start.holes = tuple(() for _ in columns)
    states = [start]
    by_pos = {t.pos: t for t in tokens}

    def step(s: _State, c: int, r: int, t: Token) -> float:
        """Cells printed one after the other stand side by side: below (a text box down a column)
        or to the right (a line across a row); anything else is a jump to another band."""
        if r < 0 or s.lastcell is None:
            return 0.0
        r1, c1 = s.lastcell
        if kinds[c] in ("weight", "score") and kinds[c1] in ("weight", "score"):
            if box_columns and t.box == s.box and t.line != s.line and t.first and t.last \
                    and not (c == c1 and r == r1 + 1):
                return 4.0
            return 0.0  # number boxes of their own come a row at a time or a column at a time
        if c == c1 and r == r1 + 1:
            return 0.0
        if r == r1 and c > c1:
            return 0.1 * (c - c1 - 1)
        return 0.4

    memo: dict[tuple[Any, ...], tuple[float, tuple[str, ...], int]] = {}

    def closing(closed: tuple[tuple[str, ...], ...], c: int, row: int, text: str, first: str) -> tuple[float, tuple[str, ...], int]:
        """Closing a cell of column c: its cost, column c's texts with it, and a deduction found."""
        key = (id(closed), c, row, text, first)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _closing(closed, c, row, text, first)
        return found

    def _closing(closed: tuple[tuple[str, ...], ...], c: int, row: int, text: str, first: str) -> tuple[float, tuple[str, ...], int]:
        kind = kinds[c]
        cost = 0.0 if kind == "rowlabel" or text == first else fit(kind, text) - fit(kind, first)
        mine = closed[c]
        if row < 0:
            return cost, mine, 0
        owed = 0
        if (kind in _NUMERIC or kind == "value") and shape(text) == "num":
            places = _places(text)
            if any(shape(other) == "num" and _places(other) != places for other in mine):
                # a column's numbers are printed alike (5.00, not 5; a zero amount may be 0.00)
                cost += 0.2 if kind in ("initial", "annual", "executed") else 0.6
        if len(mine) < row:
            mine = mine + ("",) * (row - len(mine))
        mine = mine[:row] + (text,) + mine[row + 1:]
        rate_checked = False
        for d in range(m):
            if d == c or row >= len(closed[d]):
                continue
            other = closed[d][row]
            cost += _pair_cost(kind, text, kinds[d], other)
            if not rate_checked and kind in ("rate", "annual", "executed") and kinds[d] in ("rate", "annual", "executed"):
                rate_checked = True
                cost += _rate_cost(_set(closed, c, mine), row, kinds)
            if {kind, kinds[d]} == {"weight", "score"}:
                w, p = (text, other) if kind == "weight" else (other, text)
                wn, pn = _number(w), _number(p)
                if wn is not None and pn is not None and pn < wn:
                    owed += 1  # a deduction: its reason may follow
        return cost, mine, owed

    xcols = xcols or {}
    for t in tokens:
        memo.clear()
        moves: list[tuple[float, int, int, int, bool, int]] = []  # cost, state, column, row, new cell, owed
        starts = [fit(kind, t.text) for kind in kinds]
        placed = xcols.get(t.pos)
        if placed is not None:  # a token laid out under another column's header
            starts = [cost + (0.0 if c == placed else 4.0) for c, cost in enumerate(starts)]
        startable = [c for c in range(m) if starts[c] < _INF and not (forced and kinds[c] == "rowlabel")]
        for si, s in enumerate(states):
            # the furthest and the least advanced of the dense columns, and the runners-up
            ns = sorted((s.n[d], d) for d in counted)
            top, top2 = (ns[-1] if ns else (0, -1)), (ns[-2] if len(ns) > 1 else (0, -1))
            low, low2 = (ns[0] if ns else (0, -1)), (ns[1] if len(ns) > 1 else (0, -1))
            new_line = t.line != s.line
            linerow = None if new_line else s.linerow
            linecol = -1 if new_line else s.linecol
            new_box = t.box != s.box
            boxcol = -1 if new_box else s.boxcol
            if t.pos in forced:
                c, r = forced[t.pos]
                if r < s.n[c] or (linerow is not None and (r != linerow or c <= linecol)):
                    continue
                moves.append((s.cost + 0.3 * (r - s.n[c]) + step(s, c, r, t), si, c, r, True, 0))
                continue
            open_cols = [c for c in range(m) if s.open[c] is not None and not single[c]]
            for c in (startable if not open_cols else sorted(set(startable) | set(open_cols))):
                kind = kinds[c]
                # go on with the open cell of column c
                cell = s.open[c]
                if cell is not None and not single[c]:
                    row, text, last_pos, last_line, last_w, max_w, first, box = cell
                    cost = _INF
                    if t.line == last_line and t.pos == last_pos + 1:
                        joinable = all(ch in _OPERATORS for ch in text) or t.text.startswith(_CLOSING)
                        cost = 0.2 if joinable else 1.6
                    elif t.line > last_line and (by_pos[last_pos].last or not blocky) and (
                        new_line or (linerow == row and c > linecol)
                    ) and (linerow is None or linerow == row):
                        wrap = s.wrap[c]
                        cost = 0.3 if blocky or wrap else 0.8
                        if shape(t.text) in ("num", "pct", "opnum", "numunit", "ding", "op"):
                            cost += 2.0  # a whole value of its own, not the rest of a wrapped cell
                        prev_token = by_pos[last_pos]
                        if wrap:
                            if abs(last_w - wrap) > 2:
                                cost += 2.2
                            else:
                                cost -= 0.3
                            if t.width > wrap + 2 and t.last:
                                cost += 1.5
                        elif last_w < max(s.maxw[c], max_w) - 3:
                            cost += 2.5  # a line narrower than its column ends its cell
                        if t.box == box and blocky:
                            if prev_token.line_width < prev_token.box_width - 2:
                                cost += 2.0  # narrower than its text box: the cell ended there
                            elif prev_token.box_wraps >= 2 or (prev_token.box_wraps == 1 and len(t.text) <= 3):
                                cost -= 0.5  # a box whose lines wrap at one width
                        if t.text.startswith(_CLOSING):
                            cost -= 0.8
                        elif text[-1:] + t.text[:1] in bigrams:
                            cost -= 0.3  # the join makes a word the text has elsewhere
                        if text.endswith(_OPENING):
                            cost -= 0.3
                        elif text.endswith(("。", "！", "？")):
                            cost += 1.0  # a sentence ended: so did the cell, most likely
                        if blocky and t.box != box:
                            cost += 0.8 if t.sep == PAGE else 1.5
                    if cost < _INF:
                        if placed is not None and placed != c:
                            cost += 4.0
                        moves.append((s.cost + cost, si, c, row, False, 0))
                # a new cell of column c
                base = starts[c]
                if base == _INF:
                    continue
                if rowless[c]:
                    options = [-1]
                elif dense[c]:
                    options = [s.n[c]]
                    if s.holes[c]:
                        options.append(s.holes[c][0])  # a band of this column printed late
                    elif not forced and s.lastcell is not None and s.n[c] < s.lastcell[0] <= s.n[c] + 12 \
                            and s.lastcell[1] != c:
                        options.append(s.lastcell[0])  # a row printed across while this column lags
                    if not s.holes[c] and kind in ("target", "actual") and not forced and base < 1.0:
                        # a band printed early: a row further down whose other cells this token matches
                        for r in range(s.n[c] + 1, s.n[c] + 7):
                            match = 0.0
                            for d in range(m):
                                if d == c:
                                    continue
                                other = s.closed[d][r] if r < len(s.closed[d]) else ""
                                if s.open[d] is not None and s.open[d][0] == r:
                                    other = s.open[d][1]
                                if other:
                                    match += _pair_cost(kind, t.text, kinds[d], other)
                            if match <= -0.3 and r not in options:
                                options.append(r)
                else:  # 指性质 and 度量单位 of a split target: empty on 定性 rows
                    frontier = max((s.n[d] for d in range(m) if dense[d]), default=0)
                    options = [r for r in range(s.n[c], max(s.n[c], frontier) + 1)][:12]
                closing_cost = None
                for r in options:
                    crossed = linerow is not None and (c <= linecol or (r >= 0 and r != linerow))
                    if crossed and strict:
                        continue
                    if rows is not None and r >= rows + extra.get(c, 0):
                        continue
                    cost = base + (3.0 if crossed else 0.0)
                    if dense[c] and r > s.n[c]:
                        cost += 0.4 + 0.1 * (r - s.n[c])  # rows left for later
                    elif r > s.n[c]:
                        cost += 0.15 * (r - s.n[c])  # rows without one
                    if columns[c].header > t.pos:
                        cost += 3.0
                    if rowless[c]:
                        cost += -0.3 if s.owed > 0 else 0.5
                    if blocky and not new_box and new_line and boxcol not in (-1, c):
                        cost += 1.0  # the lines of a text box are one column's
                    if t.text.startswith(_CLOSING) and kind not in ("weight", "score", "unit", "op"):
                        cost += 1.0
                    if kind in ("name", "target", "actual", "deviation") and t.width <= 2 and t.last:
                        cost += 1.0  # a cell of one character is a wrapped cell's last line
                    if dense[c] and r >= 0 and kind not in ("name", "rowlabel") and others[c] and r >= max(
                            (top2 if top[1] == c else top)[0], linerow if linerow is not None else -1):
                        cost += 0.4  # a row begins with its name, not with a number on its right
                    if expect is not None and dense[c] and r >= expect + extra.get(c, 0):
                        cost += 2.5  # more rows than the table's numbers allow
                    # one column far ahead of the others; but a text box of one cell a line goes on
                    # down its column however long (a table printed a column at a time)
                    down_a_box = t.box == s.box and t.first and t.last and s.lastcell is not None \
                        and s.lastcell == (r - 1, c)
                    if dense[c] and r >= 0 and others[c] and not down_a_box:
                        lag = (low2 if low[1] == c else low)[0]
                        if r > lag + 20:
                            cost += 0.5 * (r - lag - 20)
                    if closing_cost is None:
                        open_cell = s.open[c]
                        closing_cost = 0.0
                        if open_cell is not None:
                            closing_cost = closing(s.closed, c, open_cell[0], open_cell[1], open_cell[6])[0]
                    moves.append((s.cost + cost + closing_cost + step(s, c, r, t), si, c, r, True, 0))
        if not moves:
            return None
        moves.sort(key=lambda move: move[0])
        candidates: dict[tuple[Any, ...], _State] = {}
        for total, si, c, r, new, _ in moves[: beam * 3]:
            s = states[si]
            nxt = s.copy()
            nxt.cost = total
            if new:
                cell = s.open[c]
                if cell is not None:
                    _, mine, owed = closing(s.closed, c, cell[0], cell[1], cell[6])
                    nxt.closed = _set(nxt.closed, c, mine)
                    nxt.owed += owed
                if rowless[c] and nxt.owed > 0:
                    nxt.owed -= 1
                if r >= 0:
                    holes = s.holes[c]
                    if holes and r == holes[0]:
                        nxt.holes = _set(nxt.holes, c, holes[1:])
                    else:
                        if dense[c] and r > s.n[c]:
                            nxt.holes = _set(nxt.holes, c, tuple(range(s.n[c], r)))
                        nxt.n = _set(nxt.n, c, r + 1)
                    nxt.lastcell = (r, c)
                nxt.open = _set(nxt.open, c, (r, t.text, t.pos, t.line, t.width, t.width, t.text, t.box))
                if single[c]:  # nothing goes on with it: check it against its row now
                    cost, mine, owed = closing(nxt.closed, c, r, t.text, t.text)
                    nxt.cost += cost
                    nxt.closed = _set(nxt.closed, c, mine)
                    nxt.owed += owed
                    nxt.open = _set(nxt.open, c, None)
                nxt.maxw = _set(nxt.maxw, c, max(nxt.maxw[c], t.width))
                row = r
            else:
                row, text, last_pos, last_line, last_w, max_w, first, box = s.open[c]
                same_line = t.line == last_line
                width_now = last_w + 1 + t.width if same_line else t.width
                joined = text + (" " if same_line else "") + t.text
                nxt.open = _set(nxt.open, c, (row, joined, t.pos, t.line, width_now, max(max_w, width_now), first, t.box))
                if not same_line and not s.wrap[c]:
                    nxt.wrap = _set(nxt.wrap, c, last_w)
                nxt.maxw = _set(nxt.maxw, c, max(nxt.maxw[c], width_now))
            nxt.hist = (nxt.hist, t.pos, c, r if new else row, new)
            new_line = t.line != s.line
            nxt.line, nxt.linecol, nxt.box = t.line, c, t.box
            nxt.linerow = (row if row >= 0 else (None if new_line else s.linerow))
            nxt.boxcol = c if (t.box != s.box or s.boxcol == -1) else s.boxcol
            key = nxt.key()
            have = candidates.get(key)
            if have is None or nxt.cost < have[1].cost:
                candidates[key] = (key, nxt)
        # keep the best readings, at most `alike` of those with the same future (counts, open cells)
        kept: dict[tuple[Any, ...], int] = {}
        states = []
        for key, s in sorted(candidates.values(), key=lambda item: item[1].cost):
            future = key[:-1]
            if kept.get(future, 0) < alike:
                kept[future] = kept.get(future, 0) + 1
                states.append(s)
                if len(states) >= beam:
                    break

    finals: list[tuple[float, _State]] = []
    for s in states:
        cost = s.cost
        closed = s.closed
        for c in range(m):
            cell = s.open[c]
            if cell is not None:
                extra_cost, mine, _ = closing(closed, c, cell[0], cell[1], cell[6])
                cost += extra_cost
                closed = _set(closed, c, mine)
        counts = [s.n[c] - extra.get(c, 0) for c in range(m) if dense[c] and kinds[c] != "rowlabel"]
        target = rows if rows is not None else max(counts, default=0)
        cost += sum(3.0 * abs(target - n) for n in counts)
        cost += sum(3.0 * len(holes) for holes in s.holes)
        if any(rowless) and "weight" in kinds and "score" in kinds:  # a deduction has its reason
            reasons = sum(1 for node in _walk(s.hist) if rowless[node[2]] and node[4])
            cost += 0.5 * abs(reasons - _deductions(closed, kinds, target))
        for c in range(m):
            if not dense[c] and not rowless[c] and s.n[c] > target:
                cost += 3.0 * (s.n[c] - target)
        if final is not None:
            cost += final(closed, target)
        finals.append((cost, s))
    if not finals:
        return None
    finals.sort(key=lambda item: item[0])
    best_cost = finals[0][0]
    readings = [_cells_of(s.hist, by_pos) for cost, s in finals if cost <= best_cost + margin]
    return Reading(readings[0], best_cost, readings[1:])


class Reading:
    """A decoded table: its cells, the reading's cost, and the readings that cost about as much
    (what they disagree on, the text cannot settle)."""

    __slots__ = ("cells", "cost", "rivals")

    def __init__(self, cells: list[Cell], cost: float, rivals: list[list[Cell]]) -> None:
        self.cells, self.cost, self.rivals = cells, cost, rivals

    def unsettled(self, most: int = 4) -> set[tuple[int, int]]:
        """(column, row) of the cells whose text a rival reading gives otherwise: a few cells the
        text leaves open (a rival that reads much of the table otherwise is not one)."""
        mine = {(c.column, c.row): c.text for c in self.cells if c.row >= 0}
        out: set[tuple[int, int]] = set()
        for rival in self.rivals:
            theirs = {(c.column, c.row): c.text for c in rival if c.row >= 0}
            differ = {key for key in set(mine) | set(theirs) if mine.get(key, "") != theirs.get(key, "")}
            if len(differ) <= most:
                out |= differ
        return out


def _has_total(cells: Sequence[Cell], columns: Sequence[Column], extra: dict[int, int]) -> bool:
    """Whether a reading gives the 总分 row its numbers: every summed column holds one cell more than
    the table's rows."""
    texts, n = _columns_of(cells, len(columns), extra)
    return all(len(texts[c]) == n + 1 and texts[c][n] for c in extra)


def _columns_of(cells: Sequence[Cell], m: int, extra: dict[int, int]) -> tuple[tuple[tuple[str, ...], ...], int]:
    """A reading's cells as each column's texts by row ("" where a row has none), and its number of
    rows (the most cells a column holds, less the 总分 row's)."""
    by_column: list[dict[int, str]] = [{} for _ in range(m)]
    for cell in cells:
        if cell.row >= 0:
            by_column[cell.column][cell.row] = cell.text
    texts = tuple(tuple(column.get(r, "") for r in range(max(column, default=-1) + 1)) for column in by_column)
    n = max((len(texts[c]) - extra.get(c, 0) for c in range(m) if texts[c]), default=0)
    return texts, n


def _cells_of(hist: Any, by_pos: dict[int, Token]) -> list[Cell]:
    """The cells of a reading, from its steps."""
    order: list[Cell] = []
    steps = []
    node = hist
    while node is not None:
        node, pos, c, r, new = node
        steps.append((pos, c, r, new))
    current: dict[int, Cell] = {}
    for pos, c, r, new in reversed(steps):
        token = by_pos[pos]
        if new or c not in current:
            cell = Cell(c, r, [token])
            current[c] = cell
            order.append(cell)
        else:
            current[c].tokens.append(token)
    return order


# --- a form: sections -----------------------------------------------------------------------------

_LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标", "产出", "效益", "满意度"})
_PARENT = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济成本指标": "产出指标", "社会成本指标": "产出指标", "生态环境成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标", "满意度指标": "满意度指标",
}
#: The most tokens an indicator table printed out of row order is decoded from (100 rows of eight
#: cells; published forms have up to about 60 rows). The beam search's time grows with the table's
#: tokens times its rows (800 tokens: about 5 s), so a longer table is left unread, with a note,
#: rather than waited on.
MAX_TOKENS = 800

_FIELD_OF = {"name": "name", "target": "target", "op": "target", "value": "target", "unit": "target",
             "actual": "actual", "weight": "weight", "score": "reported_score", "share": "weight_share",
             "wscore": "reported_weighted_score", "deviation": "deviation"}
_INDICATOR_KINDS = {"name": "name", "target": "target", "operator": "op", "unit": "unit", "actual": "actual",
                    "weight": "weight", "reported_score": "score", "deviation": "deviation", "weight_share": "share",
                    "reported_weighted_score": "wscore"}
_BUDGET_KINDS = {"initial": "initial", "annual": "annual", "executed": "executed", "weight": "bweight", "rate": "rate",
                 "score": "bscore"}


def split_forms(tokens: Sequence[Token], found: Sequence[Label]) -> list[tuple[int, int]]:
    """(first, last + 1) token positions of each form: a form starts at its title, or at its
    项目名称 label."""
    projects = [label for label in found if label.has("field") == "project"]
    if len(projects) <= 1:
        return [(0, len(tokens))]
    starts = []
    previous = 0
    for label in projects:
        start = label.pos
        titles = [t for t in found if t.kind == "title" and previous <= t.pos < label.pos]
        if titles:
            start = min(start, titles[0].pos)
        starts.append(start)
        previous = label.pos + 1
    starts[0] = 0
    return list(zip(starts, [*starts[1:], len(tokens)]))


class _FormText:
    """The tokens and labels of one form, and the grid they decode into."""

    def __init__(self, tokens: Sequence[Token], found: Sequence[Label], taken: Sequence[bool], blocky: bool,
                 laid_out: bool = False) -> None:
        self.tokens, self.labels, self.blocky, self.laid_out = list(tokens), list(found), blocky, laid_out
        self.free = [t for t in tokens if not taken[t.pos]]
        self.rows: list[list[str]] = []
        self.budget_numbers: dict[str, Decimal] = {}
        self.header_tokens: set[int] = set()
        self.notes: list[tuple[str, str, dict[str, Any]]] = []  # (JSON path, message code, parameters)

    def grid(self) -> list[list[str]]:
        labels = self.labels
        indicator = next((lb.pos for lb in labels if lb.has("icol") in ("level1", "level2", "name", "target", "operator",
                                                                       "actual", "unit")
                          and not lb.has("gcol") and not lb.has("bcol")), None)
        end = self.tokens[-1].pos + 1 if self.tokens else 0
        if indicator is None:
            indicator = end
        budget = next((lb.pos for lb in labels if lb.pos < indicator and (
            lb.has("bcol") in ("initial", "annual", "executed", "rate") or lb.has("brow"))), None)
        goals = next((lb.pos for lb in labels if lb.pos < indicator and lb.has("gcol") and not lb.has("icol")), None)
        header_end = min(x for x in (budget, goals, indicator) if x is not None)
        self.read_title()
        self.read_header(header_end, indicator)
        self.free = [t for t in self.free if t.pos not in self.header_tokens]
        budget_values: set[int] = set()
        if budget is not None:
            budget_values = self.read_budget(budget, indicator)
        carried = self.goal_text_carried(indicator, end)
        self.read_goals(header_end, indicator, budget_values, carried)
        self.free = [t for t in self.free if t.pos not in {c.pos for c in carried}]
        self.read_indicators(indicator, end)
        return self.rows

    def goal_text_carried(self, start: int, end: int) -> list[Token]:
        """Goal text a page break carried past the 绩效指标 table's header: the text boxes right after
        the header that are paragraphs (wide lines of sentences), not cells."""
        carried: list[Token] = []
        if not self.blocky:
            return carried
        boxes: dict[int, list[Token]] = {}
        for t in self.free:
            if start <= t.pos < end:
                boxes.setdefault(t.box, []).append(t)
        for members in boxes.values():
            lines = {t.line for t in members}
            text = "".join(t.text for t in members)
            if len(lines) >= 3 and members[0].box_width >= 24 and len(re.findall(r"[，。；、]", text)) >= 3:
                carried += members
            else:
                break
        return carried

    # title and header -------------------------------------------------------------------------

    def read_title(self) -> None:
        for label in self.labels:
            if label.kind == "title":
                self.rows.append([label.text])

    def read_header(self, stop: int, limit: int) -> None:
        """Header fields: a label takes the value printed right after it (wherever it stands, up to
        the 绩效指标 table at `limit`); labels printed in a column of their own take the values left
        before the 项目资金 block (`stop`), in order."""
        items: list[tuple[int, str, Any]] = []  # (pos, "label"/"value", label or tokens)
        for label in self.labels:
            if label.pos < limit:
                items.append((label.pos, "label", label))
        unit: list[Token] = []
        for token in self.free:
            if token.pos >= limit:
                break
            if unit and (token.line != unit[-1].line or token.pos != unit[-1].pos + 1):
                items.append((unit[0].pos, "value", unit))
                unit = []
            unit.append(token)
        if unit:
            items.append((unit[0].pos, "value", unit))
        items.sort(key=lambda item: item[0])
        # a run of field labels takes the run of values that follows it (other labels between them
        # are another column's); what is left pairs up in order
        values: dict[str, str] = {}
        printed: dict[str, str] = {}
        waiting: list[Label] = []
        rest: list[list[Token]] = []
        run: list[Label] = []
        taking: list[Label] = []
        for pos, what, item in items:
            if what == "label":
                field = item.has("field")
                if field and field not in printed:
                    printed[field] = item.text
                    if taking:
                        waiting.extend(taking)
                        taking = []
                    run.append(item)
                continue
            if not _header_value(item):
                continue
            if run:
                taking, run = run, []
            if taking:
                label = taking.pop(0)
                values[label.has("field")] = join_tokens(item)  # type: ignore[index]
                self.header_tokens.update(t.pos for t in item)
            elif pos < stop:
                rest.append(item)
        waiting.extend(taking + run)
        for label, value in zip(sorted(waiting, key=lambda lb: lb.pos), rest):
            values[label.has("field")] = join_tokens(value)  # type: ignore[index]
            self.header_tokens.update(t.pos for t in value)
        for field, label in printed.items():
            if field in values:
                self.rows.append([label, values[field]])

    # 项目资金 ---------------------------------------------------------------------------------

    def read_budget(self, start: int, stop: int) -> set[int]:
        labels = [lb for lb in self.labels if lb.pos < stop]
        block = next((lb.text for lb in labels if lb.kind == "block" and lb.field == "budget"), "项目资金")
        row_labels: list[Label] = []
        for lb in labels:
            kind = lb.has("brow")
            if kind and all(r.has("brow") != kind for r in row_labels):
                row_labels.append(lb)
        heads: list[Label] = []
        for lb in labels:
            field = lb.has("bcol")
            if field in _BUDGET_KINDS and lb.pos >= start - 40 and all(h.has("bcol") != field for h in heads):
                heads.append(lb)
        if self.laid_out:
            heads.sort(key=lambda h: h.tokens[0].x)
        if not heads:
            return set()
        values = [t for t in self.free if start <= t.pos < stop and shape(t.text) in ("num", "pct", "dash")]
        columns = [Column("rowlabel")] + [Column(_BUDGET_KINDS[h.has("bcol")], h.text, h.pos) for h in heads]  # type: ignore[index]
        forced = {}
        row_tokens = []
        for r, lb in enumerate(row_labels):
            forced[lb.tokens[0].pos] = (0, r)
            row_tokens.append(lb.tokens[0])
        stream = sorted(values + row_tokens, key=lambda t: t.pos)
        if len(stream) > MAX_TOKENS:
            self.notes.append(("$.budget", "import.text.too_long", {"tokens": len(stream), "most": MAX_TOKENS}))
            return set()
        n_rows = max(1, len(row_labels))
        kinds = [col.kind for col in columns]
        totals_first = not row_labels or row_labels[0].has("brow") == "total"

        def rows_agree(closed: tuple[tuple[str, ...], ...], n: int) -> float:
            """The total row prints its amounts and rate; a rate stands by its amounts."""
            cost = 0.0
            for r in range(n):
                cells = {kinds[c]: closed[c][r] for c in range(len(kinds)) if r < len(closed[c])}
                amounts = [shape(cells.get(k, "—")) == "num" for k in ("annual", "executed") if k in kinds]
                if shape(cells.get("rate", "—")) != "dash" and not all(amounts):
                    cost += 1.5
                if r == 0 and totals_first:
                    cost += sum(1.0 for ok in amounts if not ok)
            if totals_first and n > 1:  # the breakdown adds up to the total
                for c, kind in enumerate(kinds):
                    if kind not in ("initial", "annual", "executed") or not closed[c]:
                        continue
                    total = _number(closed[c][0])
                    parts = [_number(text) for text in closed[c][1:n]]
                    known = [p for p in parts if p is not None]
                    if total is not None and known and sum(known, Decimal(0)) != total:
                        cost += 1.5
            return cost

        xcols: dict[int, int] = {}
        if self.laid_out:
            edges: list[tuple[int, int | None]] = [(h.tokens[0].x, i + 1) for i, h in enumerate(heads)]
            edges.append((min((lb.tokens[0].x for lb in row_labels), default=0), 0))
            xcols = _x_columns(values, edges)
        decoded = decode_table(stream, columns, forced=forced, rows=n_rows, blocky=self.blocky,
                               final=rows_agree, beam=120, alike=8, xcols=xcols) if stream else None
        grid = [["" for _ in columns] for _ in range(n_rows)]
        if decoded is not None:
            unsettled = decoded.unsettled()
            for cell in decoded.cells:
                if (cell.column, cell.row) in unsettled and 0 <= cell.row < n_rows and cell.column > 0:
                    kind = row_labels[cell.row].has("brow") if cell.row < len(row_labels) else "total"
                    field = heads[cell.column - 1].has("bcol")
                    if kind == "total":
                        path = "$.budget." + {"rate": "reported_rate", "score": "reported_score"}.get(field, field)
                    elif field in ("initial", "annual", "executed"):
                        path = f"$.budget.breakdown.{kind}.{field}"
                    else:
                        continue
                    self.notes.append((path, "import.text.unsettled", {"value": cell.text}))
                    continue
                if cell.column > 0 and 0 <= cell.row < n_rows:
                    grid[cell.row][cell.column] = cell.text
                    number = _number(cell.text)
                    if cell.row == 0 and number is not None and columns[cell.column].kind in ("bweight", "bscore"):
                        self.budget_numbers[columns[cell.column].kind] = number
        self.rows.append([block, ""] + [h.text for h in heads])
        for r in range(n_rows):
            label = row_labels[r].text if r < len(row_labels) else ""
            self.rows.append([block, label] + grid[r][1:])
        return {t.pos for t in values}

    # 年度总体目标 -----------------------------------------------------------------------------

    def read_goals(self, start: int, stop: int, budget_values: set[int], carried: Sequence[Token] = ()) -> None:
        tokens = [t for t in self.free if start <= t.pos < stop and t.pos not in budget_values] + list(carried)
        if not tokens:
            return
        boxes: list[list[Token]] = []
        for token in tokens:
            if boxes and token.box == boxes[-1][-1].box:
                boxes[-1].append(token)
            else:
                boxes.append([token])
        heads_at = [(lb.pos, lb.has("gcol")) for lb in self.labels if lb.has("gcol") in ("expected", "achieved")]
        at_x = {lb.has("gcol"): lb.tokens[0].x for lb in self.labels if lb.has("gcol") in ("expected", "achieved")}
        if self.laid_out and "achieved" in at_x:
            right = [t for t in tokens if t.x >= at_x["achieved"] - 2]
            left = [t for t in tokens if t.x < at_x["achieved"] - 2 and t.x >= at_x.get("expected", 0) - 2]
            expected, achieved = join_tokens(left, paragraphs=True), join_tokens(right, paragraphs=True)
        else:
            expected, achieved = _goal_columns(boxes, heads_at)
        block = next((lb.text for lb in self.labels if lb.kind == "block" and lb.field == "goals"), "年度总体目标")
        heads = {lb.has("gcol"): lb.text for lb in self.labels if lb.has("gcol") and lb.pos < stop}
        self.rows.append([block, heads.get("expected", "预期目标"), heads.get("achieved", "实际完成情况")])
        self.rows.append([block, expected, achieved])

    # 绩效指标 ---------------------------------------------------------------------------------

    def read_indicators(self, start: int, end: int) -> None:
        labels = [lb for lb in self.labels if start <= lb.pos < end]
        heads: dict[str, Label] = {}
        for lb in labels:
            field = lb.has("icol")
            if field and field not in heads and lb.kind != "level":
                heads[field] = lb
        if not heads:
            return
        split = "operator" in heads or "unit" in heads
        # left to right: where the labels stand on the line, or the order they were printed in
        order = sorted(heads, key=lambda f: heads[f].tokens[0].x if self.laid_out else heads[f].pos)
        columns: list[Column] = []
        fields: list[str] = []
        for field in order:
            if field in ("level1", "level2"):
                continue
            kind = _INDICATOR_KINDS.get(field)
            if kind is None:
                continue
            if split and field == "target":
                kind = "value"
                targets = [lb for lb in labels if lb.has("icol") == "target"]
                label = next((lb for lb in targets if L.label_core(lb.text) == "指标值"), targets[-1])
                columns.append(Column(kind, label.text, label.pos))
            else:
                columns.append(Column(kind, heads[field].text, heads[field].pos))
            fields.append(field)
        if split:  # 指标性质 | 指标值 | 度量单位, whatever order the header's labels came in
            rank = {"op": 0, "value": 1, "unit": 2}
            at = [i for i, col in enumerate(columns) if col.kind in rank]
            ordered = sorted((columns[i] for i in at), key=lambda col: rank[col.kind])
            for i, col in zip(at, ordered):
                columns[i] = col
        total = next((lb for lb in labels if lb.kind == "total"), None)
        extra = {}
        if total is not None:
            extra = {i: 1 for i, col in enumerate(columns) if col.kind in ("weight", "score")}
        tokens = [t for t in self.free if start <= t.pos < end]
        sums = [(i, col.kind) for i, col in enumerate(columns) if i in extra]

        def totals(closed: tuple[tuple[str, ...], ...], n: int) -> float:
            """The 总分 row against the rows: the weights (and the scores) add up to it, with the
            budget's or without."""
            cost = 0.0
            for i, kind in sums:
                values = [_number(text) for text in closed[i][:n]]
                printed = _number(closed[i][n]) if len(closed[i]) > n else None
                if printed is None or any(v is None for v in values):
                    continue
                total = sum(values, Decimal(0))  # type: ignore[arg-type]
                budget = self.budget_numbers.get("bweight" if kind == "weight" else "bscore")
                if total != printed and (budget is None or total + budget != printed):
                    cost += 2.0
            return cost

        numeric = [i for i, col in enumerate(columns) if col.kind in ("weight", "score", "share", "wscore")]
        # the rows the numbers allow: weights and scores are printed alike (5.00); the 总分 row's
        # numbers count when they are printed alike too
        numbers = [t for t in tokens if shape(t.text) == "num" and "." in t.text]
        places: dict[int, int] = {}
        for t in numbers:
            places[_places(t.text)] = places.get(_places(t.text), 0) + 1
        expect = None
        if numeric and places:
            mode = max(places, key=lambda p: places[p])
            alike = places[mode]
            last = [t for t in tokens if shape(t.text) == "num"][-len(extra):] if extra else []
            printed = sum(1 for t in last if "." in t.text and _places(t.text) == mode)
            if (alike - printed) % len(numeric) == 0 and alike > printed:
                expect = (alike - printed) // len(numeric)
        xcols: dict[int, int] = {}
        if self.laid_out:
            edges = [(lb.tokens[0].x, None) for field, lb in heads.items() if field not in fields]
            edges += [(lb.tokens[0].x, None) for lb in labels if lb.kind == "block" and lb.field == "indicators"]
            for i, col in enumerate(columns):
                label = next((lb for lb in labels if lb.text == col.label and lb.pos == col.header), None)
                if label is not None:
                    edges.append((label.tokens[0].x, i))
            xcols = _x_columns(tokens, edges)
        placed = _placed_table(tokens, columns, heads, labels, self.labels, total)
        if placed is not None:  # a PDF's text with its places: the cells' rows and columns are known
            self._emit(heads, columns, *placed, total)
            return
        if len(tokens) > MAX_TOKENS:  # the search grows faster than the table: refuse, do not wait
            self.notes.append(("$.indicators", "import.text.too_long", {"tokens": len(tokens), "most": MAX_TOKENS}))
            return
        decoded = None
        for strict in (True, False):  # no reading keeps every line to one row: let lines cross rows
            if tokens and decoded is None:
                decoded = decode_table(tokens, columns, extra=extra, blocky=self.blocky, final=totals,
                                       expect=expect, xcols=xcols, strict=strict)
        if decoded is not None and sums and (totals(*_columns_of(decoded.cells, len(columns), extra)) > 0
                                             or not _has_total(decoded.cells, columns, extra)):
            # the weights or scores miss the 总分 row (or the reading left its numbers out, into
            # another cell): they may be boxes read across the rows that go down their columns (the
            # rows' full-marks prior pulls that way). A reading that takes each such box down its
            # column and adds up to the 总分 row is kept instead
            again = decode_table(tokens, columns, extra=extra, blocky=self.blocky, final=totals, expect=expect,
                                 xcols=xcols, strict=False, box_columns=True)
            if again is not None and totals(*_columns_of(again.cells, len(columns), extra)) == 0 \
                    and _has_total(again.cells, columns, extra):
                decoded = again
        cells = decoded.cells if decoded else []
        unsettled = decoded.unsettled() if decoded else set()
        by_column: dict[int, dict[int, Cell]] = {}
        deviations: list[Cell] = []
        for cell in cells:
            if cell.row < 0:
                deviations.append(cell)
            else:
                by_column.setdefault(cell.column, {})[cell.row] = cell
        dense_counts = [len(by_column.get(i, {})) - extra.get(i, 0) for i, col in enumerate(columns) if col.dense]
        n = max(dense_counts, default=0)
        rows: list[dict[int, Cell]] = [{} for _ in range(n)]
        for c, cells_of in by_column.items():
            for r, cell in cells_of.items():
                if r < n:
                    rows[r][c] = cell
        seen = [dict(row) for row in rows]  # every cell as read, for what the rows' texts say of their levels
        # a row that lacks a cell every row has: its cells may have shifted from one column to the
        # next, and which did cannot be told; the columns that could have are left out, with a note
        needed = [i for i, col in enumerate(columns) if col.dense and col.kind not in ("name", "rowlabel")]
        shifty = [i for i, col in enumerate(columns) if col.kind in ("actual", "weight", "score", "share", "wscore")]
        for r, row in enumerate(rows):
            missing = [columns[i].label for i in needed if i not in row]
            if missing and "name" in {columns[i].kind for i in row}:
                text = " ".join(t.text for cell in sorted(row.values(), key=lambda cell: cell.pos) for t in cell.tokens)
                for i in shifty:
                    row.pop(i, None)
                self.notes.append((f"$.indicators[{r}]", "import.text.ambiguous_row",
                                   {"text": text, "columns": "、".join(missing)}))
        # a cell another reading, as good, gives otherwise: left out, with a note
        for r, row in enumerate(rows):  # (not a name: a row without one is no row)
            for c in [c for c in row if (c, r) in unsettled and columns[c].kind != "name"]:
                cell = row.pop(c)
                self.notes.append((f"$.indicators[{r}].{_FIELD_OF[columns[c].kind]}", "import.text.unsettled",
                                   {"value": cell.text}))
        anchors = _RowAnchors(rows, columns)
        score_col = next((i for i, col in enumerate(columns) if col.kind == "score"), None)
        weight_col = next((i for i, col in enumerate(columns) if col.kind == "weight"), None)
        dev_col = next((i for i, col in enumerate(columns) if col.kind == "deviation"), None)
        if dev_col is not None and deviations:
            short = []
            for r in range(n):
                w = _number(rows[r][weight_col].text) if weight_col in rows[r] else None
                s = _number(rows[r][score_col].text) if score_col in rows[r] else None
                short.append(None if w is None or s is None else s < w)
            for cell, r in _place_deviations(deviations, anchors, short):
                rows[r][dev_col] = cell
        groups = [lb for lb in self.labels if lb.kind == "block" and lb.field == "group" and lb not in labels]
        levels = _assign_levels(sorted(groups + labels, key=lambda lb: lb.pos), seen, anchors, columns)
        shares: dict[str, list[int]] = {}
        for r, (group, _, _) in enumerate(levels):
            if group:
                shares.setdefault(group, []).append(r + 1)
        if len(shares) > 1:  # guessed from the groups' points: say so
            self.notes.append(("$.indicators", "import.text.groups_by_points", {
                "groups": "；".join(f"{name}: {rs[0]}–{rs[-1]}" for name, rs in shares.items())}))
        self._emit(heads, columns, rows, levels, {c: by_column[c][n] for c in extra if n in by_column.get(c, {})}, total)

    def _emit(self, heads: dict[str, Label], columns: Sequence[Column], rows: Sequence[dict[int, Cell]],
              levels: Sequence[tuple[str, str, str]], totals: dict[int, Cell], total: Label | None) -> None:
        """The 绩效指标 table's rows into the grid: its header, a row per indicator (its group and
        level labels first), the 总分 row."""
        n = len(rows)
        block = next((lb.text for lb in self.labels if lb.kind == "block" and lb.field == "indicators"), "绩效指标")
        level_heads = [heads["level1"].text if "level1" in heads else "一级指标",
                       heads["level2"].text if "level2" in heads else "二级指标"]
        self.rows.append([block, *level_heads, *[col.label for col in columns]])
        for r in range(n):
            group, level1, level2 = levels[r]
            self.rows.append([group or block, level1, level2, *[rows[r][c].text if c in rows[r] else "" for c in range(len(columns))]])
        if total is not None:
            row = [total.text, "", ""] + [""] * len(columns)
            for c, cell in totals.items():
                row[3 + c] = cell.text
            self.rows.append(row)


# --- cells where the PDF put them ----------------------------------------------------------------


class _Line:
    """The pieces of tokens printed on one line of one column: (page, x0, x1, top, bottom)."""

    __slots__ = ("bottom", "page", "tokens", "top", "x0", "x1")

    def __init__(self, token: Token) -> None:
        self.tokens = [token]
        self.page = token.page
        glyphs = token.glyphs or []
        self.x0, self.x1 = min(g[0] for g in glyphs), max(g[1] for g in glyphs)
        self.top, self.bottom = min(g[2] for g in glyphs), max(g[3] for g in glyphs)

    def add(self, token: Token) -> None:
        self.tokens.append(token)
        glyphs = token.glyphs or []
        self.x0, self.x1 = min(self.x0, *(g[0] for g in glyphs)), max(self.x1, *(g[1] for g in glyphs))
        self.top, self.bottom = min(self.top, *(g[2] for g in glyphs)), max(self.bottom, *(g[3] for g in glyphs))

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.page}:{self.top:.0f} {' '.join(t.text for t in self.tokens)}>"


def _lines(tokens: Iterable[Token]) -> list[_Line]:
    """Tokens (of one column) gathered into the lines they were printed on, top down."""
    out: list[_Line] = []
    for token in sorted(tokens, key=lambda t: (t.page, min(g[2] for g in t.glyphs or [(0, 0, 0, 0)]))):
        glyphs = token.glyphs or []
        top, bottom = min(g[2] for g in glyphs), max(g[3] for g in glyphs)
        for line in reversed(out[-3:]):
            if line.page == token.page and min(line.bottom, bottom) - max(line.top, top) > 0.5 * min(line.height, bottom - top):
                line.add(token)
                break
        else:
            out.append(_Line(token))
    for line in out:
        line.tokens.sort(key=lambda t: (t.glyphs or [(0, 0, 0, 0)])[0][0])
    return out


def _piece(token: Token, a: int, b: int) -> Token:
    """Characters a..b of a token, as a token of its own (a token printed across two cells)."""
    if a == 0 and b == len(token.text):
        return token
    new = Token(token.text[a:b], token.pos, token.line, token.box, token.page, token.sep if a == 0 else SPACE)
    new.first, new.last = token.first and a == 0, token.last and b == len(token.text)
    new.line_width, new.box_width, new.box_wraps, new.x = token.line_width, token.box_width, token.box_wraps, token.x + a
    new.glyphs = (token.glyphs or [])[a:b]
    return new


def _label_glyphs(label: Label) -> list[Glyph]:
    """Where a label was printed: its tokens' characters (a label glued to others, its own part)."""
    if len(label.tokens) == 1 and label.tokens[0].glyphs and label.text in label.tokens[0].text:
        token = label.tokens[0]
        at = token.text.index(label.text)
        return token.glyphs[at:at + len(label.text)]  # type: ignore[index]
    # a wrapped label's lines stand one under another: a piece beside them (the （A） of the next
    # header, joined to this label in the text's order) is not where this label was printed
    first = label.tokens[0].glyphs or []
    x0, x1 = min(g[0] for g in first), max(g[1] for g in first)
    return [g for t in label.tokens for g in t.glyphs or []
            if t is label.tokens[0] or (min(g[0] for g in t.glyphs or []) < x1 and max(g[1] for g in t.glyphs or []) > x0)]


def _gutter(lo: float, hi: float, spans: Sequence[tuple[float, float]]) -> float:
    """Where a column ends and the next begins, between the end of one header label (lo) and the
    start of the next (hi): the middle of the widest stretch no character of the table covers."""
    if hi <= lo:
        return (lo + hi) / 2
    best, middle, at = 0.0, (lo + hi) / 2, lo
    for a, b in sorted((max(lo, a), min(hi, b)) for a, b in spans if b > lo and a < hi):
        if a - at > best:
            best, middle = a - at, (a + at) / 2
        at = max(at, b)
    if hi - at > best:
        middle = (hi + at) / 2
    return middle


def _align_cost(group: Sequence[_Line], anchors: Sequence[_Line], r: int, mode: str, unit: float, pitch: float) -> float:
    """How far a cell's lines stand from where a cell of row r would be printed (vertically
    centred on its anchor, at the top or at the bottom of the row), in lines; a cell reaching the
    rows above or below it, or with a gap between its lines wider than a line's, is none."""
    anchor = anchors[r]
    if any(line.page != anchor.page for line in group):
        # a row a page break cut (its last on the page): the rest of its cells at the top of the
        # next page, above the next row; Chromium prints a cut cell's text from its top
        below = anchors[r + 1] if r + 1 < len(anchors) else None
        if (group[0].page != anchor.page or any(line.page not in (anchor.page, anchor.page + 1) for line in group)
                or (below is not None and below.page == anchor.page)):
            return float("inf")
        if below is not None and below.page == anchor.page + 1 and group[-1].bottom > below.top - 0.2 * unit:
            return float("inf")
        if r > 0 and anchors[r - 1].page == anchor.page and group[0].top < anchors[r - 1].bottom - 0.2 * unit:
            return float("inf")
        gaps = sum(max(0.0, b.top - a.top - pitch - 0.15 * unit) for a, b in itertools.pairwise(group) if a.page == b.page)
        return 0.5 + abs(group[0].top - anchor.top) / unit + 4.0 * gaps / unit
    top, bottom = group[0].top, group[-1].bottom
    if r > 0 and anchors[r - 1].page == anchor.page and top < anchors[r - 1].bottom - 0.2 * unit:
        return float("inf")
    if r + 1 < len(anchors) and anchors[r + 1].page == anchor.page and bottom > anchors[r + 1].top + 0.2 * unit:
        return float("inf")
    if mode == "middle":
        off = abs((top + bottom) / 2 - anchor.centre)
    elif mode == "top":
        off = abs(top - anchor.top)
    else:
        off = abs(bottom - anchor.bottom)
    gaps = sum(max(0.0, b.top - a.top - pitch - 0.15 * unit) for a, b in itertools.pairwise(group))
    return off / unit + 4.0 * gaps / unit


def _to_rows(lines: Sequence[_Line], anchors: Sequence[_Line], mode: str, unit: float, pitch: float) -> tuple[float, list[int]]:
    """A column's lines cut into its rows' cells, in order (a row may have none): the cut that puts
    every cell where the anchors' row prints it. Returns the cost and each line's row."""
    m, n = len(lines), len(anchors)
    inf = float("inf")
    reach = 24  # lines a cell may have
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0.0
    for r in range(n - 1, -1, -1):
        for i in range(m, -1, -1):
            value, pick = best[r + 1][i], i  # the row has no cell here
            for j in range(i + 1, min(m, i + reach) + 1):
                if best[r + 1][j] == inf:
                    continue
                cost = _align_cost(lines[i:j], anchors, r, mode, unit, pitch) + best[r + 1][j]
                if cost < value:
                    value, pick = cost, j
            best[r][i], back[r][i] = value, pick
    if best[0][0] == inf:
        return inf, []
    out = [0] * m
    i = 0
    for r in range(n):
        j = back[r][i]
        for k in range(i, j):
            out[k] = r
        i = j
    return best[0][0], out


def _level_runs(labels: Sequence[_Line], rows: Sequence[tuple[int, float, float]], mode: str, unit: float,
                fit: Any = None) -> list[int] | None:
    """Rows cut into consecutive runs, one per merged label in order, each label printed where its
    run would print it (`rows`: each row's page, top and bottom; `fit(j, r)`, what giving row r to
    label j costs besides). Returns each row's label."""
    k, n = len(labels), len(rows)
    if not k or k > n:
        return None
    prefix = [[0.0] * (n + 1) for _ in range(k)]
    for j in range(k):
        for r in range(n):
            prefix[j][r + 1] = prefix[j][r] + (fit(j, r) if fit else 0.0)

    def run(j: int, s: int, e: int) -> float:  # rows s..e-1
        return place(j, s, e) + prefix[j][e] - prefix[j][s]

    def place(j: int, s: int, e: int) -> float:
        label = labels[j]
        mine = [r for r in range(s, e) if rows[r][0] == label.page]
        if not mine:
            return 50.0
        top, bottom = rows[mine[0]][1], rows[mine[-1]][2]
        if len(mine) < e - s:  # a cell a page break cut: Chromium prints its text at its top
            if rows[s][0] == label.page:
                return 0.2 + abs(label.top - rows[s][1]) / unit
            return 3.0 + max(0.0, top - label.top, label.bottom - bottom) / unit
        if mode == "middle":
            return abs(label.centre - (top + bottom) / 2) / unit + (0.0 if top - unit <= label.centre <= bottom + unit else 5.0)
        if mode == "top":
            return abs(label.top - rows[s][1]) / unit if rows[s][0] == label.page else 3.0
        return abs(label.bottom - rows[e - 1][2]) / unit if rows[e - 1][0] == label.page else 3.0

    return _partition(k, n, run, empty=False)


def _placed_table(tokens: Sequence[Token], columns: Sequence[Column], heads: dict[str, Label], labels: Sequence[Label],
                  form_labels: Sequence[Label], total: Label | None
                  ) -> tuple[list[dict[int, Cell]], list[tuple[str, str, str]], dict[int, Cell]] | None:
    """The 绩效指标 table's cells put in rows and columns by where they were printed (a PDF's text
    with its places): a column is the stretch under its header label, out to the gap between it
    and the next; a row is a line of the 分值 (得分) columns, and a cell of another column belongs to
    the row it is printed level with (vertically centred on it, or at its top); a merged label
    takes the run of rows it stands in the middle of. None when the places are not all known or
    the table is not laid out so."""
    if not tokens or any(t.glyphs is None for t in tokens):
        return None
    # the columns, left to right: the group's, the level labels', each header label's
    entries: list[tuple[float, float, Any]] = []
    for c, col in enumerate(columns):
        label = next((lb for lb in labels if lb.text == col.label and lb.pos == col.header), None)
        if label is None:
            return None
        entries.append((*_span(_label_glyphs(label)), c))
    for field in ("level1", "level2"):
        if field in heads:
            entries.append((*_span(_label_glyphs(heads[field])), field))
    header = [lb for lb in [*heads.values()] if lb.tokens and all(t.glyphs for t in lb.tokens)]
    if len(header) < len(heads):
        return None
    first_page = min(t.page for lb in header for t in lb.tokens)
    header_bottom = max(g[3] for lb in header for t in lb.tokens if t.page == first_page for g in t.glyphs or [])
    merged = [lb for lb in form_labels if (lb.kind == "level" or (lb.kind == "block" and lb.field == "group"))
              and all(t.glyphs for t in lb.tokens) and lb.tokens[0].page >= first_page]
    groups = [lb for lb in merged if lb.kind == "block"]
    if groups:
        entries.append((*_span(_label_glyphs(groups[0])), "group"))
    entries.sort(key=lambda e: (e[0] + e[1]) / 2)
    # what is below the header and above the 总分 row's end
    end: tuple[int, float] | None = None
    total_centre = 0.0
    if total is not None and all(t.glyphs for t in total.tokens):
        top, bottom = _span(_label_glyphs(total), 2)
        end, total_centre = (total.tokens[-1].page, bottom), (top + bottom) / 2

    def inside(page: int, top: float, bottom: float) -> bool:
        if page < first_page or (page == first_page and (top + bottom) / 2 < header_bottom):
            return False
        return end is None or page < end[0] or (page == end[0] and (top + bottom) / 2 < end[1])

    data = [t for t in tokens if inside(t.page, min(g[2] for g in t.glyphs or []), max(g[3] for g in t.glyphs or []))]
    merged = [lb for lb in merged if inside(lb.tokens[0].page, *_span(_label_glyphs(lb), 2))]
    spans = [(g[0], g[1]) for t in data for g in t.glyphs or []]
    spans += [(g[0], g[1]) for lb in merged for g in _label_glyphs(lb)]
    edges = [_gutter(a[1], b[0], spans) for a, b in itertools.pairwise(entries)]
    keys = [e[2] for e in entries]

    def column_at(x: float) -> Any:
        return keys[sum(1 for edge in edges if x >= edge)]

    # each token to its column (cut where it runs over the gap)
    by_key: dict[Any, list[Token]] = {}
    for t in data:
        glyphs = t.glyphs or []
        a = 0
        for b in range(1, len(glyphs) + 1):
            if b == len(glyphs) or column_at((glyphs[b][0] + glyphs[b][1]) / 2) != column_at((glyphs[a][0] + glyphs[a][1]) / 2):
                by_key.setdefault(column_at((glyphs[a][0] + glyphs[a][1]) / 2), []).append(_piece(t, a, b))
                a = b
    # a level label in a column of cells is a cell's text (a name that is a label's word)
    placed_labels: dict[Any, list[Label]] = {}
    for lb in merged:
        x0, x1 = _span(_label_glyphs(lb))
        key = column_at((x0 + x1) / 2)
        if key in ("level1", "level2", "group"):
            placed_labels.setdefault(key, []).append(lb)
        else:
            by_key.setdefault(key, []).extend(lb.tokens)
    lines = {key: _lines(members) for key, members in by_key.items()}
    unit = sorted(line.height for members in lines.values() for line in members)
    if not unit:
        return None
    unit_h = unit[len(unit) // 2] or 1.0
    # the rows: lines of the numeric columns (one number a row), level with each other
    numeric = [c for c, col in enumerate(columns) if col.kind in ("weight", "score", "share", "wscore")]
    anchor_lines = sorted((line for c in numeric for line in lines.get(c, []) if shape(join_tokens(line.tokens)) == "num"),
                          key=lambda line: (line.page, line.top))
    if not anchor_lines:
        return None
    anchors: list[list[_Line]] = []
    for line in anchor_lines:
        if anchors and anchors[-1][0].page == line.page and abs(anchors[-1][0].centre - line.centre) < 0.5 * unit_h:
            anchors[-1].append(line)
        else:
            anchors.append([line])
    totals: dict[int, Cell] = {}
    if total is not None and end is not None:
        last = anchors[-1]
        if last[0].page == end[0] and abs(last[0].centre - total_centre) < unit_h:
            for line in last:
                c = next(c for c in numeric if line in lines.get(c, []))
                totals[c] = Cell(c, len(anchors) - 1, line.tokens)
            anchors.pop()
            for c in totals:
                lines[c] = [line for line in lines[c] if not any(line is t for t in last)]
    if not anchors:
        return None
    marks = [group[0] for group in anchors]
    # every other column's lines to the rows, as the rows' cells are aligned (the likeliest way)
    cell_keys = [c for c in range(len(columns)) if c in lines]
    # a cell's lines are this far apart (where cells wrap; else as far as rows are: no matter)
    pitches = [b.top - a.top for c in cell_keys for a, b in itertools.pairwise(lines[c])
               if a.page == b.page and b.top - a.top >= 0.9 * unit_h]
    pitch = min(pitches, default=1.2 * unit_h)
    best_mode, best_cost, best_cut = "", float("inf"), {}
    for mode in ("middle", "top", "bottom"):
        cost, cut = 0.0, {}
        for c in cell_keys:
            value, rows_of = _to_rows(lines[c], marks, mode, unit_h, pitch)
            cost += value
            cut[c] = rows_of
            if cost >= best_cost:
                break
        if cost < best_cost:
            best_mode, best_cost, best_cut = mode, cost, cut
    if best_cost == float("inf"):
        return None
    n = len(marks)
    rows: list[dict[int, Cell]] = [{} for _ in range(n)]
    for c in cell_keys:
        by_row: dict[int, list[Token]] = {}
        for line, r in zip(lines[c], best_cut[c]):
            by_row.setdefault(r, []).extend(line.tokens)
        for r, members in by_row.items():
            rows[r][c] = Cell(c, r, members)
    names = [c for c, col in enumerate(columns) if col.kind == "name"]
    if names and sum(1 for row in rows if names[0] in row) < 0.8 * n:
        return None  # rows without names: not a table laid out so
    # the merged labels: each takes the run of rows it stands in the middle of (at the top of)
    extent = []
    for r, row in enumerate(rows):
        members = [line for c in row for line in _lines(row[c].tokens) if line.page == marks[r].page] + anchors[r]
        extent.append((marks[r].page, min(line.top for line in members), max(line.bottom for line in members)))
    chosen: dict[str, list[str]] = {}
    for key in ("group", "level2", "level1"):  # level 2 first: a level-1 label's rows have its children
        found = sorted(placed_labels.get(key, []), key=lambda lb: (lb.tokens[0].page, _span(_label_glyphs(lb), 2)[0]))
        if not found:
            continue
        label_lines = []
        for lb in found:
            line = _Line(lb.tokens[0])
            for t in lb.tokens[1:]:
                line.add(t)
            label_lines.append(line)
        fit = None
        if key == "level2":  # what the rows' names and targets say (数量指标 and counts), when places tie

            def fit(j: int, r: int, found: list[Label] = found) -> float:
                return 0.5 * _level_fit(L.label_core(found[j].text), rows[r], columns)

        if key == "level1" and "level2" in chosen:
            two = chosen["level2"]

            def fit(j: int, r: int, found: list[Label] = found, two: list[str] = two) -> float:
                parent = _PARENT.get(L.label_core(two[r]))
                return 0.0 if parent is None or L.label_core(found[j].text).startswith(parent[:2]) else 1.0

        picks = _level_runs(label_lines, extent, best_mode, unit_h, fit)
        if picks is not None:
            chosen[key] = [found[j].text for j in picks]
    levels = [(chosen.get("group", [""] * n)[r], chosen.get("level1", [""] * n)[r], chosen.get("level2", [""] * n)[r])
              for r in range(n)]
    return rows, levels, totals


def _span(glyphs: Sequence[Glyph], axis: int = 0) -> tuple[float, float]:
    """The stretch glyphs take across (axis 0) or down (axis 2) the page."""
    return min(g[axis] for g in glyphs), max(g[axis + 1] for g in glyphs)


def _header_value(tokens: Sequence[Token]) -> bool:
    """Whether tokens may be a header field's value: not an amount, a rate or a dash (a phone
    number is a long run of digits)."""
    text = join_tokens(tokens)
    kind = shape(text)
    if kind in ("pct", "dash"):
        return False
    return kind != "num" or bool(re.fullmatch(r"\d{7,}", text))


def _x_columns(tokens: Sequence[Token], edges: Sequence[tuple[int, int | None]]) -> dict[int, int]:
    """Token position → column, from where header labels stand on their line (text laid out):
    `edges` are (x, column or None) of every header label; a token belongs to the label at or
    left of it."""
    edges = sorted(edges, key=lambda edge: edge[0])
    out: dict[int, int] = {}
    if len(edges) < 2:
        return out
    for t in tokens:
        owner = None
        for x, column in edges:
            if x <= t.x + 2:
                owner = column
            else:
                break
        if owner is not None:
            out[t.pos] = owner
    return out


class _RowAnchors:
    """Where rows were printed in the stream: how many rows' names (or first cells) come before a
    position. A merged label is printed among the rows it spans (at their middle: a text box goes
    with the names of the band it stands in)."""

    def __init__(self, rows: Sequence[dict[int, Cell]], columns: Sequence[Column]) -> None:
        keys = [c for c, col in enumerate(columns) if col.kind == "name"] or [
            c for c, col in enumerate(columns) if col.dense]
        self.points = [min((row[c].pos for c in keys if c in row), default=None) for row in rows]

    def at(self, pos: int) -> float:
        return float(sum(1 for p in self.points if p is not None and p < pos))


def _place_deviations(cells: Sequence[Cell], anchors: _RowAnchors, short: Sequence[bool | None]) -> list[tuple[Cell, int]]:
    """Deviation reasons given rows in order: the rows printed around them, scored below their weight."""
    n, k = len(short), len(cells)
    if n == 0:
        return []
    inf = float("inf")
    points = [anchors.at(cell.pos) for cell in cells]

    def cost(i: int, r: int) -> float:
        base = 0.3 * max(0.0, abs(points[i] - (r + 0.5)) - 1.0)
        return base + (0.0 if short[r] else (2.0 if short[r] is False else 0.5))

    # best[i][r]: cells i.. placed in rows r.. (increasing)
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    for r in range(n + 1):
        best[k][r] = 0.0
    for i in range(k - 1, -1, -1):
        for r in range(n - 1, -1, -1):
            best[i][r] = min(best[i][r + 1], cost(i, r) + best[i + 1][r + 1])
    out = []
    r = 0
    for i in range(k):
        while r < n and best[i][r] != cost(i, r) + best[i + 1][r + 1]:
            r += 1
        if r >= n:
            break
        out.append((cells[i], r))
        r += 1
    return out


_SEMANTIC = (
    ("数量", re.compile(r"\d\s*(?:人次|人|次|场|期|套|个|家|项|件|户|篇|本|册|课时|天|台|所|批|份|座|辆|公里|米|平方米|亩)$")),
    ("质量", re.compile(r"%$|率")),
    ("时效", re.compile(r"\d{4}年|\d+月|月底|年底|前$|及时|按时|时间")),
    ("成本", re.compile(r"元$|经费|费用|成本|资金")),
    ("满意", re.compile(r"满意")),
)


def _level_fit(label: str, row: dict[int, Cell], columns: Sequence[Column]) -> float:
    """How well a row's name and target suit a level-2 label (数量指标 and counts, 时效指标 and dates)."""
    texts = {columns[c].kind: cell.text for c, cell in row.items()}
    probe = texts.get("name", "") + " " + texts.get("target", texts.get("value", "") + texts.get("unit", ""))
    family = next((word for word, _ in _SEMANTIC if word in label), None)
    if family is None:
        if "效益" in label or "影响" in label:
            return 1.0 if "满意" in probe else -0.3
        return 0.0
    hits = [word for word, pattern in _SEMANTIC if pattern.search(probe)]
    if family in hits:
        return -1.0
    return 0.6 if hits else 0.2


def _runs(anchors: Sequence[float], n: int, fit_of: Any) -> list[int]:
    """Rows 0..n-1 cut into consecutive runs, one per label in order (a label may take none): the
    label printed inside or near its run, its rows suiting it. Returns the label index of each row."""
    k = len(anchors)
    prefix = [[0.0] * (n + 1) for _ in range(k)]
    for j in range(k):
        for r in range(n):
            prefix[j][r + 1] = prefix[j][r] + fit_of(j, r)

    # labels printed together (no row between them) say nothing of where their runs are
    known = [not any(abs(anchors[i] - anchors[j]) < 0.5 for i in range(k) if i != j) for j in range(k)]

    def run(j: int, s: int, e: int) -> float:
        if e == s:
            return 2.0
        a = anchors[j]
        far = max(0.0, (s - 1.5) - a, a - (e + 1.0)) if known[j] else 0.0
        return 0.6 * far + 0.5 * (prefix[j][e] - prefix[j][s])

    return _partition(k, n, run, empty=True) or [0] * n


def _partition(k: int, n: int, run: Any, *, empty: bool) -> list[int] | None:
    """Rows 0..n-1 cut into k consecutive runs at least cost (`run(j, s, e)`: what giving rows
    s..e-1 to run j costs), each run non-empty unless `empty`. Returns each row's run, or None when
    no cut is possible."""
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for e in range(n + 1):
            for s in range(e + 1 if empty else e):
                if best[j - 1][s] == inf:
                    continue
                value = best[j - 1][s] + run(j - 1, s, e)
                if value < best[j][e]:
                    best[j][e], back[j][e] = value, s
    if best[k][n] == inf:
        return None
    out = [0] * n
    e = n
    for j in range(k, 0, -1):
        s = back[j][e]
        for r in range(s, e):
            out[r] = j - 1
        e = s
    return out


#: The order the templates print level labels in, for labels whose place in the text says nothing.
_TEMPLATE_ORDER = (
    "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "效益指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标",
)


def _in_order(labels: list[Label], anchors: _RowAnchors) -> list[Label]:
    """Labels in the order of their runs: as printed when they stand among the rows in order, else
    (printed together, or out of order) in the templates' order."""
    points = [anchors.at(lb.pos) for lb in labels]
    apart = all(b - a >= 0.5 for a, b in itertools.pairwise(points))
    names = [L.label_core(lb.text) for lb in labels]
    if apart or len(set(names)) < len(names):  # a label printed twice: the text's order is all there is
        return labels

    def rank(label: Label) -> int:
        core = L.label_core(label.text)
        return _TEMPLATE_ORDER.index(core) if core in _TEMPLATE_ORDER else len(_TEMPLATE_ORDER)

    return sorted(labels, key=rank)


def _assign_levels(labels: Sequence[Label], rows: Sequence[dict[int, Cell]], anchors: _RowAnchors,
                   columns: Sequence[Column]) -> list[tuple[str, str, str]]:
    """(group, level 1, level 2) of each row from the merged labels printed among them."""
    n = len(rows)
    levels = [lb for lb in labels if lb.kind == "level"]
    names = [L.label_core(lb.text) for lb in levels]
    second_cost = any(name.endswith("成本指标") and name != "成本指标" for name in names)
    second_satisfaction = any(name.endswith("满意度指标") and name != "满意度指标" for name in names)
    one: list[Label] = []
    two: list[Label] = []
    for lb, name in zip(levels, names):
        if (name in _LEVEL1 and not (name == "满意度指标" and not second_satisfaction)) or (
                name == "成本指标" and second_cost):
            one.append(lb)
        else:
            two.append(lb)
    one, two = _in_order(one, anchors), _in_order(two, anchors)
    out_two = [""] * n
    if two and n:
        picks = _runs([anchors.at(lb.pos) for lb in two], n,
                      lambda j, r: _level_fit(L.label_core(two[j].text), rows[r], columns))
        out_two = [two[j].text for j in picks]
    out_one = [""] * n
    if one and n:
        def parent_fit(j: int, r: int) -> float:
            parent = _PARENT.get(L.label_core(out_two[r]))
            if parent is None:
                return 0.0
            return -1.0 if L.label_core(one[j].text).startswith(parent[:2]) else 2.0

        picks = _runs([anchors.at(lb.pos) for lb in one], n, parent_fit)
        out_one = [one[j].text for j in picks]
    groups = [lb for lb in labels if lb.kind == "block" and lb.field == "group"]
    out_group = [""] * n
    if groups and n:
        # headings in the outermost column come out of the text first, wherever their rows are:
        # their rows are shared in proportion to their points (evenly without points)
        shares = []
        for lb in groups:
            points = re.search(r"(\d+(?:\.\d+)?)分", L.label_key(lb.text))
            shares.append(float(points.group(1)) if points else 1.0)
        total = sum(shares)
        edge, out_group = 0.0, []
        for lb, share in zip(groups, shares):
            edge += share / total * n
            out_group += [lb.text] * (round(edge) - len(out_group))
        out_group += [groups[-1].text] * (n - len(out_group))
    return list(zip(out_group, out_one, out_two))


def _goal_columns(boxes: Sequence[Sequence[Token]], heads: Sequence[tuple[int, str | None]] = ()) -> tuple[str, str]:
    """The 预期目标 and 实际完成情况 texts from the goal block's text boxes: a column's wrapped lines
    are as wide as the column, so boxes (or lines) are told apart by width; a column whose first box
    comes right after its header (`heads`: (position, field)) is that header's."""
    def lines_of(tokens: Sequence[Token]) -> list[list[Token]]:
        out: list[list[Token]] = []
        for t in tokens:
            if out and out[-1][-1].line == t.line:
                out[-1].append(t)
            else:
                out.append([t])
        return out

    def line_width(line: Sequence[Token]) -> int:
        return sum(t.width for t in line) + len(line) - 1

    if len(boxes) >= 2:
        widths = [max(line_width(line) for line in lines_of(box)) for box in boxes]
        ordered = sorted(set(widths))
        gaps = [(b - a, b) for a, b in itertools.pairwise(ordered)]
        gap, cut = max(gaps, default=(0, 0))
        if gap >= 4:
            first = widths[0] >= cut
            left = [box for box, w in zip(boxes, widths) if (w >= cut) == first]
            right = [box for box, w in zip(boxes, widths) if (w >= cut) != first]

            def head_of(column: Sequence[Sequence[Token]]) -> str | None:
                before = [(pos, field) for pos, field in heads if pos < column[0][0].pos]
                return max(before)[1] if before else None

            # what was done reads 了 (开展了, 完成了) more than what was planned
            done = [sum(t.text.count("了") for box in side for t in box) * 100 /
                    max(1, sum(len(t.text) for box in side for t in box)) for side in (left, right)]
            if done[0] > done[1] + 1.0 or (abs(done[0] - done[1]) <= 1.0 and head_of(left) == "achieved"
                                           and head_of(right) == "expected"):
                left, right = right, left
        else:
            left, right = [], []
            pages: dict[int, list[Sequence[Token]]] = {}
            for box in boxes:
                pages.setdefault(box[0].page, []).append(box)
            for page_boxes in pages.values():
                left.append(page_boxes[0])
                right.extend(page_boxes[1:])
        return (join_tokens([t for box in left for t in box], paragraphs=True),
                join_tokens([t for box in right for t in box], paragraphs=True))
    lines = lines_of(boxes[0]) if boxes else []
    if len(lines) < 2:
        return join_tokens([t for line in lines for t in line]), ""
    # the two columns side by side on each line (one baseline): cut every line where most are cut
    cuts: dict[int, int] = {}
    for line in lines:
        for k in range(1, len(line)):
            head = line_width(line[:k])
            for near in range(head - 2, head + 3):
                cuts[near] = cuts.get(near, 0) + 1
    if cuts:
        cut, hits = max(cuts.items(), key=lambda item: (item[1], -item[0]))
        if hits >= max(3, 0.6 * len(lines)) and cut >= 16:
            left_side: list[Token] = []
            right_side: list[Token] = []
            for line in lines:
                k = next((k for k in range(1, len(line)) if abs(line_width(line[:k]) - cut) <= 2), None)
                if k is None and line_width(line) > cut + 2:  # a paragraph's last line, shorter, on the left
                    k = max((k for k in range(1, len(line)) if line_width(line[:k]) <= cut + 2), default=None)
                if k is None:
                    (left_side if line_width(line) <= cut + 2 and not right_side else right_side).extend(line)
                else:
                    left_side += line[:k]
                    right_side += line[k:]
            return join_tokens(left_side, paragraphs=True), join_tokens(right_side, paragraphs=True)
    widths = [line_width(line) for line in lines]
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    peaks = sorted(counts, key=lambda w: -counts[w])
    wide = [w for w in peaks if counts[w] >= 2]
    if len(wide) >= 2 and abs(wide[0] - wide[1]) >= 4:
        a, b = wide[0], next(w for w in wide[1:] if abs(w - wide[0]) >= 4)
        # a line of each column, one after the other; a line holding both (on one baseline) is cut
        # where its first part is as wide as a column
        parts: list[tuple[int, list[Token]]] = []
        for line, w in zip(lines, widths):
            if abs(w - a) <= 2:
                parts.append((0, line))
            elif abs(w - b) <= 2:
                parts.append((1, line))
            else:
                for k in range(1, len(line)):
                    head = line_width(line[:k])
                    if abs(head - a) <= 2 or abs(head - b) <= 2:
                        first_column = 0 if abs(head - a) <= 2 else 1
                        parts += [(first_column, line[:k]), (1 - first_column, line[k:])]
                        break
                else:
                    parts.append((parts[-1][0] if parts else 0, line))
        first = parts[0][0]
        left = [t for c, line in parts if c == first for t in line]
        right = [t for c, line in parts if c != first for t in line]
        return join_tokens(left, paragraphs=True), join_tokens(right, paragraphs=True)
    # one width: the first column's lines, then the second's, cut where a paragraph ends
    best = None
    for k in range(1, len(lines)):
        prev = lines[k - 1][-1].text
        cost = 0.0 if prev.endswith(("。", "；", ";", "！")) else 2.0
        cost += abs(k - len(lines) / 2) / len(lines)
        if best is None or cost < best[0]:
            best = (cost, k)
    assert best is not None
    k = best[1]
    return (join_tokens([t for line in lines[:k] for t in line], paragraphs=True),
            join_tokens([t for line in lines[k:] for t in line], paragraphs=True))


# --- the text ------------------------------------------------------------------------------------


def is_laid_out(text: str) -> bool:
    """Whether an extractor kept where text stood on the line (`pdftotext -layout`, pdfplumber's
    `layout=True`): cells separated by runs of spaces, lines indented."""
    lines = [line for line in text.splitlines() if line.strip()]
    spaced = sum(1 for line in lines if re.search(r"\S {3,}\S|^ {3,}\S", line))
    return bool(lines) and spaced >= 0.3 * len(lines)


def is_blocky(tokens: Sequence[Token]) -> bool:
    """Whether an extractor printed text boxes (blank lines between runs of lines, and some runs
    longer than a line), as pdfminer does."""
    starts = [t for t in tokens if t.first]
    if not starts or sum(1 for t in starts if t.sep in (BLANK, PAGE)) < 0.3 * len(starts):
        return False
    lines: dict[int, set[int]] = {}
    for t in starts:
        lines.setdefault(t.box, set()).add(t.line)
    return sum(1 for members in lines.values() if len(members) > 1) >= 0.04 * len(lines)


def read_forms(text: str, places: Places | None = None) -> list[tuple[list[list[str]], list[tuple[str, str, dict[str, Any]]]]]:
    """The grid of each form in `text` (see the module's docstring), for `forms_from_grid`, and
    what could not be read from it: (JSON path, message code, parameters). With `places`, where
    each character was printed, the 绩效指标 table's cells are put in rows and columns by where
    they stand (`_placed_table`) rather than by the order they were printed in."""
    tokens = tokenize(text, places)
    if not tokens:
        return []
    found, taken = find_labels(tokens)
    blocky = is_blocky(tokens)
    laid_out = is_laid_out(text)
    out = []
    for first, last in split_forms(tokens, found):
        part = tokens[first:last]
        labels = [lb for lb in found if first <= lb.pos < last]
        form = _FormText(part, labels, taken, blocky, laid_out)
        out.append((form.grid(), form.notes))
    return out


def grids_from_text(text: str) -> list[list[list[str]]]:
    """The grid of each form in `text` (see `read_forms`)."""
    return [grid for grid, _ in read_forms(text)]


def grid_from_text(text: str) -> list[list[str]]:
    """The rows of every form in `text`, one form under another."""
    rows: list[list[str]] = []
    for grid in grids_from_text(text):
        if rows:
            rows.append([])
        rows.extend(grid)
    return rows
