"""Policies: the scoring rules of a jurisdiction and period, read from YAML and checked on load.

A policy is refused at load, with every problem by file, line and JSON path, rather than failing
silently later: formulas and intervals go through our own grammar, their names are checked against
the context they run in, band tables must tile their domain, and a rule that can never match (it
contradicts itself or an earlier rule catches everything it would) is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Union

import attrs

from ._errors import DocumentError, FormulaSyntaxError, PolicyError, Problem
from ._formula import Formula, Interval, coverage_problems
from ._loading import Document, Path_, from_mapping, read_file, read_text, validate
from ._messages import Lang, message
from ._parser import normalise, parse_formula, parse_interval

DEFAULT_POLICY = "central-2020"
GRADE_ORDER = ("met", "partly", "not_met")  # best first
_MEMO_LIMIT = 4096
_ROUNDING = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP}

# The names a formula may read, by where it runs.
ROW_NAMES: dict[str, frozenset[str]] = {
    "comparison": frozenset({"weight", "ratio", "actual", "target"}),
    "range": frozenset({"weight", "ratio", "actual", "low", "high"}),
    "deadline": frozenset({"weight", "delay_days", "delay_months"}),
    "qualitative": frozenset({"weight"}),
}
BUDGET_NAMES = frozenset({"weight", "rate", "annual", "executed"})
ALL_KINDS = ("comparison", "range", "deadline", "qualitative")
# Band tables: the values a table must cover, by what it is read on and whether the row met its target.
BAND_DOMAINS = {
    ("ratio", "unmet"): "[0, 1]",
    ("ratio", "met"): "[1, inf)",
    ("delay_days", "unmet"): "(0, inf)",
    ("delay_months", "unmet"): "(0, inf)",
}
BAND_KINDS = {"ratio": {"comparison", "range"}, "delay_days": {"deadline"}, "delay_months": {"deadline"}}


# --- outcomes: how a row scores ----------------------------------------------------------------


@attrs.frozen
class Share:
    """A share of the weight (1 = full marks), possibly a formula such as `ratio`."""

    formula: Formula
    label: str | None = None


@attrs.frozen
class Points:
    """A score in points, from a formula; clamped to [0, weight]."""

    formula: Formula


@attrs.frozen
class Graded:
    """Score as a qualitative grade: its band, its default share, and the keep-reported rule."""

    grade: str


@attrs.frozen
class Band:
    """One band of a table: values inside `interval` score by `outcome`."""

    interval: Interval
    outcome: Share | Points | Graded


@attrs.frozen
class Banded:
    """A band table read on the ratio or on the delay."""

    on: str
    bands: tuple[Band, ...]

    def band_for(self, value: Decimal) -> Band | None:
        for band in self.bands:
            if band.interval.contains(value):
                return band
        return None


Outcome = Union[Share, Points, Graded, Banded]
FULL = Share(Formula.constant(Decimal(1)), "full")
ZERO = Share(Formula.constant(Decimal(0)), "zero")
_SHORTHANDS = {"full": FULL, "zero": ZERO}


# --- rules ------------------------------------------------------------------------------------


def _holds(wanted: Any, value: str | None) -> bool:
    if isinstance(wanted, frozenset):
        return value in wanted
    return value is not None and wanted.search(value) is not None


def _set(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


class RowFacts(NamedTuple):
    """What rules match on: a row's labels, its target's kind, operator and unit, its actual's kind."""

    level1: str | None
    level2: str | None
    name: str | None
    kind: str
    op: str | None
    unit: str | None
    dimension: str | None
    actual: str


