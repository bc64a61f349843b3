"""The policy compiler: a policy document (already read, merged and schema-checked by
`selfeval_rules.io`) becomes a `Policy`, or is refused with every problem at once.

A policy is refused at load, with every problem by file, line and JSON path, rather than failing
silently later: formulas and intervals go through our own grammar, their names are checked against
the context they run in, band tables must tile their domain, and a rule that can never match (it
contradicts itself or an earlier rule catches everything it would) is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..errors import FormulaSyntaxError, PolicyError, Problem
from ..language import parse_formula, parse_interval
from ..messages import Lang, message
from ..values import Formula, Interval, normalise, plain
from ..values._expressions import coverage_problems
from ._grading import GRADE_ORDER, GradeSpec, QualitativeGrading
from ._model import (
    BAND_DOMAINS,
    BAND_KINDS,
    BUDGET_NAMES,
    ROW_NAMES,
    GradeBand,
    Match,
    Policy,
    Rule,
    Weights,
    _set,
)
from ._outcomes import FULL, ZERO, Band, Banded, Graded, Outcome, Points, Share

Path_ = tuple[str | int, ...]
Locate = Callable[[Path_, str], Problem]


class _Checker:
    """Collects every problem of a policy document while building its parts."""

    def __init__(self, locate: Locate, lang: Lang) -> None:
        self.locate, self.lang = locate, lang
        self.problems: list[Problem] = []

    def add(self, path: Path_, code: str, **params: Any) -> None:
        self.problems.append(self.locate(path, message(code, self.lang, **params)))

    def formula(self, value: Any, path: Path_, allowed: frozenset[str]) -> Formula:
        try:
            formula = parse_formula(value if isinstance(value, (int, Decimal)) else str(value))
        except FormulaSyntaxError as error:
            self.add(path, "policy.formula_syntax", detail=error.describe(self.lang).replace("\n", " ⏎ "))
            return Formula.constant(Decimal(0))
        for name in sorted(formula.names - allowed):
            self.add(path, "formula.unknown_name", name=name, allowed=", ".join(sorted(allowed)))
        return formula

    def interval(self, value: Any, path: Path_) -> Interval:
        try:
            return parse_interval(str(value))
        except FormulaSyntaxError as error:
            self.add(path, "policy.formula_syntax", detail=error.describe(self.lang).replace("\n", " ⏎ "))
            return Interval(None, None)


# How each way of writing an outcome compiles: (checker, the raw value, its path, the kinds of row
# the rule can score, the names a formula may read) → outcome. A string is a shorthand; a mapping is
# named by its key; a band table (`on` + `bands`) nests the methods of IN_BANDS.
Method = Callable[["_Checker", Any, Path_, frozenset[str], frozenset[str]], Outcome]


def _ratio(check: _Checker, raw: Any, path: Path_, kinds: frozenset[str], allowed: frozenset[str]) -> Outcome:
    if not kinds <= {"comparison", "range"}:
        check.add(path, "policy.ratio_kind", kinds=", ".join(sorted(kinds)))
    return Share(parse_formula("ratio"), "ratio")


METHODS: dict[str, Method] = {
    "full": lambda check, raw, path, kinds, allowed: FULL,
    "zero": lambda check, raw, path, kinds, allowed: ZERO,
    "ratio": _ratio,
    "share": lambda check, raw, path, kinds, allowed: Share(check.formula(raw["share"], (*path, "share"), allowed)),
    "score": lambda check, raw, path, kinds, allowed: Points(check.formula(raw["score"], (*path, "score"), allowed)),
    "grade": lambda check, raw, path, kinds, allowed: Graded(raw["grade"]),
}
SHORTHANDS = ("full", "zero", "ratio")  # written as a plain string
IN_BANDS = ("share", "score", "grade")  # keys a band of a table may use
BANDS_KEY = "bands"


def _outcome(check: _Checker, raw: Any, path: Path_, kinds: frozenset[str], state: str) -> Outcome:
    # a name must have a value for every kind of row the rule can score, or some rows could not be
    # scored at all: `target` is there for comparisons, not for ranges
    allowed = frozenset.intersection(*(ROW_NAMES[k] for k in kinds)) if kinds else frozenset({"weight"})
    if isinstance(raw, str):
        return METHODS[raw](check, raw, path, kinds, allowed)
    if BANDS_KEY not in raw:
        key = next(k for k in IN_BANDS if k in raw)
        return METHODS[key](check, raw, path, kinds, allowed)
    on = raw["on"]
    if not kinds <= BAND_KINDS[on]:
        check.add((*path, "on"), "policy.band_kind", on=on, kinds=", ".join(sorted(kinds)))
    bands = []
    for i, entry in enumerate(raw[BANDS_KEY]):
        where = (*path, BANDS_KEY, i)
        interval = check.interval(entry["when"], (*where, "when"))
        key = next(k for k in IN_BANDS if k in entry)
        inner = METHODS[key](check, entry, where, kinds, allowed)
        bands.append(Band(interval, inner))  # type: ignore[arg-type]
    domain_text = BAND_DOMAINS.get((on, state))
    if domain_text is None:
        check.add((*path, "on"), "policy.band_state", on=on, state=state)
    else:
        for problem, at in coverage_problems([b.interval for b in bands], parse_interval(domain_text)):
            check.add((*path, BANDS_KEY), f"policy.band_{problem}", at=at, domain=domain_text)
    return Banded(on, tuple(bands))


MAX_PATTERN = 200  # characters of a `when.name` pattern


def _unsafe_pattern(pattern: str) -> str | None:
    """Why a name pattern could take exponential time on a long name, or None when it cannot.

    Python's regular expressions backtrack: a repetition inside a repetition (`(a+)+`), a repeated
    alternation (`(a|aa)*`) or a back-reference can take exponential time on a name of 40
    characters. Such patterns are refused when the policy loads, as are patterns over 200 characters.

    >>> _unsafe_pattern("满意度$"), _unsafe_pattern("^(a+)+$") is not None
    (None, True)
    """
    if len(pattern) > MAX_PATTERN:
        return "too_long"
    try:
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10 names it sre_parse
        import sre_parse as sre  # type: ignore[no-redef]
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}

    def walk(items: list, inside_repeat: bool) -> str | None:
        for op, value in items:
            if op == sre.GROUPREF or op == getattr(sre, "GROUPREF_EXISTS", None):
                return "backreference"
            if op in repeats:
                low, high, body = value
                if high > 1 and inside_repeat:
                    return "nested_repetition"
                found = walk(list(body), inside_repeat or high > 1)
                if found:
                    return found
            elif op == sre.BRANCH:
                if inside_repeat:
                    return "repeated_alternation"
                for branch in value[1]:
                    found = walk(list(branch), inside_repeat)
                    if found:
                        return found
            elif op == sre.SUBPATTERN:
                found = walk(list(value[-1]), inside_repeat)
                if found:
                    return found
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                found = walk(list(value[1]), inside_repeat)
                if found:
                    return found
        return None

    return walk(list(sre.parse(pattern)), False)


def _rules(check: _Checker, raw_rules: Sequence[Mapping[str, Any]]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_rules):
        path: Path_ = ("rules", index)
        rule_id = raw["id"]
        if rule_id in seen:
            check.add((*path, "id"), "policy.duplicate_rule", id=rule_id, first=seen[rule_id] + 1)
        seen.setdefault(rule_id, index)
        when = raw.get("when") or {}
        pattern = None
        broken = False
        if "name" in when:
            try:
                pattern = re.compile(when["name"])
                unsafe = _unsafe_pattern(when["name"])
            except re.error as error:
                broken = True
                pattern = re.compile(r"(?!)")  # matches nothing; the policy is refused anyway
                check.add((*path, "when", "name"), "policy.bad_pattern", pattern=when["name"], reason=str(error))
            else:
                if unsafe:
                    broken = True
                    check.add((*path, "when", "name"), "policy.unsafe_pattern", pattern=when["name"][:80],
                              reason=message(f"policy.unsafe.{unsafe}", check.lang), limit=MAX_PATTERN)
        match = Match(
            level1=_set(when.get("level1")),
            level2=_set(when.get("level2")),
            name=pattern,
            kind=_set(when.get("kind")),
            op=_set(when.get("op")),
            unit=_set(when.get("unit")),
            dimension=_set(when.get("dimension")),
            actual=_set(when.get("actual")),
        )
        kinds = match.kinds()
        if not kinds:
            check.add((*path, "when"), "policy.rule_contradicts", id=rule_id)
        infer = raw.get("grade") == "infer"
        if infer and ("met" in raw or "unmet" in raw):
            check.add(path, "policy.infer_and_outcome", id=rule_id)
        if not infer and "qualitative" in kinds:
            check.add((*path, "when"), "policy.qualitative_needs_grade", id=rule_id)
        if not infer and "unmet" not in raw:
            check.add(path, "policy.unmet_required", id=rule_id)
        met = _outcome(check, raw["met"], (*path, "met"), kinds, "met") if "met" in raw else FULL
        unmet = _outcome(check, raw["unmet"], (*path, "unmet"), kinds, "unmet") if "unmet" in raw else None
        rule = Rule(
            id=rule_id, when=match, title=raw.get("title", ""), title_en=raw.get("title_en", ""),
            source=raw.get("source"), status=raw.get("status"), met=met, unmet=unmet, infer_grade=infer, index=index,
        )
        for earlier in rules if not broken else ():
            if earlier.when.covers(match):
                check.add(path, "policy.rule_shadowed", id=rule_id, earlier=earlier.id)
                break
        rules.append(rule)
    return tuple(rules)


def _qualitative(check: _Checker, raw: Mapping[str, Any]) -> QualitativeGrading:
    grades = {}
    for key in GRADE_ORDER:
        spec = raw["grades"][key]
        path: Path_ = ("qualitative", "grades", key)
        band = check.interval(spec["band"], (*path, "band"))
        default = Decimal(spec["default"])
        if not band.contains(default):
            check.add((*path, "default"), "policy.default_outside_band", default=default, band=str(band))
        grades[key] = GradeSpec(key, spec.get("label", key), spec.get("label_en", key), band, default)
    for problem, at in coverage_problems([g.band for g in grades.values()], parse_interval("[0, 1]")):
        check.add(("qualitative", "grades"), f"policy.band_{problem}", at=at, domain="[0, 1]")
    ordered = [grades[k].band.low or Decimal(0) for k in GRADE_ORDER]
    if ordered != sorted(ordered, reverse=True):
        check.add(("qualitative", "grades"), "policy.grade_order")
    signals = {k: tuple(normalise(w) for w in raw["signals"].get(k, ())) for k in GRADE_ORDER}
    answers = {k: tuple(plain(w) for w in (raw.get("answers") or {}).get(k, ())) for k in GRADE_ORDER}
    return QualitativeGrading(
        grades=grades,
        signals=signals,
        answers=answers,
        negations=tuple(normalise(w) for w in raw.get("negations", ())),
        degrees=tuple(normalise(w) for w in raw.get("degrees", ())),
        restated_target=raw.get("restated_target", "met"),
        restated_coverage=Decimal(raw.get("restated_coverage", Decimal("0.6"))),
        no_signal=raw.get("no_signal", "met"),
        keep_reported_in_band=raw.get("keep_reported_in_band", True),
    )


def _sources_used(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, str) and path[:1] != ("sources",):
                yield (*path, key), value
            else:
                yield from _sources_used(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sources_used(value, (*path, i))


def compile_policy(data: Mapping[str, Any], *, source: str, locate: Locate, lang: Lang = "zh") -> Policy:
    """Build a Policy from a document that passed the policy schema, checking what a schema cannot.

    Args:
        data: the policy document (its `extends` already merged in).
        source: the file it came from, for the error.
        locate: gives the Problem at a JSON path (with the file, line and column it came from).
        lang: the language of problem messages.

    Raises:
        PolicyError: listing every problem found (unknown names, gaps and overlaps in bands, rules
            that can never match, unknown sources …).
    """
    check = _Checker(locate, lang)
    for path, key in _sources_used(data):
        if key not in data["sources"]:
            check.add(path, "policy.unknown_source", key=key, known=", ".join(data["sources"]))
    grades = tuple(GradeBand(g["grade"], Decimal(g["min"]), g.get("grade_en", "")) for g in data["grades"])
    if [g.minimum for g in grades] != sorted((g.minimum for g in grades), reverse=True) or len({g.minimum for g in grades}) != len(grades):
        check.add(("grades",), "policy.grades_order")
    elif grades[-1].minimum != 0:
        check.add(("grades", len(grades) - 1, "min"), "policy.grades_floor", minimum=grades[-1].minimum)
    weights = data["weights"]
    policy = Policy(
        name=data["name"],
        title=data["title"],
        title_en=data.get("title_en", ""),
        version=str(data["version"]),
        effective_from=data["effective"]["from"],
        effective_to=data["effective"].get("to"),
        sources=dict(data["sources"]),
        places=data["rounding"]["places"],
        rounding=data["rounding"].get("mode", "half-up"),
        equal_targets=data.get("equal_targets", "at_least"),
        numbers_in_text=(data.get("reading") or {}).get("numbers_in_text", "read"),
        mode=data.get("mode", "scores"),
        budget_rate_on=data["budget"].get("rate_on", "annual"),
        blank_actuals=frozenset(plain(w) or w.strip() for w in (data.get("assessable") or {}).get("blank_actuals", ())),
        not_occurred=tuple(normalise(w) for w in (data.get("assessable") or {}).get("not_occurred", ())),
        budget_score=check.formula(data["budget"]["score"], ("budget", "score"), BUDGET_NAMES),
        qualitative=_qualitative(check, data["qualitative"]),
        rules=_rules(check, data["rules"]),
        weights=Weights(
            Decimal(weights["total"]),
            Decimal(weights["budget"]) if weights.get("budget") is not None else None,
            {k: Decimal(v) for k, v in (weights.get("level1") or {}).items()},
            Decimal(weights["indicators"]) if weights.get("indicators") is not None else None,
            weights.get("rows", "printed"),
        ),
        grades=grades,
        findings=data.get("findings") or {},
        examples=tuple(data.get("examples") or ()),
        document=data,
        source=source,
    )
    if check.problems:
        raise PolicyError(source, check.problems)
    return policy
