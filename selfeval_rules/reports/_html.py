"""The HTML report of a run: one self-contained page, readable without scripts, fit to print.

The page loads nothing: its style sheet and charts (inline SVG) are part of it, and its one small
script only opens the explanations before printing. Every text that comes from a form or a file
name is escaped. The markup is stable for tests and tools:

- each form is `<section class="form" id="form-N">` (N counts from 1, in the order of the run);
- each row of a form's table is `<tr class="row" data-index="I" data-path="$.indicators[I]">` (the
  budget row has `data-index="budget"`), with `has-error` or `has-warning` when findings concern it;
- each finding is `<li class="finding" data-code=… data-severity=… data-path=…>`;
- every bar of a chart is `<rect class="bar …">` with a `<title>`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import IO, Any

import attrs

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Summary, Tally
from ..findings import ERROR, NOTE, WARNING, Finding
from ..findings import worst as _worst
from ..messages import Lang, display_width, message
from ..policy import Policy
from ..scoring import (
    NOT_APPLICABLE,
    SCORED,
    UNSCORABLE,
    BudgetScore,
    RowScore,
    Scorecard,
)
from ..values._numbers import amount, percent, shown
from ._common import (
    NOT_APPLIES,
    OUTCOME,
    SCORE,
    UNREAD,
    FindingPlacer,
    budget_cell,
    card_counts,
    computed_cell,
    finding_title,
    findings_at,
    fit,
    grade_label,
    total_weight,
)
from ._stream import Context, Options, Sink, Writer, render_batch

# The totals chart shows at most this many forms (those whose totals differ most, then the rest).
TOTALS_CHART_LIMIT = 40
_ICONS = {ERROR: "✕", WARNING: "!", NOTE: "i"}
# Where a form's number goes in its record: a form is numbered where the report is written, since a
# worker cannot know how many earlier files were unusable. No escaped text can hold a "<".
NUMBER = "<#>"
# Sections are spooled to a temporary file past this size, so a run of any size holds little.
SPOOL_BYTES = 8 * 1024 * 1024


@attrs.frozen
class HtmlRecord:
    """A form's part of the page: its section and its row of the contents table (both waiting for
    the form's number), and the totals its bars in the chart show."""

    section: str
    row: str
    project: str
    source: str
    reported_total: Decimal | None
    total: Decimal | None


def html_record(checked: CheckedForm, options: Options) -> HtmlRecord:
    """A form's record for `--format html`."""
    lang = options.lang
    card = checked.card
    worst = checked.worst()
    row = (
        f'<tr{_attrs(class_=f"has-{worst}" if worst else None)}><td class="num">{NUMBER}</td>'
        f'<td><a href="#form-{NUMBER}">{escape(card.form.project)}</a></td><td class="source">{escape(checked.source)}</td>'
        f'<td class="num">{shown(card.reported_total)}</td><td class="num">{shown(card.total)}</td>'
        f'<td class="num diff">{_gap(card.reported_total, card.total)}</td><td>{_badges(checked.findings, lang)}</td></tr>'
    )
    return HtmlRecord(_form_section(checked, lang), row, card.form.project, checked.source, card.reported_total, card.total)


def _spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115 - closed by the writer


def _copy(spool: IO[bytes], sink: Sink) -> None:
    spool.seek(0)
    while block := spool.read(1 << 20):
        sink.write(block)
    spool.close()


