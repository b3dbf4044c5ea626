"""Seconds spent per ingest stage in this process, so a run can report where its time went.

Workers time their own stages (extract, OCR, language, tagging) and send the totals back with
each file's result; the index writer adds its own (SQLite, entities, sweep, Whoosh). Each stage
is counted twice: wall-clock seconds under its name and CPU seconds of this process under
``<name>_cpu``, which other programs competing for the cores do not inflate.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

_SECONDS: Counter[str] = Counter()


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Add the seconds the block takes to ``stage`` (blocks may nest: stages overlap then)."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        _SECONDS[stage] += time.perf_counter() - started
        _SECONDS[stage + "_cpu"] += time.process_time() - cpu


def add_cpu(stage: str, seconds: float) -> None:
    """Count CPU seconds spent for ``stage`` in a helper process (it is not in ours)."""
    _SECONDS[stage + "_cpu"] += seconds


def count(name: str, n: int) -> None:
    """Add ``n`` to a counter kept with the stages (tokens the NER read, say): it travels
    back from the workers and adds up the same way."""
    _SECONDS[name] += n


def snapshot() -> dict[str, float]:
    return dict(_SECONDS)


def since(before: dict[str, float]) -> dict[str, float]:
    """Seconds per stage spent after ``before`` was taken with :func:`snapshot`."""
    out = {}
    for stage, total in _SECONDS.items():
        spent = total - before.get(stage, 0.0)
        if spent > 0:
            out[stage] = spent
    return out


def add_from_copy(stages: dict[str, float]) -> None:
    """Add what a forked copy of this process spent beside it (:func:`since` in the copy): its
    CPU seconds and counters, not its wall-clock seconds, which overlap ours."""
    for name, value in stages.items():
        if name.endswith("_cpu") or f"{name}_cpu" not in stages:
            _SECONDS[name] += value
