"""Many forms at once: checking each form, and summarising the run as forms go by.

Library code: it reports progress through a callback and returns data; the CLI prints.

A run is a stream. Each form is read, scored, reviewed and turned into a small picklable *record*
(whatever the report format needs of it, see `selfeval_rules.reports`) plus its `FormFacts`
(what the summary and the exit status need); the Scorecard is dropped there and then. So a run
holds a few forms at a time whatever its size, and the same work can be done in other processes
(`_pool`) and handed back in input order.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..errors import DocumentError, FormError, Problem
from ..findings import ERROR, SEVERITY_RANK, WARNING, Finding, review, worst
from ..io import Document, FormData, Unusable, form_files, form_from_document, read_forms
from ..messages import Lang, message
from ..policy import Policy
from ..scoring import Scorecard, score


@attrs.frozen
class CheckedForm:
    """One form scored and reviewed."""

    source: str
    card: Scorecard
    findings: tuple[Finding, ...]

    def worst(self) -> str | None:
        """The most severe finding's severity, or None."""
        return worst(self.findings)


def _rebuild_bad(source: str, kind: type[DocumentError], error_source: str, problems: tuple[Problem, ...], internal: bool) -> BadFile:
    return BadFile(source, kind(error_source, problems), internal)


@attrs.frozen
class BadFile:
    """A file (or a group of rows of a flat export) that could not be used, with every problem found in it.

    Attributes:
        internal: True when the form broke the checker itself (a bug), not the form's rules.
    """

    source: str
    error: DocumentError
    internal: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # An exception pickles by its message alone; a bad file travels between processes by its data.
        return _rebuild_bad, (self.source, type(self.error), self.error.source, self.error.problems, self.internal)


@attrs.frozen
class Difference:
    """A form whose printed total differs from the computed one.

    Attributes:
        number: the form's position among the forms of its run (from 1), when known.
    """

    source: str
    project: str
    reported: Decimal
    computed: Decimal
    number: int | None = attrs.field(default=None, eq=False)

    @property
    def gap(self) -> Decimal:
        return self.reported - self.computed


@attrs.frozen
class Summary:
    """What a run found, for its closing lines."""

    forms_read: int
    bad_files: int
    forms_with_errors: int
    forms_with_warnings: int
    findings_by_code: tuple[tuple[str, int], ...]
    largest_differences: tuple[Difference, ...]


@attrs.frozen
class FormFacts:
    """What the summary, the exit status and the tables of results need of one checked form.

    Small and picklable: made where the form was checked, kept where the report is written.
    """

    source: str
    project: str
    total: Decimal | None  # None when the form has no honest total (see Scorecard.total_note)
    complete: bool
    findings: tuple[tuple[str, str], ...] = ()  # (code, severity), in the order found
    reported_total: Decimal | None = None
    year: int | None = None
    department: str | None = None

    @classmethod
    def of(cls, checked: CheckedForm) -> FormFacts:
        card = checked.card
        form = card.form
        return cls(
            source=checked.source, project=form.project, total=card.total, complete=card.complete,
            findings=tuple((f.code, f.severity) for f in checked.findings),
            reported_total=card.reported_total, year=form.year, department=form.department,
        )

    @property
    def errors(self) -> int:
        return sum(1 for _, severity in self.findings if severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for _, severity in self.findings if severity == WARNING)

    def worst(self) -> str | None:
        """The most severe finding's severity, or None."""
        return max((s for _, s in self.findings), key=SEVERITY_RANK.__getitem__, default=None)

    def difference(self, number: int | None = None) -> Difference | None:
        """The form's printed total against the computed one, when it is complete and they differ."""
        if not self.complete or self.reported_total is None or self.total is None or self.reported_total == self.total:
            return None
        return Difference(self.source, self.project, self.reported_total, self.total, number)


class Tally:
    """A run's summary, accumulated one form at a time.

    Its size depends on the number of finding codes and on `largest`, never on the number of forms.

    >>> tally = Tally()
    >>> tally.add(FormFacts("a.yaml", "甲", Decimal("90"), True, (("total-differs", "error"),), Decimal("92")))
    >>> tally.add_bad()
    >>> summary = tally.summary()
    >>> summary.forms_read, summary.bad_files, summary.forms_with_errors, summary.findings_by_code
    (1, 1, 1, (('total-differs', 1),))
    >>> summary.largest_differences[0].gap
    Decimal('2')
    """

    def __init__(self, *, largest: int = 5) -> None:
        self.largest = largest
        self.forms = 0
        self.bad = 0
        self.internal = 0
        self.with_errors = 0
        self.with_warnings = 0
        self.codes: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.severities: dict[str, str] = {}  # code → the severity it was first seen with
        self._differences: list[tuple[tuple[Decimal, str], int, Difference]] = []
        self._seen = 0

    def add(self, facts: FormFacts) -> None:
        """Count one checked form (the forms are numbered from 1 in the order they are added)."""
        self.forms += 1
        worst_ = facts.worst()
        self.with_errors += worst_ == ERROR
        self.with_warnings += worst_ == WARNING
        for code, severity in facts.findings:
            self.codes[code] += 1
            self.by_severity[severity] += 1
            self.severities.setdefault(code, severity)
        difference = facts.difference(self.forms)
        if difference is not None and self.largest:
            key = (-abs(difference.gap), difference.source)
            self._seen += 1
            bisect.insort(self._differences, (key, self._seen, difference))
            del self._differences[self.largest:]

    def add_bad(self, *, internal: bool = False) -> None:
        """Count one file that could not be used."""
        self.bad += 1
        self.internal += internal

    def findings_at_or_above(self, severity: str) -> int:
        """How many findings are at or above `severity` ("error" or "warning")."""
        floor = SEVERITY_RANK[severity]
        return sum(count for s, count in self.by_severity.items() if SEVERITY_RANK[s] >= floor)

    def summary(self) -> Summary:
        return Summary(
            forms_read=self.forms,
            bad_files=self.bad,
            forms_with_errors=self.with_errors,
            forms_with_warnings=self.with_warnings,
            findings_by_code=tuple(sorted(self.codes.items(), key=lambda item: (-item[1], item[0]))),
            largest_differences=tuple(d for _, _, d in self._differences),
        )


