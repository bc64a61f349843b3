"""`selfeval check` on a terminal: coloured tables and a progress bar, drawn with rich.

The only module that imports rich. It lays out what the plain report (`_report`) already decides —
where each finding belongs, which rows differ, how numbers are written — in colour, wrapping long
Chinese names inside their column instead of cutting them. A pipe or a file gets the plain table;
NO_COLOR keeps this layout and drops the colours.

A form's table is laid out here, not by rich's Table: findings go under their row across the whole
width, which a table's cells cannot do, and Chinese may break between any two characters, where
rich breaks lines only at spaces.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TextIO

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.rule import Rule
from rich.table import Column, Table
from rich.text import Text

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Summary, Tally
from ..findings import ERROR, NOTE, WARNING, Finding
from ..messages import Lang, message
from ..values._numbers import percent
from ..values._numbers import shown as _num
from ._common import (
    NOT_APPLIES,
    FindingPlacer,
    budget_cell,
    card_counts,
    computed_cell,
    finding_title,
    no_color,
    plain,
    score_mark,
)
from ._common import mark as _mark
from ._stream import Context, Options, Writer, write_batch
from ._text import HEADERS

# What each kind of text looks like; with NO_COLOR rich keeps the bold and dim and drops the colours.
STYLES = {
    ERROR: "bold red",
    WARNING: "bold yellow",
    NOTE: "cyan",
    "differs": "bold red",
    "unscorable": "bold yellow",
    "not_applicable": "dim",
    "explanation": "dim",
    "header": "bold",
    "total": "bold",
    "title": "bold",
    "source": "dim",
    "rule": "dim",
    "ok": "green",
}
SYMBOLS = {ERROR: "✗", WARNING: "!", NOTE: "i", "ok": "✓"}

# The columns of a form's table: 序号, 三级指标, 年度指标值, 实际完成值, 分值, 自评分, 复核分, mark.
_JUSTIFY = ("right", "left", "left", "left", "right", "right", "right", "left")
# The text columns share the room the others leave, in these proportions: the name gets the most.
_SHARES = {1: 3, 2: 2, 3: 2}
_GAP = 2  # spaces between columns
_NARROWEST = 6  # a text column is squeezed no narrower than this many cells (three Chinese characters)

# Chinese may break between any two characters, but a line should neither start with closing
# punctuation nor end with opening punctuation (避头尾).
_OPENING = frozenset("（《“‘「『【〔〈([{")
_CLOSING = frozenset("，。、；：？！）》”’」』】〕〉,.;:?!)]}%")

Part = tuple[str, str]  # a run of text and its rich style


class _Row(NamedTuple):
    """One row of a form's table, and what is printed under it."""

    cells: tuple[Part, ...]
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


def render_terminal(
    batch: Batch, lang: Lang, stream: TextIO, *, explain: bool = False,
    width: int | None = None, force_terminal: bool | None = None,
) -> None:
    """Write a checked batch for a person at a terminal: a coloured table per form, then the run's summary.

    Args:
        batch: the forms checked (see `check_files`).
        lang: the language of headers and messages.
        stream: where to write; colours are used when it is a terminal and NO_COLOR is unset.
        explain: show how every row was scored, not only the rows that differ.
        width: the width to lay out for, instead of the terminal's.
        force_terminal: write colour codes even when `stream` is not a terminal (for tests).
    """
    console = _console(stream, width, force_terminal)
    options = Options(lang, explain, console.width)
    write_batch(batch, terminal_record, TerminalWriter(console, Context(batch.policy, options)), options)


def terminal_width(stream: TextIO) -> int:
    """The width a terminal record is laid out for on `stream`."""
    return _console(stream).width


def terminal_record(checked: CheckedForm, options: Options) -> tuple[str, str, list[list[Part]]]:
    """A form's record for the coloured table: its title, its file, and its lines laid out for `options.width`."""
    return _form(checked, options.lang, options.explain, options.width)


class TerminalWriter(Writer):
    """Draws each form as it comes, then the run's summary."""

    def __init__(self, console: Console | TextIO, context: Context) -> None:
        self.console = console if isinstance(console, Console) else _console(console)
        self.lang = context.lang
        self.bad_files: list[tuple[str, int]] = []
        policy = context.policy
        heading = message("report.policy", self.lang, policy=policy.describe(self.lang), name=policy.name, version=policy.version)
        _print(self.console, _note(0, None, [(plain(heading), STYLES["source"])], self.console.width))

    def form(self, facts: FormFacts, record: Any) -> None:
        title, source, lines = record
        self.console.print()
        self.console.print(Rule(Text.assemble((title, STYLES["title"]), "  ", (source, STYLES["source"])), align="left", style=STYLES["rule"]))
        _print(self.console, lines)

    def bad(self, bad: BadFile) -> None:
        self.bad_files.append((plain(bad.source), len(bad.error.problems)))

    def close(self, tally: Tally) -> None:
        self.console.print()
        for renderable in _summary(tally.summary(), tally.severities, self.bad_files, self.lang, self.console.width):
            self.console.print(renderable)


