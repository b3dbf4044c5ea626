"""Whoosh behind one small interface: the schema, opening, writing and deleting page documents.

Nothing outside this module and :mod:`index.search` touches Whoosh, so the engine could be
swapped. Page text is not stored in Whoosh: SQLite has it, and loading stored fields is what
makes Whoosh slow when many hits are fetched.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import fields, index
from whoosh.analysis import Filter, StandardAnalyzer, StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from ingest import timing

if TYPE_CHECKING:
    import numpy as np

    from ingest.workers import ReaderPool

INDEX_DIRNAME = "whoosh"
ENTITY_FIELDS = ("person", "agency", "org")


# Whoosh's word pattern, less the "s" of a possessive: "Sheriff's" is the word "sheriff", as
# "sheriffs" is. The "s" was the commonest word of the index, and "County Sheriff's Office" a
# four-word phrase whose check read the positions of "s" on every page.
WORD_PATTERN = re.compile(r"(?!(?<=['\u2019])s\b)\w+(?:\.?\w+)*", re.UNICODE)


def analyzer():
    # No stop list: "City and County of San Francisco" must still answer as an exact phrase.
    return StemmingAnalyzer(expression=WORD_PATTERN, stoplist=None, minsize=1)


def exact_analyzer():
    return StandardAnalyzer(expression=WORD_PATTERN, stoplist=None, minsize=1)


_DIGIT = re.compile(r"\d")


def has_digit(term: str) -> bool:
    return bool(_DIGIT.search(term))


class PairFilter(Filter):
    """Each word of the text field joined to the next ("food servic"): a two-word phrase is
    then one term lookup, not a walk through the positions of both words on every page that
    has them. Pairs with a digit are left out: nearly all unique (amounts, dates, numbers), they
    would be most of the field, and phrases of them are rare."""

    def __call__(self, tokens):
        prev = None
        for t in tokens:
            word = t.text
            if prev is not None and not has_digit(prev) and not has_digit(word):
                t.text = f"{prev} {word}"
                yield t
            prev = word


def pair_analyzer():
    return analyzer() | PairFilter()


class OddFilter(Filter):
    """Only the words :func:`is_odd_term` keeps: the sweep lists them per segment, and read
    from the exact field that meant every word of the segment (78,000 on 10,000 pages, a
    third of a second after each merge of segments)."""

    def __call__(self, tokens):
        for t in tokens:
            if is_odd_term(t.text):
                yield t


def odd_analyzer():
    return exact_analyzer() | OddFilter()


class _Several:
    """A numeric field holding several values per page (a page's amounts or dates). Whoosh
    indexes each value's tier terms separately, so two amounts sharing a tier (any two between
    65,536 and 131,072, say) gave the page that term twice: range queries then listed the page
    twice, inflating totals, and failed on an assertion when combined with a word."""

    def index(self, num, **kwargs):
        counts: dict[bytes, int] = {}
        for word, freq, _weight, _value in super().index(num, **kwargs):
            counts[word] = counts.get(word, 0) + freq
        for word, freq in counts.items():
            yield word, freq, float(freq), b""


class Numbers(_Several, fields.NUMERIC):
    """A page's amounts."""


class Dates(_Several, fields.DATETIME):
    """The dates written on a page."""


def schema() -> fields.Schema:
    return fields.Schema(
        pid=fields.ID(unique=True, stored=True),
        doc=fields.ID(stored=True),
        page=fields.NUMERIC(int, stored=True, signed=False),
        path=fields.ID(stored=True),
        title=fields.TEXT(analyzer=analyzer(), stored=True, field_boost=1.5),
        text=fields.TEXT(analyzer=analyzer(), phrase=True),
        # Unstemmed words without positions: wildcards and fuzzy terms match what users see
        # ("contracting*" must find "contracting", whose stem is "contract").
        exact=fields.TEXT(analyzer=exact_analyzer(), phrase=False),
        # Adjacent word pairs, for phrases (see PairFilter and search.parse).
        pairs=fields.TEXT(analyzer=pair_analyzer(), phrase=False),
        # The exact field's words that are not plain letters and digits (see OddFilter).
        oddwords=fields.TEXT(analyzer=odd_analyzer(), phrase=False),
        type=fields.ID(stored=True),
        lang=fields.ID,
        ocr=fields.BOOLEAN,
        person=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        agency=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        org=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        amount=Numbers(float, signed=True),
        sender=fields.TEXT(analyzer=analyzer()),
        recipients=fields.TEXT(analyzer=analyzer()),
        subject=fields.TEXT(analyzer=analyzer()),
        date=fields.DATETIME,
        # Dates written on the page (ingest.textdates); ``date`` is the document's date.
        pagedate=Dates(),
        # Redactions (ingest.redactions): exemption codes cited, boxes, boxes with text under.
        exemption=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        redacted=fields.BOOLEAN,
        badredaction=fields.BOOLEAN,
    )


