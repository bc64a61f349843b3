"""Checking on a Dask cluster: `--scheduler local:N` (a LocalCluster of N worker processes started for
the run) or `--scheduler tcp://HOST:8786` (a running cluster). Needs the `[dask]` extra.

The run's chunks are submitted a window at a time and their results taken back in the order the
chunks were made (as `Processes` does), so the report is the same, byte for byte, as `--jobs 1`.
The task (the policy's source, the record function) is scattered to every worker once; each
worker compiles the policy once. Workers read form files by their paths: on a real cluster they
must see the same files (a shared folder); a flat export is read here and its forms sent as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ._pool import Task, in_order, run_chunk
from ._run import Item, Outcome

_LOCAL = re.compile(r"^local:([1-9][0-9]*)$")
_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://\S+$")


class CannotConnect(ConnectionError):
    """The Dask scheduler could not be reached."""

    def __init__(self, address: str, reason: object) -> None:
        super().__init__(f"{address}: {reason}")
        self.address, self.reason = address, reason


def parse_scheduler(spec: str) -> tuple[str, Any]:
    """("local", N) for `local:N`, ("address", spec) for a scheduler's address.

    >>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
    (('local', 2), ('address', 'tcp://10.0.0.5:8786'))

    Raises:
        ValueError: for anything else.
    """
    local = _LOCAL.match(spec)
    if local:
        return "local", int(local.group(1))
    if _ADDRESS.match(spec):
        return "address", spec
    raise ValueError(spec)


class DaskExecutor:
    """Chunks checked on a Dask cluster, results in input order."""

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self.client, self.cluster = client, cluster
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, task: Task, chunks: Iterable[list[Item]]) -> Iterator[list[Outcome]]:
        shared = self.client.scatter(task, broadcast=True, hash=False)

        def submit(chunk: list[Item]) -> Any:
            return self.client.submit(run_chunk, shared, chunk, pure=False)

        return in_order(submit, chunks, self.workers * 4, lambda future: future.result())

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(spec: str, *, timeout: float = 30) -> DaskExecutor:
    """A Dask executor for `--scheduler spec`, its LocalCluster started when spec is `local:N`.

    Raises:
        CannotConnect: when the scheduler cannot be reached or the cluster cannot start.
    """
    import logging

    from distributed import Client, LocalCluster

    kind, value = parse_scheduler(spec)
    try:
        if kind == "local":
            cluster = LocalCluster(n_workers=value, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            return DaskExecutor(Client(cluster), cluster)
        return DaskExecutor(Client(value, timeout=timeout))
    except (OSError, TimeoutError) as error:
        raise CannotConnect(spec, error) from None
