"""index.fastquery must rank and count exactly as Whoosh's own matchers do (where those are
right), on one-segment and many-segment indexes with deleted pages."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from index import engine, fastquery, search
from index.engine import PageDoc
from index.store import Store

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
]
PEOPLE = ["renata tolliver", "dale okafor", "lina marsh"]


def _pages(n: int, seed: int) -> list[PageDoc]:
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        words = [rng.choice(WORDS[: rng.randint(3, len(WORDS))]) for _ in range(rng.randint(5, 80))]
        pages.append(
            PageDoc(
                f"d{i // 4}",
                i % 4 + 1,
                f"f{i // 4}.pdf",
                " ".join(rng.sample(WORDS, 2)),
                " ".join(words),
                "pdf",
                person=rng.sample(PEOPLE, rng.randint(0, 2)),
                amount=[float(rng.randint(1, 50_000)) for _ in range(rng.randint(0, 3))],
            )
        )
    return pages


@pytest.fixture(scope="module", params=["one-segment", "segments-and-deletions"])
def data(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("fastquery")
    engine.write_pages(path, _pages(120, seed=1))
    if request.param == "segments-and-deletions":
        engine.write_pages(path, _pages(40, seed=2))  # rewrites the first 40 pages
        engine.write_pages(path, _pages(8, seed=3), delete_docs=["d20", "d21"])
    return path


def _queries(data) -> list[str]:
    rng = random.Random(7)
    out = ["alpha", "mu", "nothinglikeit", "title:beta", 'person:"dale okafor"']
    for _ in range(40):
        a, b, c, d = rng.sample(WORDS, 4)
        out += [
            f"{a} {b}",
            f"{a} OR {b} OR {c}",
            f"({a} OR {b}) AND {c}",
            f"{a} AND NOT {b}",
            f"{a}^2.5 OR {b}",
            f"({a} OR {b} OR {c} OR {d}) AND NOT {a}",
            f"{a} amount:[100 TO 20000]",
            f"amount:>{rng.randint(1, 40_000)} OR {b}",
            f'"{a} {b}"',  # a pair term
            f'"{a} {b} {c}" OR {d}',  # pairs, then positions checked on their pages
            f'"{a} {b} {c} {d}"',
            f'"{a} {b} {a}"',  # a repeated word: positions always
            f'title:"{a} {b}"',
        ]
    return out


def _reference(searcher, q):
    """Whoosh's ranking of every match, with its tree unions (its array union, used on small
    indexes, returns wrong top hits inside an AND; see the regression test below)."""
    results = searcher.search(q, limit=None)
    return len(results), [(hit.score, hit.docnum) for hit in results]


def _close(got, want):
    assert len(got) == len(want)
    for (gs, gd), (ws, wd) in zip(got, want, strict=True):
        assert gs == pytest.approx(ws, rel=1e-12)
        assert gd == wd or gs == pytest.approx(ws, rel=1e-12)


def test_same_pages_scores_and_order_as_whoosh(data, monkeypatch):
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    ix = engine.open_index(data, create=False)
    with ix.searcher() as searcher, Store(data) as store:
        checked = 0
        for qstring in _queries(data):
            q = search.parse(ix, store, qstring)
            got = fastquery.top(searcher, q, limit=10_000)
            assert got is not None, qstring
            total, ranked = _reference(searcher, q)
            assert got[0] == total, qstring
            assert got[1] == ranked, qstring  # tree unions: scores equal to the last bit
            for offset in (0, 3, 10):
                page = fastquery.top(searcher, q, limit=5, offset=offset)
                assert page[1] == ranked[offset : offset + 5], (qstring, offset)
            checked += total > 0
        assert checked > 100


def test_array_union_regime_scores_like_whoosh(data):
    """Small indexes: Whoosh adds the scores of an OR of three or more terms in query order."""
    ix = engine.open_index(data, create=False)
    with ix.searcher() as searcher, Store(data) as store:
        for qstring in ["alpha OR beta OR gamma", "mu OR iota OR eta OR zeta"]:
            q = search.parse(ix, store, qstring)
            total, ranked = _reference(searcher, q)
            got = fastquery.top(searcher, q, limit=10_000)
            assert got[0] == total
            _close(got[1], ranked)


@pytest.mark.parametrize(
    "qstring",
    ['"alpha beta"~3', "alph*", "alpha~1", "alpha AND (beta OR gam*)"],
)
def test_other_queries_are_left_to_whoosh(data, qstring):
    ix = engine.open_index(data, create=False)
    with ix.searcher() as searcher, Store(data) as store:
        q = search.parse(ix, store, qstring)
        assert fastquery.top(searcher, q, limit=10) is None


@pytest.mark.parametrize("qstring", ["(alpha OR beta OR gamma) AND delta", "(mu OR eta) delta"])
def test_regression_or_inside_and_ranks_the_best_pages_first(data, monkeypatch, qstring):
    """Whoosh's array union inside an AND (indexes of up to 5,000 pages) skipped pages that
    should have ranked first, and miscounted: search() must return the true best ones."""
    ix = engine.open_index(data, create=False)
    with monkeypatch.context() as m, ix.searcher() as searcher, Store(data) as store:
        m.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
        total, everything = _reference(searcher, search.parse(ix, store, qstring))
        want = [
            (searcher.stored_fields(d)["doc"], searcher.stored_fields(d)["page"])
            for _, d in everything[:5]
        ]
    result = search.search(data, qstring, limit=5)
    assert [(h.doc_id, h.page) for h in result.hits] == want
    assert result.total == total


def test_phrase_pair_counts_decide_only_what_they_prove(tmp_path):
    """ "a b" and "b c" both on a page do not make "a b c"; more of those pairs than "b"s
    do. Every page here has both pairs; Whoosh's positions are the reference."""
    texts = {
        "absent": "beta gamma delta alpha beta",
        "twice-b-present": "alpha beta gamma beta delta",
        "once-b": "mu alpha beta gamma mu",
        "pigeonhole": "alpha beta gamma alpha beta gamma beta",
        "doubt-present": "beta gamma delta alpha beta gamma",
        "doubt-absent": "alpha beta iota beta gamma",
    }
    pages = [PageDoc(name, 1, f"{name}.pdf", "", text, "pdf") for name, text in texts.items()]
    engine.write_pages(tmp_path, pages)
    ix = engine.open_index(tmp_path, create=False)
    with ix.searcher() as searcher, Store(tmp_path) as store:
        q = search.parse(ix, store, '"alpha beta gamma"')
        got = fastquery.top(searcher, q, limit=100)
        total, ranked = _reference(searcher, q)
        assert got[0] == total == 4
        assert sorted(d for _, d in got[1]) == sorted(d for _, d in ranked)
        found = {searcher.stored_fields(d)["doc"] for _, d in got[1]}
        assert found == {"twice-b-present", "once-b", "pigeonhole", "doubt-present"}
