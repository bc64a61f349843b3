"""The form model: one 项目支出绩效自评表 as printed, with exact numbers and parsed targets.

A form is built from data that passed the form schema (`selfeval_rules.io` reads and validates it);
its targets and actual values are parsed once, when it is built, by the parse functions it is given
(the language layer's), so that scoring only ever sees values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

from ..errors import TextSyntaxError
from ..messages import Lang, message
from ._targets import Actual, Target

# 其中 rows of the funds block: the official template's, and a transfer-payment form's by level of government
BREAKDOWN_ROWS = ("fiscal", "carryover", "other", "central", "provincial", "local")


def _amount(value: Any) -> Decimal | None:
    """A printed amount as a Decimal: numbers as they are, "215,457.6" without its separators."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace(",", "").strip()
        number = Decimal(text) if text else None
    else:
        number = Decimal(value)
    return number.copy_abs() if number is not None and number.is_zero() else number  # -0 is 0


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


def _share(value: Any) -> Decimal | None:
    """A printed share as a fraction: "25%" → 0.25, 25 → 0.25, 0.25 → 0.25 (a bare number ≤ 1 is a fraction)."""
    if value is None:
        return None
    match = _RATE.match(str(value))
    if not match:
        return None
    number = Decimal(match.group(1))
    return number / 100 if "%" in str(value) or "％" in str(value) or number > 1 else number


@attrs.frozen
class Group:
    """A heading that carries points (年度绩效目标1（40分）, 产出指标（60分）), and the one it lies within."""

    name: str
    points: Decimal
    within: str | None = None


#: The printed names of the 项目资金 amounts, for messages that name a column.
BUDGET_COLUMNS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}


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

    def rate_base(self, on: str) -> Decimal | None:
        """The amount the execution rate divides by: `initial` (年初预算数) or `annual` (全年预算数)."""
        return self.initial if on == "initial" else self.annual

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


class Parse(Protocol):
    """A parser of targets or of actual values (`selfeval_rules.language.parse_target` …)."""

    def __call__(self, text: str, *, year: int | None = None) -> Any: ...


def _read(text: str | None, parse: Parse | None, year: int | None) -> tuple[Any, TextSyntaxError | None]:
    """A text's value, or the syntax error that makes it unreadable (None, None for no text)."""
    if text is None or parse is None:
        return None, None
    try:
        return parse(text, year=year), None
    except TextSyntaxError as error:
        return None, error


@attrs.frozen
class Indicator:
    """One 三级指标 row: its cells as printed, and its target and actual value parsed.

    Attributes:
        target, actual: the texts as printed (None when the cell is empty).
        target_value, actual_value: the parsed values (None when the text is missing or unreadable).
        target_error, actual_error: the syntax error that makes a text unreadable, else None.
    """

    index: int
    name: str
    weight: Decimal | None  # None when the form prints no 分值 or 权重 column (the policy may infer it)
    level1: str | None = None
    level2: str | None = None
    group: str | None = None  # the heading with points it counts in, when not simply level1
    target: str | None = None
    actual: str | None = None
    reported_score: Decimal | None = None
    deviation: str | None = None
    applicable: bool = True
    note: str | None = None
    weight_share: Decimal | None = None  # 权重占比 as a fraction (25% → 0.25), on county exports
    reported_weighted_score: Decimal | None = None  # 单项指标折算得分 as printed
    # Derived from the texts (and the form's year) when the form was built.
    target_value: Target | None = attrs.field(default=None, eq=False, repr=False)
    actual_value: Actual | None = attrs.field(default=None, eq=False, repr=False)
    target_error: TextSyntaxError | None = attrs.field(default=None, eq=False, repr=False)
    actual_error: TextSyntaxError | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def path(self) -> str:
        """The row's JSON path in its form, e.g. `$.indicators[3]`."""
        return self.path_of(self.index)

    @staticmethod
    def path_of(index: int) -> str:
        return f"$.indicators[{index}]"

    @classmethod
    def from_dict(
        cls, index: int, data: Mapping[str, Any], *, year: int | None = None,
        parse_target: Parse | None = None, parse_actual: Parse | None = None,
    ) -> Indicator:
        """A row from schema-valid data, its texts parsed with the parsers given (else left unparsed)."""
        target, actual = _text(data.get("target")), _text(data.get("actual"))
        target_value, target_error = _read(target, parse_target, year)
        actual_value, actual_error = _read(actual, parse_actual, year)
        return cls(
            index=index,
            name=str(data["name"]).strip(),
            weight=_amount(data.get("weight")),
            level1=_text(data.get("level1")),
            level2=_text(data.get("level2")),
            group=_text(data.get("group")),
            target=target,
            actual=actual,
            reported_score=_amount(data.get("reported_score")),
            deviation=_text(data.get("deviation")),
            applicable=data.get("applicable", True) is not False,
            note=_text(data.get("note")),
            weight_share=_share(data.get("weight_share")),
            reported_weighted_score=_amount(data.get("reported_weighted_score")),
            target_value=target_value,
            actual_value=actual_value,
            target_error=target_error,
            actual_error=actual_error,
        )


@attrs.frozen
class Note:
    """Something a form's reader could not read, or read with a guess (an importer's note).

    Attributes:
        path: the JSON path of the value concerned (`$.budget.annual`, `$.indicators[3].weight`, `$`).
        code: the message code.
        params: the values the message is filled with.
    """

    path: str
    code: str
    params: Mapping[str, Any] = attrs.field(factory=dict)

    def describe(self, lang: Lang = "zh") -> str:
        """The note in words."""
        return message(self.code, lang, **self.params)

    def as_dict(self, lang: Lang = "zh") -> dict[str, str]:
        """`{"path": …, "message": …}`, as `selfeval import --format json` prints it."""
        return {"path": self.path, "message": self.describe(lang)}


@attrs.frozen
class Form:
    """A whole self-evaluation form, loaded and validated (see `selfeval_rules.load_form`)."""

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
    notes: tuple[Note, ...] = ()  # what its importer could not read with confidence
    groups: tuple[Group, ...] = ()  # headings with points, in printed order

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], source: str = "<mapping>", *,
        parse_target: Parse | None = None, parse_actual: Parse | None = None, notes: tuple[Note, ...] = (),
    ) -> Form:
        """Build a form from data that already passed the form schema, parsing its rows' texts."""
        goals = data.get("goals") or {}
        budget = data.get("budget")
        year = data.get("year")
        rows = data.get("indicators") or []
        return cls(
            project=str(data["project"]).strip(),
            indicators=tuple(
                Indicator.from_dict(i, row, year=year, parse_target=parse_target, parse_actual=parse_actual)
                for i, row in enumerate(rows)
            ),
            year=year,
            department=_text(data.get("department")),
            implementer=_text(data.get("implementer")),
            manager=_text(data.get("manager")),
            phone=_text(data.get("phone")),
            budget=Budget.from_dict(budget) if budget is not None else None,
            goals={k: _text(goals.get(k)) for k in ("expected", "achieved")},
            reported_total=_amount(data.get("reported_total")),
            reported_grade=_text(data.get("reported_grade")),
            source=source,
            notes=tuple(notes),
            groups=tuple(Group(str(g["name"]).strip(), Decimal(g["points"]), _text(g.get("within"))) for g in data.get("groups") or ()),
        )