@attrs.frozen
class Batch:
    """The result of checking many forms under one policy, every scorecard kept (for a library user).

    `selfeval check` streams instead (see `run`); a Batch is for a few forms in memory.
    """

    policy: Policy
    forms: tuple[CheckedForm, ...]
    bad: tuple[BadFile, ...] = ()

    def tally(self, *, largest: int = 5) -> Tally:
        """The forms counted as a streamed run counts them."""
        tally = Tally(largest=largest)
        for form in self.forms:
            tally.add(FormFacts.of(form))
        for bad in self.bad:
            tally.add_bad(internal=bad.internal)
        return tally

    def findings_at_or_above(self, severity: str) -> int:
        """How many findings are at or above `severity` ("error" or "warning")."""
        return self.tally().findings_at_or_above(severity)

    def summary(self, *, largest: int = 5) -> Summary:
        return self.tally(largest=largest).summary()


Progress = Callable[[int, int, str], None]


# --- what a run is given, and what it hands back --------------------------------------------


Item = str | Path | FormData | Unusable | BadFile  # a form file, a form as data, or input already found unusable


def item_source(item: Item) -> str:
    """How reports name an item."""
    return item.source if isinstance(item, (FormData, Unusable, BadFile)) else str(item)


@attrs.frozen
class Checked:
    """A form checked: its facts, and its record in the report's format."""

    facts: FormFacts
    record: Any


Outcome = Checked | BadFile
Record = Callable[[CheckedForm], Any]


def check_item(item: Item, policy: Policy, *, lang: Lang = "zh") -> list[CheckedForm | BadFile]:
    """Load, score and review every form of one item (a workbook or a PDF may hold several); what
    makes it unusable is returned, never raised.

    A form that breaks the checker itself (a bug) is returned as an internal BadFile, so that one
    strange form does not stop a province's batch; the run still ends with the internal status.
    """
    if isinstance(item, BadFile):
        return [item]
    if isinstance(item, Unusable):
        return [BadFile(item.source, item.error)]
    source = item_source(item)
    try:
        if isinstance(item, FormData):
            forms = [(source, form_from_document(Document(item.data, source, {}, item.origins), lang=lang))]
        else:
            forms = [(read.source, read.form) for read in read_forms(item, lang=lang)]
    except DocumentError as error:
        return [BadFile(source, error)]
    except Exception as error:  # noqa: BLE001 - a bug, reported against the form that showed it
        return [_internal(source, error, lang)]
    checked: list[CheckedForm | BadFile] = []
    for where, form in forms:
        try:
            card = score(form, policy)
            checked.append(CheckedForm(where, card, tuple(review(card))))
        except Exception as error:  # noqa: BLE001 - as above
            checked.append(_internal(where, error, lang))
    return checked


def _internal(source: str, error: Exception, lang: Lang) -> BadFile:
    text = message("batch.internal_error", lang, kind=type(error).__name__, error=error)
    return BadFile(source, FormError(source, [Problem("$", text)]), internal=True)


def check_files(
    paths: Sequence[str | Path], policy: Policy, *, lang: Lang = "zh", progress: Progress | None = None
) -> Batch:
    """Load, score and review every form file; a file that cannot be used is recorded, not fatal.

    Every scorecard is kept: for a few forms in a program. `selfeval check` streams (see `run`).

    Args:
        paths: form files and folders of form files.
        policy: the policy to score and review under.
        lang: the language of load problems.
        progress: called as progress(done, total, source) after each file.
    """
    files = form_files(paths)
    forms: list[CheckedForm] = []
    bad: list[BadFile] = []
    for done, path in enumerate(files, 1):
        for checked in check_item(path, policy, lang=lang):
            (bad if isinstance(checked, BadFile) else forms).append(checked)  # type: ignore[arg-type]
        if progress is not None:
            progress(done, len(files), str(path))
    return Batch(policy, tuple(forms), tuple(bad))


def outcome(item: Item, policy: Policy, record: Record, *, lang: Lang = "zh") -> list[Outcome]:
    """Every form of one item checked and reduced to its facts and record (the scorecards are dropped here)."""
    return [checked if isinstance(checked, BadFile) else Checked(FormFacts.of(checked), record(checked))
            for checked in check_item(item, policy, lang=lang)]


def outcomes(items: Iterable[Item], policy: Policy, record: Record, *, lang: Lang = "zh") -> Iterator[Outcome]:
    """Every form of every item checked in this process, in order, one item at a time."""
    for item in items:
        yield from outcome(item, policy, record, lang=lang)
