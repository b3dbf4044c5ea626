"""Run one ingest that stops dead at a chosen point, for the kill -9 tests in test_robust.py.

    python tests/robust_crash_driver.py POINT DATA PATH... [--prune]

The run goes on normally until it reaches POINT; there it prints ``CRASHPOINT POINT`` and
sleeps, and the test kills it with SIGKILL, so the process dies exactly there with whatever
files, locks and half-written state it has at that moment. Points:

extract       after the first file came back from a reader, with others still being read
store         inside a file's SQLite transaction, after its rows were inserted
whoosh-toc    inside a Whoosh commit: segment files written, table of contents not yet
after-whoosh  after a Whoosh commit, before SQLite marks those pages as indexed
orphans       after old documents were dropped from Whoosh, before they leave SQLite
entities      inside the entity refresh transaction
none          no crash (a normal run)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import build, engine, entity_sweep  # noqa: E402

POINTS = ("extract", "store", "whoosh-toc", "after-whoosh", "orphans", "entities", "none")
# Pages go to Whoosh as soon as they are stored, as in the middle of a run on a big corpus.
BATCH = 1


def stop_here(point: str) -> None:
    print(f"CRASHPOINT {point}", flush=True)
    time.sleep(600)
    sys.exit(3)  # never reached when the test kills us


def after(func, point: str, on_call: int = 1):
    """``func`` that stops the process after its ``on_call``-th call returns."""
    calls = 0

    def wrapped(*args, **kwargs):
        nonlocal calls
        result = func(*args, **kwargs)
        calls += 1
        if calls == on_call:
            stop_here(point)
        return result

    return wrapped


def install(point: str) -> None:
    build.WHOOSH_BATCH = BATCH
    if point == "store":
        build._insert_document = after(build._insert_document, point, on_call=2)
    elif point == "whoosh-toc":
        from whoosh.writing import SegmentWriter

        real = SegmentWriter._commit_toc

        def commit_toc(self, segments):
            if self._added:
                stop_here(point)
            return real(self, segments)

        SegmentWriter._commit_toc = commit_toc
    elif point == "after-whoosh":
        engine.write_pages = after(engine.write_pages, point, on_call=2)
    elif point == "orphans":
        engine.delete_documents = after(engine.delete_documents, point)
    elif point == "entities":
        entity_sweep.sweep_pages = after(entity_sweep.sweep_pages, point)


def main(argv: list[str]) -> None:
    point, data = argv[0], Path(argv[1])
    prune = "--prune" in argv
    paths = [Path(p) for p in argv[2:] if p != "--prune"]
    if point not in POINTS:
        raise SystemExit(f"unknown point {point}; one of {', '.join(POINTS)}")
    install(point)

    def on_file(progress, relpath, error):
        if point == "extract" and progress.files_done == 1:
            stop_here(point)

    options = build.options_from_settings(workers=2, prune=prune, timeout=120)
    report = build.ingest(paths, data, options, on_file=on_file)
    print(f"DONE files={report.files} new={report.new} failures={len(report.failures)}")


if __name__ == "__main__":
    main(sys.argv[1:])
