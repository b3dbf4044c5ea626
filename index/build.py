"""Ingest a corpus: walk files, extract and tag them in worker processes, write SQLite rows, merge
entities corpus-wide, then bring Whoosh up to date.

Crash safety: each file's rows go into SQLite in one transaction with its pages marked
``indexed = 0``; Whoosh is brought up to date from those marks at the end of every run and after
every ``WHOOSH_BATCH`` pages. Killing a run at any point loses at most the files in flight; the
next run finishes the rest without duplicates (page ids are unique in Whoosh).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from index import engine
from index.store import Store, now
from ingest import settings, timing
from ingest.extractors import ExtractOptions
from ingest.pipeline import FileResult, process_file, warm_up
from ingest.walk import FoundFile, sha256_file, walk
from ingest.workers import ReaderPool, run_tasks, start_background

# Pages stored before Whoosh is written mid-run. The entity refresh at the end of a run changes
# the entity fields of most pages (9 in 10 in the benchmark corpus: names merge corpus-wide,
# the sweep adds mentions), and those pages are then written again; so mid-run writes are for
# very large runs only, where they keep earlier pages searchable while the rest is read.
WHOOSH_BATCH = 25_000


@dataclass
class Progress:
    """What the progress bar shows; ``on_file`` is called after each file."""

    files_total: int = 0
    files_done: int = 0
    pages_done: int = 0
    failures: int = 0
    started: float = field(default_factory=time.monotonic)


@dataclass
class RunReport:
    files: int = 0
    new: int = 0
    skipped: int = 0
    duplicates: int = 0
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    pruned: int = 0
    removed_docs: int = 0
    indexed_pages: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestOptions:
    extract: ExtractOptions = ExtractOptions()
    workers: int = 0
    timeout: float = 300.0
    memory_mb: int = 2048
    max_file_mb: int = 512
    prune: bool = False
    tag: bool = True
    scheduler: str | None = None  # a Dask scheduler address


def ingest(
    paths: list[Path],
    data_dir: Path,
    options: IngestOptions = IngestOptions(),
    on_file: Callable[[Progress, str, str | None], None] | None = None,
    readers: ReaderPool | None = None,
) -> RunReport:
    """Bring the data folder up to date with the files under ``paths``: read new and changed
    files, refresh entities corpus-wide, write Whoosh. ``readers``: a pool whose readers are
    used and kept for the next run (see :func:`index.watch.watch`)."""
    started = time.monotonic()
    main_before = timing.snapshot()
    report = RunReport()
    data_dir = Path(data_dir).resolve()
    store = Store(data_dir)
    writers = _Writers(options, readers)
    try:
        reconcile(store)
        run_id = store.db.execute(
            "INSERT INTO runs(started, roots) VALUES (?, ?)",
            (now(), json.dumps([str(p) for p in paths])),
        ).lastrowid
        store.db.commit()
        found = list(walk(paths, skip={data_dir}))
        report.files = len(found)
        todo, copies = _triage(store, found, options, report)
        if todo:
            from index.entities import mark_dirty

            prefetch_imports()

            # Pages may reach Whoosh in a mid-run batch; if the run dies before the entity
            # refresh, the next run must still refresh even when it finds nothing new.
            mark_dirty(store)
        progress = Progress(files_total=len(todo))
        t0 = time.monotonic()
        writers.start_when(bool(todo) and len(todo) < worker_count(options))
        for entry, result, error in _extract_all(todo, options, readers):
            item = entry[0]
            if result is not None:
                _add_stages(report.stages, result.stages)
            if error is None and result.error is None:
                with timing.timed("store"):
                    _store_result(store, entry, result)
                report.new += 1
                pages = len(result.extracted.pages) if result.extracted else 0
                report.pages += pages
                progress.pages_done += pages
            else:
                reason = error or result.error
                _record_failure(store, item, reason)
                report.failures.append((item.relpath, reason))
                progress.failures += 1
            if result is not None:
                for name, reason in _child_failures(result):
                    _record_child_failure(store, item, name, reason)
                    report.failures.append((f"{item.relpath} > {name}", reason))
            progress.files_done += 1
            writers.start_when(progress.pages_done >= engine.PARALLEL_MIN_PAGES)
            if on_file:
                on_file(progress, item.relpath, error or (result.error if result else None))
            if _unindexed(store) >= WHOOSH_BATCH:
                with timing.timed("index"):
                    report.indexed_pages += _write_index(store, data_dir)
        report.stages["extract_tag"] = time.monotonic() - t0
        _link_copies(store, copies, report)
        if options.prune:
            report.pruned = _prune(store, paths, found)
        report.removed_docs = _remove_orphans(store, data_dir)
        from index.entities import refresh
        from index.titles import demote_shared_titles

        demote_shared_titles(store)
        with timing.timed("entities"):
            refresh(store)
        with timing.timed("dedup"):
            from index.duplicates import update_groups

            update_groups(store)
        with timing.timed("index"):
            # The readers are done: the end-of-run write may use as many processes.
            procs = 1 if options.scheduler else worker_count(options)
            report.indexed_pages += _write_index(store, data_dir, procs, writers.pool)
        _add_stages(report.stages, timing.since(main_before))
        report.seconds = time.monotonic() - started
        store.db.execute(
            "UPDATE runs SET finished=?, files=?, skipped=?, pages=?, failures=?, seconds=? "
            "WHERE id=?",
            (
                now(),
                report.files,
                report.skipped,
                report.pages,
                len(report.failures),
                report.seconds,
                run_id,
            ),
        )
        store.db.commit()
    finally:
        writers.close()
        store.close()
    return report


class _Writers:
    """The processes that write the index at the end of a run, started while the readers
    work (Python and Whoosh loading took a tenth of a second or two of the run's end). From
    the watcher's pool when there is one; else the run's own, stopped at its end. Readers are
    not kept this way: they would hold their memory through the corpus-wide phase."""

    def __init__(self, options: IngestOptions, pool: ReaderPool | None):
        self._own = pool is None
        self.pool = ReaderPool() if pool is None else pool
        self._procs = 0 if options.scheduler else worker_count(options)
        self._started = False

    def start_when(self, ready: bool) -> None:
        if ready and not self._started and self._procs > 1:
            self._started = True
            engine.start_writers(self.pool, self._procs)

    def close(self) -> None:
        if self._own:
            # An index writer between tasks holds nothing to flush.
            self.pool.close(kill=True)


# What the end of a run imports (datasketch pulls in scipy: half a second). Imported in a
# thread while the readers work, the main process being idle then; on adding one file to a
# corpus this was a sixth of the run.
_END_OF_RUN_MODULES = ("index.entities", "index.titles", "index.duplicates", "datasketch")


def prefetch_imports() -> None:
    import importlib

    def load() -> None:
        for name in _END_OF_RUN_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the end of the run imports it again and reports it
                return

    start_background(load, "prefetch-imports")


def _add_stages(total: dict[str, float], stages: dict[str, float]) -> None:
    for stage, seconds in stages.items():
        total[stage] = total.get(stage, 0.0) + seconds


def _triage(store: Store, found: list[FoundFile], options: IngestOptions, report: RunReport):
    """Skip unchanged files, link identical copies to the document we have, and return the files
    to read plus the copies of files being read in this run (linked once those are in)."""
    todo = []
    queued: set[str] = set()
    copies: list[tuple[FoundFile, str]] = []
    max_bytes = options.max_file_mb * 1024 * 1024
    for item in found:
        key = str(item.path)
        row = store.path_row(key)
        if row is not None and row["size"] == item.size and row["mtime"] == item.mtime:
            report.skipped += 1
            continue
        if item.size > max_bytes:
            reason = f"too large: {item.size / 1048576:,.0f} MB (limit {options.max_file_mb} MB)"
            _record_failure(store, item, reason)
            report.failures.append((item.relpath, reason))
            continue
        try:
            digest = sha256_file(item.path)
        except OSError as err:
            _record_failure(store, item, f"cannot read the file: {err.strerror}")
            report.failures.append((item.relpath, f"cannot read the file: {err.strerror}"))
            continue
        known = store.document_by_sha(digest)
        if known is not None:
            with store.transaction() as db:
                _upsert_path(db, item, known["id"])
                db.execute("DELETE FROM failures WHERE path = ?", (key,))
            report.duplicates += 1
            continue
        if digest in queued:
            copies.append((item, digest))
            continue
        queued.add(digest)
        todo.append((item, digest))
    return todo, copies


def _link_copies(store: Store, copies: list[tuple[FoundFile, str]], report: RunReport) -> None:
    for item, digest in copies:
        known = store.document_by_sha(digest)
        if known is None:
            reason = "same content as a file that could not be read"
            _record_failure(store, item, reason)
            report.failures.append((item.relpath, reason))
            continue
        with store.transaction() as db:
            _upsert_path(db, item, known["id"])
            db.execute("DELETE FROM failures WHERE path = ?", (str(item.path),))
        report.duplicates += 1


def _extract_all(todo, options: IngestOptions, pool: ReaderPool | None = None):
    """Yield ``(item, FileResult | None, error | None)`` as files finish."""
    items = {i: entry for i, entry in enumerate(todo)}
    if not items:
        return
    if options.scheduler:
        from index.distributed import run_on_cluster

        for key, result, error in run_on_cluster(
            options.scheduler,
            [(i, (entry[0].path, options.extract, options.tag)) for i, entry in items.items()],
            options.timeout,
            options.memory_mb,
        ):
            yield items[key], result, error
        return
    workers = worker_count(options)
    # Fewer files than readers (one file added): each file may use the cores no file needs.
    extract = replace(options.extract, cores=max(1, workers // len(items)))
    tasks = [(i, (entry[0].path, extract, options.tag)) for i, entry in items.items()]
    for outcome in run_tasks(
        process_file, tasks, workers, options.timeout, options.memory_mb, warm_up, pool
    ):
        yield items[outcome.key], outcome.result, outcome.error


def worker_count(options: IngestOptions) -> int:
    """Reader processes a run uses: ``options.workers``, else one per CPU this process may use."""
    import os

    if options.workers:
        return options.workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _upsert_path(db, item: FoundFile, doc_id: str) -> None:
    db.execute(
        "INSERT INTO paths(path, root, relpath, doc_id, size, mtime, seen) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT(path) DO UPDATE SET root=excluded.root, relpath=excluded.relpath, "
        "doc_id=excluded.doc_id, size=excluded.size, mtime=excluded.mtime, seen=excluded.seen",
        (str(item.path), str(item.root), item.relpath, doc_id, item.size, item.mtime, now()),
    )


def _record_failure(store: Store, item: FoundFile, reason: str) -> None:
    _clear_child_failures(store.db, str(item.path))
    store.db.execute(
        "INSERT OR REPLACE INTO failures(path, root, relpath, size, mtime, reason, at) "
        "VALUES (?,?,?,?,?,?,?)",
        (str(item.path), str(item.root), item.relpath, item.size, item.mtime, reason, now()),
    )
    store.db.commit()


# A file inside another (zip member, attachment) is failed as "<parent path>!<name>", the form
# the paths table uses, so `evidence status` lists it and --prune can tell whose it is.
MEMBER_SEP = "!"


def _record_child_failure(store: Store, item: FoundFile, name: str, reason: str) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO failures(path, root, relpath, size, mtime, reason, at) "
        "VALUES (?,?,?,?,?,?,?)",
        (
            f"{item.path}{MEMBER_SEP}{name}",
            str(item.root),
            f"{item.relpath} > {name}",
            item.size,
            item.mtime,
            reason,
            now(),
        ),
    )
    store.db.commit()


def _clear_child_failures(db, path: str) -> None:
    prefix = path + MEMBER_SEP
    db.execute("DELETE FROM failures WHERE substr(path, 1, ?) = ?", (len(prefix), prefix))


def _file_seen(path: str, seen: set[str]) -> bool:
    """Whether a failure's path is, or lies inside, a file found in this run."""
    if path in seen:
        return True
    at = path.find(MEMBER_SEP)
    while at != -1:
        if path[:at] in seen:
            return True
        at = path.find(MEMBER_SEP, at + 1)
    return False


def _child_failures(result: FileResult, prefix: str = ""):
    for child in result.children:
        name = prefix + child.name
        if child.error:
            yield name, child.error
        yield from _child_failures(child, name + " > ")


def _store_result(store: Store, item: tuple, result: FileResult) -> None:
    found, digest = item
    with store.transaction() as db:
        doc_id = _insert_document(db, result, digest, found.path.stat().st_size, None)
        _upsert_path(db, found, doc_id)
        db.execute("DELETE FROM failures WHERE path = ?", (str(found.path),))
        _clear_child_failures(db, str(found.path))


def _insert_document(db, result: FileResult, digest: str, size: int, parent: str | None) -> str:
    import hashlib

    doc_id = digest[:16]
    ex = result.extracted
    if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
        return doc_id  # the same bytes already came in under another path or as an attachment
    title = (ex.title or "").strip() or result.name
    db.execute(
        "INSERT INTO documents(id, sha256, title, doctype, pages, bytes, parent_id, metadata, "
        "warnings, added) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            doc_id,
            digest,
            title[:300],
            ex.doctype,
            len(ex.pages),
            size,
            parent,
            json.dumps({"filename": result.name, **ex.metadata}),
            json.dumps(ex.warnings),
            now(),
        ),
    )
    dates = result.dates or [[] for _ in ex.pages]
    db.executemany(
        "INSERT INTO dates(doc_id, page, start, end, text, value, role) VALUES (?,?,?,?,?,?,?)",
        [
            (doc_id, page.number, d.start, d.end, d.text, d.value, d.role)
            for page, found in zip(ex.pages, dates, strict=True)
            for d in found
        ],
    )
    codes = result.exemptions or [[] for _ in ex.pages]
    db.executemany(
        "INSERT INTO exemptions(doc_id, page, start, end, text, code) VALUES (?,?,?,?,?,?)",
        [
            (doc_id, page.number, e.start, e.end, e.text, e.code)
            for page, found in zip(ex.pages, codes, strict=True)
            for e in found
        ],
    )
    db.executemany(
        "INSERT INTO redaction_boxes(doc_id, page, x0, top, x1, bottom, text_under) "
        "VALUES (?,?,?,?,?,?,?)",
        [
            (doc_id, page.number, b.x0, b.top, b.x1, b.bottom, b.text_under)
            for page in ex.pages
            for b in page.boxes
        ],
    )
    for page, lang, mentions in zip(ex.pages, result.langs, result.mentions, strict=True):
        words = (
            json.dumps([[w.text, w.x0, w.top, w.x1, w.bottom, w.conf] for w in page.words])
            if page.words
            else None
        )
        db.execute(
            "INSERT INTO pages(doc_id, page, text, label, lang, ocr, ocr_confidence, words, "
            "width, height, ocr_method, ocr_lang, ocr_tries, indexed) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            (
                doc_id,
                page.number,
                page.text,
                page.label,
                lang,
                int(page.ocr),
                page.ocr_confidence,
                words,
                page.width,
                page.height,
                page.ocr_method,
                page.ocr_lang,
                json.dumps(page.ocr_tries) if page.ocr_tries else None,
            ),
        )
        db.executemany(
            "INSERT INTO mentions(doc_id, page, kind, start, end, text, norm, method, value, "
            "currency, unit, acronym) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    doc_id,
                    page.number,
                    m.kind,
                    m.start,
                    m.end,
                    m.text,
                    m.norm,
                    m.method,
                    m.value,
                    m.currency,
                    m.unit,
                    m.acronym,
                )
                for m in mentions
            ],
        )
    if len(result.signatures) == len(ex.pages):  # else the end of the run signs them
        db.executemany(
            "INSERT OR REPLACE INTO page_signatures VALUES (?,?,?,?,?,0)",
            [
                (doc_id, page.number, *sig)
                for page, sig in zip(ex.pages, result.signatures, strict=True)
            ],
        )
    for child, data in zip(result.children, result.child_data, strict=True):
        if child.error is None and child.extracted is not None:
            _insert_document(db, child, hashlib.sha256(data).hexdigest(), len(data), doc_id)
    return doc_id