@dataclass
class PageDoc:
    """What the index holds for one page."""

    doc_id: str
    page: int
    path: str
    title: str
    text: str
    doctype: str
    lang: str = "en"
    ocr: bool = False
    person: list[str] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    org: list[str] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # sender, recipients, subject, date
    dates: list = field(default_factory=list)  # datetime of each date written on the page
    exemptions: list[str] = field(default_factory=list)  # normalised codes cited on the page
    boxes: int = 0  # redaction boxes
    bad_boxes: int = 0  # redaction boxes with text still under them

    @property
    def pid(self) -> str:
        return page_id(self.doc_id, self.page)


def page_id(doc_id: str, page: int) -> str:
    return f"{doc_id}:{page}"


def index_dir(data_dir: Path) -> Path:
    return Path(data_dir) / INDEX_DIRNAME


def _storage(path: Path) -> FileStorage:
    # Files are read, not memory-mapped: a mapped 600 MB index counts whole in the resident
    # memory of every process that searched it (1.2 GB for a 20,000-page run), while reads
    # go through the same page cache and searched as fast.
    return FileStorage(str(path), supports_mmap=False)


def open_index(data_dir: Path, create: bool = True):
    path = index_dir(data_dir)
    if index.exists_in(str(path)):
        return _storage(path).open_index()
    if not create:
        return None
    path.mkdir(parents=True, exist_ok=True)
    return _storage(path).create_index(schema())


def _keywords(values: Iterable[str]) -> str:
    return ",".join(sorted({v.replace(",", " ").strip().lower() for v in values if v}))


WRITER_MB = 256  # Whoosh's in-memory posting pool per writer, before it spills to disk
# A batch this large is split over several processes, each writing its own segment: Whoosh's
# writer is pure Python and was half the time of the end of an ingest on two cores. A writer
# process starts in about the time of writing 20 pages: on a 300-page run two took the index
# write from 2.2 s to 1.3 s. (This process writing one share itself, beside one reader, was
# slower: 2.3 s.) Measured on the 2,000-page index, one process against two: 20 pages 0.18 s
# against 0.22 s, 40 pages 0.31 s against 0.29 s, 90 pages 0.64 s against 0.47 s.
PARALLEL_MIN_PAGES = 40


def _fields(p: PageDoc, schema) -> dict:
    doc = {
        "pid": p.pid,
        "doc": p.doc_id,
        "page": p.page,
        "path": p.path,
        "title": p.title or "",
        "text": p.text,
        "exact": p.text,
        "type": p.doctype,
        "lang": p.lang or "",
        "ocr": p.ocr,
        "person": _keywords(p.person),
        "agency": _keywords(p.agency),
        "org": _keywords(p.org),
    }
    if "pairs" in schema:  # indexes made before the field have no place for it
        doc["pairs"] = p.text
    if "oddwords" in schema:
        doc["oddwords"] = p.text
    if p.amount:
        doc["amount"] = sorted(set(p.amount))
    for key in ("sender", "recipients", "subject", "date"):
        if p.extra.get(key):
            doc[key] = p.extra[key]
    if p.dates and "pagedate" in schema:
        doc["pagedate"] = sorted(set(p.dates))
    if "redacted" in schema:
        doc["exemption"] = _keywords(sorted({c.lower() for c in p.exemptions}))
        doc["redacted"] = bool(p.boxes or p.exemptions)
        doc["badredaction"] = bool(p.bad_boxes)
    return doc