def _console(stream: TextIO, width: int | None = None, force_terminal: bool | None = None) -> Console:
    return Console(
        file=stream,
        width=width,
        force_terminal=force_terminal,
        no_color=no_color(),
        highlight=False,
        markup=False,
        emoji=False,
    )


# --- one form -----------------------------------------------------------------------------------


def _form(checked: CheckedForm, lang: Lang, explain: bool, width: int) -> tuple[str, str, list[list[Part]]]:
    """A form's title and file, and its table with the findings under their rows."""
    card, form = checked.card, checked.card.form
    rows, total = _rows(checked, lang, explain)
    header = tuple((h, STYLES["header"]) for h in HEADERS[lang])
    widths = _widths([header, *(r.cells for r in rows), total.cells], width)
    indent = widths[0] + _GAP
    rule = [[("─" * (sum(widths) + _GAP * (len(widths) - 1)), STYLES["rule"])]]
    lines = _line(header, widths) + rule
    for row in rows:
        lines += _line(row.cells, widths) + _notes(row, indent, lang, width)
    lines += rule + _line(total.cells, widths) + _notes(total, indent, lang, width)
    if not checked.findings:
        lines += _note(indent, (SYMBOLS["ok"], STYLES["ok"]), [(message("term.no_findings", lang), STYLES["ok"])], width)
    for counts in card_counts(card, lang).splitlines():
        lines += _note(0, None, [(counts, STYLES["source"])], width)
    project = plain(form.project)
    title = f"{project}（{form.year or '—'}）" if lang == "zh" else f"{project} ({form.year or '—'})"
    return title, plain(checked.source), lines


def _rows(checked: CheckedForm, lang: Lang, explain: bool) -> tuple[list[_Row], _Row]:
    """The budget and indicator rows, and the total row, which carries the findings placed nowhere else."""
    card = checked.card
    placer = FindingPlacer(checked.findings)

    def under(prefix: str) -> tuple[Finding, ...]:
        return tuple(placer.take(prefix))

    budget = card.budget
    rate = "—" if budget.rate is None else percent(budget.rate)
    computed, mark = budget_cell(budget)[0], score_mark(budget)
    rows = [_Row(
        (("", ""), (message("report.budget", lang), ""), (message("report.rate", lang, rate=rate), ""), ("", ""),
         (_num(budget.weight), ""), (_num(budget.reported_score), ""), *_scored(computed, mark)),
        (plain(budget.explain(lang)),) if explain or mark else (),
        under("$.budget"),
    )]
    for row in card.indicators:
        indicator = row.indicator
        computed, kind = computed_cell(row, lang)
        mark, style = score_mark(row), STYLES["not_applicable"] if kind == NOT_APPLIES else ""
        texts = (str(indicator.index + 1), plain(indicator.name), plain(indicator.target or "—"), plain(indicator.actual or "—"),
                 _num(indicator.weight), _num(indicator.reported_score))
        rows.append(_Row(
            (*((text, style) for text in texts), *_scored(computed, mark, style)),
            (plain(row.explain(lang)),) if explain or mark else (),
            under(indicator.path),
        ))
    grade = card.grade.label if card.grade else "—"
    rescaled = () if card.rescaled_from is None else (message("report.rescaled", lang, raw=_num(card.rescaled_from), total=_num(card.total)),)
    total = _Row(
        (("", ""), (message("report.total", lang, grade=grade), STYLES["total"]), ("", ""), ("", ""), ("", ""),
         (_num(card.reported_total), STYLES["total"]), *_scored(_num(card.total), _mark(card.reported_total, card.total), STYLES["total"])),
        rescaled,
        tuple(placer.rest()),
    )
    return rows, total


def _scored(computed: str, mark: str, style: str = "") -> tuple[Part, Part]:
    """The computed score and the mark beside it: red where they differ from the form, yellow where unscorable."""
    if mark == "≠":
        style = STYLES["differs"]
    elif mark == "?":
        style = STYLES["unscorable"]
    return (computed, style), (mark, style)


def _notes(row: _Row, indent: int, lang: Lang, width: int) -> list[list[Part]]:
    """The explanations and findings under a row."""
    lines = [line for note in row.notes for line in _note(indent, None, [(note, STYLES["explanation"])], width)]
    for finding in row.findings:
        style = STYLES[finding.severity]
        parts = [(f"[{finding.code}]", style), (" " + plain(finding_title(finding.code, lang)), style),
                 (("：" if lang == "zh" else ": ") + plain(finding.describe(lang)), "")]
        lines += _note(indent, (SYMBOLS[finding.severity], style), parts, width)
    return lines