class HtmlWriter(Writer):
    """The page is written at the end, since its header sums up the run: until then the forms'
    sections and contents rows are spooled (to a temporary file past `SPOOL_BYTES`), and only the
    bars of the totals chart (at most `TOTALS_CHART_LIMIT`) and the unusable files are kept."""

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink, self.lang, self.policy = sink, context.lang, context.policy
        self.sections, self.rows = _spool(), _spool()
        self.count = 0
        self.chart: list[tuple[tuple[Decimal, int], HtmlRecord]] = []
        self.bad_files: list[BadFile] = []

    def form(self, facts: FormFacts, record: Any) -> None:
        self.count += 1
        number = str(self.count)
        self.sections.write((record.section.replace(NUMBER, number) + "\n").encode())
        self.rows.write((record.row.replace(NUMBER, number) + "\n").encode())
        distance = Decimal(0) if record.reported_total is None or record.total is None else abs(record.reported_total - record.total)
        self.chart.append(((-distance, self.count), record))
        if len(self.chart) > 2 * TOTALS_CHART_LIMIT:
            self._trim()

    def _trim(self) -> None:
        self.chart.sort(key=lambda item: item[0])
        del self.chart[TOTALS_CHART_LIMIT:]

    def bad(self, bad: BadFile) -> None:
        self.bad_files.append(bad)

    def discard(self) -> None:
        self.sections.close()
        self.rows.close()

    def close(self, tally: Tally) -> None:
        lang = self.lang
        title = message("md.title", lang)
        write = self.sink.write
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            _header(self.policy, tally.summary(), tally.severities, lang, title),
        ]
        write("".join(part + "\n" for part in head).encode())
        if not self.count:
            write(f'<p class="quiet">{_t("html.no_forms", lang)}</p>\n'.encode())
            self.rows.close()
        else:
            self._trim()
            shown_ = sorted((number, record) for (_, number), record in self.chart)
            write((f'<section class="overview" aria-labelledby="overview-title"><h2 id="overview-title">{_t("html.totals_title", lang)}</h2>\n'
                   + _totals_chart(shown_, self.count, self.policy, lang) + "\n"
                   + f'<h3>{_t("html.contents", lang)}</h3>\n'
                   + '<table class="contents"><thead><tr>'
                   f'<th class="num">#</th><th>{_t("html.project", lang)}</th><th>{_t("html.source", lang)}</th>'
                   f'<th class="num">{_t("html.col.reported", lang)}</th><th class="num">{_t("html.col.computed", lang)}</th>'
                   f'<th class="num">{_t("html.col.diff", lang)}</th><th>{_t("md.findings", lang)}</th></tr></thead><tbody>\n').encode())
            _copy(self.rows, self.sink)
            write(b"</tbody></table></section>\n")
        bad = _bad_files(self.bad_files, lang)
        if bad:
            write((bad + "\n").encode())
        _copy(self.sections, self.sink)
        write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n".encode())


def render_html(batch: Batch, lang: Lang = "zh") -> str:
    """The report of a run as one HTML page: summary, charts, every form's table and findings.

    Args:
        batch: the checked forms and the files that could not be used.
        lang: the language of labels and messages, "zh" or "en".

    Returns:
        The page, as text to be written in UTF-8.

    >>> from selfeval_rules import load_policy
    >>> page = render_html(Batch(load_policy("central-2020"), ()), "en")
    >>> page.startswith("<!DOCTYPE html>"), 'lang="en"' in page, "http" in page
    (True, True, False)
    """
    return render_batch(batch, html_record, HtmlWriter, Options(lang)).decode()


# --- small helpers ------------------------------------------------------------------------------


def _t(key: str, lang: Lang, **params: object) -> str:
    """A catalog message, escaped for HTML (its values may come from a form)."""
    return escape(message(key, lang, **params))


def _attrs(**values: object) -> str:
    """` name="value"` pairs, escaped; `data_code` becomes `data-code`, `class_` becomes `class`."""
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"' for name, value in values.items() if value is not None)


def _gap(reported: Decimal | None, computed: Decimal | None) -> str:
    if reported is None or computed is None or reported == computed:
        return ""
    return f"{reported - computed:+f}"


def _badges(findings: Sequence[Finding], lang: Lang) -> str:
    if not findings:
        return f'<span class="badge ok">{_t("html.no_findings", lang)}</span>'
    out = []
    for severity, key in ((ERROR, "html.errors"), (WARNING, "html.warnings"), (NOTE, "html.notes")):
        count = sum(1 for f in findings if f.severity == severity)
        if count:
            out.append(f'<span class="badge {severity}">{_t(key, lang, count=count)}</span>')
    return " ".join(out)


# --- header and unusable files ------------------------------------------------------------------