def write_pages(
    data_dir: Path,
    pages: Iterable[PageDoc],
    delete_docs: Iterable[str] = (),
    procs: int = 1,
    pool: ReaderPool | None = None,
) -> int:
    """Add or replace page documents and drop whole documents, in one atomic commit. With
    ``procs`` > 1 a large batch is written by that many processes, one segment each (from
    ``pool`` when given, and kept there)."""
    pages = list(pages)
    ix = open_index(data_dir)
    writer = _SegmentWriter(ix, codec=_codec(), limitmb=WRITER_MB)
    segments: list = []
    try:
        for doc_id in delete_docs:
            writer.delete_by_term("doc", doc_id)
        if procs > 1 and len(pages) >= PARALLEL_MIN_PAGES:
            for p in pages:
                writer.delete_by_term("pid", p.pid)  # what update_document does first
            segments, failed = _write_in_processes(data_dir, pages, procs, pool)
            for p in failed:
                writer.add_document(**_fields(p, writer.schema))
        else:
            for p in pages:
                writer.update_document(**_fields(p, writer.schema))
    except BaseException:
        writer.cancel()
        raise
    if segments:
        _commit_with_segments(writer, segments)
    else:
        writer.commit()
    return len(pages)


def _codec() -> W3Codec:
    """Whoosh's codec without zlib on posting blocks: each block is a few hundred bytes, so
    compressing them saved a third of the disk but cost an eighth of the write and a third of
    reading a term's postings (blocks written either way are read either way)."""
    return W3Codec(compression=0)


