"""The CSV report: one row per indicator of every form, formula-safe cells, UTF-8 with a BOM."""

from __future__ import annotations

from decimal import Decimal

from ..batch import Batch
from ..messages import Lang, message
from ..values._numbers import shown
from ._common import FindingPlacer, difference

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
        placer = FindingPlacer(checked.findings)
        budget_findings = placer.take("$.budget")
        write([
            checked.source, form.project, form.year or "", "budget", "", "", message("report.budget", lang), "", "",
            shown(budget.weight), _number(budget.reported_score), _number(budget.score), difference(budget.reported_score, budget.score),
            budget.status, "", "; ".join(f.describe(lang) for f in budget_findings), budget.explain(lang),
        ])
        for row in card.indicators:
            indicator = row.indicator
            here = placer.take(indicator.path)
            write([
                checked.source, form.project, form.year or "", indicator.index + 1, indicator.level1 or "", indicator.level2 or "",
                indicator.name, indicator.target or "", indicator.actual or "", shown(indicator.weight),
                _number(indicator.reported_score), _number(row.score), difference(indicator.reported_score, row.score),
                row.status, row.rule.id if row.rule else "", "; ".join(f.describe(lang) for f in here), row.explain(lang),
            ])
        rest = placer.rest()
        write([
            checked.source, form.project, form.year or "", "form", "", "", message("report.form_findings", lang), "", "",
            "", _number(card.reported_total), _number(card.total), difference(card.reported_total, card.total),
            "", "", "; ".join(f.describe(lang) for f in rest), "",
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: object) -> object:
    """Text a spreadsheet must not read as a formula: "=24期" is written as "'=24期" (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"
