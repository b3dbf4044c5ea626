"""The co-occurrence graph and entity pages: every edge can be checked page by page, and an
entity page lists every mention (none dropped), grouped by document."""

from __future__ import annotations

import json
import shutil

import pytest

from index.connections import Edge, Graph, Node, graph, neighbours, to_dot
from index.entity_view import entity_page
from index.mentions import list_mentions, require_entity
from index.store import Store


def _pages_of(store: Store, entity_id: int) -> set[tuple[str, int]]:
    return {
        (d, p)
        for d, p in store.db.execute(
            "SELECT DISTINCT doc_id, page FROM mentions WHERE entity_id = ?", (entity_id,)
        )
    }


def test_every_edge_lists_exactly_the_pages_naming_both(corpus_data):
    with Store(corpus_data) as store:
        g = graph(store)
        assert g.edges
        for e in g.edges:
            assert e.a < e.b
            shared = _pages_of(store, e.a) & _pages_of(store, e.b)
            assert set(e.pages) == shared and e.weight == len(shared) == len(e.pages)
        weights = [e.weight for e in g.edges]
        assert weights == sorted(weights, reverse=True)
        for node in g.nodes.values():
            assert node.pages == len(_pages_of(store, node.entity_id))


@pytest.mark.parametrize(("kinds", "min_weight"), [(("person",), 1), (("agency", "org"), 2)])
def test_graph_filters_kinds_and_weight(corpus_data, kinds, min_weight):
    with Store(corpus_data) as store:
        g = graph(store, kinds, min_weight)
    assert all(n.kind in kinds for n in g.nodes.values())
    assert all(e.weight >= min_weight for e in g.edges)


def test_neighbours_are_the_focus_edges(corpus_data):
    with Store(corpus_data) as store:
        tolliver = require_entity(store, "Renata J. Tolliver").entity_id
        near = neighbours(store, tolliver)
        full = graph(store)
    assert near
    expected = {(e.a, e.b): e.weight for e in full.edges if tolliver in (e.a, e.b)}
    assert {
        (min(n.entity_id, tolliver), max(n.entity_id, tolliver)): e.weight for n, e in near
    } == expected


def test_dot_quotes_names_from_documents():
    """Regression: a name with quotes, backslashes or markup stays a quoted DOT string."""
    nodes = {
        1: Node(1, "person", 'Evil "name" \\ <b>x</b>', 2),
        2: Node(2, "org", "Plain Org", 2),
    }
    dot = to_dot(Graph(nodes, [Edge(1, 2, [("d", 1), ("d", 2)])]))
    assert 'label="Evil \\"name\\" \\\\ <b>x</b>"' in dot
    assert "n1 -- n2" in dot and 'label="2"' in dot
    assert dot.count("{") == dot.count("}") == 1


def test_entity_page_lists_every_mention_grouped_by_document(corpus_data):
    with Store(corpus_data) as store:
        entity = require_entity(store, "Renata J. Tolliver")
        page = entity_page(store, entity.entity_id)
        rows = list_mentions(store, entity.entity_id)
    assert page.name == entity.canonical and page.kind == "person"
    assert page.mention_count == len(rows) > 5
    listed = [(m.doc_id, m.page, m.start) for d in page.documents for m in d.mentions]
    assert sorted(listed) == sorted((m.doc_id, m.page, m.start) for m in rows)
    assert len({d.doc_id for d in page.documents}) == len(page.documents)
    for d in page.documents:
        assert all(m.doc_id == d.doc_id for m in d.mentions)
    assert any(alias for alias, _ in page.aliases)
    assert page.co_occurring


def test_entity_timeline_counts_mentions_by_document_date(corpus_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    with Store(data) as store:
        entity = require_entity(store, "Renata J. Tolliver")
        docs = sorted({m.doc_id for m in list_mentions(store, entity.entity_id)})
        for i, doc_id in enumerate(docs):
            meta = {"date": f"2026-02-{i + 1:02d}T08:00:00"} if i % 2 == 0 else {}
            store.db.execute(
                "UPDATE documents SET metadata = ? WHERE id = ?", (json.dumps(meta), doc_id)
            )
        store.db.commit()
        page = entity_page(store, entity.entity_id)
    dated = [d for d in page.documents if d.date is not None]
    assert page.undated_documents == len(page.documents) - len(dated)
    assert [t.day for t in page.timeline] == sorted(d.date.day for d in dated)
    assert sum(t.mentions for t in page.timeline) == sum(len(d.mentions) for d in dated)
    assert {t.source for t in page.timeline} == {"sent"}


def test_entity_page_of_unknown_entity_is_none(corpus_data):
    with Store(corpus_data) as store:
        assert entity_page(store, 10**9) is None
