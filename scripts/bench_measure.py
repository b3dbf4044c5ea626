"""Measuring helpers for the benchmark: memory sampling, percentiles, query sets, sizes."""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from pathlib import Path

import psutil

MB = 1024 * 1024


class MemorySampler:
    """Samples the resident memory of this process and all its descendants in a thread.

    ``peak_total`` is the largest sum over processes seen at one instant (what the machine had
    to hold); ``peaks`` the largest value per process, keyed by role and pid.
    """

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_total = 0
        self.peaks: dict[tuple[str, int], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._me = psutil.Process(os.getpid())

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        total = 0
        procs = [self._me]
        with contextlib.suppress(psutil.Error):
            procs += self._me.children(recursive=True)
        for proc in procs:
            try:
                rss = proc.memory_info().rss
                role = "main" if proc.pid == self._me.pid else _role(proc)
            except psutil.Error:
                continue  # exited between listing and reading
            total += rss
            key = (role, proc.pid)
            self.peaks[key] = max(self.peaks.get(key, 0), rss)
        self.peak_total = max(self.peak_total, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def by_role(self) -> dict[str, float]:
        """Largest resident memory (MB) of any one process of each role."""
        out: dict[str, float] = {}
        for (role, _), rss in self.peaks.items():
            out[role] = max(out.get(role, 0.0), rss / MB)
        return out


def _role(proc: psutil.Process) -> str:
    cmd = " ".join(proc.cmdline())
    if "bench_baseline" in cmd:
        return "baseline"
    if "resource_tracker" in cmd:
        return "resource_tracker"
    if "ingest.workers" in cmd or "spawn_main" in cmd:
        return "worker"
    return "other"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (the value at or above ``pct`` percent of the samples)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def queries(info, per_kind: int, seed: int = 11) -> dict[str, list[str]]:
    """Queries of each kind the issue names, drawn from the corpus's own words and entities."""
    rng = random.Random(seed)
    vocab = [w for w in info.vocabulary if w.isalpha()]
    words = rng.sample(vocab, min(len(vocab), per_kind * 3))
    terms = words[:per_kind]
    pairs = [f"{a} AND {b}" for a, b in zip(words[per_kind:], words[2 * per_kind :], strict=False)]
    distinct = sorted(set(info.phrases))
    phrases = [f'"{p}"' for p in rng.sample(distinct, min(len(distinct), per_kind))]
    agencies = []
    for i in range(per_kind):
        agency = info.agencies[i % len(info.agencies)]
        agencies.append(f'agency:"{agency}"' + (f" {terms[i]}" if i % 2 else ""))
    bounds = [(5_000, 50_000), (50_000, 500_000), ("100K", "1M"), ("1M", "5M"), ("2.5M", "9.9M")]
    amounts = []
    for i in range(per_kind):
        lo, hi = bounds[i % len(bounds)]
        amounts.append(f"amount:[{lo} TO {hi}]" + (f" {terms[i]}" if i % 2 else ""))
    return {"term": terms, "and": pairs, "phrase": phrases, "agency": agencies, "amount": amounts}


def time_queries(data_dir: Path, sets: dict[str, list[str]], warmup: int = 3) -> dict[str, dict]:
    """Run every query once through :func:`index.search.search` (10 hits with excerpts) and
    return per kind: latencies in ms, p50, p95, and how many queries found nothing."""
    from index.search import search

    for q in [qs[0] for qs in sets.values()][:warmup]:
        search(data_dir, q, limit=10)
    out = {}
    for kind, qs in sets.items():
        times, cpu, empty, excerpts = [], [], 0, 0
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            result = search(data_dir, q, limit=10)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            empty += result.total == 0
            excerpts += sum(1 for h in result.hits if h.excerpt)
        out[kind] = {
            "queries": len(qs),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            # CPU milliseconds: what the search itself needed when other programs slow it
            "cpu_p95_ms": percentile(cpu, 95),
            "no_hits": empty,
            "excerpts": excerpts,
        }
    return out


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
