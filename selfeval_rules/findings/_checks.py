"""Review (复核): the findings a finance bureau's reviewer would raise on a scored form.

Each finding has a stable code, a severity, the JSON path of the cell it concerns and the values
involved; its message is rendered in Chinese or English on request. Which checks run, their
severities and thresholds come from the policy's `findings` section, never from code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..scoring import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    SCORED,
    UNSCORABLE,
    UNWEIGHTED,
    RowScore,
    Scorecard,
    heading_of,
)
from ..values import (
    Comparison,
    Deadline,
    Op,
    Qualitative,
    Quantity,
    Range,
    TextValue,
    normalise,
)
from ..values._form import BUDGET_COLUMNS
from ..values._numbers import HUNDRED, in_context, percent, round_half_up
from ..values._units import convertible
from ._findings import ERROR, Finding


@attrs.frozen
class Check:
    """A finding a reviewer can raise: where it looks, and the thresholds the policy must give it."""

    code: str
    scope: str  # "budget", "row" (a row judged by itself) or "form" (weights, totals, texts)
    params: tuple[str, ...] = ()


# Every finding code, in the order the checks run. The policy schema's `findings` section is
# checked against this table by a test: one entry per code, with these thresholds required.
CHECKS: dict[str, Check] = {c.code: c for c in (
    Check("import-note", "form"),
    Check("budget-breakdown-sum", "budget"),
    Check("budget-unscorable", "budget"),
    Check("budget-rate-printed", "budget"),
    Check("budget-score-range", "budget"),
    Check("budget-score-wrong", "budget"),
    Check("budget-low-rate-no-reason", "budget", ("below",)),
    Check("row-unscorable", "row"),
    Check("actual-copied-target", "row"),
    Check("actual-from-text", "row"),
    Check("target-read-as-text", "row"),
    Check("quantitative-answered-with-text", "row"),
    Check("row-score-range", "row"),
    Check("late-at-full-marks", "row"),
    Check("row-full-marks-unmet", "row"),
    Check("shortfall-at-full-marks", "row"),
    Check("qualitative-out-of-band", "row"),
    Check("unmet-scored-full", "row"),
    Check("row-score-differs", "row"),
    Check("row-lowered-on-met", "row"),
    Check("row-deduction-no-reason", "row"),
    Check("over-achievement-unexplained", "row", ("ratio",)),
    Check("weight-unknown", "row"),
    Check("unmet-no-reason", "row"),
    Check("cost-exceeds-funds", "row"),
    Check("weighted-score-wrong", "row"),
    Check("weights-total", "form"),
    Check("group-points", "form"),
    Check("met-below-weight", "form"),
    Check("weighted-total-unknown", "form"),
    Check("level1-split", "form", ("tolerance",)),
    Check("weight-concentration", "form", ("share",)),
    Check("unscored-form", "form"),
    Check("total-not-sum", "form"),
    Check("total-differs", "form"),
    Check("grade-mismatch", "form"),
    Check("policy-not-in-effect", "form"),
    Check("template-text", "form", ("phrases",)),
)}
# The checks that judge a row by itself (the others need the whole form: weights, totals).
ROW_CODES = frozenset(code for code, check in CHECKS.items() if check.scope == "row")


class _Review:
    """Runs the checks the policy enables, collecting findings in the order of the form."""

    def __init__(self, card: Scorecard) -> None:
        self.card = card
        self.settings: Mapping[str, Mapping[str, Any]] = card.policy.findings
        self.found: list[Finding] = []

    def on(self, code: str) -> bool:
        setting = self.settings.get(code)
        return setting is not None and setting.get("severity", "off") != "off"

    def param(self, code: str, name: str) -> Any:
        return self.settings[code][name]

    def add(self, code: str, path: str, variant: str | None = None, **params: Any) -> bool:
        assert code in CHECKS, code
        if not self.on(code):
            return False
        self.found.append(Finding(code, self.settings[code]["severity"], path, params, variant))
        return True


@in_context
def review(card: Scorecard) -> tuple[Finding, ...]:
    """Every finding on a scored form, as its policy configures the checks.

    >>> from selfeval_rules import load_form, load_policy, score
    >>> form = load_form({"project": "示例", "budget": {"weight": 10, "annual": 100, "executed": 86.2, "reported_score": 9},
    ...                   "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 90, "reported_score": 90}]})
    >>> [(f.code, f.path) for f in review(score(form, load_policy("central-2020")))][:2]
    [('budget-score-wrong', '$.budget.reported_score'), ('budget-low-rate-no-reason', '$.budget.deviation')]
    """
    checks = _Review(card)
    scored = _has_reported_scores(card)
    for _scope, step in _STEPS:
        step(checks, card, scored)
    return tuple(checks.found)


def _has_reported_scores(card: Scorecard) -> bool:
    budget = card.form.budget
    return (
        card.form.reported_total is not None
        or (budget is not None and budget.reported_score is not None)
        or any(i.reported_score is not None for i in card.form.indicators)
    )


def _reason_given(checks: _Review, text: str | None) -> bool:
    """Whether a deviation reason was really written (template hint text is not a reason)."""
    if not text:
        return False
    if checks.on("template-text"):
        return not any(p in text for p in checks.param("template-text", "phrases"))
    return True


# --- the budget -----------------------------------------------------------------------------


def _budget(checks: _Review, card: Scorecard, scored: bool) -> None:
    budget = card.form.budget
    result = card.budget
    if budget is None:
        checks.add("budget-unscorable", "$.budget", reason=result.reason_text("zh"), reason_en=result.reason_text("en"))
        return
    for column in ("initial", "annual", "executed"):
        parts = [getattr(row, column) for row in budget.breakdown.values() if row is not None and getattr(row, column) is not None]
        if not parts:
            continue
        total, summed = getattr(budget, column), sum(parts, Decimal(0))
        if total is None or total != summed:
            checks.add("budget-breakdown-sum", f"$.budget.{column}", total=total if total is not None else "—", summed=summed,
                       column=column, column_zh=BUDGET_COLUMNS[column])
    if result.status not in (SCORED, UNWEIGHTED):
        checks.add("budget-unscorable", "$.budget", reason=result.reason_text("zh"), reason_en=result.reason_text("en"))
        return
    assert result.rate is not None
    if budget.reported_rate is not None and budget.reported_rate_places is not None:
        computed = round_half_up(result.rate * HUNDRED, budget.reported_rate_places)
        if computed != budget.reported_rate:
            checks.add("budget-rate-printed", "$.budget.reported_rate", printed=f"{budget.reported_rate}%", computed=f"{computed}%",
                       exact=percent(result.rate, 4))
    reported = budget.reported_score
    if reported is not None and result.score is not None:
        if reported > result.weight or reported < 0:
            checks.add("budget-score-range", "$.budget.reported_score", reported=reported, weight=result.weight)
        elif reported != result.score:
            rounded = round_half_up(result.score, 0) == reported
            checks.add("budget-score-wrong", "$.budget.reported_score", "rounded" if rounded else None,
                       reported=reported, computed=result.score, rate=percent(result.rate))
    if checks.on("budget-low-rate-no-reason") and not _reason_given(checks, budget.deviation):
        below = Decimal(checks.param("budget-low-rate-no-reason", "below"))
        if result.rate < below:
            checks.add("budget-low-rate-no-reason", "$.budget.deviation", rate=percent(result.rate), below=percent(below, 0))


# --- rows -----------------------------------------------------------------------------------

def _import_notes(checks: _Review, card: Scorecard, scored: bool) -> None:
    """What the form's importer could not read with confidence, where it concerns."""
    for note in card.form.notes:
        checks.add("import-note", note.path, note=note.describe("zh"), note_en=note.describe("en"))


def _rows(checks: _Review, card: Scorecard, scored: bool) -> None:
    for row in card.indicators:
        if row.status != NOT_APPLICABLE:
            _row(checks, row, scored)
            _scheme_row(checks, row, card)


def _scheme_row(checks: _Review, row: RowScore, card: Scorecard) -> None:
    """What the other schemes need of a row: its weight, its reason, its cost, its weighted score."""
    indicator = row.indicator
    if row.status == UNWEIGHTED and card.policy.mode == "scores":
        checks.add("weight-unknown", f"{indicator.path}.weight", name=indicator.name)
    if (row.outcome == NOT_MET and indicator.reported_score is None and not _reason_given(checks, indicator.deviation)):
        checks.add("unmet-no-reason", f"{indicator.path}.deviation", name=indicator.name, target=indicator.target,
                   actual=indicator.actual)
    funds = card.form.budget
    if (isinstance(row.target, Comparison) and row.target.quantity.unit is not None and funds is not None
            and funds.annual is not None and funds.unit):
        target, year_funds = row.target.quantity, Quantity(funds.annual, funds.unit)
        if convertible(target.unit, year_funds.unit) and target.unit.dimension == "money":
            mine, theirs = target.aligned(year_funds)
            if mine > theirs:
                checks.add("cost-exceeds-funds", f"{indicator.path}.target", target=indicator.target,
                           funds=f"{funds.annual:f}{funds.unit}")
    share, score, weighted = indicator.weight_share, indicator.reported_score, indicator.reported_weighted_score
    if share is not None and score is not None and weighted is not None:
        places = max(0, -weighted.as_tuple().exponent)  # type: ignore[operator]
        expected = round_half_up(score * share, places)
        if expected != weighted:
            checks.add("weighted-score-wrong", f"{indicator.path}.reported_weighted_score", printed=weighted,
                       computed=expected, score=score, share=percent(share, 0))


_UNSCORABLE_CELL = {
    "row.no_target": "target",
    "row.target_syntax": "target",
    "row.no_actual": "actual",
    "row.actual_syntax": "actual",
    "row.unit_mismatch": "actual",
    "row.kind_mismatch": "actual",
}


def _row(checks: _Review, row: RowScore, scored: bool) -> None:
    indicator = row.indicator
    base = indicator.path
    if row.status == UNSCORABLE:
        cell = _UNSCORABLE_CELL.get(row.reason[0] if row.reason else "")
        checks.add("row-unscorable", f"{base}.{cell}" if cell else base, name=indicator.name,
                   reason=row.reason_text("zh"), reason_en=row.reason_text("en"))
    _copied_or_text(checks, row)
    _unmet_at_full(checks, row)
    reported, weight = indicator.reported_score, row.weight
    if reported is None or row.status != SCORED or weight is None:
        return
    at = f"{base}.reported_score"
    full = reported == weight
    specific = False
    if reported > weight or reported < 0:
        specific = checks.add("row-score-range", at, reported=reported, weight=weight)
    elif full and isinstance(row.target, Deadline) and row.delay is not None and row.delay.days > 0:
        specific = checks.add("late-at-full-marks", at, days=row.delay.days, deadline=row.target.date.isoformat(), weight=weight)
    elif full and row.met is False and row.score is not None and row.score < weight:
        specific = checks.add("row-full-marks-unmet", at, target=indicator.target, actual=indicator.actual,
                              ratio=percent(row.ratio) if row.ratio is not None else "—", computed=row.score, weight=weight)
    elif row.grade is not None and row.band is not None and weight > 0:
        weakest = _weakest_signal(row)
        if full and weakest is not None:
            _, where, word = weakest
            specific = checks.add("shortfall-at-full-marks", f"{base}.{where}", word=word, weight=weight)
        elif not row.band.contains(reported / weight) and row.policy is not None:
            spec = row.policy.qualitative.grades[row.grade]
            specific = checks.add("qualitative-out-of-band", at, reported=reported, grade=spec.label, grade_en=spec.label_en,
                                  band=str(row.band), low=row.policy.round(weight * (row.band.low or 0)),
                                  high=row.policy.round(weight * (row.band.high or 1)))
    # a specific error (late, unmet at full marks) says the score is wrong and gives the right one;
    # a specific warning (wording, band) does not, so the difference is still an error of its own
    if not (specific and checks.found[-1].severity == ERROR) and row.score is not None and reported != row.score:
        checks.add("row-score-differs", at, reported=reported, computed=row.score)
    if reported < weight and not _reason_given(checks, indicator.deviation):
        met = row.met if row.met is not None else row.grade == "met"
        if met:
            checks.add("row-lowered-on-met", f"{base}.deviation", reported=reported, weight=weight)
        else:
            checks.add("row-deduction-no-reason", f"{base}.deviation", reported=reported, weight=weight)
    if (checks.on("over-achievement-unexplained") and full and row.met and row.ratio is not None
            and not _reason_given(checks, indicator.deviation)
            and isinstance(row.target, Comparison) and not row.target.op.is_reverse):
        threshold = Decimal(checks.param("over-achievement-unexplained", "ratio"))
        if row.ratio >= threshold:
            checks.add("over-achievement-unexplained", f"{base}.deviation", ratio=percent(row.ratio), threshold=percent(threshold, 0))


def _weakest_signal(row: RowScore) -> tuple[str, str, str] | None:
    """The shortfall signal (partly or not met) that the grade came from, in the actual or the deviation."""
    shortfalls = [e for e in row.evidence if e[0] != "met" and e[1] in ("actual", "deviation")]
    return shortfalls[0] if shortfalls and row.grade != "met" else None


def _copied_or_text(checks: _Review, row: RowScore) -> None:
    indicator = row.indicator
    at = f"{indicator.path}.actual"
    if isinstance(row.actual, Quantity) and row.actual.mark is not None:
        checks.add("actual-copied-target", at, actual=indicator.actual, target=indicator.target)
    elif indicator.actual and indicator.target and isinstance(row.target, (Comparison, Range)) and normalise(indicator.actual) == normalise(indicator.target) and not _bare_equal(row):
        checks.add("actual-copied-target", at, actual=indicator.actual, target=indicator.target)
    elif isinstance(row.target, (Comparison, Range)) and isinstance(row.actual, TextValue):
        checks.add("quantitative-answered-with-text", at, actual=indicator.actual, target=indicator.target)
    elif row.read_from is not None and row.actual is not None:
        checks.add("actual-from-text", at, actual=indicator.actual, value=str(row.actual))
    if isinstance(row.target, Qualitative) and row.target.numbers and not _declared_qualitative(indicator.target):
        checks.add("target-read-as-text", f"{indicator.path}.target", target=indicator.target,
                   number=str(row.target.numbers[0]))


def _declared_qualitative(text: str | None) -> bool:
    """Whether the target says it is qualitative (定性…): then numbers in its words are the author's choice."""
    return normalise(text or "").lstrip("\"'“”‘’「」『』").startswith("定性")


def _unmet_at_full(checks: _Review, row: RowScore) -> None:
    """A computed full score on a row that did not meet its target: the policy's formula, the rounding,
    or a band gives it; the reviewer should know (an unmet target never scores full marks in silence)."""
    weight = row.weight
    unmet = row.met is False or row.grade in ("partly", "not_met")
    if unmet and row.status == SCORED and weight is not None and weight > 0 and row.score == weight:
        checks.add("unmet-scored-full", row.indicator.path, target=row.indicator.target,
                   actual=row.indicator.actual, weight=weight)


def _bare_equal(row: RowScore) -> bool:
    """A bare target (100%) answered with the same bare value is an answer, not a copy."""
    return isinstance(row.target, Comparison) and row.target.op is Op.EQ and row.target.bare


# --- the whole form -------------------------------------------------------------------------


def _form(checks: _Review, card: Scorecard, scored: bool) -> None:
    form, policy = card.form, card.policy
    printed = all(i.weight is not None for i in form.indicators)
    weights = sum((i.weight for i in form.indicators if i.weight is not None), Decimal(0))
    total_weight = weights + card.budget.weight
    if printed and policy.mode == "scores" and total_weight != policy.weights.total:
        checks.add("weights-total", "$.indicators", total=total_weight, expected=policy.weights.total,
                   budget=card.budget.weight, indicators=weights)
    _groups(checks, card)
    if card.total_note == "weight_shares":
        checks.add("weighted-total-unknown", "$.reported_total")
    if checks.on("level1-split") and policy.weights.level1 and printed:
        tolerance = Decimal(checks.param("level1-split", "tolerance"))
        actual: dict[str, Decimal] = {}
        for indicator in form.indicators:
            if indicator.level1:
                actual[indicator.level1] = actual.get(indicator.level1, Decimal(0)) + indicator.weight
        far = [f"{name} {actual.get(name, Decimal(0)):f}/{expected:f}" for name, expected in policy.weights.level1.items()
               if abs(actual.get(name, Decimal(0)) - expected) > tolerance]
        if far:
            checks.add("level1-split", "$.indicators", far="、".join(far), far_en=", ".join(far), tolerance=tolerance)
    if checks.on("weight-concentration") and weights > 0 and printed:
        share = Decimal(checks.param("weight-concentration", "share"))
        for indicator in form.indicators:
            if indicator.weight > weights * share:
                checks.add("weight-concentration", f"{indicator.path}.weight", name=indicator.name, weight=indicator.weight,
                           share=percent(indicator.weight / weights, 0), limit=percent(share, 0))
    _totals(checks, card, scored)
    _in_effect(checks, card)
    if checks.on("template-text"):
        phrases = tuple(checks.param("template-text", "phrases"))
        for path, text in _texts(card):
            hit = next((p for p in phrases if p in text), None)
            if hit:
                checks.add("template-text", path, phrase=hit)


def _in_effect(checks: _Review, card: Scorecard) -> None:
    policy, year = card.policy, card.form.year
    if year is None:
        return
    if year < policy.effective_from or (policy.effective_to is not None and year > policy.effective_to):
        years = f"{policy.effective_from}–{policy.effective_to or ''}"
        checks.add("policy-not-in-effect", "$.year", year=year, policy=policy.name, years=years)


def _groups(checks: _Review, card: Scorecard) -> None:
    """Headings with points: they add up to their block and to the indicators' points, and the met
    rows of a heading add up to its points."""
    form = card.form
    if not form.groups:
        return
    children: dict[str | None, list[Any]] = {}
    for group in form.groups:
        children.setdefault(group.within, []).append(group)
    expected = {g.name: g.points for g in form.groups}
    expected[None] = card.policy.weights.indicator_points  # type: ignore[index]
    for parent, members in children.items():
        if parent is not None and parent not in expected:
            continue
        summed = sum((g.points for g in members), Decimal(0))
        if summed != expected[parent]:  # type: ignore[index]
            names = [f"{g.name} {g.points:f}" for g in members]
            checks.add("group-points", "$.groups", "total" if parent is None else None, block=parent or "—",
                       points=expected[parent], summed=summed, names="、".join(names), names_en=", ".join(names))  # type: ignore[index]
    for index, group in enumerate(form.groups):
        rows = [r for r in card.indicators if heading_of(r.indicator, form) == group.name and r.status != NOT_APPLICABLE]
        if rows and all(r.outcome == MET and r.indicator.reported_score is not None for r in rows):
            summed = sum((r.indicator.reported_score for r in rows), Decimal(0))  # type: ignore[misc]
            if summed < group.points:
                checks.add("met-below-weight", f"$.groups[{index}]", group=group.name, points=group.points, summed=summed)


def _totals(checks: _Review, card: Scorecard, scored: bool) -> None:
    form = card.form
    if card.policy.mode == "outcomes" or card.total_note == "weight_shares":
        return  # no total to check: the scheme has none, or its rule is not known
    if not scored:
        checks.add("unscored-form", "$")
        return
    printed = form.reported_total
    if printed is not None:
        parts = [form.budget.reported_score if form.budget else None] + [i.reported_score for i in form.indicators if i.applicable]
        if all(p is not None for p in parts):
            summed = sum(parts, Decimal(0))  # type: ignore[arg-type]
            if summed != printed and card.rescaled_from is None:
                checks.add("total-not-sum", "$.reported_total", printed=printed, summed=summed)
        if card.complete and printed != card.total:
            checks.add("total-differs", "$.reported_total", printed=printed, computed=card.total)
    grade = form.reported_grade
    total = printed if printed is not None else (card.total if card.complete else None)
    if grade is not None and total is not None:
        band = card.policy.grade_for(total)
        if band is None or band.label != grade:
            checks.add("grade-mismatch", "$.reported_grade", printed=grade, total=total, expected=band.label if band else "—")


def _texts(card: Scorecard) -> Iterator[tuple[str, str]]:
    form = card.form
    for key in ("project", "department", "implementer"):
        value = getattr(form, key)
        if value:
            yield f"$.{key}", value
    for key, value in form.goals.items():
        if value:
            yield f"$.goals.{key}", value
    if form.budget is not None and form.budget.deviation:
        yield "$.budget.deviation", form.budget.deviation
    for indicator in form.indicators:
        for key in ("name", "target", "actual", "deviation"):
            value = getattr(indicator, key)
            if value:
                yield f"{indicator.path}.{key}", value


# The steps of a review, in order; each raises the checks of its scope.
_STEPS: tuple[tuple[str, Callable[[_Review, Scorecard, bool], None]], ...] = (
    ("import", _import_notes),
    ("budget", _budget),
    ("row", _rows),
    ("form", _form),
)
