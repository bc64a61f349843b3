"""The form model: one 项目支出绩效自评表 as typed, exact values (no parsing of targets yet)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ._errors import DocumentError, FormError
from ._loading import Document, from_mapping, read_file, validate
from ._messages import Lang, message

BREAKDOWN_ROWS = ("fiscal", "carryover", "other")


def _amount(value: Any) -> Decimal | None:
    """A printed amount as a Decimal: numbers as they are, "215,457.6" without its separators."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace(",", "").strip()
        return Decimal(text) if text else None
    return Decimal(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@attrs.frozen
class FundsRow:
    """One row of the 项目资金 table: 年初预算数, 全年预算数 (A), 全年执行数 (B)."""

    initial: Decimal | None = None
    annual: Decimal | None = None
    executed: Decimal | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> FundsRow | None:
        if data is None:
            return None
        return cls(_amount(data.get("initial")), _amount(data.get("annual")), _amount(data.get("executed")))


_RATE = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*[%％]?\s*$")


@attrs.frozen
class Budget:
    """The 项目资金 block: amounts in `unit`, the weight (分值) and what the form printed.

    Attributes:
        reported_rate: the printed 执行率 in percent (97.06 for "97.06%"), or None.
        reported_rate_places: how many decimals the rate was printed with (2 for "97.06%").
    """

    unit: str | None = None
    weight: Decimal | None = None
    initial: Decimal | None = None
    annual: Decimal | None = None
    executed: Decimal | None = None
    reported_rate: Decimal | None = None
    reported_rate_places: int | None = None
    reported_score: Decimal | None = None
    deviation: str | None = None
    breakdown: Mapping[str, FundsRow | None] = attrs.field(factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Budget:
        rate, places = None, None
        printed = data.get("reported_rate")
        if printed is not None:
            match = _RATE.match(str(printed))
            if match:
                rate = Decimal(match.group(1))
                places = max(0, -rate.as_tuple().exponent)  # type: ignore[operator]
        breakdown = data.get("breakdown") or {}
        return cls(
            unit=_text(data.get("unit")),
            weight=_amount(data.get("weight")),
            initial=_amount(data.get("initial")),
            annual=_amount(data.get("annual")),
            executed=_amount(data.get("executed")),
            reported_rate=rate,
            reported_rate_places=places,
            reported_score=_amount(data.get("reported_score")),
            deviation=_text(data.get("deviation")),
            breakdown={key: FundsRow.from_dict(breakdown.get(key)) for key in BREAKDOWN_ROWS if key in breakdown},
        )


@attrs.frozen
class Indicator:
    """One 三级指标 row as printed: target and actual are still text."""

    index: int
    name: str
    weight: Decimal
    level1: str | None = None
    level2: str | None = None
    target: str | None = None
    actual: str | None = None
    reported_score: Decimal | None = None
    deviation: str | None = None
    applicable: bool = True
    note: str | None = None

    @property
    def path(self) -> str:
        """The row's JSON path in its form, e.g. `$.indicators[3]`."""
        return self.path_of(self.index)

    @staticmethod
    def path_of(index: int) -> str:
        return f"$.indicators[{index}]"

    @classmethod
    def from_dict(cls, index: int, data: Mapping[str, Any]) -> Indicator:
        return cls(
            index=index,
            name=str(data["name"]).strip(),
            weight=Decimal(data["weight"]),
            level1=_text(data.get("level1")),
            level2=_text(data.get("level2")),
            target=_text(data.get("target")),
            actual=_text(data.get("actual")),
            reported_score=_amount(data.get("reported_score")),
            deviation=_text(data.get("deviation")),
            applicable=data.get("applicable", True) is not False,
            note=_text(data.get("note")),
        )


@attrs.frozen
class Form:
    """A whole self-evaluation form, loaded and validated (see `load_form`)."""

    project: str
    indicators: tuple[Indicator, ...]
    year: int | None = None
    department: str | None = None
    implementer: str | None = None
    manager: str | None = None
    phone: str | None = None
    budget: Budget | None = None
    goals: Mapping[str, str | None] = attrs.field(factory=dict)
    reported_total: Decimal | None = None
    reported_grade: str | None = None
    source: str = "<mapping>"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<mapping>") -> Form:
        """Build a form from data that already passed the form schema."""
        goals = data.get("goals") or {}
        budget = data.get("budget")
        return cls(
            project=str(data["project"]).strip(),
            indicators=tuple(Indicator.from_dict(i, row) for i, row in enumerate(data.get("indicators") or [])),
            year=data.get("year"),
            department=_text(data.get("department")),
            implementer=_text(data.get("implementer")),
            manager=_text(data.get("manager")),
            phone=_text(data.get("phone")),
            budget=Budget.from_dict(budget) if budget is not None else None,
            goals={k: _text(goals.get(k)) for k in ("expected", "achieved")},
            reported_total=_amount(data.get("reported_total")),
            reported_grade=_text(data.get("reported_grade")),
            source=source,
        )


def load_form(source: str | Path | Mapping[str, Any], *, lang: Lang = "zh") -> Form:
    """Load a form from a YAML or JSON file, or from a mapping, and validate it.

    Args:
        source: a path to a .yaml/.yml/.json file, or the form's data as a mapping.
        lang: the language of problem messages, "zh" or "en".

    Returns:
        The form, with targets and actual values still as text.

    Raises:
        FormError: listing every problem by JSON path (and line and column for YAML), best first.

    >>> form = load_form({"project": "示例", "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 5}]})
    >>> form.indicators[0].target
    '≥45人'
    """
    try:
        document = read_file(source, lang=lang) if isinstance(source, (str, Path)) else from_mapping(source)
    except DocumentError as error:
        raise FormError(error.source, error.problems) from None
    return form_from_document(document, lang=lang)


def form_from_document(document: Document, *, lang: Lang = "zh") -> Form:
    """Validate a read document against the form schema and build the Form."""
    if not isinstance(document.data, dict):
        kind = "null" if document.data is None else type(document.data).__name__
        raise FormError(document.source, [document.problem((), message("doc.not_mapping", lang, kind=kind))])
    problems = validate(document, "form", lang=lang)
    if problems:
        raise FormError(document.source, problems)
    return Form.from_dict(document.data, document.source)
