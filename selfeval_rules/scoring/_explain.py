"""Explanations: how a row's score was reached, in words a reviewer can paste into a letter."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..messages import Lang, message
from ..values import Comparison
from ..values._numbers import percent, shown

if TYPE_CHECKING:
    from ._results import RowScore

ZERO = Decimal(0)


def reason_text(reason: tuple[str, Mapping[str, Any]] | None, lang: Lang) -> str | None:
    """A (message code, values) reason in words; None for no reason."""
    if reason is None:
        return None
    code, params = reason
    return message(code, lang, **params)


def explain_row(row: RowScore, lang: Lang) -> str:
    """The explanation of a row's result (see `RowScore.explain`)."""
    indicator = row.indicator
    if row.status == "not_applicable":
        return message("row.not_applicable", lang)
    parts = []
    if row.target is not None:
        parts.append(message("explain.read", lang, target=indicator.target, kind=row.target.kind, actual=indicator.actual or "—"))
    if row.read_from is not None and row.actual is not None:
        parts.append(message("explain.from_text", lang, value=str(row.actual)))
    if row.status == "unscorable":
        parts.append(message("explain.unscorable", lang, reason=row.reason_text(lang) or ""))
        return message("explain.join", lang).join(parts)
    assert row.rule is not None
    parts.append(message("explain.rule", lang, rule=row.rule.describe(lang)))
    if row.delay is not None:
        if row.met:
            parts.append(message("explain.on_time", lang, deadline=row.target.date.isoformat(), done=row.actual.date.isoformat()))  # type: ignore[union-attr]
        else:
            parts.append(message("explain.late", lang, days=row.delay.days, months=row.delay.months, deadline=row.target.date.isoformat()))  # type: ignore[union-attr]
    elif row.met is not None:
        reverse = isinstance(row.target, Comparison) and row.target.op.is_reverse
        ratio = percent(row.ratio) if row.ratio is not None else "—"
        how = "A/B" if reverse else "B/A"
        parts.append(message("explain.met" if row.met else "explain.short", lang, ratio=ratio, how=how))
    if row.grade is not None and row.policy is not None:
        spec = row.policy.qualitative.grades[row.grade]
        if row.evidence:
            clues = message("explain.clue_sep", lang).join(message(f"explain.clue.{where}", lang, word=word) for _, where, word in row.evidence)
            parts.append(message("explain.grade", lang, grade=spec.describe(lang), clues=clues))
        elif row.rule.infer_grade:
            parts.append(message("explain.grade_default", lang, grade=spec.describe(lang)))
        else:
            parts.append(message("explain.graded_as", lang, grade=spec.describe(lang)))
        if row.kept:
            parts.append(message("explain.kept", lang, reported=shown(row.reported_score), band=str(spec.band)))
        else:
            parts.append(message("explain.default_share", lang, share=percent(spec.default, 0), band=str(spec.band)))
    elif row.band is not None:
        parts.append(message("explain.band", lang, band=str(row.band), share=percent(row.share or ZERO)))
    if row.status == "unweighted":
        mode = row.policy.mode if row.policy is not None else "scores"
        parts.append(message("explain.outcomes_only" if mode == "outcomes" else "explain.weight_unknown", lang))
    else:
        if row.weight_source == "inferred":
            parts.append(message("explain.weight_inferred", lang, weight=shown(row.weight)))
        parts.append(message("explain.score", lang, score=shown(row.score), weight=shown(row.weight), share=percent(row.share or ZERO)))
    return message("explain.join", lang).join(parts)