# --- layout ----------------------------------------------------------------------------------------


def _widths(lines: Sequence[Sequence[Part]], width: int) -> list[int]:
    """Column widths: the short columns as wide as their widest cell, the text columns sharing the rest.

    The room is shared out in proportion to `_SHARES`, the column needing the least of its share
    first, so that a column needing less keeps its natural width and leaves the remainder to the
    others.

    >>> _widths([[("", ""), ("名称", ""), ("指标值", ""), ("实际", ""), ("5", ""), ("5", ""), ("5", ""), ("", "")],
    ...          [("1", ""), ("很长的名称" * 4, ""), ("≥90%", ""), ("90%", ""), ("5", ""), ("5", ""), ("5", ""), ("", "")]], 40)
    [1, 12, 6, 4, 1, 1, 1, 0]
    """
    natural = [max(cell_len(line[i][0]) for line in lines) for i in range(len(_JUSTIFY))]
    widths = list(natural)
    room = width - sum(natural[i] for i in range(len(natural)) if i not in _SHARES) - _GAP * (len(natural) - 1)
    shares = sum(_SHARES.values())
    for i in sorted(_SHARES, key=lambda i: natural[i] / _SHARES[i]):
        widths[i] = max(min(natural[i], room * _SHARES[i] // shares), min(natural[i], _NARROWEST))
        room -= widths[i]
        shares -= _SHARES[i]
    return widths


def _breaks(plain: str, width: int) -> list[int]:
    """Where to break `plain` so that no line is wider than `width` cells.

    Lines break at spaces and beside any wide (Chinese) character, never before closing or after
    opening punctuation; a run longer than a line is cut.

    >>> _breaks("未达到目标，复核应为 40.00", 10)
    [4, 9]
    """
    width = max(width, 2)
    if cell_len(plain) <= width:
        return []
    wide = [get_character_cell_size(ch) == 2 for ch in plain]
    opportunities = [
        i for i in range(1, len(plain))
        if not plain[i].isspace() and (
            plain[i - 1].isspace()
            or ((wide[i - 1] or wide[i]) and plain[i] not in _CLOSING and plain[i - 1] not in _OPENING)
        )
    ]
    offsets: list[int] = []
    used, start = 0, 0
    for end in [*opportunities, len(plain)]:
        unit = plain[start:end]
        if used and used + cell_len(unit.rstrip()) > width:
            offsets.append(start)
            used = 0
        while cell_len(unit.rstrip()) > width:
            cut = _fitting(unit, width)
            start += cut
            offsets.append(start)
            unit = unit[cut:]
        used += cell_len(unit)
        start = end
    return offsets


def _fitting(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for count, ch in enumerate(text):
        used += cell_len(ch)
        if used > width:
            return max(count, 1)
    return len(text)


def _wrap(text: str, width: int) -> list[str]:
    """`text` as lines at most `width` cells wide; its own line breaks are kept.

    >>> _wrap("未达到目标，复核应为 40.00", 10)
    ['未达到目', '标，复核应', '为 40.00']
    """
    lines = []
    for paragraph in text.replace("\t", " ").split("\n"):
        offsets = [0, *_breaks(paragraph, width), len(paragraph)]
        lines += [paragraph[a:b].rstrip() for a, b in zip(offsets, offsets[1:])]
    return lines


def _line(cells: Sequence[Part], widths: Sequence[int]) -> list[list[Part]]:
    """A table row: each cell wrapped inside its column and padded by display width, the columns side by side."""
    wrapped = [_wrap(text, width) for (text, _), width in zip(cells, widths)]
    lines = []
    for n in range(max(map(len, wrapped))):
        line: list[Part] = []
        for i, ((_, style), pieces, width, justify) in enumerate(zip(cells, wrapped, widths, _JUSTIFY)):
            piece = pieces[n] if n < len(pieces) else ""
            pad = (" " * (width - cell_len(piece)), "")
            line += [(" " * _GAP if i else "", ""), *((pad, (piece, style)) if justify == "right" else ((piece, style), pad))]
        lines.append(_rstrip(line))
    return lines


def _note(indent: int, symbol: Part | None, parts: Sequence[Part], width: int) -> list[list[Part]]:
    """A note under a row, starting below the indicator's name, wrapped with a hanging indent."""
    lead = indent + (2 if symbol is not None else 0)
    parts = [(text.replace("\n", " ").replace("\t", " "), style) for text, style in parts]
    plain = "".join(text for text, _ in parts)
    offsets = [0, *_breaks(plain, width - lead), len(plain)]
    lines = []
    for n, (start, end) in enumerate(zip(offsets, offsets[1:])):
        first = [(" " * indent, ""), *((symbol, (" ", "")) if symbol is not None else ())]
        lines.append(_rstrip([*(first if n == 0 else [(" " * lead, "")]), *_slice(parts, start, end)]))
    return lines


def _slice(parts: Iterable[Part], start: int, end: int) -> list[Part]:
    """The characters from `start` to `end` of the text the parts make up, each keeping its style."""
    out, at = [], 0
    for text, style in parts:
        low, high = max(start - at, 0), min(end - at, len(text))
        if low < high:
            out.append((text[low:high], style))
        at += len(text)
    return out


def _rstrip(line: list[Part]) -> list[Part]:
    while line and not line[-1][0].strip():
        line.pop()
    if line:
        line[-1] = (line[-1][0].rstrip(), line[-1][1])
    return line


def _text(lines: Sequence[Sequence[Part]]) -> Text:
    """Lines already laid out, as one rich Text."""
    parts: list[Part] = []
    for n, line in enumerate(lines):
        parts += [("\n", "")] if n else []
        parts += line
    return Text.assemble(*parts)


def _print(console: Console, lines: Sequence[Sequence[Part]]) -> None:
    """Print lines already laid out: cropped, not wrapped again, should the terminal be narrower."""
    console.print(_text(lines), no_wrap=True, overflow="crop")


# --- the run's summary ----------------------------------------------------------------------------


def _summary(summary: Summary, severities: dict[str, str], bad_files: Sequence[tuple[str, int]], lang: Lang,
             width: int) -> list[RenderableType]:
    """Forms read, unusable files, forms with errors, findings by code, the largest differences in totals."""
    counts = Table.grid(padding=(0, 2))
    counts.add_column()
    counts.add_column(justify="right")
    for key, value, style in (
        ("term.forms_read", summary.forms_read, ""),
        ("term.bad_files", summary.bad_files, STYLES[ERROR]),
        ("term.forms_with_errors", summary.forms_with_errors, STYLES[ERROR]),
        ("term.forms_with_warnings", summary.forms_with_warnings, STYLES[WARNING]),
    ):
        counts.add_row(message(key, lang), Text(str(value), style=style if value else ""))
    out: list[RenderableType] = [Rule(Text(message("term.summary", lang), style=STYLES["title"]), align="left", style=STYLES["rule"]), counts]
    for source, problems in bad_files:
        text = message("term.unusable", lang, source=source, count=problems)
        out.append(_text(_note(0, (SYMBOLS[ERROR], STYLES[ERROR]), [(text, "")], width)))
    if summary.findings_by_code:
        codes = _table(message("term.codes", lang), ("term.title", "term.code", "term.severity", "term.count"), lang)
        for code, count in summary.findings_by_code:
            style = STYLES[severities[code]]
            codes.add_row(Text(finding_title(code, lang), style=style), Text(code, style=style),
                          Text(message(f"term.{severities[code]}", lang), style=style), str(count))
        out += [Text(), codes]
    if summary.largest_differences:
        gaps = _table(message("term.differences", lang), ("term.project", "term.file", "term.reported", "term.computed", "term.gap"), lang)
        for difference in summary.largest_differences:
            gaps.add_row(plain(difference.project), Text(plain(difference.source), style=STYLES["source"]), _num(difference.reported),
                         _num(difference.computed), Text(f"{difference.gap:+f}", style=STYLES["differs"]))
        out += [Text(), gaps]
    return out


def _table(title: str, keys: Sequence[str], lang: Lang) -> Table:
    table = Table(title=title, title_justify="left", title_style=STYLES["title"], box=box.SIMPLE_HEAD,
                  header_style=STYLES["header"], show_edge=False, pad_edge=False)
    for key in keys:
        numeric = key in ("term.count", "term.reported", "term.computed", "term.gap")
        table.add_column(message(key, lang), justify="right" if numeric else "left", overflow="fold", no_wrap=numeric)
    return table


# --- progress -------------------------------------------------------------------------------------


class RichProgress:
    """A progress bar on a terminal while a batch is checked, erased when done.

    Called as `progress(done, total, source)` after each file (see `check_files`); `log(line)` prints
    a line above it; `close()` ends it. A total of None (a stream of unknown length) draws a pulsing bar.
    """

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self._progress = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[name]}", markup=False, table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis")),
            console=_console(stream),
            transient=True,
            expand=True,  # the file's name takes what the bar and counts leave
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task("", total=total, name="")
        self._progress.start()

    def __call__(self, done: int, total: int, source: str) -> None:
        self._progress.update(self._task, completed=done, total=total or None, name=plain(os.path.basename(source)))

    def log(self, line: str) -> None:
        self._progress.console.print(plain(line), markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self._progress.stop()
