"""Rendering scorecards for people and programs: JSON with exact numbers, and a plain terminal table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ._engine import NOT_APPLICABLE, SCORED, Scorecard
from ._errors import display_width
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
_WIDTHS = (4, 26, 16, 16, 6, 7, 7, 2)
_ALIGN = ("right", "left", "left", "left", "right", "right", "right", "left")


def _line(cells: Sequence[str]) -> str:
    return "  ".join(_cell(c, w, a) for c, w, a in zip(cells, _WIDTHS, _ALIGN)).rstrip()


def _mark(reported: Decimal | None, computed: Decimal | None) -> str:
    if reported is None or computed is None:
        return ""
    return "" if reported == computed else "≠"


def score_table(card: Scorecard, *, lang: Lang = "zh", explain: bool = False) -> str:
    """A plain-text table of a scorecard: reported and computed scores side by side, differences marked ≠."""
    form = card.form
    title = f"{form.project}（{form.year or '—'}）" if lang == "zh" else f"{form.project} ({form.year or '—'})"
    lines = [title, message("report.policy", lang, policy=card.policy.describe(lang), name=card.policy.name, version=card.policy.version), ""]
    lines.append(_line(_HEADERS[lang]))
    lines.append("-" * sum(w + 2 for w in _WIDTHS))
    budget = card.budget
    rate = "—" if budget.rate is None else f"{(budget.rate * 100).quantize(Decimal('0.01'))}%"
    lines.append(_line(("", message("report.budget", lang), message("report.rate", lang, rate=rate), "", _num(budget.weight),
                        _num(budget.reported_score), _num(budget.score), _mark(budget.reported_score, budget.score))))
    if explain or budget.status != SCORED or _mark(budget.reported_score, budget.score):
        lines.append("      " + budget.explain(lang))
    for row in card.indicators:
        indicator = row.indicator
        computed = row.score
        shown = _num(computed) if row.status == SCORED else ("n/a" if row.status == NOT_APPLICABLE else "?")
        mark = _mark(indicator.reported_score, computed) if row.status == SCORED else ("?" if row.status != NOT_APPLICABLE else "")
        lines.append(_line((str(indicator.index + 1), indicator.name, indicator.target or "—", indicator.actual or "—",
                            _num(indicator.weight), _num(indicator.reported_score), shown, mark)))
        if explain or mark:
            lines.append("      " + row.explain(lang))
    lines.append("-" * sum(w + 2 for w in _WIDTHS))
    grade = card.grade.label if card.grade else "—"
    lines.append(_line(("", message("report.total", lang, grade=grade), "", "", "", _num(card.reported_total), _num(card.total),
                        _mark(card.reported_total, card.total))))
    if card.rescaled_from is not None:
        lines.append("      " + message("report.rescaled", lang, raw=_num(card.rescaled_from), total=_num(card.total)))
    differing = sum(1 for r in card.indicators if r.status == SCORED and _mark(r.indicator.reported_score, r.score))
    unscorable = sum(1 for r in card.indicators if r.status not in (SCORED, NOT_APPLICABLE))
    lines.append(message("report.summary", lang, rows=len(card.indicators), differing=differing, unscorable=unscorable))
    return "\n".join(lines)
