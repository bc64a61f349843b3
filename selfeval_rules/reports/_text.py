"""Plain-text reports: a scorecard as a table, the closing lines of a run, and `check`'s table format.

Text from a form never reaches the terminal as it was typed: control characters (escape sequences,
bells) are dropped and line breaks become spaces (`plain`), so a form cannot clear a screen or fake
a colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..batch import Batch, CheckedForm, FormFacts, Summary, Tally
from ..findings import Finding
from ..messages import Lang, display_width, message
from ..scoring import SCORED, Scorecard
from ..values._numbers import percent
from ..values._numbers import shown as _num
from ._common import (
    FindingPlacer,
    budget_cell,
    card_counts,
    code_counts,
    computed_cell,
    finding_line,
    fit,
    plain,
    plain_lines,
    score_mark,
    severity_mark,
)
from ._common import mark as _mark
from ._stream import Context, Options, Sink, Writer, render_batch

HEADERS = {
    "zh": ("序号", "三级指标", "年度指标值", "实际完成值", "分值", "自评分", "复核分", ""),
    "en": ("#", "indicator", "target", "actual", "weight", "reported", "computed", ""),
}
_WIDTHS = (4, 26, 16, 16, 6, 8, 8, 2)
_ALIGN = ("right", "left", "left", "left", "right", "right", "right", "left")


def _cell(text: str, width: int, align: str = "left") -> str:
    """Pad `text` to `width` terminal columns (Chinese characters take two), cutting it if longer."""
    text = fit(plain(text), width)
    gap = " " * (width - display_width(text))
    return text + gap if align == "left" else gap + text


def _line(cells: Sequence[str]) -> str:
    return "  ".join(_cell(c, w, a) for c, w, a in zip(cells, _WIDTHS, _ALIGN)).rstrip()


def _finding_lines(findings: Sequence[Finding], lang: Lang) -> list[str]:
    """Lines of `score_table`, which removes their control characters (`plain_lines`) once, at the end."""
    return [f"      {severity_mark(f.severity)} [{f.code}] {finding_line(f, lang)}" for f in findings]


def score_table(card: Scorecard, *, lang: Lang = "zh", explain: bool = False, findings: Sequence[Finding] | None = None) -> str:
    """A plain-text table of a scorecard: reported and computed scores side by side, differences marked ≠.

    With `findings`, each finding is printed under the row (or the budget, or the total) it concerns.
    """
    placer = FindingPlacer(findings or ())

    def under(prefix: str) -> list[str]:
        return _finding_lines(placer.take(prefix), lang)

    form = card.form
    project = plain(form.project)
    title = f"{project}（{form.year or '—'}）" if lang == "zh" else f"{project} ({form.year or '—'})"
    lines = [title, message("report.policy", lang, policy=card.policy.describe(lang), name=card.policy.name, version=card.policy.version), ""]
    lines.append(_line(HEADERS[lang]))
    lines.append("-" * sum(w + 2 for w in _WIDTHS))
    budget = card.budget
    rate = "—" if budget.rate is None else percent(budget.rate)
    budget_shown = budget_cell(budget)[0]
    lines.append(_line(("", message("report.budget", lang), message("report.rate", lang, rate=rate), "", _num(budget.weight),
                        _num(budget.reported_score), budget_shown, score_mark(budget))))
    if explain or budget.status != SCORED or _mark(budget.reported_score, budget.score):
        lines.append("      " + budget.explain(lang))
    lines.extend(under("$.budget"))
    for row in card.indicators:
        indicator = row.indicator
        shown, _ = computed_cell(row, lang)
        mark = score_mark(row)
        lines.append(_line((str(indicator.index + 1), indicator.name, indicator.target or "—", indicator.actual or "—",
                            _num(indicator.weight), _num(indicator.reported_score), shown, mark)))
        if explain or mark:
            lines.append("      " + row.explain(lang))
        lines.extend(under(indicator.path))
    lines.append("-" * sum(w + 2 for w in _WIDTHS))
    grade = card.grade.label if card.grade else "—"
    lines.append(_line(("", message("report.total", lang, grade=grade), "", "", "", _num(card.reported_total), _num(card.total),
                        _mark(card.reported_total, card.total))))
    if card.rescaled_from is not None:
        lines.append("      " + message("report.rescaled", lang, raw=_num(card.rescaled_from), total=_num(card.total)))
    lines.extend(_finding_lines(placer.rest(), lang))
    lines.append(card_counts(card, lang))
    return plain_lines("\n".join(lines))


def summary_lines(summary: Summary, lang: Lang = "zh") -> str:
    """The closing lines of a run: forms read, forms with errors, findings by code (each with its
    title), the largest differences between printed and computed totals."""
    lines = [message("summary.counts", lang, read=summary.forms_read, bad=summary.bad_files,
                     errors=summary.forms_with_errors, warnings=summary.forms_with_warnings)]
    if summary.findings_by_code:
        lines.append(message("summary.codes", lang, codes=code_counts(summary.findings_by_code, lang)))
    for difference in summary.largest_differences:
        lines.append(message("summary.difference", lang, project=plain(difference.project), source=plain(difference.source),
                             reported=_num(difference.reported), computed=_num(difference.computed), gap=f"{difference.gap:+f}"))
    return "\n".join(lines)


def summary_text(batch: Batch, lang: Lang = "zh") -> str:
    """The closing lines of a run held in memory (see `summary_lines`)."""
    return summary_lines(batch.summary(), lang)


def table_record(checked: CheckedForm, options: Options) -> str:
    """A form's record for `--format table`: its finished table."""
    return score_table(checked.card, lang=options.lang, explain=options.explain, findings=checked.findings)


class TableWriter(Writer):
    """`selfeval check`'s plain table: every form's table as it comes, then the run's summary."""

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink, self.lang, self.started = sink, context.lang, False

    def form(self, facts: FormFacts, record: Any) -> None:
        self.sink.write((("\n\n" if self.started else "") + record).encode())
        self.started = True

    def close(self, tally: Tally) -> None:
        self.sink.write((("\n\n" if self.started else "") + summary_lines(tally.summary(), self.lang) + "\n").encode())


def render_table(batch: Batch, lang: Lang = "zh", explain: bool = False) -> bytes:
    """`selfeval check`'s plain table: every form's table with its findings, then the run's summary."""
    return render_batch(batch, table_record, TableWriter, Options(lang, explain))
