"""A process pool where each file gets a time limit and each worker a memory limit.

``concurrent.futures`` cannot stop one task that hangs, and a decompression bomb must not take
the whole run down; so each worker is a process we can kill and replace, and a file that kills
its worker becomes a recorded failure while the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any


@dataclass
class TaskOutcome:
    key: Any
    result: Any = None
    error: str | None = None  # set when the worker died or ran out of time


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform; the time limit still applies


def _worker(conn: Connection, func: Callable, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        key, args = item
        try:
            conn.send((key, func(*args), None))
        except MemoryError:
            conn.send((key, None, "too large: ran out of memory while reading it"))
        except Exception as err:  # the task's own bug or a hostile file
            conn.send((key, None, f"{type(err).__name__}: {str(err)[:300]}"))


class _Slot:
    def __init__(self, ctx, func: Callable, memory_mb: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, func, memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.key = None
        self.deadline = 0.0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def run_tasks(
    func: Callable,
    tasks: Iterable[tuple[Any, tuple]],
    workers: int,
    timeout: float,
    memory_mb: int,
) -> Iterator[TaskOutcome]:
    """Run ``func(*args)`` for each ``(key, args)`` in worker processes, yielding outcomes as
    they finish. A task over ``timeout`` seconds, or whose worker dies, yields an error."""
    ctx = mp.get_context("spawn")
    pending = list(tasks)
    pending.reverse()
    slots = [_Slot(ctx, func, memory_mb) for _ in range(max(1, min(workers, len(pending))))]
    try:
        busy: list[_Slot] = []
        idle = list(slots)
        while pending or busy:
            while idle and pending:
                slot = idle.pop()
                slot.key, args = pending.pop()
                slot.deadline = time.monotonic() + timeout
                slot.conn.send((slot.key, args))
                busy.append(slot)
            wait_for = max(0.05, min(s.deadline for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy], timeout=wait_for)
            for slot in list(busy):
                if slot.conn in ready:
                    try:
                        key, result, error = slot.conn.recv()
                    except (EOFError, OSError):
                        code = slot.proc.exitcode
                        yield TaskOutcome(slot.key, error=_death_reason(code))
                        busy.remove(slot)
                        slots.remove(slot)
                        slot.kill()
                        fresh = _Slot(ctx, func, memory_mb)
                        slots.append(fresh)
                        idle.append(fresh)
                        continue
                    busy.remove(slot)
                    idle.append(slot)
                    yield TaskOutcome(key, result, error)
                elif time.monotonic() > slot.deadline:
                    yield TaskOutcome(slot.key, error=f"timed out: took over {timeout:g} s")
                    busy.remove(slot)
                    slots.remove(slot)
                    slot.kill()
                    fresh = _Slot(ctx, func, memory_mb)
                    slots.append(fresh)
                    idle.append(fresh)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in slots:
            slot.proc.join(2)
            if slot.proc.is_alive():
                slot.kill()


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"the reader crashed (signal {-exitcode}); possibly too large or malformed"
    return "the reader crashed; possibly too large or malformed"
