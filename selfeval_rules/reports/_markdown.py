"""The Markdown report: a section per form with its table and findings, then the run's summary."""

from __future__ import annotations

from ..batch import Batch
from ..messages import Lang, message
from ..values._numbers import shown
from ._common import mark
from ._text import HEADERS, summary_text


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(batch: Batch, lang: Lang = "zh") -> str:
    """A Markdown report: one section per form, a table of rows, the findings, and the run's summary."""
    headers = HEADERS[lang][:-1] + (("差异",) if lang == "zh" else ("diff",))
    out: list[str] = [f"# {message('md.title', lang)}", "", message("report.policy", lang, policy=batch.policy.describe(lang),
                                                                      name=batch.policy.name, version=batch.policy.version), ""]
    for checked in batch.forms:
        card, form = checked.card, checked.card.form
        grade = card.grade.label if card.grade else "—"
        out += [f"## {_md(form.project)}（{form.year or '—'}）", "", f"`{_md(checked.source)}`", ""]
        out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        budget = card.budget
        out.append("| | " + " | ".join(_md(c) for c in (message("report.budget", lang), "", "", shown(budget.weight),
                   shown(budget.reported_score), shown(budget.score), mark(budget.reported_score, budget.score))) + " |")
        for row in card.indicators:
            i = row.indicator
            out.append("| " + " | ".join(_md(c) for c in (i.index + 1, i.name, i.target or "—", i.actual or "—", shown(i.weight),
                       shown(i.reported_score), shown(row.score), mark(i.reported_score, row.score))) + " |")
        out.append("| | **" + _md(message("report.total", lang, grade=grade)) + f"** | | | | {shown(card.reported_total)} | **{shown(card.total)}** | "
                   + mark(card.reported_total, card.total) + " |")
        out.append("")
        if checked.findings:
            out.append(f"**{message('md.findings', lang)}**")
            out.append("")
            for f in checked.findings:
                out.append(f"- {'❌' if f.severity == 'error' else '⚠️'} `{f.code}` `{f.path}`：{_md(f.describe(lang))}" if lang == "zh"
                           else f"- {'❌' if f.severity == 'error' else '⚠️'} `{f.code}` `{f.path}`: {_md(f.describe(lang))}")
            out.append("")
    for bad in batch.bad:
        out.append(f"- ❌ `{_md(bad.source)}`: " + _md("; ".join(p.located(bad.error.source) for p in bad.error.problems)))
    out += ["", f"## {message('md.summary', lang)}", ""] + [f"- {_md(line)}" for line in summary_text(batch, lang).splitlines()]
    return "\n".join(out) + "\n"
