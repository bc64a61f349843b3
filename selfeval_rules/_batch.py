"""Many forms at once: finding form files, checking each, and summarising the run.

Library code: it reports progress through a callback and returns data; the CLI prints.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from ._engine import Scorecard, score
from ._errors import DocumentError
from ._findings import ERROR, WARNING, Finding, review
from ._form import load_form
from ._messages import Lang
from ._policy import Policy

FORM_SUFFIXES = (".yaml", ".yml", ".json")
SEVERITY_RANK = {WARNING: 1, ERROR: 2}


def form_files(paths: Iterable[str | Path]) -> list[Path]:
    """The form files named, with folders walked for .yaml, .yml and .json files, in a stable order.

    A name that is neither a file nor a folder is kept, so that reading it reports it missing.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORM_SUFFIXES))
        else:
            found.append(path)
    return found


@attrs.frozen
class CheckedForm:
    """One form scored and reviewed."""

    source: str
    card: Scorecard
    findings: tuple[Finding, ...]

    def worst(self) -> str | None:
        """The most severe finding's severity, or None."""
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__, default=None)


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


class OutputExistsError(FileExistsError):
    """A report would overwrite an existing file and `force` was not given."""


def write_atomically(path: str | Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never half of one.

    Raises:
        OutputExistsError: when `path` exists and `force` is False.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputExistsError(str(target))
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); a report gets the mode any new file would get
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
