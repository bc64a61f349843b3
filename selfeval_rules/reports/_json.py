"""The JSON reports: a scorecard as a document (`selfeval score --format json`) and a run's forms
(`selfeval check --format json`); numbers stay Decimal and are written exactly."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..batch import Batch
from ..messages import Lang
from ..findings import Finding
from ..scoring import RowScore, Scorecard
from ..values._numbers import HUNDRED, round_half_up
from ._common import to_json


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
        "total": card.total,
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
        "ratio": None if row.ratio is None else row.ratio.quantize(Decimal("0.0001")),
        "delay_days": row.delay.days if row.delay else None,
        "delay_months": row.delay.months if row.delay else None,
        "grade": row.grade,
        "weight": indicator.weight,
        "score": row.score,
        "reported_score": indicator.reported_score,
        "reason": row.reason_text(lang),
        "explanation": row.explain(lang),
    }


def render_json(batch: Batch, lang: Lang = "zh") -> bytes:
    """`selfeval check --format json`: one document per form (a single one when one form was read cleanly)."""
    documents = [scorecard_document(form.card, form.findings, lang) for form in batch.forms]
    return (to_json(documents[0] if len(documents) == 1 and not batch.bad else documents) + "\n").encode()
