"""Run the per-file ingest task on a Dask distributed cluster, for corpora that outgrow one
machine. Workers need evidence installed and read the files at the same paths (a shared
filesystem); the one index writer stays here.

On each Dask worker thread the file is read in a reader process of its own (the same sandbox as a
local run, :mod:`ingest.workers`), so a hostile file gets the same time and memory limits and
cannot take the Dask worker down with it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

from ingest.pipeline import process_file
from ingest.workers import Reader

_local = threading.local()
CONNECT_TIMEOUT = "30s"


def read_on_worker(args: tuple, timeout: float, memory_mb: int) -> tuple[Any, str | None]:
    """The Dask task: ``process_file(*args)`` in this worker thread's reader process, started
    on first use and replaced after a file killed it or ran out of time."""
    reader = getattr(_local, "reader", None)
    if reader is None or not reader.alive or reader.memory_mb != memory_mb:
        if reader is not None:
            reader.kill()
        reader = _local.reader = Reader(process_file, memory_mb)
    outcome = reader.run(0, args, timeout)
    return outcome.result, outcome.error


def run_on_cluster(
    address: Any,
    tasks: list[tuple[Any, tuple]],
    timeout: float = 300.0,
    memory_mb: int = 2048,
) -> Iterator[tuple[Any, Any, str | None]]:
    """Submit ``process_file(*args)`` for each ``(key, args)``; yield ``(key, result, error)``
    as tasks finish. ``address`` is a scheduler address or a ``distributed.Client``. A file that
    fails, times out or takes its worker down becomes an error; the run goes on."""
    try:
        from distributed import Client, as_completed
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise RuntimeError(
            "--scheduler needs dask[distributed]: pip install 'dask[distributed]'"
        ) from err
    own_client = isinstance(address, str)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT) if own_client else address
    except OSError as err:
        raise RuntimeError(f"cannot reach the Dask scheduler at {address}: {err}") from err
    run = uuid.uuid4().hex[:12]
    try:
        futures = {
            client.submit(
                read_on_worker, args, timeout, memory_mb, key=f"evidence-{run}-{key}", pure=False
            ): key
            for key, args in tasks
        }
        for future in as_completed(futures):
            key = futures.pop(future)
            try:
                result, error = future.result()
            except Exception as err:  # the Dask worker itself died, or the task could not run
                result, error = None, _cluster_error(err)
            future.release()
            yield key, result, error
    finally:
        if own_client:
            client.close()


def _cluster_error(err: Exception) -> str:
    if type(err).__name__ == "KilledWorker":
        return "the cluster worker reading it died; possibly too large or malformed"
    return f"failed on the cluster ({type(err).__name__}: {str(err)[:200]})"
