"""Rendering scorecards for people and programs: JSON with exact numbers, and a plain terminal table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ._engine import NOT_APPLICABLE, SCORED, Scorecard, percent
from ._errors import display_width
from ._batch import Batch
from ._findings import Finding
from ._messages import Lang, message


def to_json(value: Any, *, indent: int = 2) -> str:
    """JSON text in which Decimals are written as the numbers they are, never through float.

    >>> to_json({"score": Decimal("9.71"), "ok": True}, indent=0)
    '{\\n"score": 9.71,\\n"ok": true\\n}'
    """
    return _encode(value, indent, 0)


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


def _cell(text: str, width: int, align: str = "left") -> str:
    """Pad `text` to `width` terminal columns (Chinese characters take two), cutting it if longer."""
    if display_width(text) > width:
        out = ""
        for ch in text:
            if display_width(out + ch + "…") > width:
                break
            out += ch
        text = out + "…"
    gap = " " * (width - display_width(text))
    return text + gap if align == "left" else gap + text


def _num(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}"


_HEADERS = {
    "zh": ("序号", "三级指标", "年度指标值", "实际完成值", "分值", "自评分", "复核分", ""),
    "en": ("#", "indicator", "target", "actual", "weight", "reported", "computed", ""),
}
_WIDTHS = (4, 26, 16, 16, 6, 8, 8, 2)
_ALIGN = ("right", "left", "left", "left", "right", "right", "right", "left")


def _line(cells: Sequence[str]) -> str:
    return "  ".join(_cell(c, w, a) for c, w, a in zip(cells, _WIDTHS, _ALIGN)).rstrip()


def _mark(reported: Decimal | None, computed: Decimal | None) -> str:
    if reported is None or computed is None:
        return ""
    return "" if reported == computed else "≠"


def _findings_at(findings: Sequence[Finding], prefix: str) -> list[Finding]:
    """The findings whose path is `prefix` or lies inside it (`$.indicators[3]` holds `$.indicators[3].actual`)."""
    return [f for f in findings if f.path == prefix or f.path.startswith(prefix + ".")]


def _finding_lines(findings: Sequence[Finding], lang: Lang) -> list[str]:
    return [f"      {'✗' if f.severity == 'error' else '!'} [{f.code}] {f.describe(lang)}" for f in findings]


def score_table(card: Scorecard, *, lang: Lang = "zh", explain: bool = False, findings: Sequence[Finding] | None = None) -> str:
    """A plain-text table of a scorecard: reported and computed scores side by side, differences marked ≠.

    With `findings`, each finding is printed under the row (or the budget, or the total) it concerns.
    """
    findings = list(findings or ())
    placed: set[int] = set()

    def under(prefix: str) -> list[str]:
        here = [f for f in _findings_at(findings, prefix) if id(f) not in placed]
        placed.update(id(f) for f in here)
        return _finding_lines(here, lang)

    form = card.form
    title = f"{form.project}（{form.year or '—'}）" if lang == "zh" else f"{form.project} ({form.year or '—'})"
    lines = [title, message("report.policy", lang, policy=card.policy.describe(lang), name=card.policy.name, version=card.policy.version), ""]
    lines.append(_line(_HEADERS[lang]))
    lines.append("-" * sum(w + 2 for w in _WIDTHS))
    budget = card.budget
    rate = "—" if budget.rate is None else percent(budget.rate)
    lines.append(_line(("", message("report.budget", lang), message("report.rate", lang, rate=rate), "", _num(budget.weight),
                        _num(budget.reported_score), _num(budget.score), _mark(budget.reported_score, budget.score))))
    if explain or budget.status != SCORED or _mark(budget.reported_score, budget.score):
        lines.append("      " + budget.explain(lang))
    lines.extend(under("$.budget"))
    for row in card.indicators:
        indicator = row.indicator
        computed = row.score
        shown = _num(computed) if row.status == SCORED else ("n/a" if row.status == NOT_APPLICABLE else "?")
        mark = _mark(indicator.reported_score, computed) if row.status == SCORED else ("?" if row.status != NOT_APPLICABLE else "")
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
    lines.extend(_finding_lines([f for f in findings if id(f) not in placed], lang))
    differing = sum(1 for r in card.indicators if r.status == SCORED and _mark(r.indicator.reported_score, r.score))
    unscorable = sum(1 for r in card.indicators if r.status not in (SCORED, NOT_APPLICABLE))
    lines.append(message("report.summary", lang, rows=len(card.indicators), differing=differing, unscorable=unscorable))
    return "\n".join(lines)


# --- batch reports: summary, CSV, Markdown ----------------------------------------------------


def summary_text(batch: Batch, lang: Lang = "zh") -> str:
    """The closing lines of a run: forms read, forms with errors, findings by code, largest differences."""
    summary = batch.summary()
    lines = [message("summary.counts", lang, read=summary.forms_read, bad=summary.bad_files,
                     errors=summary.forms_with_errors, warnings=summary.forms_with_warnings)]
    if summary.findings_by_code:
        codes = ", ".join(f"{code} ×{count}" for code, count in summary.findings_by_code)
        lines.append(message("summary.codes", lang, codes=codes))
    for difference in summary.largest_differences:
        lines.append(message("summary.difference", lang, project=difference.project, source=difference.source,
                             reported=_num(difference.reported), computed=_num(difference.computed), gap=f"{difference.gap:+f}"))
    return "\n".join(lines)


CSV_COLUMNS = (
    "source", "project", "year", "index", "level1", "level2", "name", "target", "actual", "weight",
    "reported_score", "score", "difference", "status", "rule", "findings", "explanation",
)


def render_csv(batch: Batch, lang: Lang = "zh") -> bytes:
    """One row per indicator of every form, the budget first and a row for the whole form last
    (totals, and the findings that concern no one row); UTF-8 with a BOM so Excel reads Chinese."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    text_columns = {CSV_COLUMNS.index(c) for c in ("source", "project", "level1", "level2", "name", "target", "actual", "findings", "explanation")}

    def write(row: list[object]) -> None:
        writer.writerow([_cell_text(v) if i in text_columns else v for i, v in enumerate(row)])

    for checked in batch.forms:
        card, form = checked.card, checked.card.form
        budget = card.budget
        budget_findings = _findings_at(checked.findings, "$.budget")
        write([
            checked.source, form.project, form.year or "", "budget", "", "", message("report.budget", lang), "", "",
            _num(budget.weight), _plain(budget.reported_score), _plain(budget.score), _difference(budget.reported_score, budget.score),
            budget.status, "", "; ".join(f.describe(lang) for f in budget_findings), budget.explain(lang),
        ])
        for row in card.indicators:
            indicator = row.indicator
            here = _findings_at(checked.findings, indicator.path)
            write([
                checked.source, form.project, form.year or "", indicator.index + 1, indicator.level1 or "", indicator.level2 or "",
                indicator.name, indicator.target or "", indicator.actual or "", _num(indicator.weight),
                _plain(indicator.reported_score), _plain(row.score), _difference(indicator.reported_score, row.score),
                row.status, row.rule.id if row.rule else "", "; ".join(f.describe(lang) for f in here), row.explain(lang),
            ])
        placed = set(map(id, budget_findings)) | {id(f) for r in card.indicators for f in _findings_at(checked.findings, r.indicator.path)}
        rest = [f for f in checked.findings if id(f) not in placed]
        write([
            checked.source, form.project, form.year or "", "form", "", "", message("report.form_findings", lang), "", "",
            "", _plain(card.reported_total), _plain(card.total), _difference(card.reported_total, card.total),
            "", "", "; ".join(f.describe(lang) for f in rest), "",
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: object) -> object:
    """Text a spreadsheet must not read as a formula: "=24期" is written as "'=24期" (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _difference(reported: Decimal | None, computed: Decimal | None) -> str:
    if reported is None or computed is None:
        return ""
    return f"{reported - computed:f}"


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(batch: Batch, lang: Lang = "zh") -> str:
    """A Markdown report: one section per form, a table of rows, the findings, and the run's summary."""
    headers = _HEADERS[lang][:-1] + (("差异",) if lang == "zh" else ("diff",))
    out: list[str] = [f"# {message('md.title', lang)}", "", message("report.policy", lang, policy=batch.policy.describe(lang),
                                                                      name=batch.policy.name, version=batch.policy.version), ""]
    for checked in batch.forms:
        card, form = checked.card, checked.card.form
        grade = card.grade.label if card.grade else "—"
        out += [f"## {_md(form.project)}（{form.year or '—'}）", "", f"`{_md(checked.source)}`", ""]
        out += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        budget = card.budget
        out.append("| | " + " | ".join(_md(c) for c in (message("report.budget", lang), "", "", _num(budget.weight),
                   _num(budget.reported_score), _num(budget.score), _mark(budget.reported_score, budget.score))) + " |")
        for row in card.indicators:
            i = row.indicator
            out.append("| " + " | ".join(_md(c) for c in (i.index + 1, i.name, i.target or "—", i.actual or "—", _num(i.weight),
                       _num(i.reported_score), _num(row.score), _mark(i.reported_score, row.score))) + " |")
        out.append("| | **" + _md(message("report.total", lang, grade=grade)) + f"** | | | | {_num(card.reported_total)} | **{_num(card.total)}** | "
                   + _mark(card.reported_total, card.total) + " |")
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
