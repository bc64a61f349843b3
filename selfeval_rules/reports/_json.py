"""The JSON reports: a scorecard as a document (`selfeval score --format json`) and a run's forms
(`selfeval check --format json`, a streamed array; `--format jsonl`, a line per form); numbers stay
Decimal and are written exactly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Tally
from ..findings import Finding
from ..messages import Lang
from ..scoring import RowScore, Scorecard
from ..values._numbers import HUNDRED, round_half_up
from ._common import to_json, to_json_line
from ._stream import Context, Options, Sink, Writer, render_batch


def scorecard_document(card: Scorecard, findings: Sequence[Finding], lang: Lang = "zh") -> dict[str, Any]:
    """The JSON document of a scored form and its findings (numbers stay Decimal).

    Args:
        card: the scored form.
        findings: its findings (see `selfeval_rules.findings`).
        lang: the language of explanations and finding messages.
    """
    budget = card.budget
    return {
        "project": card.form.project,
        "year": card.form.year,
        "source": card.form.source,
        "policy": {"name": card.policy.name, "version": card.policy.version},
        "budget": {
            "status": budget.status,
            "rate": None if budget.rate is None else round_half_up(budget.rate * HUNDRED, 2),
            "weight": budget.weight,
            "score": budget.score,
            "reported_score": budget.reported_score,
            "explanation": budget.explain(lang),
        },
        "indicators": [_row_document(row, lang) for row in card.indicators],
        "counts": card.counts,
        "total": card.total,
        "total_note": card.total_note,
        "rescaled_from": card.rescaled_from,
        "reported_total": card.reported_total,
        "grade": card.grade.label if card.grade else None,
        "complete": card.complete,
        "findings": [f.as_dict(lang) for f in findings],
    }


def _row_document(row: RowScore, lang: Lang) -> dict[str, Any]:
    indicator = row.indicator
    return {
        "index": indicator.index,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        "target": indicator.target,
        "actual": indicator.actual,
        "kind": row.target.kind if row.target is not None else None,
        "actual_kind": row.actual.kind if row.actual is not None else None,
        "status": row.status,
        "rule": row.rule.id if row.rule else None,
        "met": row.met,
        "ratio": None if row.ratio is None else round_half_up(row.ratio, 4),
        "delay_days": row.delay.days if row.delay else None,
        "delay_months": row.delay.months if row.delay else None,
        "grade": row.grade,
        "outcome": row.outcome,
        "weight": row.weight,
        "weight_source": row.weight_source,
        "score": row.score,
        "reported_score": indicator.reported_score,
        "reason": row.reason_text(lang),
        "explanation": row.explain(lang),
    }


def json_record(checked: CheckedForm, options: Options) -> str:
    """A form's record for `--format json`: its document as JSON text, indented from the left margin."""
    return to_json(scorecard_document(checked.card, checked.findings, options.lang))


def jsonl_record(checked: CheckedForm, options: Options) -> str:
    """A form's record for `--format jsonl`: its document on one line (the same object as in `json`)."""
    return to_json_line(scorecard_document(checked.card, checked.findings, options.lang))


def _nested(text: str) -> str:
    """A JSON text indented one level, as an element of an array (strings hold no raw line feed)."""
    return "  " + text.replace("\n", "\n  ")


class JsonWriter(Writer):
    """A streamed array of form documents; a single object when exactly one form was read and no file was unusable.

    The first form is held until the second (or an unusable file) shows the output is an array.
    """

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink = sink
        self.first: str | None = None
        self.count = 0
        self.any_bad = False

    def _open(self) -> None:
        assert self.first is not None
        self.sink.write(("[\n" + _nested(self.first)).encode())
        self.first = None

    def form(self, facts: FormFacts, record: Any) -> None:
        self.count += 1
        if self.count == 1 and not self.any_bad:
            self.first = record
            return
        if self.count == 1:
            self.sink.write(("[\n" + _nested(record)).encode())
            return
        if self.first is not None:
            self._open()
        self.sink.write((",\n" + _nested(record)).encode())

    def bad(self, bad: BadFile) -> None:
        self.any_bad = True
        if self.first is not None:
            self._open()

    def close(self, tally: Tally) -> None:
        if self.count == 0:
            self.sink.write(b"[]\n")
        elif self.first is not None:
            self.sink.write((self.first + "\n").encode())
        else:
            self.sink.write(b"\n]\n")


class JsonLinesWriter(Writer):
    """A line per form, written as it comes (unusable files go to standard error only)."""

    def __init__(self, sink: Sink, context: Context) -> None:
        self.sink = sink

    def form(self, facts: FormFacts, record: Any) -> None:
        self.sink.write((record + "\n").encode())


def render_json(batch: Batch, lang: Lang = "zh") -> bytes:
    """`selfeval check --format json`: one document per form (a single one when one form was read cleanly)."""
    return render_batch(batch, json_record, JsonWriter, Options(lang))
