"""Dates written in the corpus's pages, and a corpus timeline: documents by their date (header,
dateline, effective date, file date: :func:`index.dates.document_date`) and date mentions by
the date they state, month by month."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from index.dates import document_date
from index.store import Store


@dataclass
class DateHit:
    doc_id: str
    title: str
    path: str
    page: int
    start: int
    end: int
    text: str  # the date exactly as written
    value: str  # ISO date
    role: str | None
    document_date: str | None  # the document's date and its source, "2026-04-20 (letter ...)"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class MonthRow:
    month: str  # YYYY-MM
    documents: int  # documents dated in that month
    mentions: int  # dates written on pages that fall in that month


def list_dates(
    store: Store,
    date_from: str | None = None,
    date_to: str | None = None,
    role: str | None = None,
    limit: int | None = None,
) -> list[DateHit]:
    """Date mentions from ``date_from`` to ``date_to`` (ISO, inclusive, either may be open),
    of one ``role`` if given, by date then document and page."""
    where, args = [], []
    if date_from:
        where.append("x.value >= ?")
        args.append(date_from)
    if date_to:
        where.append("x.value <= ?")
        args.append(date_to)
    if role:
        where.append("x.role = ?")
        args.append(role)
    sql = (
        "SELECT x.doc_id, x.page, x.start, x.end, x.text, x.value, x.role, d.title, d.metadata, "
        "(SELECT relpath FROM paths p WHERE p.doc_id = x.doc_id ORDER BY relpath LIMIT 1) AS rel "
        "FROM dates x JOIN documents d ON d.id = x.doc_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY x.value, x.doc_id, x.page, x.start"
        + (" LIMIT ?" if limit else "")
    )
    if limit:
        args.append(limit)
    out = []
    for r in store.db.execute(sql, args):
        meta = json.loads(r["metadata"] or "{}")
        dated = document_date(meta)
        out.append(
            DateHit(
                doc_id=r["doc_id"],
                title=r["title"],
                path=r["rel"] or meta.get("filename", r["doc_id"]),
                page=r["page"],
                start=r["start"],
                end=r["end"],
                text=r["text"],
                value=r["value"],
                role=r["role"],
                document_date=f"{dated.day} ({dated.source})" if dated else None,
            )
        )
    return out


def corpus_timeline(store: Store) -> tuple[list[MonthRow], int]:
    """Month by month: documents dated then and dates written on pages that fall then. Also
    returns how many documents have no date."""
    docs: Counter = Counter()
    undated = 0
    for (meta,) in store.db.execute("SELECT metadata FROM documents"):
        dated = document_date(meta)
        if dated is None:
            undated += 1
        else:
            docs[dated.day.strftime("%Y-%m")] += 1
    mentions = Counter(
        dict(store.db.execute("SELECT substr(value, 1, 7), COUNT(*) FROM dates GROUP BY 1"))
    )
    months = sorted(docs.keys() | mentions.keys())
    return [MonthRow(m, docs[m], mentions[m]) for m in months], undated


def dates_on_pages(store: Store, pages: set[tuple[str, int]]) -> Counter:
    """ISO date -> how many times it is written on ``pages``."""
    out: Counter = Counter()
    for doc_id, page in pages:
        for (value,) in store.db.execute(
            "SELECT value FROM dates WHERE doc_id = ? AND page = ?", (doc_id, page)
        ):
            out[value] += 1
    return out
