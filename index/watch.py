"""Keep a data folder up to date with folders that keep changing (``evidence ingest --watch``).

A release grows while a researcher works on it. Instead of a new ingest after each batch, the
watcher runs one whenever files under the folders changed and then stayed unchanged for a
moment, with its readers kept loaded from run to run: starting a reader (Python, spaCy and its
model, the language identifier) was most of the time of adding one file to a corpus.

What changed is decided by the ingest itself (sizes, times, hashes), not by the events, so a
missed or doubled event costs at most one run that finds nothing new.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from index.store import Store, now

if TYPE_CHECKING:  # the watcher's own imports are in watch(): status reads this module
    from index.build import IngestOptions, Progress, RunReport

WATCH_KEY = "watching"
# Events that can mean new content. Opening and reading a file is not one: the ingest's own
# readers open every file they read, which would start the next run and the one after.
_CHANGES = {"created", "modified", "moved", "deleted", "closed"}


@dataclass
class Watching:
    """A watcher at work on a data folder, as ``evidence status`` and the app show it."""

    pid: int
    since: float
    paths: list[str]
    runs: int = 0
    last_run: float | None = None


# How long to wait once every file written has been closed (Linux reports closes): a copy of
# several files closes one and opens the next well within this.
CLOSED_SETTLE = 0.1


class _Changes(FileSystemEventHandler):
    """The time of the last change under the watched folders, outside the data folder, and
    the files written to and not closed since (which get the whole settle time)."""

    def __init__(self, ignore: Path, files: set[str] | None):
        self._ignore = str(ignore)
        self._files = files  # when only single files are watched (through their folders)
        self.last = 0.0
        self.seen = threading.Event()
        self._lock = threading.Lock()
        self._open: set[str] = set()

    def all_closed(self) -> bool:
        with self._lock:
            return not self._open

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            # A folder's own change is an entry made or removed in it, which has its event;
            # without this, making the data folder inside a watched one started a run.
            return
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if not any(self._counts(p) for p in paths):
            return
        with self._lock:
            if not event.is_directory:
                if event.event_type in ("created", "modified"):
                    # Closed later if this system reports closes; until then maybe half-written.
                    self._open.add(paths[0])
                else:  # closed, moved (a download's final rename), deleted
                    self._open.difference_update(paths)
            self.last = time.monotonic()
        self.seen.set()

    def _counts(self, path: str) -> bool:
        if path == self._ignore or path.startswith(self._ignore + os.sep):
            return False
        return self._files is None or path in self._files or os.path.dirname(path) in self._files


def watch(
    paths: list[Path],
    data_dir: Path,
    options: IngestOptions | None = None,
    on_run: Callable[[RunReport], None] | None = None,
    on_file: Callable[[Progress, str, str | None], None] | None = None,
    settle: float = 0.5,
    stop: threading.Event | None = None,
) -> int:
    """Ingest ``paths`` now, then again each time files under them changed and stayed
    unchanged for ``settle`` seconds, until ``stop`` is set or the process is interrupted.
    ``on_run`` gets each run's report. Returns the number of runs.

    The readers stay loaded between runs (one per worker, started after the first run), so
    the watcher holds their memory while it waits."""
    from watchdog.observers import Observer

    from index.build import IngestOptions, ingest, prefetch_imports, worker_count
    from index.engine import start_writers
    from ingest.pipeline import process_file, warm_up
    from ingest.workers import ReaderPool

    options = options or IngestOptions()
    paths = [Path(p).resolve() for p in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(str(path))
    data_dir = Path(data_dir).resolve()
    stop = stop or threading.Event()
    changes = _Changes(data_dir, _single_files(paths))
    observer = Observer()
    for path in paths:
        target, recursive = (path, True) if path.is_dir() else (path.parent, False)
        observer.schedule(changes, str(target), recursive=recursive)
    observer.start()
    state = Watching(os.getpid(), now(), [str(p) for p in paths])
    # A first run that finds nothing new imports nothing for the end of a run; imported while
    # the watcher waits, they do not take a core from the next file's readers.
    prefetch_imports()
    try:
        with ReaderPool() as pool:
            while True:
                changes.seen.clear()
                report = ingest(paths, data_dir, options, on_file, readers=pool)
                state.runs += 1
                state.last_run = now()
                _record(data_dir, state)
                if on_run is not None:
                    on_run(report)
                if not options.scheduler:
                    workers = worker_count(options)
                    pool.start(process_file, options.memory_mb, warm_up, workers)
                    start_writers(pool, workers)
                if not _wait_for_quiet(changes, settle, stop):
                    return state.runs
    finally:
        observer.stop()
        observer.join()
        _record(data_dir, None)


def _single_files(paths: list[Path]) -> set[str] | None:
    """Files watched through their folder (a folder given watches everything under it)."""
    if any(p.is_dir() for p in paths):
        return None
    return {str(p) for p in paths}


def _wait_for_quiet(changes: _Changes, settle: float, stop: threading.Event) -> bool:
    """Wait for a change, then until nothing changed for ``settle`` seconds, or for a tenth of a
    second once every file written to has been closed. False: stopped."""
    while not changes.seen.wait(timeout=0.2):
        if stop.is_set():
            return False
    while True:
        wait = min(settle, CLOSED_SETTLE) if changes.all_closed() else settle
        quiet_for = time.monotonic() - changes.last
        if quiet_for >= wait:
            return not stop.is_set()
        if stop.wait(min(wait - quiet_for, CLOSED_SETTLE)):
            return False


def _record(data_dir: Path, state: Watching | None) -> None:
    with Store(data_dir) as store:
        if state is None:
            store.db.execute("DELETE FROM meta WHERE key = ?", (WATCH_KEY,))
            store.db.commit()
        else:
            store.set_meta(WATCH_KEY, json.dumps(state.__dict__))


def watching(store: Store) -> Watching | None:
    """The watcher keeping this data folder up to date, if one is running."""
    value = store.get_meta(WATCH_KEY)
    if not value:
        return None
    try:
        state = Watching(**json.loads(value))
    except (TypeError, ValueError):
        return None
    return state if _alive(state.pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