@attrs.frozen
class Match:
    """The conditions of a rule's `when`; None means any."""

    level1: frozenset[str] | None = None
    level2: frozenset[str] | None = None
    name: re.Pattern[str] | None = None
    kind: frozenset[str] | None = None
    op: frozenset[str] | None = None
    unit: frozenset[str] | None = None
    dimension: frozenset[str] | None = None
    actual: frozenset[str] | None = None

    # The conditions that are set, as (position in RowFacts, wanted) pairs: what matching loops over.
    conditions: tuple[tuple[int, Any], ...] = attrs.field(
        init=False, eq=False, repr=False,
        default=attrs.Factory(
            lambda self: tuple((i, getattr(self, f)) for i, f in enumerate(RowFacts._fields) if getattr(self, f) is not None),
            takes_self=True,
        ),
    )

    def failures(self, facts: RowFacts) -> list[str]:
        """The names of the conditions that `facts` fail, in order."""
        return [RowFacts._fields[i] for i, wanted in self.conditions if not _holds(wanted, facts[i])]

    def matches(self, facts: RowFacts) -> bool:
        for i, wanted in self.conditions:
            if not _holds(wanted, facts[i]):
                return False
        return True

    def covers(self, other: Match) -> bool:
        """Whether every row `other` matches is also matched by this one (so `other` after it is dead)."""
        for field in RowFacts._fields:
            mine, theirs = getattr(self, field), getattr(other, field)
            if mine is None:
                continue
            if theirs is None:
                return False
            if field == "name":
                if mine.pattern != theirs.pattern:
                    return False
            elif not theirs <= mine:
                return False
        return True

    def kinds(self) -> frozenset[str]:
        """The target kinds this match can apply to (none when its conditions contradict each other)."""
        if self.unit is not None and self.dimension is not None:
            from ._units import Unit

            if not any(Unit.from_symbol(u).dimension in self.dimension for u in self.unit):
                return frozenset()
        kinds = self.kind if self.kind is not None else frozenset(ALL_KINDS)
        if self.op is not None or self.unit is not None or self.dimension is not None:
            kinds &= {"comparison", "range"} if self.op is None else {"comparison"}
        return kinds


@attrs.frozen
class Rule:
    """A scoring rule: which rows it applies to, and how they score."""

    id: str
    when: Match
    title: str = ""
    title_en: str = ""
    source: str | None = None
    status: str | None = None
    met: Outcome = FULL
    unmet: Outcome | None = None
    infer_grade: bool = False
    index: int = 0

    def describe(self, lang: Lang = "zh") -> str:
        title = self.title_en if lang == "en" and self.title_en else self.title
        return f"{self.id}（{title}）" if title and lang == "zh" else (f"{self.id} ({title})" if title else self.id)


# --- qualitative grading ----------------------------------------------------------------------


@attrs.frozen
class GradeSpec:
    key: str
    label: str
    label_en: str
    band: Interval
    default: Decimal

    def describe(self, lang: Lang = "zh") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", normalise(text))


@attrs.frozen
class Qualitative:
    """How qualitative rows are graded: bands and default shares, signal words, and defaults."""

    grades: Mapping[str, GradeSpec]
    signals: Mapping[str, tuple[str, ...]]
    answers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    negations: tuple[str, ...] = ()
    degrees: tuple[str, ...] = ()
    restated_target: str = "met"
    restated_coverage: Decimal = Decimal("0.6")
    no_signal: str = "met"
    keep_reported_in_band: bool = True

    def infer(self, actual: str | None, deviation: str | None, target: str | None) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        """The grade signalled by the actual value and the deviation reason; the weaker grade wins.

        A met word right after a negation (不合格, 未及时, 不是很有效) signals "not met"; a whole
        answer such as 是 or 否 counts only when it is the whole text.

        Returns:
            The grade, and the evidence: (grade, where, word) for each signal found.
        """
        evidence: list[tuple[str, str, str]] = []
        for where, text in (("actual", actual), ("deviation", deviation)):
            if not text:
                continue
            text = normalise(text)
            found = self._signal(text)
            if found:
                evidence.append((*found[:1], where, found[1]))
        if actual and target:
            # restating: one text contains the other and covers enough of it (at 0.6, 合格 does not
            # restate 达到考试合格标准, but 培训内容紧密结合重点工作 restates itself)
            plain_actual, plain_target = _plain(actual), _plain(target.removeprefix("定性"))
            shorter, longer = sorted((plain_actual, plain_target), key=len)
            if len(shorter) >= 2 and shorter in longer and len(shorter) >= self.restated_coverage * len(longer):
                evidence.append((self.restated_target, "restated", plain_actual[:20]))
        if not evidence:
            return self.no_signal, ()
        grade = max((e[0] for e in evidence), key=GRADE_ORDER.index)
        return grade, tuple(evidence)

    def _signal(self, text: str) -> tuple[str, str] | None:
        """The weakest grade a text signals, and the words that signal it."""
        stripped = _plain(text)
        for grade in reversed(GRADE_ORDER):  # weakest first, so 未完成 is read before 完成
            if stripped in self.answers.get(grade, ()):
                return grade, stripped
        for grade in reversed(GRADE_ORDER):
            for word in self.signals.get(grade, ()):
                start = text.find(word)
                while start >= 0:
                    negation = self._negation_before(text, start)
                    if negation is None:
                        return grade, word
                    if grade != "not_met":
                        return "not_met", negation + word
                    start = text.find(word, start + 1)
        return None

    def _negation_before(self, text: str, start: int) -> str | None:
        before = text[:start]
        for degree in ("", *self.degrees):
            if degree and not before.endswith(degree):
                continue
            head = before[: len(before) - len(degree)]
            for negation in self.negations:
                if head.endswith(negation):
                    return negation + degree
        return None


