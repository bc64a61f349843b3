"""Many forms at once: finding form files, checking each, and summarising the run.

Library code: it reports progress through a callback and returns data; the CLI prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ..errors import DocumentError
from ..io import form_files, load_form
from ..messages import Lang
from ..policy import Policy
from ..findings import ERROR, SEVERITY_RANK, WARNING, Finding, review, worst
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


@attrs.frozen
class BadFile:
    """A file that could not be used, with every problem found in it."""

    source: str
    error: DocumentError


@attrs.frozen
class Difference:
    """A form whose printed total differs from the computed one."""

    source: str
    project: str
    reported: Decimal
    computed: Decimal

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
class Batch:
    """The result of checking many forms under one policy."""

    policy: Policy
    forms: tuple[CheckedForm, ...]
    bad: tuple[BadFile, ...] = ()

    def findings_at_or_above(self, severity: str) -> int:
        """How many findings are at or above `severity` ("error" or "warning")."""
        floor = SEVERITY_RANK[severity]
        return sum(1 for form in self.forms for f in form.findings if SEVERITY_RANK[f.severity] >= floor)

    def summary(self, *, largest: int = 5) -> Summary:
        codes = Counter(f.code for form in self.forms for f in form.findings)
        differences = [
            Difference(form.source, form.card.form.project, form.card.reported_total, form.card.total)
            for form in self.forms
            if form.card.complete and form.card.reported_total is not None and form.card.reported_total != form.card.total
        ]
        differences.sort(key=lambda d: (-abs(d.gap), d.source))
        return Summary(
            forms_read=len(self.forms),
            bad_files=len(self.bad),
            forms_with_errors=sum(1 for f in self.forms if f.worst() == ERROR),
            forms_with_warnings=sum(1 for f in self.forms if f.worst() == WARNING),
            findings_by_code=tuple(sorted(codes.items(), key=lambda item: (-item[1], item[0]))),
            largest_differences=tuple(differences[:largest]),
        )


Progress = Callable[[int, int, str], None]


def check_files(
    paths: Sequence[str | Path], policy: Policy, *, lang: Lang = "zh", progress: Progress | None = None
) -> Batch:
    """Load, score and review every form file; a file that cannot be used is recorded, not fatal.

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
        try:
            form = load_form(path, lang=lang)
        except DocumentError as error:
            bad.append(BadFile(str(path), error))
        else:
            card = score(form, policy)
            forms.append(CheckedForm(str(path), card, review(card)))
        if progress is not None:
            progress(done, len(files), str(path))
    return Batch(policy, tuple(forms), tuple(bad))
