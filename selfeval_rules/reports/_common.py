"""What every report shares: exact JSON, findings placed once under the row they concern, cells cut
to a width, and the few words every format prints the same way."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from ..findings import Finding
from ..messages import MESSAGES, Lang, display_width, message
from ..scoring import (
    NOT_APPLICABLE,
    SCORED,
    UNSCORABLE,
    UNWEIGHTED,
    BudgetScore,
    RowScore,
    Scorecard,
)
from ..values._numbers import shown


def to_json(value: Any, *, indent: int = 2) -> str:
    """JSON text in which Decimals are written as the numbers they are, never through float.

    >>> to_json({"score": Decimal("9.71"), "ok": True}, indent=0)
    '{\\n"score": 9.71,\\n"ok": true\\n}'
    """
    try:
        return _MARKED.sub(r"\1", json.dumps(_marked(value), ensure_ascii=False, indent=indent))
    except _Unmarkable:
        return _encode(value, indent, 0)


def to_json_line(value: Any) -> str:
    """One line of JSON (no spaces), Decimals written exactly: a line of `--format jsonl`.

    >>> to_json_line({"score": Decimal("9.710"), "rows": [1, None], "name": "满意度"})
    '{"score":9.710,"rows":[1,null],"name":"满意度"}'
    """
    try:
        return _MARKED.sub(r"\1", json.dumps(_marked(value), ensure_ascii=False, separators=(",", ":")))
    except _Unmarkable:
        return _encode_line(value)


# The C encoder writes a document far faster than Python can, but writes a Decimal only through
# float. So each Decimal goes in as a string of its exact text between NUL marks, which the encoder
# writes as "\u0000…\u0000", and comes out unquoted. A document whose own text holds a NUL (which
# no YAML form can, but a mapping might) is written the slow way, never confused with a number.
_MARK = "\x00"
_MARKED = re.compile(r'"\\u0000(-?[0-9]+(?:\.[0-9]+)?)\\u0000"')


class _Unmarkable(Exception):
    pass


def _marked(value: Any) -> Any:
    if isinstance(value, str):
        if _MARK in value:
            raise _Unmarkable
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} cannot be written as JSON")
        return f"{_MARK}{value:f}{_MARK}"
    if isinstance(value, dict):
        if any(_MARK in str(k) for k in value):
            raise _Unmarkable
        return {k: _marked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_marked(v) for v in value]
    return value


def _encode(value: Any, indent: int, depth: int) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} cannot be written as JSON")
        return f"{value:f}"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad, inner = " " * indent * depth, " " * indent * (depth + 1)
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_encode(v, indent, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        pad, inner = " " * indent * depth, " " * indent * (depth + 1)
        return "[\n" + ",\n".join(inner + _encode(v, indent, depth + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def _encode_line(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} cannot be written as JSON")
        return f"{value:f}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{_encode_line(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode_line(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


# --- findings named for people ----------------------------------------------------------------


# How each severity is marked where a finding is listed in text: ✗ error, ! warning, i note.
MARKS = {"error": "✗", "warning": "!", "note": "i"}


def severity_mark(severity: str) -> str:
    """The mark of a severity in a text report (`!` for one not known)."""
    return MARKS.get(severity, "!")


def finding_title(code: str, lang: Lang = "zh") -> str:
    """The title of a finding code in `lang` (the code itself for a code without one).

    >>> finding_title("total-differs"), finding_title("total-differs", "en")
    ('总分与复核不符', 'total differs')
    """
    key = f"title.{code}"
    return message(key, lang) if key in MESSAGES else code


def finding_line(finding: Finding, lang: Lang = "zh") -> str:
    """A finding in words: its title, then its message.

    >>> finding_line(Finding("total-differs", "error", "$.reported_total", {"printed": Decimal("96.80"), "computed": Decimal("94.80")}))
    '总分与复核不符：总分 96.80，复核总分为 94.80'
    """
    return message("report.finding_line", lang, title=finding_title(finding.code, lang), message=finding.describe(lang))


def code_counts(counts: Sequence[tuple[str, int]], lang: Lang = "zh") -> str:
    """Finding codes and their counts, each named by its title: `总分与复核不符（total-differs）×2`."""
    return message("summary.codes_sep", lang).join(
        message("summary.code_count", lang, title=finding_title(code, lang), code=code, count=count) for code, count in counts
    )


# --- text that came from a form ---------------------------------------------------------------

# C0 controls but the line feed, DEL, the C1 controls (a lone 0x9b is a CSI), and the bidirectional
# overrides and isolates that reorder what a terminal shows.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


def plain(text: str) -> str:
    r"""Text from a form made safe for a terminal: no escape sequences, bells or line feeds.

    Line breaks and tabs become one space; every other control character goes, so a form cannot
    clear a screen, colour a line or plant an OSC-8 link.

    >>> plain("培训\x1b[2J人数\x07\n第二行\x1b]8;;http://x\x1b\\链接")
    '培训[2J人数 第二行]8;;http://x\\链接'
    """
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text))


def plain_lines(text: str) -> str:
    """Like `plain`, but the line feeds of our own layout are kept."""
    return _CONTROLS.sub("", text)


_MARKDOWN = re.compile(r"[\\\[\]<>&|]")
_MARKDOWN_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def markdown_text(text: object) -> str:
    r"""Form text for Markdown: no raw HTML, no links of its own, on one line.

    `<`, `>` and `&` become entities (a Markdown viewer renders raw HTML); `[`, `]` and `\` are
    escaped (they make links and images), and so is `|` (it would end a table cell).

    >>> markdown_text('<img src=x onerror="alert(1)"> [点此](http://x) a|b')
    '&lt;img src=x onerror="alert(1)"&gt; \\[点此\\](http://x) a\\|b'
    """
    line = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(text)))
    return _MARKDOWN.sub(lambda m: _MARKDOWN_ESCAPES.get(m.group(), "\\" + m.group()), line)


def html_text(text: object) -> str:
    """Form text for HTML: escaped, quotes included, and without control characters."""
    return escape(plain_lines(str(text)))


# --- what a computed cell says -----------------------------------------------------------------

# The kinds of computed cell: a score; a row that does not apply; a row judged met or not but given
# no score (the policy scores outcomes only, or its weight is unknown); a row that could not be read.
SCORE, NOT_APPLIES, OUTCOME, UNREAD = "score", "not_applicable", "outcome", "unscorable"


def outcome_label(outcome: str, lang: Lang = "zh") -> str:
    """A row's outcome in words.

    >>> outcome_label("met"), outcome_label("not_assessable", "en")
    ('达成', 'not assessable')
    """
    return message(f"outcome.{outcome}", lang)


def computed_cell(row: RowScore, lang: Lang = "zh") -> tuple[str, str]:
    """What a report shows as a row's computed score, and which kind of cell that is.

    A scored row shows its score; a row that does not apply, `n/a`; a row judged but not scored (an
    outcomes-only policy, a weight nobody printed) shows its outcome (`达成`, `未达成`, `无法评判`);
    a row that could not be read, `?`.
    """
    if row.status == SCORED:
        return shown(row.score), SCORE
    if row.status == NOT_APPLICABLE:
        return "n/a", NOT_APPLIES
    if row.status == UNWEIGHTED:
        return outcome_label(row.outcome, lang), OUTCOME
    return "?", UNREAD


def budget_cell(budget: BudgetScore) -> tuple[str, str]:
    """What a report shows as the budget's computed score: its score, `—` when the policy gives it
    none (outcomes only), `?` when it could not be read."""
    if budget.status == SCORED:
        return shown(budget.score), SCORE
    if budget.status == UNWEIGHTED:
        return "—", OUTCOME
    return "?", UNREAD


def score_mark(result: BudgetScore | RowScore) -> str:
    """The mark beside a computed score (the budget's or a row's): ≠ where it differs from the form's,
    ? where it could not be read, nothing where there is no score to compare."""
    if result.status == SCORED:
        return mark(result.reported_score, result.score)
    return "?" if result.status == UNSCORABLE else ""


def no_total(card: Scorecard, lang: Lang = "zh") -> str:
    """Why a form has no computed total, in words; empty when it has one."""
    return "" if card.total_note is None else message(f"report.no_total.{card.total_note}", lang)


def card_counts(card: Scorecard, lang: Lang = "zh") -> str:
    """The closing line of a form's table: rows, rows scored differently, rows that could not be read;
    for a form without a total, why, and how many rows were met, not met, not assessable.

    >>> from selfeval_rules import load_form, load_policy, score
    >>> rows = [{"name": "人数", "target": "≥45人", "actual": a, "weight": 5} for a in ("45人", "40人", "无")]
    >>> print(card_counts(score(load_form({"project": "示例", "indicators": rows}), load_policy("transfer-targets"))))
    共 3 个指标：达成 1 个，未达成 1 个，无法评判 1 个；本计分规则只判断达成情况，不计分，也不计总分
    """
    outcomes = message("report.outcomes", lang, **card.counts)
    if card.total_note == "outcomes":
        return message("report.rows", lang, rows=len(card.indicators)) + outcomes + message("report.sep", lang) + no_total(card, lang)
    differing = sum(1 for r in card.indicators if r.status == SCORED and mark(r.indicator.reported_score, r.score))
    unscorable = sum(1 for r in card.indicators if r.status == UNSCORABLE)
    line = message("report.summary", lang, rows=len(card.indicators), differing=differing, unscorable=unscorable)
    if card.total_note is not None:
        line += "\n" + no_total(card, lang) + message("report.sep", lang) + outcomes
    return line


def findings_at(findings: Sequence[Finding], prefix: str) -> list[Finding]:
    """The findings whose path is `prefix` or lies inside it (`$.indicators[3]` holds `$.indicators[3].actual`)."""
    return [f for f in findings if f.path == prefix or f.path.startswith(prefix + ".")]


class FindingPlacer:
    """Hands out each finding once, to the first row that asks for a path holding it; `rest()` is
    what no row took (the whole form's findings)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        self.placed: set[int] = set()

    def take(self, *prefixes: str) -> list[Finding]:
        """The findings under any of `prefixes` not yet handed out."""
        here = [f for prefix in prefixes for f in findings_at(self.findings, prefix) if id(f) not in self.placed]
        self.placed.update(id(f) for f in here)
        return here

    def rest(self) -> list[Finding]:
        """The findings no row took."""
        return [f for f in self.findings if id(f) not in self.placed]


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns (a Chinese character takes two), with … when cut.

    >>> fit("对于应急志愿者队伍建设", 9)
    '对于应急…'
    """
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) + 1 > width:
            break
        out += ch
    return out + "…"


def grade_label(card: Scorecard, lang: Lang) -> str:
    """The computed grade in the report's language, "—" when the policy gives none."""
    if card.grade is None:
        return "—"
    return card.grade.label_en if lang == "en" and card.grade.label_en else card.grade.label


def total_weight(card: Scorecard) -> Decimal | None:
    """The budget's weight and every row's added up; None when a row prints no weight."""
    weights = [card.budget.weight, *(r.weight for r in card.indicators)]
    return None if any(w is None for w in weights) else sum(weights, Decimal(0))  # type: ignore[arg-type]


def mark(reported: Decimal | None, computed: Decimal | None) -> str:
    """"≠" when a printed score differs from the computed one, else ""."""
    if reported is None or computed is None:
        return ""
    return "" if reported == computed else "≠"


def score_gap(reported: Decimal | None, computed: Decimal | None) -> Decimal | None:
    """The form's figure less ours, as a number; None when either is missing."""
    return None if reported is None or computed is None else reported - computed


def difference(reported: Decimal | None, computed: Decimal | None) -> str:
    """reported − computed as plain text, "" when either is missing."""
    if reported is None or computed is None:
        return ""
    return f"{reported - computed:f}"


def no_color() -> bool:
    """Whether the user asked for no colours (the NO_COLOR convention: set and not empty)."""
    return os.environ.get("NO_COLOR", "") != ""
