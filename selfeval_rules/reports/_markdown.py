"""The Markdown report: a section per form with its table and findings, then the run's summary.

Text from a form is escaped (`markdown_text`): a Markdown viewer renders raw HTML, so a form's
`<script>` or `<img onerror=…>` would run; it is written as `&lt;script&gt;`. File names go in code
spans fenced by more backticks than they hold.
"""

from __future__ import annotations

import re
from typing import Any

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Tally
from ..messages import Lang, message
from ..values._numbers import shown
from ._common import (
    budget_cell,
    card_counts,
    computed_cell,
    finding_title,
    html_text,
    mark,
    markdown_text,
    plain,
    score_mark,
)
from ._stream import Context, Options, Sink, Writer, render_batch
from ._text import HEADERS, summary_lines

_md = markdown_text
_ICONS = {"error": "❌", "warning": "⚠️", "note": "ℹ️"}


def _code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds.

    >>> _code("a.yaml"), _code("a`b.yaml")
    ('`a.yaml`', '``a`b.yaml``')
    """
    text = plain(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_record(checked: CheckedForm, options: Options) -> str:
    """A form's record for `--format markdown`: its section (heading, table, findings)."""
    lang = options.lang
    headers = HEADERS[lang][:-1] + (("差异",) if lang == "zh" else ("diff",))
    card, form = checked.card, checked.card.form
    grade = card.grade.label if card.grade else "—"
    out = [f"## {_md(form.project)}（{form.year or '—'}）", "", _code(checked.source), ""]
    out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    budget = card.budget
    budget_shown = budget_cell(budget)[0]
    out.append("| | " + " | ".join(_md(c) for c in (message("report.budget", lang), "", "", shown(budget.weight), shown(budget.reported_score),
               budget_shown, score_mark(budget))) + " |")
    for row in card.indicators:
        i = row.indicator
        out.append("| " + " | ".join(_md(c) for c in (i.index + 1, i.name, i.target or "—", i.actual or "—", shown(i.weight),
                   shown(i.reported_score), computed_cell(row, lang)[0], score_mark(row))) + " |")
    out.append("| | **" + _md(message("report.total", lang, grade=grade)) + f"** | | | | {shown(card.reported_total)} | **{shown(card.total)}** | "
               + mark(card.reported_total, card.total) + " |")
    out += ["", *(_md(line) for line in card_counts(card, lang).splitlines()), ""]
    if checked.findings:
        out.append(f"**{message('md.findings', lang)}**")
        out.append("")
        colon = "：" if lang == "zh" else ": "
        for f in checked.findings:
            icon = _ICONS.get(f.severity, "⚠️")
            out.append(f"- {icon} **{_md(finding_title(f.code, lang))}** `{f.code}` `{f.path}`{colon}{_md(f.describe(lang))}")
        out.append("")
    return "".join(line + "\n" for line in out)


class MarkdownWriter(Writer):
    """The title first, each form's section as it comes; the unusable files and the summary last."""

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink, self.lang = sink, context.lang
        policy = context.policy
        policy_line = message("report.policy", self.lang, policy=policy.describe(self.lang), name=policy.name, version=policy.version)
        head = [f"# {message('md.title', self.lang)}", "", html_text(plain(policy_line)), ""]
        sink.write("".join(line + "\n" for line in head).encode())
        self.bad_lines: list[str] = []

    def form(self, facts: FormFacts, record: Any) -> None:
        self.sink.write(record.encode())

    def bad(self, bad: BadFile) -> None:
        self.bad_lines.append(f"- ❌ {_code(bad.source)}: " + _md("; ".join(p.located(bad.error.source) for p in bad.error.problems)))

    def close(self, tally: Tally) -> None:
        out = self.bad_lines + ["", f"## {message('md.summary', self.lang)}", ""]
        out += [f"- {_md(line)}" for line in summary_lines(tally.summary(), self.lang).splitlines()]
        self.sink.write(("\n".join(out) + "\n").encode())


def render_markdown(batch: Batch, lang: Lang = "zh") -> str:
    """A Markdown report: one section per form, a table of rows, the findings, and the run's summary."""
    return render_batch(batch, markdown_record, MarkdownWriter, Options(lang)).decode()
