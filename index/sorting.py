"""Search results in another order than relevance: by document date or by the largest amount of
money on the page. Keys come from SQLite (dates from document metadata, amounts from money
mentions) and are handed to :func:`index.search.search` as a Whoosh sort facet, so paging and
excerpts stay exactly as in relevance order."""

from __future__ import annotations

import math
from pathlib import Path

from whoosh import sorting

from index.dates import document_date
from index.search import SearchResult, search
from index.store import Store

SORTS = {
    "relevance": "Relevance",
    "oldest": "Date, oldest first",
    "newest": "Date, newest first",
    "amount": "Largest amount",
}


def _date_keys(store: Store) -> dict[str, float]:
    out = {}
    for doc_id, meta in store.db.execute("SELECT id, metadata FROM documents"):
        date = document_date(meta)
        if date is not None:
            out[doc_id] = date.when.timestamp()
    return out


def _amount_keys(store: Store) -> dict[tuple[str, int], float]:
    return {
        (doc_id, page): value
        for doc_id, page, value in store.db.execute(
            "SELECT doc_id, page, MAX(value) FROM mentions WHERE kind = 'money' "
            "AND value IS NOT NULL GROUP BY doc_id, page"
        )
    }


def sort_facet(store: Store, sort: str) -> sorting.FacetType:
    """A Whoosh facet ordering pages by ``sort``. Pages without a date or amount come last;
    ties are in path and page order so the order is stable from one page of hits to the next."""
    if sort in ("oldest", "newest"):
        dates = _date_keys(store)
        sign = 1.0 if sort == "oldest" else -1.0

        def key(doc: dict) -> tuple:
            when = dates.get(doc["doc"])
            return (when is None, sign * when if when is not None else 0.0)

    elif sort == "amount":
        amounts = _amount_keys(store)

        def key(doc: dict) -> tuple:
            value = amounts.get((doc["doc"], doc["page"]))
            return (value is None, -value if value is not None else math.inf)

    else:
        raise ValueError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")

    def by(searcher, docnum: int) -> tuple:
        doc = searcher.stored_fields(docnum)
        return (*key(doc), doc.get("path", ""), doc.get("page", 0))

    return sorting.FunctionFacet(by)


def search_sorted(
    data_dir: Path, qstring: str, sort: str = "relevance", limit: int = 10, offset: int = 0
) -> SearchResult:
    """Like :func:`index.search.search`, in ``sort`` order (one of :data:`SORTS`). Sorted hits
    carry no relevance score (0.0)."""
    if sort == "relevance":
        return search(data_dir, qstring, limit=limit, offset=offset)
    if not (Path(data_dir) / Store.FILENAME).exists():
        return SearchResult(qstring, 0, [], error="empty")
    with Store(data_dir) as store:
        facet = sort_facet(store, sort)
    return search(data_dir, qstring, limit=limit, offset=offset, sortedby=facet)