def _header(policy: Policy, summary: Summary, severities: dict[str, str], lang: Lang, title: str) -> str:
    out = [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="policy">{_t("report.policy", lang, policy=policy.describe(lang), name=policy.name, version=policy.version)}</p>',
        f'<section class="summary" aria-labelledby="summary-title"><h2 id="summary-title">{_t("md.summary", lang)}</h2>',
        '<ul class="counts">',
        f'<li><span class="n">{summary.forms_read}</span> {_t("html.forms_read", lang)}</li>',
        f'<li class="{"bad" if summary.bad_files else ""}"><span class="n">{summary.bad_files}</span> '
        + (f'<a href="#bad-files">{_t("html.bad_count", lang)}</a>' if summary.bad_files else _t("html.bad_count", lang)) + "</li>",
        f'<li class="{"error" if summary.forms_with_errors else ""}"><span class="n">{summary.forms_with_errors}</span> '
        f'{_t("html.forms_with_errors", lang)}</li>',
        f'<li class="{"warning" if summary.forms_with_warnings else ""}"><span class="n">{summary.forms_with_warnings}</span> '
        f'{_t("html.forms_with_warnings", lang)}</li>',
        "</ul>",
        '<p class="sentence">' + _t("summary.counts", lang, read=summary.forms_read, bad=summary.bad_files,
                                     errors=summary.forms_with_errors, warnings=summary.forms_with_warnings) + "</p>",
    ]
    if summary.findings_by_code:
        out.append(f'<div class="columns"><div><h3>{_t("html.by_code", lang)}</h3>')
        out.append(f'<table class="codes"><thead><tr><th>{_t("html.title", lang)}</th><th>{_t("html.code", lang)}</th>'
                   f'<th class="num">{_t("html.count", lang)}</th></tr></thead><tbody>')
        for code, count in summary.findings_by_code:
            severity = severities.get(code, WARNING)
            out.append(f'<tr{_attrs(data_code=code, data_severity=severity)}><td>{_icon(severity, lang)} {escape(finding_title(code, lang))}</td>'
                       f'<td><code>{escape(code)}</code></td><td class="num">{count}</td></tr>')
        out.append("</tbody></table></div>")
        out.append("<div>")
    else:
        out.append('<div class="columns"><div>')
    out.append(f'<h3>{_t("html.differences", lang)}</h3>')
    if summary.largest_differences:
        out.append('<ol class="differences">')
        for d in summary.largest_differences:
            line = _t("summary.difference", lang, project=d.project, source=d.source, reported=shown(d.reported),
                      computed=shown(d.computed), gap=f"{d.gap:+f}")
            out.append(f'<li><a href="#form-{d.number}">{line}</a></li>' if d.number else f"<li>{line}</li>")
        out.append("</ol>")
    else:
        out.append(f'<p class="quiet">{_t("html.no_differences", lang)}</p>')
    out.append("</div></div></section>")
    out.append("</header>")
    return "\n".join(out)


def _bad_files(bad: Sequence[BadFile], lang: Lang) -> str:
    if not bad:
        return ""
    out = [f'<section class="bad-files" id="bad-files" aria-labelledby="bad-title"><h2 id="bad-title">{_t("html.bad_files", lang)}</h2>']
    for item in bad:
        problems = item.error.problems
        out.append(f'<div class="bad-file"{_attrs(data_source=item.source)}>'
                   f'<h3>{_icon(ERROR, lang)} {_t("doc.problems", lang, source=item.source, count=len(problems))}</h3><ul>')
        out.extend(f'<li{_attrs(data_path=p.path)}><code>{escape(p.located(item.error.source))}</code></li>' for p in problems)
        out.append("</ul></div>")
    out.append("</section>")
    return "\n".join(out)


def _icon(severity: str, lang: Lang) -> str:
    label = _t(f"html.severity.{severity}", lang)
    return f'<span class="icon {escape(severity)}" role="img" aria-label="{label}" title="{label}">{_ICONS.get(severity, "?")}</span>'


# --- one form -----------------------------------------------------------------------------------


def _form_section(checked: CheckedForm, lang: Lang) -> str:
    """A form's section, its number left as `NUMBER`."""
    number = NUMBER
    card, form = checked.card, checked.card.form
    worst = checked.worst()
    facts = [
        ("html.project", form.project),
        ("html.department", form.department),
        ("html.implementer", form.implementer),
        ("html.year", str(form.year) if form.year else None),
        ("html.source", checked.source),
    ]
    out = [
        f'<section class="form{f" has-{worst}" if worst else ""}" id="form-{number}"{_attrs(data_source=checked.source)}'
        f' aria-labelledby="form-{number}-title">',
        f'<h2 id="form-{number}-title">{number}. {escape(form.project)} {_badges(checked.findings, lang)}</h2>',
        '<dl class="facts">',
        *(f"<div><dt>{_t(key, lang)}</dt><dd>{escape(value)}</dd></div>" for key, value in facts if value),
        f'<div><dt>{_t("html.totals", lang)}</dt><dd>'
        + _t("html.totals_value", lang, reported=shown(card.reported_total), computed=shown(card.total), grade=grade_label(card, lang))
        + "</dd></div>",
        "</dl>",
        _scores_chart(card, lang),
        _form_table(checked, lang),
    ]
    placer = FindingPlacer(checked.findings)
    placer.take("$.budget", *(row.path for row in card.indicators))
    rest = placer.rest()
    if rest:
        out.append(f'<div class="form-findings"><h3>{_t("html.form_findings", lang)}</h3>{_finding_list(rest, lang)}</div>')
    out.append("</section>")
    return "\n".join(out)