def _unindexed(store: Store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM pages WHERE indexed = 0").fetchone()[0]


def _prune(store: Store, roots: list[Path], found: list[FoundFile]) -> int:
    """Forget paths under the given roots whose files are gone."""
    seen = {str(f.path) for f in found}
    removed = 0
    with store.transaction() as db:
        for root in roots:
            root_str = str(Path(root).resolve())
            rows = db.execute(
                "SELECT path FROM paths WHERE path = ? OR path LIKE ?",
                (root_str, root_str.rstrip("/") + "/%"),
            ).fetchall()
            for (path,) in rows:
                if path not in seen:
                    db.execute("DELETE FROM paths WHERE path = ?", (path,))
                    db.execute("DELETE FROM failures WHERE path = ?", (path,))
                    removed += 1
            for (path,) in db.execute(
                "SELECT path FROM failures WHERE path LIKE ?", (root_str.rstrip("/") + "/%",)
            ).fetchall():
                if not _file_seen(path, seen):
                    db.execute("DELETE FROM failures WHERE path = ?", (path,))
    return removed


def _remove_orphans(store: Store, data_dir: Path) -> int:
    """Drop documents no path points at (changed or pruned files) and what came out of them."""
    orphans = store.orphan_documents()
    doomed: list[str] = []
    while orphans:
        doc_id = orphans.pop()
        doomed.append(doc_id)
        orphans.extend(store.children_of(doc_id))
    if not doomed:
        return 0
    from index.entities import mark_dirty

    mark_dirty(store)
    # Whoosh first: if we die between the two, reconcile() sees SQLite still has the document
    # with pages marked indexed and re-adds nothing stale; the document is removed next run.
    engine.delete_documents(data_dir, doomed)
    with store.transaction() as db:
        for doc_id in doomed:
            store.delete_document(db, doc_id)
    return len(doomed)


def reconcile(store: Store) -> None:
    """Make Whoosh agree with SQLite after a crash: drop documents SQLite no longer has, and
    mark for re-indexing the pages of documents Whoosh lost."""
    ix = engine.open_index(store.data_dir, create=False)
    if ix is None:
        store.db.execute("UPDATE pages SET indexed = 0 WHERE indexed = 1")
        store.db.commit()
        return
    with ix.searcher() as searcher:
        in_whoosh = {t.decode() for t in searcher.lexicon("doc")}
        n_pages = searcher.doc_count()
    in_sql = {r[0] for r in store.db.execute("SELECT id FROM documents")}
    stale = in_whoosh - in_sql
    if stale:
        engine.delete_documents(store.data_dir, stale)
    lost = {
        r[0] for r in store.db.execute("SELECT DISTINCT doc_id FROM pages WHERE indexed = 1")
    } - in_whoosh
    indexed_pages = store.db.execute("SELECT COUNT(*) FROM pages WHERE indexed = 1").fetchone()[0]
    if lost or (n_pages < indexed_pages and not stale):
        targets = lost or in_sql
        store.db.executemany(
            "UPDATE pages SET indexed = 0 WHERE doc_id = ?", [(d,) for d in targets]
        )
    store.db.commit()


def _write_index(
    store: Store, data_dir: Path, procs: int = 1, pool: ReaderPool | None = None
) -> int:
    from index.entities import page_docs

    todo = store.unindexed_pages()
    written = 0
    for start in range(0, len(todo), WHOOSH_BATCH):
        batch = todo[start : start + WHOOSH_BATCH]
        engine.write_pages(data_dir, page_docs(store, batch), procs=procs, pool=pool)
        store.db.executemany("UPDATE pages SET indexed = 1 WHERE doc_id = ? AND page = ?", batch)
        store.db.commit()
        written += len(batch)
    return written


def options_from_settings(**overrides) -> IngestOptions:
    """IngestOptions from settings (environment, defaults) with CLI values as overrides."""
    extract = ExtractOptions(
        password=overrides.get("password"),
        ocr=settings.get("ocr", overrides.get("ocr")),
        ocr_lang=settings.get("ocr_lang", overrides.get("ocr_lang")),
        max_page_chars=settings.get_int("max_page_chars"),
    )
    return IngestOptions(
        extract=extract,
        workers=settings.get_int("workers", overrides.get("workers")),
        timeout=float(settings.get("file_timeout", overrides.get("timeout"))),
        memory_mb=settings.get_int("file_memory_mb", overrides.get("memory_mb")),
        max_file_mb=settings.get_int("max_file_mb"),
        prune=bool(overrides.get("prune")),
        scheduler=overrides.get("scheduler"),
    )
