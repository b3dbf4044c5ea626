"""Run the per-file ingest task on a Dask distributed cluster, for corpora that outgrow one
machine. Workers need evidence installed and read the files at the same paths (a shared
filesystem); the one index writer stays here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingest.pipeline import process_file


def run_on_cluster(
    address: str, tasks: list[tuple[Any, tuple]]
) -> Iterator[tuple[Any, Any, str | None]]:
    """Submit ``process_file(*args)`` for each ``(key, args)``; yield ``(key, result, error)``
    as tasks finish. A task that raises becomes an error; the run goes on."""
    try:
        from distributed import Client, as_completed
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise RuntimeError(
            "--scheduler needs dask[distributed]: pip install 'dask[distributed]'"
        ) from err
    client = address if not isinstance(address, str) else Client(address, timeout="30s")
    own_client = isinstance(address, str)
    try:
        futures = {}
        for key, args in tasks:
            future = client.submit(
                process_file, *args, key=f"evidence-{key}-{id(args)}", pure=False
            )
            futures[future] = key
        for future in as_completed(futures):
            key = futures[future]
            try:
                yield key, future.result(), None
            except Exception as err:  # a worker died or the task raised
                yield key, None, f"failed on the cluster ({type(err).__name__}: {str(err)[:200]})"
    finally:
        if own_client:
            client.close()