# --- the policy -------------------------------------------------------------------------------


@attrs.frozen
class GradeBand:
    label: str
    minimum: Decimal
    label_en: str = ""


@attrs.frozen
class Weights:
    total: Decimal
    budget: Decimal | None = None
    level1: Mapping[str, Decimal] = attrs.field(factory=dict)


@attrs.frozen(eq=False)
class Policy:
    """A loaded, checked policy (see `load_policy`). Immutable, so one policy can score in many threads.

    Policies compare by identity: two loads of one file are two policies.
    """

    name: str
    title: str
    version: str
    effective_from: int
    effective_to: int | None
    sources: Mapping[str, str]
    places: int
    rounding: str
    equal_targets: str
    budget_score: Formula
    qualitative: Qualitative
    rules: tuple[Rule, ...]
    weights: Weights
    grades: tuple[GradeBand, ...]
    title_en: str = ""
    findings: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    examples: tuple[Mapping[str, Any], ...] = attrs.field(default=(), repr=False)
    document: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    source: str = "<mapping>"
    quantum: Decimal = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(lambda self: Decimal(1).scaleb(-self.places), takes_self=True)
    )
    # Which rule a row's facts select: remembered, since a batch of forms repeats the same shapes.
    # Filling it is idempotent, so sharing a policy between threads is safe.
    _rule_memo: dict[tuple[Any, ...], Rule | None] = attrs.field(init=False, repr=False, eq=False, factory=dict)
    uses_names: bool = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(lambda self: any(r.when.name is not None for r in self.rules), takes_self=True)
    )

    def round(self, value: Decimal) -> Decimal:
        """Round once, as the policy says.

        >>> load_policy("central-2020").round(Decimal("9.70589"))
        Decimal('9.71')
        """
        return value.quantize(self.quantum, rounding=_ROUNDING[self.rounding])

    def grade_for(self, total: Decimal) -> GradeBand | None:
        """The grade band a total falls in (bands are checked best first)."""
        return next((g for g in self.grades if total >= g.minimum), None)

    def rule_for(self, facts: RowFacts) -> Rule | None:
        """The first rule whose conditions the row's facts meet."""
        key = facts if self.uses_names else (facts.level1, facts.level2, facts.kind, facts.op, facts.unit, facts.actual)
        try:
            return self._rule_memo[key]
        except KeyError:
            pass
        rule = next((r for r in self.rules if r.when.matches(facts)), None)
        if len(self._rule_memo) >= _MEMO_LIMIT:
            self._rule_memo.clear()
        self._rule_memo[key] = rule
        return rule

    def describe(self, lang: Lang = "zh") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


# --- loading ----------------------------------------------------------------------------------


def bundled_policies() -> list[str]:
    """Names of the policies that ship with the library."""
    return list(_bundled())