class _Lengths:
    """The new segment's field lengths, each field's read once into a list. Whoosh looks up a
    page's field length for every posting it writes, through a column reader: a fifth of the
    time of writing the index."""

    def __init__(self, reader):
        self._reader = reader
        self._fields: dict[str, list | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        if fieldname not in self._fields:
            self._fields[fieldname] = self._read(fieldname)
        lengths = self._fields[fieldname]
        return default if lengths is None else lengths[docnum]

    def _read(self, fieldname: str) -> list | None:
        # W3PerDocReader.doc_field_length, for every page at once (None for a zero byte)
        column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        n = self._reader.doc_count_all()
        return [byte_to_length(b) if b else None for b in map(column.__getitem__, range(n))]


class _SegmentWriter(SegmentWriter):
    """Whoosh's writer, with field lengths looked up from lists while postings are written."""

    def _flush_segment(self):
        # SegmentWriter._flush_segment with _Lengths around the per-document reader
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        postings = self.pool.iter_postings()
        self.fieldwriter.add_postings(self.schema, reader and _Lengths(reader), postings)
        self.fieldwriter.close()
        if reader:
            reader.close()


def write_segment(data_dir: Path, pages: list[PageDoc]):
    """Write ``pages`` as a new segment that no table of contents lists yet, and return it for
    the process holding the index's write lock to commit (this runs in a reader process), with
    the CPU seconds this process has used."""
    ix = open_index(data_dir, create=False)
    writer = _SegmentWriter(ix, _lk=False, codec=_codec(), limitmb=WRITER_MB)
    for p in pages:
        writer.add_document(**_fields(p, writer.schema))
    # As Whoosh's own multi-process writer does: the files are final, the commit is not ours.
    return writer._finalize_segment(), time.process_time()


def _write_in_processes(
    data_dir: Path, pages: list[PageDoc], procs: int, pool: ReaderPool | None = None
):
    """Segments written by ``procs`` reader processes, and the pages of any that failed (the
    caller writes those itself: a page must never be left out of the index)."""
    from ingest.workers import run_tasks

    size = -(-len(pages) // procs)
    chunks = {i: pages[i * size : (i + 1) * size] for i in range(procs)}
    tasks = [(i, (data_dir, chunk)) for i, chunk in chunks.items() if chunk]
    # CPU seconds: about 10 ms a page; generous, a slow machine must not fail the write.
    timeout = 300 + 0.1 * size
    segments, failed = [], []
    for outcome in run_tasks(write_segment, tasks, procs, timeout, _WRITER_MB_LIMIT, pool=pool):
        if outcome.error is None:
            segment, cpu = outcome.result
            segments.append(segment)
            timing.add_cpu("index", cpu)
        else:
            failed.extend(chunks[outcome.key])
    return segments, failed


# No memory limit on a writer process: it holds a batch of pages the ingest made itself.
_WRITER_MB_LIMIT = 0


def start_writers(pool: ReaderPool, procs: int) -> None:
    """Start ``procs`` processes of :func:`_write_in_processes` in ``pool`` ahead of the
    write, so that it finds them loaded."""
    pool.start(write_segment, _WRITER_MB_LIMIT, None, procs)


def _commit_with_segments(writer, segments: list) -> None:
    """``writer.commit()`` with segments written elsewhere added to the new table of contents
    (Whoosh's MpWriter commit, multisegment case)."""
    final = writer._merge_segments(None, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final + segments)
    writer._finish()


def delete_documents(data_dir: Path, doc_ids: Iterable[str]) -> None:
    doc_ids = list(doc_ids)
    if doc_ids:
        write_pages(data_dir, [], delete_docs=doc_ids)


def doc_count(data_dir: Path) -> int:
    ix = open_index(data_dir, create=False)
    return ix.doc_count() if ix is not None else 0


def size_bytes(data_dir: Path) -> int:
    path = index_dir(data_dir)
    return sum(f.stat().st_size for f in path.glob("*") if f.is_file()) if path.exists() else 0


# Opening a searcher reads the term and column files of every segment: 100-200 ms on a
# 2,000-page index, several times what a search takes. One is kept per data folder and reused
# until the index changes. Whoosh searchers are not safe to share between threads, so the
# cached one is lent to one search at a time and a concurrent search opens its own.
_SEARCHERS: dict[str, list] = {}  # resolved index path -> [lock, searcher, toc stamp]
MAX_CACHED_SEARCHERS = 4  # data folders whose searcher stays open
_SEARCHERS_LOCK = threading.Lock()


def _toc_stamp(path: Path) -> tuple | None:
    """Identifies the index's current table of contents: a commit, or an index deleted and
    made again under the same generation number, gives a new stamp."""
    try:
        tocs = [e for e in path.iterdir() if e.name.endswith(".toc")]
    except OSError:
        return None
    if not tocs:
        return None
    toc = max(tocs, key=lambda e: e.name)
    st = toc.stat()
    return toc.name, st.st_mtime_ns, st.st_ino, st.st_size


@contextmanager
def searcher(data_dir: Path) -> Iterator:
    """A Whoosh searcher over the latest committed index, or None when there is none."""
    path = index_dir(data_dir).resolve()
    with _SEARCHERS_LOCK:
        slot = _SEARCHERS.pop(str(path), None) or [threading.Lock(), None, None]
        _SEARCHERS[str(path)] = slot  # most recently used last
        for key in list(_SEARCHERS)[:-MAX_CACHED_SEARCHERS]:
            old = _SEARCHERS[key]
            if old[0].acquire(blocking=False):  # not in use: close its files
                del _SEARCHERS[key]
                if old[1] is not None:
                    old[1].close()
                old[0].release()
    if not slot[0].acquire(blocking=False):
        ix = open_index(data_dir, create=False)
        if ix is None:
            yield None
            return
        with ix.searcher() as fresh:
            yield fresh
        return
    try:
        stamp = _toc_stamp(path)
        if slot[1] is not None and slot[2] != stamp:
            slot[1].close()
            slot[1] = None
        if slot[1] is None:
            ix = open_index(data_dir, create=False)
            if ix is None:
                yield None
                return
            slot[1], slot[2] = ix.searcher(), stamp
        yield slot[1]
    finally:
        slot[0].release()


_RUN = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"[\d.]+")


def _pair_terms(words: tuple[str, ...]) -> list[str] | None:
    """The pairs field's terms for ``words`` side by side, or None if a pair has a digit (the
    field leaves those out, so they cannot be looked up)."""
    if any(has_digit(w) for w in words):
        return None
    return sorted({t.text for t in pair_analyzer()(" ".join(words))})


def pages_with_all_words(
    data_dir: Path,
    groups: Iterable[tuple[str, ...]],
    fold: Callable[[str], str],
    odd_terms: dict[str, list[tuple[str, str]]] | None = None,
) -> set[tuple[str, int]]:
    """The pages that have every word of at least one group (a name's words, in order), as
    (doc id, page).

    Words are letters and digits only, already folded by ``fold``; a page's unstemmed words are
    folded the same way before comparing, so "jose" finds "José" and "smith" finds "J.Smith".
    Such words (not plain lower-case ASCII letters and digits, nor numbers like "12.50") are
    listed per index segment in ``odd_terms`` (segment id -> (term, folded term)), which the
    caller keeps between runs: a segment's words never change, so only new segments are read.
    A group whose words the index holds in no other spelling is looked up by its adjacent word
    pairs instead (the pairs field), where each pair has them side by side: "meridian data
    group inc" is on a few pages, its four words on nearly every page of a contracts release.
    No index gives an empty set."""
    from index import fastquery

    groups = [tuple(g) for g in groups if g]
    wanted = {w for g in groups for w in g}
    if not wanted:
        return set()
    cache = odd_terms if odd_terms is not None else {}
    with searcher(data_dir) as s:
        if s is None:
            return set()
        leaves = s.reader().leaf_readers()
        _list_odd_terms(leaves, cache, fold, "oddwords" if "oddwords" in s.schema else "exact")
        terms: dict[str, set[str]] = {w: {w} for w in wanted}
        for listed in cache.values():
            for term, folded in listed:
                for run in _RUN.findall(folded):
                    if run in wanted:
                        terms[run].add(term)
        # Each group as the terms a page must have one of, for each of its words (or pairs).
        plans = []
        pairs = "pairs" in s.schema
        for group in groups:
            by_pairs = _pair_terms(group) if pairs and len(group) > 1 else None
            if by_pairs is None or any(len(terms[w]) > 1 for w in group):
                plans.append([("exact", tuple(sorted(terms[w]))) for w in set(group)])
            else:
                plans.append([("pairs", (t,)) for t in by_pairs])
        out = set()
        for leaf, _ in leaves:
            # Postings read as arrays (fastquery), once per segment for all the groups: the
            # pages of a word such as "county", as a set of numbers a page at a time, were
            # most of the time of adding a file to a 20,000-page corpus.
            docs: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
            hits = []
            for plan in plans:
                for part in plan:
                    if part not in docs:
                        field, listed = part
                        docs[part] = fastquery.union_of_terms(
                            leaf, [(field, t.encode("utf-8")) for t in listed]
                        )
                common = None
                for ids in sorted((docs[part] for part in plan), key=len):
                    common = ids if common is None else fastquery.common(common, ids)
                    if not len(common):
                        break
                hits.append(common)
            found = fastquery.union_all(hits)
            for docnum in found.tolist():
                stored = leaf.stored_fields(docnum)
                out.add((stored["doc"], stored["page"]))
        return out


def _list_odd_terms(leaves, cache: dict, fold: Callable[[str], str], field: str) -> None:
    """Bring ``cache`` (segment id -> odd terms, see pages_with_all_words) up to the index's
    segments. The oddwords field holds those terms alone; an index made before it has them
    only among all the words of the exact field."""
    segments = {}
    for leaf, _ in leaves:
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        if segment is not None:  # an empty index reads as a reader without a segment
            segments[segment.segment_id()] = leaf
    for seg in list(cache):
        if seg not in segments:
            del cache[seg]
    for seg, leaf in segments.items():
        if seg not in cache:
            cache[seg] = [
                (term, fold(term))
                for term in (t.decode("utf-8") for t in leaf.lexicon(field))
                if is_odd_term(term)
            ]


def is_odd_term(term: str) -> bool:
    """A word of the exact field that the sweep's words may not spell alike: not plain ASCII
    letters and digits ("josé", "j.smith", "u.s"), and no number such as "12.50"."""
    return not (term.isascii() and term.isalnum()) and not _NUMBER.fullmatch(term)
