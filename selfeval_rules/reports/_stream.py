"""How a report is written as forms go by: a record per form, made where the form was checked, and a
writer that takes the records in input order.

A format gives two things (see `Format` in `reports/__init__.py`):

- `record(checked, options) → picklable`: what the report needs of one form, computed where the
  form was checked (in a worker process, or a Dask worker) while its Scorecard is alive. A text
  format's record is the form's finished text; HTML's is its section and a contents row; the
  workbook's is the form's sheet as cell data; Parquet's are the form's rows of three tables.
- `writer(sink, context) → Writer`: consumes the records in input order (`form`), the unusable
  inputs (`bad`), and at the end the run's `Tally` (`close`). It writes bytes to `sink` (anything
  with `write(bytes)`) as soon as the format allows; only HTML and xlsx, whose first page or sheet
  sums up the run, hold back (HTML spools its sections to a temporary file; the workbook keeps
  each form's cell data, since openpyxl holds a workbook in memory anyway).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, Protocol

import attrs

from ..batch import BadFile, Batch, CheckedForm, FormFacts, Tally
from ..messages import Lang
from ..policy import Policy


@attrs.frozen
class Options:
    """What a record depends on besides the form (sent to every worker, so small and picklable)."""

    lang: Lang = "zh"
    explain: bool = False
    width: int = 100  # the terminal's width, for the coloured table


@attrs.frozen
class Context:
    """What a writer knows from the start: the policy (for headings) and the options."""

    policy: Policy
    options: Options = Options()

    @property
    def lang(self) -> Lang:
        return self.options.lang


class Sink(Protocol):
    def write(self, data: bytes, /) -> Any: ...


class Writer:
    """Consumes a run's records in input order. The default methods ignore what a format does not show."""

    def form(self, facts: FormFacts, record: Any) -> None:
        """One checked form: its facts and the record its format made of it."""

    def bad(self, bad: BadFile) -> None:
        """One input that could not be used (in input order among the others)."""

    def close(self, tally: Tally) -> None:
        """The end of the run, with its summary."""

    def discard(self) -> None:
        """The run stopped before its end: let go of what was held (temporary files), write nothing more."""


MakeRecord = Callable[[CheckedForm, Options], Any]
MakeWriter = Callable[[Any, Context], Writer]


def write_batch(batch: Batch, record: MakeRecord, writer: Writer, options: Options) -> None:
    """Feed a batch held in memory to a writer, as a streamed run would."""
    tally = Tally()
    for checked in batch.forms:
        facts = FormFacts.of(checked)
        tally.add(facts)
        writer.form(facts, record(checked, options))
    for bad in batch.bad:
        tally.add_bad(internal=bad.internal)
        writer.bad(bad)
    writer.close(tally)


def render_batch(batch: Batch, record: MakeRecord, make_writer: MakeWriter, options: Options) -> bytes:
    """A whole report of a batch held in memory, as bytes: the same writer a streamed run uses."""
    buffer = io.BytesIO()
    write_batch(batch, record, make_writer(buffer, Context(batch.policy, options)), options)
    return buffer.getvalue()
