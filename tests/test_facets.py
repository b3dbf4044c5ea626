"""Filter counts and result orders on the demo corpus: a count shown next to a filter must be
the number of pages that filter finds, and every order must list every hit exactly once."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from index import engine
from index.engine import PageDoc
from index.facets import date_indexed, facet_counts, matching_pages
from index.querysyntax import Filters, build_query
from index.search import search
from index.sorting import SORTS, search_sorted
from index.store import Store


def _total(data_dir, q: str) -> int:
    return search(data_dir, q, limit=1).total


@pytest.mark.parametrize("q", ["", "booking", "agency:ICE", "ocr:true"])
def test_facet_page_total_is_the_hit_count(corpus_data, q):
    facets = facet_counts(corpus_data, q)
    with Store(corpus_data) as store:
        all_pages = store.counts()["pages"]
    assert facets.pages == (_total(corpus_data, q) if q else all_pages)
    assert facets.ocr_pages + facets.text_pages == facets.pages
    assert sum(v.count for v in facets.types) == facets.pages


@pytest.mark.parametrize("kind", ["agency", "person", "org"])
def test_facet_counts_match_the_filter_query(corpus_data, kind):
    """Regression: the number beside a filter value is what adding that filter finds."""
    facets = facet_counts(corpus_data, "booking")
    values = getattr(facets, kind)
    assert values, f"no {kind} on pages about booking"
    for value in values[:6]:
        q = build_query("booking", Filters(**{kind: [value.value]}))
        pages = matching_pages(corpus_data, q)
        with Store(corpus_data) as store:
            named = {
                (d, p)
                for d, p in store.db.execute(
                    "SELECT DISTINCT doc_id, page FROM mentions WHERE entity_id = ?",
                    (value.entity_id,),
                )
            }
        # The filter finds every page naming the entity; it may find more only when another
        # entity shares one of its names (aliases resolve to every entity carrying them).
        hits_with_entity = pages & named
        assert len(hits_with_entity) == value.count, value


def test_type_and_ocr_counts_match_their_filters(corpus_data):
    facets = facet_counts(corpus_data)
    for v in facets.types:
        assert _total(corpus_data, build_query("", Filters(types=[v.value]))) == v.count
    assert _total(corpus_data, build_query("", Filters(ocr=True))) == facets.ocr_pages
    assert _total(corpus_data, build_query("", Filters(ocr=False))) == facets.text_pages
    assert facets.ocr_pages == 3  # the scanned booking notification


def test_amount_range_filter_keeps_pages_with_an_amount_in_range(corpus_data):
    facets = facet_counts(corpus_data)
    assert facets.amount_max >= 1_248_500
    q = build_query("", Filters(amount_min=500_000, amount_max=1_000_000))
    pages = matching_pages(corpus_data, q)
    assert pages
    with Store(corpus_data) as store:
        for doc_id, page in pages:
            values = [
                r[0]
                for r in store.db.execute(
                    "SELECT value FROM mentions WHERE doc_id = ? AND page = ? AND kind = 'money'",
                    (doc_id, page),
                )
            ]
            assert any(500_000 <= v <= 1_000_000 for v in values), (doc_id, page, values)


def test_date_filter_syntax_finds_dated_pages(tmp_path):
    """The filter the app writes selects on the index's date field (written here directly)."""
    feb, may = dt.datetime(2026, 2, 3), dt.datetime(2026, 5, 9)
    pages = [
        PageDoc("a", 1, "a.eml", "A", "feed went live", "email", extra={"date": feb}),
        PageDoc("b", 1, "b.eml", "B", "feed paused", "email", extra={"date": may}),
        PageDoc("c", 1, "c.txt", "C", "feed undated", "text"),
    ]
    engine.write_pages(tmp_path, pages)
    Store(tmp_path).close()
    assert date_indexed(tmp_path)
    for filters, expected in [
        (Filters(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31)), {"a"}),
        (Filters(date_from=dt.date(2026, 4, 1)), {"b"}),
        (Filters(date_to=dt.date(2026, 12, 31)), {"a", "b"}),
    ]:
        found = matching_pages(tmp_path, build_query("feed", filters))
        assert {d for d, _ in found} == expected, filters


def _all_hits(data_dir, q, sort, limit=4):
    out, offset = [], 0
    while True:
        result = search_sorted(data_dir, q, sort, limit=limit, offset=offset)
        out.extend(result.hits)
        offset += limit
        if offset >= result.total:
            return result.total, out


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_order_pages_through_every_hit_once(corpus_data, sort):
    total, hits = _all_hits(corpus_data, "ICE OR booking", sort)
    keys = [(h.doc_id, h.page) for h in hits]
    assert len(keys) == total == len(set(keys))
    assert set(keys) == matching_pages(corpus_data, "ICE OR booking")


def test_amount_order_is_largest_first_then_pages_without_amounts(corpus_data):
    _, hits = _all_hits(corpus_data, "ICE OR booking", "amount")
    with Store(corpus_data) as store:
        largest = [
            store.db.execute(
                "SELECT MAX(value) FROM mentions WHERE kind = 'money' AND doc_id = ? AND page = ?",
                (h.doc_id, h.page),
            ).fetchone()[0]
            for h in hits
        ]
    valued = [v for v in largest if v is not None]
    assert valued == sorted(valued, reverse=True)
    assert largest[: len(valued)] == valued, "pages without an amount must come last"


def test_date_orders_follow_document_dates(corpus_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    with Store(data) as store:
        docs = [r["id"] for r in store.documents()]
        for i, doc_id in enumerate(docs):
            # The last document gets no date at all: neither a file date nor one from its text.
            meta = {"date": f"2026-01-{10 + i:02d}T12:00:00"} if doc_id != docs[-1] else {}
            store.db.execute(
                "UPDATE documents SET metadata = ? WHERE id = ?", (json.dumps(meta), doc_id)
            )
        store.db.commit()
    rank = {doc_id: i for i, doc_id in enumerate(docs[:-1])}
    for sort, reverse in (("oldest", False), ("newest", True)):
        _, hits = _all_hits(data, "the OR de", sort, limit=5)
        dated = [rank[h.doc_id] for h in hits if h.doc_id in rank]
        assert dated == sorted(dated, reverse=reverse)
        assert hits[-1].doc_id == docs[-1], "undated documents come last"


def test_unknown_sort_is_refused(corpus_data):
    with pytest.raises(ValueError, match="unknown sort"):
        search_sorted(corpus_data, "booking", "size")


def test_sorted_hits_carry_no_relevance_score(corpus_data):
    """Regression: Whoosh reports the sort key as the score of sorted hits; a tuple there broke
    the app's score display."""
    for sort in ("amount", "oldest"):
        hits = search_sorted(corpus_data, "booking", sort).hits
        assert hits and all(h.score == 0.0 for h in hits)


def test_page_order_hits_serialise(corpus_data):
    """Regression: sort="page" hits had a (path, page) tuple as score and broke as_json."""
    hits = search(corpus_data, "booking", limit=5, sort="page").hits
    assert hits and all(isinstance(h.as_json()["score"], float) for h in hits)


def test_date_filters_offered_only_when_the_index_has_dates(corpus_data):
    """The app shows date inputs only if a date: filter can find something."""
    dated = matching_pages(corpus_data, "date:[1900-01-01 TO 2100-12-31]")
    assert facet_counts(corpus_data).date_indexed == bool(dated)