@cache
def _bundled() -> tuple[str, ...]:
    folder = resources.files("selfeval_rules.policies")
    return tuple(sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml")))


Origins = dict[Path_, tuple[str, int, int]]


def _read(name_or_path: str | Path, relative_to: Path | None, lang: Lang) -> tuple[Document, Path | None, str]:
    """A policy document, the folder its relative `extends` start from, and its identity (name or path)."""
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in _bundled():
        resource = resources.files("selfeval_rules.policies").joinpath(f"{text}.yaml")
        return read_text(resource.read_text(encoding="utf-8"), f"{text}.yaml", lang=lang), None, text
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not path.exists() and path.suffix == "":
        known = ", ".join(bundled_policies())
        raise PolicyError(str(path), [Problem("$", message("policy.unknown", lang, name=text, known=known))])
    return read_file(path, lang=lang), path.parent, str(path.resolve())


def _resolve(name_or_path: str | Path, lang: Lang, relative_to: Path | None = None, seen: tuple[tuple[str, str], ...] = ()) -> Document:
    """Read a policy and everything it extends, merged into one document that remembers each value's file."""
    document, folder, identity = _read(name_or_path, relative_to, lang)
    data = document.data
    if not isinstance(data, dict):
        raise PolicyError(document.source, [Problem("$", message("doc.not_mapping", lang, kind=type(data).__name__))])
    label = str(data.get("name") or name_or_path)
    origins: Origins = {path: (document.source, *mark) for path, mark in document.marks.items()}
    document = Document(data, document.source, {}, origins)
    if identity in {i for i, _ in seen}:
        chain = " → ".join([*(l for _, l in seen), label])
        raise _cycle(seen, chain, lang)
    parent_name = data.get("extends")
    if not isinstance(parent_name, str):
        return document
    names_on_the_way = [l for _, l in seen] + [label]
    if parent_name in names_on_the_way and parent_name not in _bundled() and not (folder or Path()).joinpath(parent_name).exists():
        chain = " → ".join([*names_on_the_way[names_on_the_way.index(parent_name):], parent_name])
        raise PolicyError(document.source, [document.problem(("extends",), message("policy.extends_cycle", lang, chain=chain))])
    parent = _resolve(parent_name, lang, folder, (*seen, (identity, label)))
    return _extend(parent, document)


def _cycle(seen: tuple[tuple[str, str], ...], chain: str, lang: Lang) -> PolicyError:
    return PolicyError(seen[-1][1] if seen else "", [Problem("$.extends", message("policy.extends_cycle", lang, chain=chain))])


def _extend(parent: Document, child: Document) -> Document:
    """The child merged over its parent, each value located in the file it came from."""
    origins: Origins = {}
    merged = _merge(parent.data, child.data, (), (), (), origins, parent.origins, child.origins)
    merged["extends"] = child.data["extends"]
    return Document(merged, child.source, {}, origins)


def _copy_origins(source: Origins, source_path: Path_, target_path: Path_, origins: Origins) -> None:
    """Record, under `target_path`, where each part of the value at `source_path` came from."""
    size = len(source_path)
    for path, origin in source.items():
        if path[:size] == source_path:
            origins[(*target_path, *path[size:])] = origin


def _merge(
    base: Any, override: Any, base_path: Path_, child_path: Path_, path: Path_,
    origins: Origins, parent_origins: Origins, child_origins: Origins,
) -> Any:
    """Mappings merge key by key; `rules` merge by id (new ones first); anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        if child_path in child_origins:
            origins[path] = child_origins[child_path]
        result = {}
        for key, value in base.items():  # the parent's order, so a resolved policy reads like one
            if key in override:
                result[key] = _merge(value, override[key], (*base_path, key), (*child_path, key), (*path, key),
                                     origins, parent_origins, child_origins)
            else:
                result[key] = value
                _copy_origins(parent_origins, (*base_path, key), (*path, key), origins)
        for key, value in override.items():
            if key not in base:
                result[key] = value
                _copy_origins(child_origins, (*child_path, key), (*path, key), origins)
        return result
    if path == ("rules",) and isinstance(base, list) and isinstance(override, list):
        return _merge_rules(base, override, origins, parent_origins, child_origins)
    _copy_origins(child_origins, child_path, path, origins)
    return override


def _merge_rules(base: list[Any], override: list[Any], origins: Origins, parent_origins: Origins, child_origins: Origins) -> list[Any]:
    """A child's rule replaces the parent's rule of the same id in place; its other rules go first.

    A child that repeats an id keeps both copies, so that the duplicate is reported, not lost.
    """
    base_ids = {r.get("id") for r in base if isinstance(r, dict)}
    replacing: dict[Any, int] = {}
    fresh: list[int] = []
    for j, rule in enumerate(override):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in base_ids and rule_id not in replacing:
            replacing[rule_id] = j
        else:
            fresh.append(j)
    result: list[Any] = []
    for j in fresh:
        _copy_origins(child_origins, ("rules", j), ("rules", len(result)), origins)
        result.append(override[j])
    for i, rule in enumerate(base):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in replacing:
            j = replacing[rule_id]
            _copy_origins(child_origins, ("rules", j), ("rules", len(result)), origins)
            result.append(override[j])
        else:
            _copy_origins(parent_origins, ("rules", i), ("rules", len(result)), origins)
            result.append(rule)
    return result


@lru_cache(maxsize=32)
def _load_bundled(name: str, lang: Lang) -> Policy:
    return _compile(_resolve(name, lang), lang)


def load_policy(source: str | Path | Mapping[str, Any] | None = None, *, lang: Lang = "zh") -> Policy:
    """Load a policy: a bundled name (`central-2020`, `beijing`), a YAML/JSON file, or a mapping.

    Args:
        source: the policy; None for the default, central-2020.
        lang: the language of problem messages.

    Raises:
        PolicyError: listing every problem, by file, line and JSON path, most relevant first.

    >>> load_policy("beijing").name
    'beijing'
    """
    try:
        if source is None:
            return _load_bundled(DEFAULT_POLICY, lang)
        if isinstance(source, Mapping):
            document = from_mapping(source)
            if isinstance(source.get("extends"), str):
                document = _extend(_resolve(source["extends"], lang), document)
            return _compile(document, lang)
        if isinstance(source, str) and source in _bundled():
            return _load_bundled(source, lang)
        return _compile(_resolve(source, lang), lang)
    except PolicyError:
        raise
    except DocumentError as error:
        raise PolicyError(error.source, error.problems) from None


# --- compiling and checking -------------------------------------------------------------------


class _Checker:
    """Collects every problem of a policy document while building its parts."""

    def __init__(self, document: Document, lang: Lang) -> None:
        self.document, self.lang = document, lang
        self.problems: list[Problem] = []

    def add(self, path: Path_, code: str, **params: Any) -> None:
        self.problems.append(self.document.problem(path, message(code, self.lang, **params)))

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


def _outcome(check: _Checker, raw: Any, path: Path_, kinds: frozenset[str], state: str) -> Outcome:
    # a name must have a value for every kind of row the rule can score, or some rows could not be
    # scored at all: `target` is there for comparisons, not for ranges
    allowed = frozenset.intersection(*(ROW_NAMES[k] for k in kinds)) if kinds else frozenset({"weight"})
    if isinstance(raw, str):
        if raw == "ratio":
            if not kinds <= {"comparison", "range"}:
                check.add(path, "policy.ratio_kind", kinds=", ".join(sorted(kinds)))
            return Share(parse_formula("ratio"), "ratio")
        return _SHORTHANDS[raw]
    if "share" in raw and "when" not in raw:
        return Share(check.formula(raw["share"], (*path, "share"), allowed))
    if "score" in raw and "when" not in raw:
        return Points(check.formula(raw["score"], (*path, "score"), allowed))
    if "grade" in raw and "when" not in raw:
        return Graded(raw["grade"])
    on = raw["on"]
    if not kinds <= BAND_KINDS[on]:
        check.add((*path, "on"), "policy.band_kind", on=on, kinds=", ".join(sorted(kinds)))
    bands = []
    for i, entry in enumerate(raw["bands"]):
        where = (*path, "bands", i)
        interval = check.interval(entry["when"], (*where, "when"))
        if "share" in entry:
            inner: Share | Points | Graded = Share(check.formula(entry["share"], (*where, "share"), allowed))
        elif "score" in entry:
            inner = Points(check.formula(entry["score"], (*where, "score"), allowed))
        else:
            inner = Graded(entry["grade"])
        bands.append(Band(interval, inner))
    domain_text = BAND_DOMAINS.get((on, state))
    if domain_text is None:
        check.add((*path, "on"), "policy.band_state", on=on, state=state)
    else:
        for problem, at in coverage_problems([b.interval for b in bands], parse_interval(domain_text)):
            check.add((*path, "bands"), f"policy.band_{problem}", at=at, domain=domain_text)
    return Banded(on, tuple(bands))


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
            except re.error as error:
                broken = True
                pattern = re.compile(r"(?!)")  # matches nothing; the policy is refused anyway
                check.add((*path, "when", "name"), "policy.bad_pattern", pattern=when["name"], reason=str(error))
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


def _qualitative(check: _Checker, raw: Mapping[str, Any]) -> Qualitative:
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
    answers = {k: tuple(_plain(w) for w in (raw.get("answers") or {}).get(k, ())) for k in GRADE_ORDER}
    return Qualitative(
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


def _compile(document: Document, lang: Lang) -> Policy:
    problems = validate(document, "policy", lang=lang)
    if problems:
        raise PolicyError(document.source, problems)
    data = document.data
    check = _Checker(document, lang)
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
        budget_score=check.formula(data["budget"]["score"], ("budget", "score"), BUDGET_NAMES),
        qualitative=_qualitative(check, data["qualitative"]),
        rules=_rules(check, data["rules"]),
        weights=Weights(
            Decimal(weights["total"]),
            Decimal(weights["budget"]) if weights.get("budget") is not None else None,
            {k: Decimal(v) for k, v in (weights.get("level1") or {}).items()},
        ),
        grades=grades,
        findings=data.get("findings") or {},
        examples=tuple(data.get("examples") or ()),
        document=data,
        source=document.source,
    )
    if check.problems:
        raise PolicyError(document.source, check.problems)
    return policy
