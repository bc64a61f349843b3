"""What every report shares: exact JSON, findings placed once under the row they concern, cells cut
to a width, and the few words every format prints the same way."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..messages import Lang, display_width
from ..findings import Finding
from ..scoring import Scorecard


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


def findings_at(findings: Sequence[Finding], prefix: str) -> list[Finding]:
    """The findings whose path is `prefix` or lies inside it (`$.indicators[3]` holds `$.indicators[3].actual`)."""
    return [f for f in findings if f.path == prefix or f.path.startswith(prefix + ".")]


class FindingPlacer:
    """Hands out each finding once, to the first row that asks for a path holding it; `rest()` is
    what no row took (the whole form's findings)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        self.placed: set[int] = set()

    def take(self, *prefixes: str) -> list[Finding]:
        """The findings under any of `prefixes` not yet handed out."""
        here = [f for prefix in prefixes for f in findings_at(self.findings, prefix) if id(f) not in self.placed]
        self.placed.update(id(f) for f in here)
        return here

    def rest(self) -> list[Finding]:
        """The findings no row took."""
        return [f for f in self.findings if id(f) not in self.placed]


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns (a Chinese character takes two), with … when cut.

    >>> fit("对于应急志愿者队伍建设", 9)
    '对于应急…'
    """
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) + 1 > width:
            break
        out += ch
    return out + "…"


def grade_label(card: Scorecard, lang: Lang) -> str:
    """The computed grade in the report's language, "—" when the policy gives none."""
    if card.grade is None:
        return "—"
    return card.grade.label_en if lang == "en" and card.grade.label_en else card.grade.label


def mark(reported: Decimal | None, computed: Decimal | None) -> str:
    """"≠" when a printed score differs from the computed one, else ""."""
    if reported is None or computed is None:
        return ""
    return "" if reported == computed else "≠"


def difference(reported: Decimal | None, computed: Decimal | None) -> str:
    """reported − computed as plain text, "" when either is missing."""
    if reported is None or computed is None:
        return ""
    return f"{reported - computed:f}"


def no_color() -> bool:
    """Whether the user asked for no colours (the NO_COLOR convention: set and not empty)."""
    return os.environ.get("NO_COLOR", "") != ""
