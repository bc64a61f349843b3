"""Checking forms with Dask: a bag of form files, or a DataFrame of a flat export's rows, checked on a
cluster and written in input order. Needs the `[dask]` extra (`dask[distributed]`).

>>> import dask.bag as db                                                    # doctest: +SKIP
>>> from selfeval_rules import load_policy
>>> from selfeval_rules.dask import check_paths, write_report
>>> outcomes = check_paths(db.from_sequence(paths, npartitions=8), load_policy("beijing"))  # doctest: +SKIP
>>> summary = write_report(outcomes, "review.jsonl", load_policy("beijing"))             # doctest: +SKIP

Each worker compiles the policy once from its source (a Policy holds compiled closures and cannot
be pickled) and sends back, per form, its `FormFacts` and its record in the report's format; the
report is then written by the same writer `selfeval check` uses, partition after partition, so it
is the same, byte for byte, as `selfeval check --jobs 1` on the same forms. `selfeval check
--scheduler local:N|tcp://HOST:8786` does this for the command line (see docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batch import BadFile, Checked, Outcome, Summary, Tally, Task
from .batch._pool import PolicySource
from .io import AtomicFile, rows_to_forms
from .io._flat import COLUMN_INDEX, KEY_FIELDS, column_key
from .messages import Lang
from .policy import Policy
from .reports import FORMATS, Context, Options

__all__ = ["check_paths", "check_rows", "in_order", "write_report"]

ROW = "__selfeval_row__"  # the column holding each row's number in the whole frame, from 1


def _task(policy: Policy, lang: Lang, format: str, explain: bool) -> Task:
    # Made without the loaded policy: what a worker is sent is the policy's source.
    return Task(PolicySource.of(policy), FORMATS[format].recorder(Options(lang, explain)), lang)


def _check_paths(paths: Any, task: Task) -> list[Outcome]:
    return task(list(paths))


def check_paths(paths: Any, policy: Policy, *, lang: Lang = "zh", format: str = "jsonl", explain: bool = False) -> Any:
    """A Dask bag of form files checked.

    Args:
        paths: a `dask.bag.Bag` of paths (.yaml/.yml/.json) that every worker can read.
        policy: the policy to check under.
        lang: the language of messages.
        format: the report format whose records the outcomes carry (`FORMATS`).
        explain: explain every row (the table format).

    Returns:
        A bag with the partitions of `paths`, each element an outcome: `Checked` (facts and
        record) or `BadFile`. `write_report` writes it; `in_order` iterates it.
    """
    return paths.map_partitions(_check_paths, _task(policy, lang, format, explain))


def _number_rows(frame: Any, first: int) -> Any:
    frame = frame.copy()
    frame[ROW] = range(first + 1, first + 1 + len(frame))
    return frame


def _check_rows(frame: Any, task: Task, source: str) -> list[tuple[int, Outcome]]:
    frame = frame.sort_values(ROW)
    names = [str(c) for c in frame.columns if c != ROW]
    clean = frame.astype(object).where(frame.notna(), None)
    rows = [(int(values[ROW]), {k: values[k] for k in names}) for values in clean.to_dict("records")]
    found = []
    for item in rows_to_forms(rows, names, source, lang=task.lang):
        first = item.source.rsplit(":", 1)[-1]
        found.append((int(first) if first.isdigit() else 0, task([item])[0]))
    return found


def check_rows(frame: Any, policy: Policy, *, lang: Lang = "zh", format: str = "jsonl", explain: bool = False,
               source: str = "rows") -> Any:
    """A Dask DataFrame of a flat export's rows (one row per indicator) checked, grouped into forms by project.

    The rows are numbered from 1 in the frame's order, then shuffled by project (its name, and its
    year and department when the frame has those columns), so that a project's rows meet in one
    partition wherever they were. Column names and values are read as `selfeval check --flat` reads
    them (docs/review.md); read CSV with `dtype=str` to keep every number exact (a float column is
    read through each value's shortest text).

    Returns:
        A bag of (first row, outcome), the form named `{source}:{first row}`; `in_order` and
        `write_report` put them back in the order of their first rows.
    """
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    lengths = frame.map_partitions(len).compute()
    firsts = [0]
    for length in lengths[:-1]:
        firsts.append(firsts[-1] + int(length))
    meta = frame._meta.assign(**{ROW: frame._meta.index.to_series().astype("int64")})
    numbered = dd.from_delayed([dask.delayed(_number_rows)(part, first) for part, first in zip(frame.to_delayed(), firsts)],
                               meta=meta)
    keys = [c for c in frame.columns if COLUMN_INDEX.get(column_key(str(c))) in KEY_FIELDS]
    if keys and numbered.npartitions > 1:
        numbered = numbered.shuffle(on=keys, shuffle_method="tasks")  # p2p needs Arrow-typed columns
    task = _task(policy, lang, format, explain)
    return db.from_delayed([dask.delayed(_check_rows)(part, task, source) for part in numbered.to_delayed()])


def in_order(outcomes: Any) -> Iterator[Outcome]:
    """The outcomes of `check_paths` or `check_rows`, in input order, computed a partition at a time.

    Paths keep their bag's order, partition after partition. The forms of rows come back from
    the shuffle in any partition: they are collected (facts and records, not scorecards) and
    ordered by first row.
    """
    rows: list[tuple[int, int, Outcome]] = []
    for number, partition in enumerate(outcomes.to_delayed()):
        for element in partition.compute():
            if isinstance(element, tuple):
                rows.append((element[0], number, element[1]))
            else:
                yield element
    rows.sort(key=lambda item: (item[0], item[1]))
    for _, _, outcome in rows:
        yield outcome


def write_report(outcomes: Any, output: str | Path, policy: Policy, *, lang: Lang = "zh", format: str = "jsonl",
                 explain: bool = False, force: bool = False) -> Summary:
    """Write the outcomes of `check_paths` or `check_rows` as a report file, atomically, in input order.

    The format must be the one the outcomes were checked for (their records are that format's).

    Returns:
        The run's summary.
    """
    report = FORMATS[format]
    tally = Tally()
    with AtomicFile(output, force=force) as sink:
        writer = report.writer(sink, Context(policy, Options(lang, explain)))
        for outcome in in_order(outcomes):
            if isinstance(outcome, BadFile):
                tally.add_bad(internal=outcome.internal)
                writer.bad(outcome)
            elif isinstance(outcome, Checked):
                tally.add(outcome.facts)
                writer.form(outcome.facts, outcome.record)
        writer.close(tally)
    return tally.summary()
