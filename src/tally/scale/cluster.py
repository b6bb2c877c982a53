"""The Dask side: connecting to a scheduler, or starting a `LocalCluster`.

Dask is an extra (`pip install 'tally[scale]'`): it is imported here, lazily, and only
when a run asks for a cluster, so `tally run` without `--dask` works without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tally.errors import ConfigError, MissingExtraError

#: Worker deaths a task may be part of before Dask gives up on it with `KilledWorker`: one
#: death is retried (a worker lost to the machine, not to the task), a second marks the task
#: as a suspect. Applied to the scheduler that `local:N` starts; a remote scheduler keeps its
#: own `distributed.scheduler.allowed-failures` (Dask's default is 3).
ALLOWED_FAILURES = 1
#: Seconds to wait for a remote scheduler before reporting it unreachable.
CONNECT_TIMEOUT_S = 30


def distributed() -> Any:
    """The `distributed` module, or a message naming the extra to install."""
    try:
        import distributed as module
    except ImportError as exc:
        raise MissingExtraError("dask[distributed]", "scale") from exc
    return module


def local_workers(address: str) -> int | None:
    """N for `local:N`, None for a scheduler address; a malformed `local:` is a ConfigError."""
    if not address.startswith("local:"):
        return None
    count = address[len("local:"):]
    if not count.isdigit() or int(count) < 1:
        raise ConfigError(f"--dask {address}: expected local:N with N a number of workers (1 or more)")
    return int(count)


@contextmanager
def start_local(workers: int) -> Iterator[Any]:
    """A `LocalCluster` of `workers` single-threaded worker processes, closed on exit."""
    import dask

    module = distributed()
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        cluster = module.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            # No dashboard; its HTTP server (health, metrics) on any free port, not on 8787.
            scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR,
        )
    try:
        yield cluster
    finally:
        cluster.close()


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A Dask client on `address` (`tcp://host:8786`) or on a new `local:N` cluster."""
    module = distributed()
    workers = local_workers(address)
    if workers is not None:
        with start_local(workers) as cluster, module.Client(cluster) as client:
            yield client
        return
    try:
        client = module.Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"--dask {address}: cannot reach the Dask scheduler: {exc}") from exc
    with client:
        yield client


def killed_worker() -> type[BaseException]:
    """Dask's exception for a task that took workers down with it too often."""
    return distributed().KilledWorker
