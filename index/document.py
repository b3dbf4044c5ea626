"""One document as the viewer shows it: its metadata, its original file (only a file registered
at ingest and unchanged since), which of its pages a query hits and where on a page, and the
entities named on a page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq

from index import engine
from index.dates import DocDate, document_date
from index.search import _field_constraints, _field_spans, _highlight_terms, parse, term_spans
from index.store import Store
from ingest.walk import sha256_file


@dataclass
class DocInfo:
    doc_id: str
    title: str
    doctype: str
    pages: int
    sha256: str
    bytes: int
    path: str  # as cited: relative to the ingested folder; attachments as "parent > name"
    paths: list[str]  # every registered path holding the same bytes
    ocr_pages: int
    ocr_confidence: float | None  # mean over OCR'd pages
    date: DocDate | None
    parent_id: str | None
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def doc_info(store: Store, doc_id: str) -> DocInfo | None:
    from index.mentions import doc_path

    doc = store.document(doc_id)
    if doc is None:
        return None
    ocr_pages, confidence = store.db.execute(
        "SELECT COUNT(*), AVG(ocr_confidence) FROM pages WHERE doc_id = ? AND ocr = 1", (doc_id,)
    ).fetchone()
    meta = json.loads(doc["metadata"] or "{}")
    return DocInfo(
        doc_id=doc_id,
        title=doc["title"] or meta.get("filename") or doc_id,
        doctype=doc["doctype"],
        pages=doc["pages"],
        sha256=doc["sha256"],
        bytes=doc["bytes"],
        path=doc_path(store, doc_id),
        paths=[r["relpath"] for r in store.paths_of(doc_id)],
        ocr_pages=ocr_pages,
        ocr_confidence=round(confidence, 1) if confidence is not None else None,
        date=document_date(meta),
        parent_id=doc["parent_id"],
        metadata=meta,
        warnings=json.loads(doc["warnings"] or "[]"),
    )


def source_file(store: Store, doc_id: str) -> tuple[Path | None, str]:
    """The original file of a document, or None and why not. Only a path in the ``paths``
    table is ever returned (never one built from user input), and only while the file on disk
    still has the size and time it had at ingest, or else the hash it had."""
    doc = store.document(doc_id)
    if doc is None:
        return None, "no such document"
    rows = store.paths_of(doc_id)
    if not rows:
        return (
            None,
            "this file came out of another (an attachment or archive member): open it there",
        )
    for row in rows:
        path = Path(row["path"])
        if not path.is_file():
            continue
        stat = path.stat()
        if stat.st_size == row["size"] and stat.st_mtime == row["mtime"]:
            return path, ""
        if stat.st_size == doc["bytes"] and sha256_file(path) == doc["sha256"]:
            return path, ""
    return None, "the original file is gone or has changed since it was ingested: ingest it again"


def query_terms(data_dir: Path, qstring: str) -> set[str]:
    """The indexed words (stems) a query matches, for marking them on any page."""
    if not qstring.strip():
        return set()
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return set()
    with Store(data_dir) as store, ix.searcher() as searcher:
        return _highlight_terms(parse(ix, store, qstring), searcher)


def page_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    return term_spans(text, terms)


def page_hits(data_dir: Path, qstring: str, doc_id: str, page: int) -> list[tuple[int, int]]:
    """Everything on a page that the query matched, as search marks it in excerpts: its words,
    and the mentions that satisfied ``person:``, ``agency:``, ``org:`` or ``amount:``."""
    if not qstring.strip():
        return []
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return []
    with Store(data_dir) as store, ix.searcher() as searcher:
        q = parse(ix, store, qstring)
        text = store.page_text(doc_id, page) or ""
        spans = term_spans(text, _highlight_terms(q, searcher))
        spans += _field_spans(store, doc_id, page, _field_constraints(q))
    return sorted(set(spans))


def hit_pages(data_dir: Path, qstring: str, doc_id: str) -> list[int]:
    """The pages of ``doc_id`` the query finds, in page order."""
    if not qstring.strip():
        return []
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return []
    with Store(data_dir) as store, ix.searcher() as searcher:
        q = wq.And([parse(ix, store, qstring), wq.Term("doc", doc_id)])
        return sorted({hit["page"] for hit in searcher.search(q, limit=None, scored=False)})


@dataclass
class Chip:
    entity_id: int
    kind: str
    name: str
    mentions: int


def page_entities(store: Store, pages: list[tuple[str, int]]) -> dict[tuple[str, int], list[Chip]]:
    """The people, agencies and organisations named on each page, most mentioned first."""
    out: dict[tuple[str, int], list[Chip]] = {p: [] for p in pages}
    for doc_id, page in pages:
        for eid, kind, name, n in store.db.execute(
            "SELECT e.id, e.kind, e.canonical, COUNT(DISTINCT m.start || ':' || m.end) AS n "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.doc_id = ? AND m.page = ? GROUP BY e.id ORDER BY n DESC, e.canonical",
            (doc_id, page),
        ):
            out[(doc_id, page)].append(Chip(eid, kind, name, n))
    return out
