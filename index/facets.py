"""How many pages each filter value would keep: per agency, person, organisation, document type,
OCR or not, and the date and amount ranges, over all pages or over the hits of a query.

Counts come from SQLite, the same rows the Whoosh entity, type, ocr and amount fields are built
from, so a count shown next to ``agency:"X"`` is the number of pages that filter finds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from index import engine
from index.dates import document_date
from index.search import parse
from index.store import Store

KINDS = ("agency", "person", "org")


@dataclass
class FacetValue:
    value: str  # what the filter writes into the query: a canonical name, a type
    count: int  # pages
    entity_id: int | None = None


@dataclass
class Facets:
    pages: int
    agency: list[FacetValue] = field(default_factory=list)
    person: list[FacetValue] = field(default_factory=list)
    org: list[FacetValue] = field(default_factory=list)
    types: list[FacetValue] = field(default_factory=list)
    ocr_pages: int = 0
    text_pages: int = 0
    amount_min: float | None = None
    amount_max: float | None = None
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    date_indexed: bool = False  # whether date: filters can find anything in this index


def matching_pages(data_dir: Path, qstring: str) -> set[tuple[str, int]]:
    """Every (document id, page) the query finds, unranked and unlimited."""
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return set()
    with Store(data_dir) as store, ix.searcher() as searcher:
        q = parse(ix, store, qstring)
        results = searcher.search(q, limit=None, scored=False)
        return {(hit["doc"], hit["page"]) for hit in results}


def facet_counts(data_dir: Path, qstring: str = "", top: int = 100) -> Facets:
    """Filter counts over the pages ``qstring`` finds (all pages when it is blank). Entity
    lists hold the ``top`` values by pages, then by name."""
    if not (Path(data_dir) / Store.FILENAME).exists():
        return Facets(pages=0)
    pages = matching_pages(data_dir, qstring) if qstring.strip() else None
    with Store(data_dir) as store:
        db = store.db
        join = ""
        if pages is not None:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS hit_pages (doc_id TEXT, page INTEGER)")
            db.execute("DELETE FROM hit_pages")
            db.executemany("INSERT INTO hit_pages VALUES (?, ?)", sorted(pages))
            join = "JOIN hit_pages h ON h.doc_id = {t}.doc_id AND h.page = {t}.page"
        total = db.execute(f"SELECT COUNT(*) FROM pages p {join.format(t='p')}").fetchone()[0]
        out = Facets(pages=total)
        for kind in KINDS:
            rows = db.execute(
                "SELECT e.id, e.canonical, COUNT(DISTINCT m.doc_id || ':' || m.page) AS n "
                f"FROM mentions m JOIN entities e ON e.id = m.entity_id {join.format(t='m')} "
                "WHERE e.kind = ? GROUP BY e.id ORDER BY n DESC, e.canonical LIMIT ?",
                (kind, top),
            ).fetchall()
            setattr(out, kind, [FacetValue(r[1], r[2], r[0]) for r in rows])
        out.types = [
            FacetValue(r[0], r[1])
            for r in db.execute(
                f"SELECT d.doctype, COUNT(*) AS n FROM pages p {join.format(t='p')} "
                "JOIN documents d ON d.id = p.doc_id GROUP BY d.doctype ORDER BY n DESC, d.doctype"
            )
        ]
        for ocr, n in db.execute(
            f"SELECT p.ocr, COUNT(*) FROM pages p {join.format(t='p')} GROUP BY p.ocr"
        ):
            if ocr:
                out.ocr_pages = n
            else:
                out.text_pages = n
        out.amount_min, out.amount_max = db.execute(
            f"SELECT MIN(m.value), MAX(m.value) FROM mentions m {join.format(t='m')} "
            "WHERE m.kind = 'money' AND m.value IS NOT NULL"
        ).fetchone()
        days = [
            d.day
            for (meta,) in db.execute(
                "SELECT d.metadata FROM documents d WHERE d.id IN "
                f"(SELECT p.doc_id FROM pages p {join.format(t='p')})"
            )
            if (d := document_date(meta)) is not None
        ]
        if days:
            out.date_min, out.date_max = min(days), max(days)
        if pages is not None:
            db.execute("DROP TABLE hit_pages")
    out.date_indexed = date_indexed(data_dir)
    return out


def date_indexed(data_dir: Path) -> bool:
    """Whether any page in the index carries a date (older indexes have none)."""
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return False
    with ix.reader() as reader:
        return any(True for _ in reader.lexicon("date"))
