"""Small and incremental ingests for the benchmark: how a run's time splits into start-up, the
per-file phase and the corpus-wide phase, and what adding 1 or 10 files to a corpus costs."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench_corpus import CorpusSpec, ensure_corpus

SMALL_PAGES = 300
# The files added to a corpus come from a corpus of another seed: new documents naming some
# of the same invented people and agencies, as a researcher's next batch does.
ADD_SEED_OFFSET = 1000


@dataclass
class Phases:
    """One ingest run, timed from the call to the return."""

    pages: int
    total_s: float
    startup_s: float  # until the first file's result arrived
    per_file_s: float  # first file submitted to last file's result (the report's extract_tag)
    corpus_s: float  # after the last file: entity refresh, sweep, index commit

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.total_s if self.total_s else 0.0

    @property
    def per_file_pages_per_s(self) -> float:
        return self.pages / self.per_file_s if self.per_file_s else 0.0

    def as_dict(self) -> dict:
        return {
            "pages": self.pages,
            "total_s": round(self.total_s, 2),
            "startup_s": round(self.startup_s, 2),
            "per_file_s": round(self.per_file_s, 2),
            "corpus_s": round(self.corpus_s, 2),
            "pages_per_s": round(self.pages_per_s, 1),
            "per_file_pages_per_s": round(self.per_file_pages_per_s, 1),
        }


def timed_ingest(paths: list[Path], data_dir: Path, workers: int) -> tuple[object, Phases]:
    from index.build import IngestOptions, ingest

    seen: list[float] = []
    t0 = time.perf_counter()
    report = ingest(
        paths,
        data_dir,
        IngestOptions(workers=workers),
        on_file=lambda *_: seen.append(time.perf_counter()),
    )
    end = time.perf_counter()
    total = end - t0
    if not seen:
        return report, Phases(report.pages, total, total, 0.0, total)
    phases = Phases(
        pages=report.pages,
        total_s=total,
        startup_s=seen[0] - t0,
        per_file_s=report.stages.get("extract_tag", 0.0),
        corpus_s=end - seen[-1],
    )
    return report, phases


def small_run(cache: Path, seed: int, workers: int, pages: int = SMALL_PAGES) -> Phases:
    """A fresh corpus of ``pages`` pages ingested into an empty data folder."""
    info, _ = ensure_corpus(CorpusSpec(pages, 0.0, min(20, pages), seed), cache)
    data_dir = cache / f"data-small-{seed}"
    shutil.rmtree(data_dir, ignore_errors=True)
    _, phases = timed_ingest([Path(info.folder)], data_dir, workers)
    shutil.rmtree(data_dir, ignore_errors=True)
    return phases


def add_files(
    corpus_folder: Path,
    data_dir: Path,
    cache: Path,
    seed: int,
    workers: int,
    pages: int = SMALL_PAGES,
) -> dict[str, Phases]:
    """Add 1 file, then 10 more, to an ingested corpus (the data folder keeps them); the files
    come from a corpus of ``pages`` pages of another seed."""
    spec = CorpusSpec(pages, 0.0, min(20, pages), seed + ADD_SEED_OFFSET)
    extra_info, _ = ensure_corpus(spec, cache)
    extra = sorted(Path(extra_info.folder).glob("*.pdf"))
    folder = data_dir.parent / f"{data_dir.name}-added"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    # The same first file is also added to a copy of the corpus as it is now, by a watcher:
    # the two figures differ only in the readers being loaded.
    twin = data_dir.parent / f"{data_dir.name}-watched"
    twin_folder = data_dir.parent / f"{data_dir.name}-watched-added"
    for path in (twin, twin_folder):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(data_dir, twin)
    twin_folder.mkdir()
    out = {}
    for label, files in (("one", extra[:1]), ("ten", extra[1:11])):
        for f in files:
            shutil.copy(f, folder / f"added-{f.name}")
        _, out[label] = timed_ingest([corpus_folder, folder], data_dir, workers)
    out["watched"] = watched_add(corpus_folder, twin_folder, twin, workers, extra[0])
    for path in (twin, twin_folder):
        shutil.rmtree(path, ignore_errors=True)
    return out


@dataclass
class Watched:
    """One file copied into a folder that ``evidence ingest --watch`` keeps up to date."""

    pages: int
    total_s: float  # from the copy to the end of the run that read it
    run_s: float  # that run alone: reading it with loaded readers, the corpus-wide phase
    settle_s: float

    def as_dict(self) -> dict:
        return {
            "pages": self.pages,
            "total_s": round(self.total_s, 2),
            "run_s": round(self.run_s, 2),
            "settle_s": self.settle_s,
        }


def watched_add(
    corpus_folder: Path, folder: Path, data_dir: Path, workers: int, new_file: Path
) -> Watched:
    """Start a watcher on the corpus, let its readers load as a watcher waiting for files has,
    copy ``new_file`` into ``folder``, and time until the run that read it is over."""
    import threading

    from index.build import IngestOptions
    from index.watch import watch
    from ingest import settings

    settle = float(settings.get("watch_settle"))
    runs: list[tuple[float, object]] = []
    done = threading.Condition()
    stop = threading.Event()

    def on_run(report) -> None:
        with done:
            runs.append((time.perf_counter(), report))
            done.notify_all()

    thread = threading.Thread(
        target=watch,
        args=([corpus_folder, folder], data_dir, IngestOptions(workers=workers)),
        kwargs={"on_run": on_run, "settle": settle, "stop": stop},
    )
    thread.start()
    try:
        with done:
            done.wait_for(lambda: runs, 600)
        time.sleep(5)  # the readers load in the background meanwhile
        copied = time.perf_counter()
        shutil.copy(new_file, folder / f"added-{new_file.name}")
        with done:
            done.wait_for(lambda: len(runs) > 1 and runs[-1][1].new, 600)
        ended, report = runs[-1]
    finally:
        stop.set()
        thread.join()
    return Watched(report.pages, ended - copied, report.seconds, settle)
