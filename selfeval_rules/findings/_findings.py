"""A finding: one problem a reviewer would point at, with its severity, its cell and its values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..messages import Lang, message

ERROR, WARNING = "error", "warning"
NOTE = "note"  # said, never fails a run: what could not be checked
SEVERITY_RANK = {NOTE: 0, WARNING: 1, ERROR: 2}


@attrs.frozen
class Finding:
    """One problem a reviewer would point at.

    Attributes:
        code: the stable code of the check (`row-score-differs`, `weights-total` …).
        severity: "error" or "warning", as the policy says.
        path: the JSON path of the most specific cell concerned (`$.indicators[4].reported_score`).
        params: the values involved (reported and computed scores, the rate, the threshold …).
        variant: which wording of the message fits (e.g. `rounded` when a budget score was rounded
            to an integer); part of the message key, not of the code.
    """

    code: str
    severity: str
    path: str
    params: Mapping[str, Any] = attrs.field(factory=dict)
    variant: str | None = None

    def describe(self, lang: Lang = "zh") -> str:
        """The message, in words a reviewer can paste into a review letter."""
        key = f"finding.{self.code}" + (f".{self.variant}" if self.variant else "")
        return message(key, lang, **{k: _show(v) for k, v in self.params.items()})

    @property
    def message(self) -> str:
        return self.describe("zh")

    def as_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """`{code, severity, path, message}`, as the JSON reports carry it."""
        return {"code": self.code, "severity": self.severity, "path": self.path, "message": self.describe(lang)}


def _show(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def worst(findings: Iterable[Finding]) -> str | None:
    """The most severe severity among `findings` ("error" or "warning"), or None.

    >>> worst([Finding("a", "warning", "$"), Finding("b", "error", "$")]), worst([])
    ('error', None)
    """
    return max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__, default=None)
