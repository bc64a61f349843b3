"""The CSV report: one row per indicator of every form, formula-safe cells, UTF-8 with a BOM.

The header follows `--lang` (Chinese column names under zh); the columns are the same either way,
in the order of `CSV_COLUMNS`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..batch import CheckedForm, FormFacts
from ..messages import Lang, message
from ..values._numbers import shown
from ._common import FindingPlacer, difference, finding_line, no_total
from ._stream import Context, Options, Sink, Writer

CSV_COLUMNS = (
    "source", "project", "year", "index", "level1", "level2", "name", "target", "actual", "weight",
    "reported_score", "score", "difference", "status", "outcome", "rule", "findings", "explanation",
)
_TEXT_COLUMNS = frozenset(CSV_COLUMNS.index(c) for c in (
    "source", "project", "level1", "level2", "name", "target", "actual", "findings", "explanation"))


def csv_headers(lang: Lang = "zh") -> list[str]:
    """The header row in `lang`.

    >>> csv_headers("zh")[:4], csv_headers("en")[:4]
    (['文件', '项目名称', '年度', '序号'], ['source', 'project', 'year', 'index'])
    """
    return [message(f"csv.col.{column}", lang) for column in CSV_COLUMNS]


def _rows_text(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_cell_text(v) if i in _TEXT_COLUMNS else v for i, v in enumerate(row)] for row in rows)
    return buffer.getvalue()


def csv_record(checked: CheckedForm, options: Options) -> str:
    """A form's record for `--format csv`: its rows, as CSV text — the budget first, then each
    indicator, then a row for the whole form (totals, and the findings that concern no one row)."""
    lang = options.lang
    card, form = checked.card, checked.card.form
    budget = card.budget
    placer = FindingPlacer(checked.findings)

    def described(findings: list[Any]) -> str:
        return "; ".join(finding_line(f, lang) for f in findings)

    rows: list[list[object]] = [[
        checked.source, form.project, form.year or "", "budget", "", "", message("report.budget", lang), "", "",
        shown(budget.weight), _number(budget.reported_score), _number(budget.score), difference(budget.reported_score, budget.score),
        budget.status, "", "", described(placer.take("$.budget")), budget.explain(lang),
    ]]
    for row in card.indicators:
        indicator = row.indicator
        rows.append([
            checked.source, form.project, form.year or "", indicator.index + 1, indicator.level1 or "", indicator.level2 or "",
            indicator.name, indicator.target or "", indicator.actual or "", shown(indicator.weight),
            _number(indicator.reported_score), _number(row.score), difference(indicator.reported_score, row.score),
            row.status, row.outcome, row.rule.id if row.rule else "", described(placer.take(indicator.path)), row.explain(lang),
        ])
    rows.append([
        checked.source, form.project, form.year or "", "form", "", "", message("report.form_findings", lang), "", "",
        "", _number(card.reported_total), _number(card.total), difference(card.reported_total, card.total),
        card.total_note or "", "", "", described(placer.rest()), no_total(card, lang),
    ])
    return _rows_text(rows)


class CsvWriter(Writer):
    """The BOM and the header first, then each form's rows as they come."""

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink = sink
        sink.write(("\ufeff" + _rows_text([csv_headers(context.lang)])).encode("utf-8"))

    def form(self, facts: FormFacts, record: Any) -> None:
        self.sink.write(record.encode("utf-8"))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: object) -> object:
    """Text a spreadsheet must not read as a formula: "=24期" is written as "'=24期" (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"