def _finding_list(findings: Sequence[Finding], lang: Lang) -> str:
    items = [
        f'<li class="finding {escape(f.severity)}"{_attrs(data_code=f.code, data_severity=f.severity, data_path=f.path)}>'
        f'{_icon(f.severity, lang)} <span class="title">{escape(finding_title(f.code, lang))}</span> <code class="code">{escape(f.code)}</code> '
        f'<span class="message">{escape(f.describe(lang))}</span> <code class="path">{escape(f.path)}</code></li>'
        for f in findings
    ]
    return '<ul class="findings">' + "".join(items) + "</ul>"


_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "reported", "computed", "diff")
_NUMERIC = frozenset({"weight", "reported", "computed", "diff"})


def _form_table(checked: CheckedForm, lang: Lang) -> str:
    card = checked.card
    head = "".join(f'<th class="{c}{" num" if c in _NUMERIC else ""}" scope="col">{_t(f"html.col.{c}", lang)}</th>' for c in _COLUMNS)
    out = ['<div class="table-wrap"><table class="form-table">',
           '<colgroup><col class="c-level1"><col class="c-level2"><col class="c-name"><col class="c-target"><col class="c-actual">'
           '<col class="c-num"><col class="c-num"><col class="c-num"><col class="c-num"></colgroup>',
           f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    out.extend(_budget_rows(card.budget, findings_at(checked.findings, "$.budget"), card.policy.places, lang))
    rows = card.indicators
    # Consecutive rows with the same 一级 (and 二级) label share one cell, as on the printed form; each
    # row takes two table rows (the row, then its findings and explanation).
    level1_spans = _spans([r.indicator.level1 for r in rows])
    level2_spans = _spans([(r.indicator.level1, r.indicator.level2) for r in rows])
    for position, row in enumerate(rows):
        out.extend(_indicator_rows(row, findings_at(checked.findings, row.path), level1_spans[position],
                                   level2_spans[position], lang))
    out.append("</tbody>")
    out.append(_total_foot(card, lang))
    out.append("</table></div>")
    return "\n".join(out)


def _spans(keys: Sequence[object]) -> list[int]:
    """For each position, the number of table rows its merged cell spans there (0: covered by the one above)."""
    spans = [0] * len(keys)
    start = 0
    for position in range(1, len(keys) + 1):
        if position == len(keys) or keys[position] != keys[start]:
            spans[start] = 2 * (position - start)
            start = position
    return spans


def _row_class(findings: Sequence[Finding], *extra: str) -> str:
    worst = _worst(findings)
    return " ".join(("row", *extra, *((f"has-{worst}",) if worst else ())))


def _sub_row(findings: Sequence[Finding], explanation: str, colspan: int, lang: Lang, index: str) -> str:
    worst = _worst(findings)
    cls = "sub" + (f" {worst}" if worst else "")
    body = _finding_list(findings, lang) if findings else ""
    details = f'<details class="why"><summary>{_t("html.explain", lang)}</summary><p>{escape(explanation)}</p></details>'
    return f'<tr class="{cls}" data-for="{index}"><td colspan="{colspan}">{body}{details}</td></tr>'


def _budget_rows(budget: BudgetScore, findings: Sequence[Finding], places: int, lang: Lang) -> list[str]:
    amounts = budget.budget
    unit = amounts.unit if amounts and amounts.unit else ""

    def printed(key: str, value: Decimal | None) -> str:
        return _t(key, lang, amount=amount(value, places), unit=unit if value is not None else "")

    annual = printed("html.budget_annual", amounts.annual if amounts else None)
    executed = printed("html.budget_executed", amounts.executed if amounts else None)
    rate = "—" if budget.rate is None else percent(budget.rate)
    text, kind = budget_cell(budget)
    extra = ("budget",) if kind != UNREAD else ("budget", "unscorable")
    computed = _mark_unscorable(lang) if kind == UNREAD else text
    cells = [
        f'<td class="name" colspan="3"><span class="row-name">{_t("report.budget", lang)}</span> '
        f'<span class="rate">{_t("report.rate", lang, rate=rate)}</span></td>',
        f'<td class="target">{annual}</td>',
        f'<td class="actual">{executed}</td>',
        f'<td class="num">{shown(budget.weight)}</td>',
        f'<td class="num">{shown(budget.reported_score)}</td>',
        f'<td class="num computed">{computed}</td>',
        f'<td class="num diff">{_gap(budget.reported_score, budget.score)}</td>',
    ]
    return [
        f'<tr class="{_row_class(findings, *extra)}" data-index="budget" data-path="$.budget">{"".join(cells)}</tr>',
        _sub_row(findings, budget.explain(lang), len(_COLUMNS), lang, "budget"),
    ]


def _mark_unscorable(lang: Lang) -> str:
    label = _t("html.unscorable", lang)
    return f'<span class="tag unscorable" title="{label}">? {label}</span>'


def _indicator_rows(row: RowScore, findings: Sequence[Finding], level1_span: int, level2_span: int, lang: Lang) -> list[str]:
    indicator = row.indicator
    extra: tuple[str, ...] = ()
    text, kind = computed_cell(row, lang)
    if kind == SCORE:
        computed = text
    elif kind == NOT_APPLIES:
        extra = ("not-applicable",)
        computed = f'<span class="tag na">{_t("html.not_applicable", lang)}</span>'
    elif kind == OUTCOME:
        extra = ("outcome",)
        computed = f'<span class="tag outcome {row.outcome.replace("_", "-")}">{escape(text)}</span>'
    else:
        extra = ("unscorable",)
        computed = _mark_unscorable(lang)
    cells = []
    if level1_span:
        cells.append(f'<td class="level level1" rowspan="{level1_span}">{escape(indicator.level1 or "")}</td>')
    if level2_span:
        cells.append(f'<td class="level level2" rowspan="{level2_span}">{escape(indicator.level2 or "")}</td>')
    cells += [
        f'<td class="name"><span class="idx">{indicator.index + 1}</span> <span class="row-name">{escape(indicator.name)}</span></td>',
        f'<td class="target">{escape(indicator.target or "—")}</td>',
        f'<td class="actual">{escape(indicator.actual or "—")}</td>',
        f'<td class="num">{shown(indicator.weight)}</td>',
        f'<td class="num">{shown(indicator.reported_score)}</td>',
        f'<td class="num computed">{computed}</td>',
        f'<td class="num diff">{_gap(indicator.reported_score, row.score)}</td>',
    ]
    index = str(indicator.index)
    return [
        f'<tr class="{_row_class(findings, *extra)}" data-index="{index}"{_attrs(data_path=indicator.path)}>{"".join(cells)}</tr>',
        _sub_row(findings, row.explain(lang), len(_COLUMNS) - 2, lang, index),
    ]


def _total_foot(card: Scorecard, lang: Lang) -> str:
    weights = total_weight(card)
    differs = card.reported_total is not None and card.total is not None and card.reported_total != card.total
    cells = (
        f'<th class="name" colspan="5" scope="row">{_t("report.total", lang, grade=grade_label(card, lang))}</th>'
        f'<td class="num">{shown(weights)}</td><td class="num">{shown(card.reported_total)}</td>'
        f'<td class="num computed">{shown(card.total)}</td><td class="num diff">{_gap(card.reported_total, card.total)}</td>'
    )
    out = [f'<tfoot><tr class="total{" differs" if differs else ""}">{cells}</tr>']
    if card.rescaled_from is not None:
        out.append(f'<tr class="note"><td colspan="{len(_COLUMNS)}">'
                   f'{_t("report.rescaled", lang, raw=shown(card.rescaled_from), total=shown(card.total))}</td></tr>')
    if card.total_note is not None:
        out.append(f'<tr class="note no-total"><td colspan="{len(_COLUMNS)}">{escape(card_counts(card, lang).splitlines()[-1])}</td></tr>')
    out.append("</tfoot>")
    return "".join(out)


# --- charts (inline SVG) ------------------------------------------------------------------------


def _svg_open(width: float, height: float, label: str, css_class: str) -> str:
    return (f'<svg class="chart {css_class}" role="img" aria-label="{escape(label)}" viewBox="0 0 {width:g} {height:g}" '
            f'width="{width:g}" height="{height:g}" preserveAspectRatio="xMinYMin meet">'
            f"<title>{escape(label)}</title>")


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> str:
    """A row of legend entries at (x, y): (css class of the swatch, label)."""
    out = []
    for css_class, label in items:
        if css_class == "weight":
            out.append(f'<line class="weight" x1="{x:g}" y1="{y + 5:g}" x2="{x + 14:g}" y2="{y + 5:g}"/>')
        else:
            out.append(f'<rect class="swatch {css_class}" x="{x:g}" y="{y:g}" width="14" height="10"/>')
        out.append(f'<text class="legend" x="{x + 19:g}" y="{y + 9:g}">{escape(label)}</text>')
        x += 19 + 6.5 * display_width(label) + 18
    return "".join(out)


def _totals_chart(numbered: Sequence[tuple[int, HtmlRecord]], count: int, policy: Policy, lang: Lang) -> str:
    """Two horizontal bars per form, the printed total and the computed one; forms that differ in red.

    `numbered` are the forms shown (all of them, or the `TOTALS_CHART_LIMIT` that differ most), by number.
    """
    note = ""
    if count > len(numbered):
        note = f'<p class="quiet">{_t("html.chart_limited", lang, shown=len(numbered), count=count)}</p>'
    full = max([policy.weights.total] + [v for _, c in numbered for v in (c.reported_total, c.total) if v is not None])
    width, left, right, top = 760, 250, 64, 34
    bar, step = 11, 32
    span = width - left - right
    height = top + step * len(numbered) + 22
    reported_word, computed_word = message("html.legend.reported", lang), message("html.legend.computed", lang)
    label = message("html.totals_chart_label", lang, count=len(numbered))
    out = [_svg_open(width, height, label, "totals"),
           _legend(left, 6, [("reported", reported_word), ("computed", computed_word), ("differs", message("html.legend.differs", lang))])]
    for tick in _ticks(full):
        x = left + float(tick / full) * span
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 18}"/>'
                   f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="middle">{tick:f}</text>')
    for row, (number, entry) in enumerate(numbered):
        y = top + row * step
        differs = entry.reported_total is not None and entry.total is not None and entry.reported_total != entry.total
        cls = " differs" if differs else ""
        project = entry.project
        shown = f"{number}. {fit(project, 34)}"
        out.append(f'<a href="#form-{number}"><text class="label{cls}" x="{left - 8}" y="{y + bar + 4}" text-anchor="end">'
                   f"<title>{escape(f'{number}. {project} ({entry.source})')}</title>{escape(shown)}</text></a>")
        for offset, (kind, word, value) in enumerate((("reported", reported_word, entry.reported_total),
                                                      ("computed", computed_word, entry.total))):
            by = y + offset * (bar + 2)
            if value is None:
                out.append(f'<text class="value missing" x="{left + 4}" y="{by + bar - 2}">—</text>')
                continue
            w = max(float(value / full) * span, 0.0)
            out.append(f'<rect class="bar {kind}{cls}" x="{left}" y="{by}" width="{w:.1f}" height="{bar}">'
                       f"<title>{escape(f'{number}. {project}: {word} {value:f}')}</title></rect>"
                       f'<text class="value{cls}" x="{left + w + 4:.1f}" y="{by + bar - 2}">{value:f}</text>')
    out.append("</svg>")
    return f'<figure class="chart-box">{"".join(out)}{note}</figure>'


