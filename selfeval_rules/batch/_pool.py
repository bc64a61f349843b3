"""Checking on every core: the work of a run cut into chunks, done elsewhere, handed back in order.

A Policy holds compiled closures and cannot be pickled, so a worker is sent the policy's *source*
(its merged document, `PolicySource`) and compiles it once (`Task.policy`, cached per process by
the source's digest). What comes back is small: per form, its `FormFacts` and the record the
report's format asked for (`Task.record`, a picklable function such as a `functools.partial` of a
module-level one). Chunks are submitted a window at a time and their results yielded in the order
the chunks were made, so output is the same, byte for byte, whatever the number of workers.

An executor is anything with `map(task, chunks) → iterator of results, in order` (`InProcess`,
`Processes`, and `selfeval_rules.dask.DaskExecutor`).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

import attrs

from ..messages import Lang
from ..policy import Policy
from ._run import Item, Outcome, Record, outcome


@attrs.frozen
class PolicySource:
    """What a worker needs to compile the policy itself: its merged document, and a digest naming it."""

    document: Mapping[str, Any] = attrs.field(repr=False)
    name: str
    digest: str

    @classmethod
    def of(cls, policy: Policy) -> PolicySource:
        """The source of a loaded policy (its `extends` already merged in)."""
        document = {k: v for k, v in policy.document.items() if k != "extends"}
        digest = hashlib.sha256(pickle.dumps(document, protocol=4)).hexdigest()
        return cls(document, policy.name, digest)

    def compile(self) -> Policy:
        from ..io import load_policy

        return load_policy(self.document)


# One compiled policy per source per process: a worker compiles each policy it is sent once.
_COMPILED: dict[str, Policy] = {}


@attrs.frozen
class Task:
    """What every chunk of a run is checked with: the policy (as its source), the language, the record.

    A Task made in the process that loaded the policy keeps that policy and never compiles it;
    unpickled elsewhere, it compiles the source once per process.
    """

    source: PolicySource
    record: Record = attrs.field(repr=False)
    lang: Lang = "zh"
    loaded: Policy | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def make(cls, policy: Policy, record: Record, *, lang: Lang = "zh") -> Task:
        return cls(PolicySource.of(policy), record, lang, policy)

    def __reduce__(self) -> tuple[Any, ...]:
        return Task, (self.source, self.record, self.lang)

    def policy(self) -> Policy:
        if self.loaded is not None:
            return self.loaded
        found = _COMPILED.get(self.source.digest)
        if found is None:
            found = _COMPILED[self.source.digest] = self.source.compile()
        return found

    def __call__(self, chunk: list[Item]) -> list[Outcome]:
        policy = self.policy()
        return [result for item in chunk for result in outcome(item, policy, self.record, lang=self.lang)]


def run_chunk(task: Task, chunk: list[Item]) -> list[Outcome]:
    """A chunk checked by a worker (a module-level function, so executors can send it by name)."""
    return task(chunk)


class Executor(Protocol):
    """Runs a task over chunks, somewhere, and yields each chunk's outcomes in the chunks' order."""

    def map(self, task: Task, chunks: Iterable[list[Item]]) -> Iterator[list[Outcome]]: ...

    def close(self) -> None: ...


class InProcess:
    """Every chunk checked here, one after the other (`--jobs 1`)."""

    workers = 1

    def map(self, task: Task, chunks: Iterable[list[Item]]) -> Iterator[list[Outcome]]:
        for chunk in chunks:
            yield task(chunk)

    def close(self) -> None:
        pass


def in_order(submit: Callable[[list[Item]], Any], chunks: Iterable[list[Item]], window: int,
             result: Callable[[Any], list[Outcome]]) -> Iterator[list[Outcome]]:
    """Submit chunks a window at a time and yield their results in the order submitted.

    At most `window` chunks are in flight or waiting, so a slow writer never lets results pile up.
    """
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class Processes:
    """Chunks checked by a pool of worker processes (`--jobs N`).

    Workers are started with `forkserver` where there is one (spawn elsewhere): never a fork of a
    process that may run a progress thread or a Dask client.
    """

    def __init__(self, workers: int) -> None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["selfeval_rules.batch._warm"])
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)

    def map(self, task: Task, chunks: Iterable[list[Item]]) -> Iterator[list[Outcome]]:
        def submit(chunk: list[Item]) -> Future[list[Outcome]]:
            return self._pool.submit(run_chunk, task, chunk)

        return in_order(submit, chunks, self.workers * 4, lambda future: future.result())

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Ctrl-C is the main process's to handle (it stops the pool): a worker must not print a traceback for it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """`items` in lists of `size` (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def run(items: Iterable[Item], task: Task, executor: Executor | None = None, *, chunk_size: int = 16) -> Iterator[Outcome]:
    """Every item checked, by `executor` (in this process when None), and handed back in input order."""
    executor = executor or InProcess()
    if isinstance(executor, InProcess):
        chunk_size = 1  # nothing to gain from batching here, and the output streams form by form
    for results in executor.map(task, chunks(items, chunk_size)):
        yield from results