def _ticks(full: Decimal) -> list[Decimal]:
    step = Decimal(20) if full <= 120 else Decimal(10) ** (len(str(int(full))) - 1)
    ticks, value = [], Decimal(0)
    while value <= full:
        ticks.append(value)
        value += step
    return ticks


def _scores_chart(card: Scorecard, lang: Lang) -> str:
    """Per row (the budget first), the printed score and the computed one, against the row's weight."""
    groups: list[tuple[str, str, Decimal | None, Decimal | None, Decimal | None, str]] = []
    budget = card.budget
    groups.append((message("html.budget_short", lang), message("report.budget", lang), budget.weight,
                   budget.reported_score, budget.score, budget.status))
    for row in card.indicators:
        groups.append((str(row.indicator.index + 1), row.indicator.name, row.weight, row.reported_score, row.score, row.status))
    full = max([v for g in groups for v in (g[2], g[3], g[4]) if v is not None] + [Decimal(1)])
    left, top, plot, bottom = 40, 30, 150, 34
    group = max(26.0, min(56.0, 690 / len(groups)))
    width = left + group * len(groups) + 10
    width = max(width, 420)
    height = top + plot + bottom
    bar = group * 0.34
    reported_word, computed_word = message("html.legend.reported", lang), message("html.legend.computed", lang)
    weight_word, unscorable_word = message("html.legend.weight", lang), message("html.unscorable", lang)
    na_word = message("html.not_applicable", lang)
    label = message("html.scores_chart_label", lang, project=card.form.project, rows=len(card.indicators))
    out = [_svg_open(width, height, label, "scores"),
           _legend(left, 4, [("reported", reported_word), ("computed", computed_word), ("weight", weight_word),
                             ("differs", message("html.legend.differs", lang))])]

    def y_of(value: Decimal) -> float:
        return top + plot - float(value / full) * plot

    for tick in (Decimal(0), full / 2, full):
        y = y_of(tick)
        text = f"{tick.normalize():f}"
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - 6:g}" y2="{y:.1f}"/>'
                   f'<text class="tick" x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>')
    for position, (short, name, weight, reported, computed, status) in enumerate(groups):
        gx = left + position * group
        center = gx + group / 2
        differs = status == SCORED and reported is not None and computed is not None and reported != computed
        cls = " differs" if differs else ""
        if weight is not None:  # a row that prints no weight has no dashed line
            out.append(f'<line class="weight" x1="{gx + 3:.1f}" y1="{y_of(weight):.1f}" x2="{gx + group - 3:.1f}" y2="{y_of(weight):.1f}">'
                       f"<title>{escape(f'{short} {name}: {weight_word} {weight:f}')}</title></line>")
        bars = (("reported", reported_word, reported, center - bar - 1), ("computed", computed_word, computed if status == SCORED else None,
                                                                           center + 1))
        for kind, word, value, x in bars:
            if value is None:
                continue
            y = y_of(max(value, Decimal(0)))
            h = top + plot - y
            out.append(f'<rect class="bar {kind}{cls}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                       f"<title>{escape(f'{short} {name}: {word} {value:f} / {shown(weight)}')}</title></rect>")
        if status == UNSCORABLE:
            out.append(f'<text class="mark unscorable" x="{center + 1 + bar / 2:.1f}" y="{top + plot - 4}" text-anchor="middle">'
                       f"<title>{escape(f'{short} {name}: {unscorable_word}')}</title>?</text>")
        elif status == NOT_APPLICABLE:
            out.append(f'<text class="mark na" x="{center:.1f}" y="{top + plot - 4}" text-anchor="middle">{escape(na_word)}</text>')
        if differs:
            assert reported is not None and computed is not None
            above = min(y_of(v) for v in (reported, computed, weight) if v is not None) - 5
            out.append(f'<text class="mark differs" x="{center:.1f}" y="{above:.1f}" text-anchor="middle">≠</text>')
        out.append(f'<text class="tick{cls}" x="{center:.1f}" y="{top + plot + 15}" text-anchor="middle">{escape(short)}</text>')
    out.append(f'<line class="axis" x1="{left}" y1="{top + plot}" x2="{width - 6:g}" y2="{top + plot}"/>')
    out.append("</svg>")
    return f'<figure class="chart-box">{"".join(out)}</figure>'


# --- style and script ---------------------------------------------------------------------------

_CSS = """
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --soft: #f6f8fa;
  --error: #c62828; --error-bg: #fdecea; --warning: #a15c00; --warning-bg: #fff6dc;
  --reported: #9aa9bc; --computed: #1f6f8b; --ok: #1a7f37;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px; color: var(--ink); background: #fff;
  font: 14px/1.6 -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
a { color: var(--computed); }
code { font-family: "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; }
.policy, .quiet, .sentence { color: var(--muted); margin: 4px 0; }
.counts { display: flex; flex-wrap: wrap; gap: 10px; list-style: none; padding: 0; margin: 8px 0; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; background: var(--soft); }
.counts .n { font-size: 20px; font-weight: 600; margin-right: 4px; }
.counts li.error { border-color: var(--error); background: var(--error-bg); }
.counts li.warning { border-color: var(--warning); background: var(--warning-bg); }
.counts li.bad { border-color: var(--error); }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); gap: 24px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 7px; vertical-align: top; text-align: left; }
thead th { background: var(--soft); font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
table.codes { width: auto; min-width: 60%; }
table.contents td.source { color: var(--muted); word-break: break-all; font-size: 12px; }
table.contents tr.has-error td:first-child { box-shadow: inset 4px 0 0 var(--error); }
table.contents tr.has-warning td:first-child { box-shadow: inset 4px 0 0 var(--warning); }
.differences li { margin: 2px 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 500; line-height: 1.5; padding: 0 8px; border-radius: 10px;
  vertical-align: middle; white-space: nowrap; }
.badge.error { color: #fff; background: var(--error); }
.badge.warning { color: #3b2500; background: #f7c948; }
.badge.ok { color: var(--ok); border: 1px solid var(--ok); }
.icon { display: inline-block; width: 16px; height: 16px; line-height: 16px; border-radius: 8px; text-align: center;
  font-size: 11px; font-weight: 700; color: #fff; vertical-align: 1px; }
.icon.error { background: var(--error); }
.icon.warning { background: #d08700; }
.icon.note, .badge.note { background: var(--muted); color: #fff; }
.chart-box { margin: 8px 0 12px; overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg.chart text { font-size: 12px; fill: var(--ink); }
svg.chart text.tick, svg.chart text.value { fill: var(--muted); font-size: 11px; }
svg.chart text.differs { fill: var(--error); font-weight: 600; }
svg.chart text.mark { font-size: 13px; font-weight: 700; }
svg.chart text.mark.unscorable { fill: var(--warning); }
svg.chart text.mark.na { fill: var(--muted); font-size: 10px; }
svg.chart .grid { stroke: #eaeef2; stroke-width: 1; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .weight { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 3 2; }
svg.chart rect.reported, svg.chart rect.swatch.reported { fill: var(--reported); }
svg.chart rect.computed, svg.chart rect.swatch.computed { fill: var(--computed); }
svg.chart rect.bar.differs.reported, svg.chart rect.swatch.differs { fill: #f2a7a0; }
svg.chart rect.bar.differs.computed { fill: var(--error); }
svg.chart a text.label:hover { text-decoration: underline; }
section.form { margin-top: 36px; }
section.form > h2 .badge { font-size: 12px; margin-left: 6px; }
dl.facts { display: flex; flex-wrap: wrap; gap: 2px 28px; margin: 6px 0 10px; }
dl.facts div { display: flex; gap: 8px; max-width: 100%; }
dl.facts dt { color: var(--muted); white-space: nowrap; }
dl.facts dd { margin: 0; word-break: break-all; }
.table-wrap { overflow-x: auto; }
table.form-table { table-layout: fixed; min-width: 900px; font-size: 13px; }
col.c-level1 { width: 7%; } col.c-level2 { width: 9%; } col.c-name { width: 22%; }
col.c-target { width: 15%; } col.c-actual { width: 15%; } col.c-num { width: 8%; }
table.form-table td { overflow-wrap: anywhere; }
td.level { background: var(--soft); color: var(--muted); }
td.name .idx { display: inline-block; min-width: 18px; color: var(--muted); font-size: 12px; }
td.name .rate { color: var(--muted); font-size: 12px; white-space: nowrap; }
tr.row.budget td { background: #f3f7fb; }
tr.row td.computed { font-weight: 600; }
tr.row td.diff, tr.total td.diff { color: var(--error); font-weight: 600; }
tr.row.has-error > td:not(.level) { background: var(--error-bg); }
tr.row.has-warning > td:not(.level) { background: var(--warning-bg); }
tr.row.has-error > td.name { box-shadow: inset 4px 0 0 var(--error); }
tr.row.has-warning > td.name { box-shadow: inset 4px 0 0 var(--warning); }
tr.row + tr.sub > td { border-top: 0; }
tr.sub > td { padding: 0 7px 2px 30px; font-size: 12px; line-height: 1.4; }
tr.sub.error > td { background: var(--error-bg); box-shadow: inset 4px 0 0 var(--error); }
tr.sub.warning > td { background: var(--warning-bg); box-shadow: inset 4px 0 0 var(--warning); }
tr.row:has(+ tr.sub) > td:not(.level) { border-bottom: 0; }
tr.row.unscorable td.computed .tag, .tag.unscorable { color: var(--warning); font-weight: 600; }
.tag.na { color: var(--muted); }
.tag.outcome.met { color: var(--ok); }
.tag.outcome.not-met { color: var(--error); font-weight: 600; }
.tag.outcome.not-assessable { color: var(--warning); }
tr.row.not-applicable > td:not(.level) { color: var(--muted); }
tfoot tr.total th, tfoot tr.total td { background: var(--soft); font-weight: 600; border-top: 2px solid var(--ink); }
tfoot tr.total.differs td.computed { color: var(--error); }
tfoot tr.note td { color: var(--muted); font-size: 12px; }
ul.findings { list-style: none; margin: 2px 0; padding: 0; }
li.finding { margin: 2px 0; line-height: 1.5; }
li.finding code.code { font-weight: 600; }
li.finding.error code.code { color: var(--error); }
li.finding.warning code.code { color: var(--warning); }
li.finding code.path { color: var(--muted); font-size: 11px; }
details.why { color: var(--muted); }
details.why summary { cursor: pointer; width: max-content; font-size: 11px; }
details.why p { margin: 2px 0 4px; color: var(--ink); }
.form-findings { border-left: 4px solid var(--line); padding: 2px 12px; margin-top: 10px; background: var(--soft); }
section.form.has-error .form-findings { border-left-color: var(--error); }
section.form.has-warning .form-findings { border-left-color: var(--warning); }
.bad-file { border-left: 4px solid var(--error); background: var(--error-bg); padding: 4px 12px; margin: 8px 0; }
.bad-file h3 { word-break: break-all; }
.bad-file ul { margin: 4px 0; padding-left: 20px; }
.bad-file code { white-space: pre-wrap; word-break: break-all; }
@media (max-width: 720px) { .columns { grid-template-columns: 1fr; } body { padding: 12px; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  section.form { break-before: page; }
  tr, li.finding, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap, .chart-box { overflow: visible; }
  table.form-table { min-width: 0; }
  details.why summary { display: none; }
}
"""

# Optional: explanations are folded on screen; open them all before printing.
_SCRIPT = "addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
