"""The shortcuts that make search fast must not change what it returns: excerpt spans found
without the Whoosh analyzer, the excerpt window search, and the reused searcher."""

from __future__ import annotations

import random
import shutil
import threading

import pytest
from whoosh import fields
from whoosh import query as wq

from index import engine, search
from index.engine import PageDoc
from ingest.extractors import ExtractOptions, extractor_for
from tests.conftest import CORPUS, REALDOCS


def analyzer_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """term_spans as it was: every word through the text field's analyzer."""
    ana = engine.analyzer()
    return [
        (t.startchar, t.endchar)
        for t in ana(text, chars=True, mode="index")
        if t.text in terms or "=" + text[t.startchar : t.endchar].lower() in terms
    ]


def reference_excerpt(text, terms, size=search.EXCERPT_CHARS, extra=None):
    """excerpt_span as it was, scanning every later span for every start."""
    spans = sorted(set(analyzer_spans(text, terms)) | set(extra or ()))
    if not spans:
        return 0, search._snap_end(text, min(len(text), size)), []
    best, best_score = 0, -1
    for i, (s, _) in enumerate(spans):
        words = {text[a:b].lower() for a, b in spans[i:] if b <= s + size}
        inside = sum(1 for a, b in spans[i:] if b <= s + size)
        if len(words) * 100 + inside > best_score:
            best, best_score = i, len(words) * 100 + inside
    start = search._snap_start(text, max(0, spans[best][0] - size // 4))
    end = search._snap_end(text, min(len(text), start + size))
    return start, end, [(s, e) for s, e in spans if s >= start and e <= end]


OPTIONS = ExtractOptions(ocr="never")  # text layers are enough here; OCR would take minutes


def _pages() -> list[str]:
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if REALDOCS.exists():
        pdfs += sorted(REALDOCS.glob("*/*.pdf"))[:25]
    texts = []
    for path in pdfs:
        try:
            texts += [p.text for p in extractor_for("pdf").extract(path, OPTIONS).pages]
        except Exception:  # encrypted or empty test files
            continue
    return [t for t in texts if t.strip()]


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return _pages()


def _query_terms(rng: random.Random, text: str) -> set[str]:
    """Stems and exact words a query could ask for: some on the page, some not."""
    tokens = [t.text for t in engine.analyzer()(text)]
    words = [w.lower() for w in engine.WORD_PATTERN.findall(text)]
    terms = set(rng.sample(tokens, min(3, len(tokens))))
    terms |= {"=" + w for w in rng.sample(words, min(2, len(words)))}
    return terms | {"zzyzx", "=nowhere", "agenc", "polici"}


def test_term_spans_equal_the_analyzers(pages):
    rng = random.Random(5)
    for text in pages:
        terms = _query_terms(rng, text)
        assert search.term_spans(text, terms) == analyzer_spans(text, terms)


@pytest.mark.parametrize(
    ("text", "terms", "want"),
    [
        ("Agencies and the agency's policy", {"agenc"}, ["Agencies", "agency"]),
        ("policies, Policy, police", {"polici"}, ["policies", "Policy"]),
        ("U.S. Marshals and US marshal", {"marshal"}, ["Marshals", "marshal"]),
        ("contracting contract*", {"=contracting"}, ["contracting"]),
        ("yearly years", {"yearli"}, ["yearly"]),  # Porter's leading-y case
        ("", {"a"}, []),
    ],
)
def test_term_spans_examples(text, terms, want):
    assert [text[s:e] for s, e in search.term_spans(text, terms)] == [
        text[s:e] for s, e in analyzer_spans(text, terms)
    ]
    assert [text[s:e].rstrip(".") for s, e in search.term_spans(text, terms)] == [
        w.rstrip(".") for w in want
    ]


def test_excerpt_window_equals_the_full_scan(pages):
    rng = random.Random(9)
    for text in pages:
        terms = _query_terms(rng, text)
        extra = []
        if len(text) > 20:
            a = rng.randrange(len(text) - 10)
            extra = [(a, a + rng.randint(1, 10))]
        got = search.excerpt_span(text, terms, extra=extra)
        assert got == reference_excerpt(text, terms, extra=extra)


def _write(data_dir, pages: list[tuple[str, int, str]]) -> None:
    engine.write_pages(
        data_dir, [PageDoc(doc, page, "f.pdf", "T", text, "pdf") for doc, page, text in pages]
    )


def test_searcher_is_reused_until_the_index_changes(tmp_path):
    with engine.searcher(tmp_path) as none:
        assert none is None  # no index yet
    _write(tmp_path, [("d1", 1, "alpha beta")])
    with engine.searcher(tmp_path) as first:
        assert first.doc_count() == 1
    with engine.searcher(tmp_path) as again:
        assert again is first
    _write(tmp_path, [("d2", 1, "gamma")])
    with engine.searcher(tmp_path) as after:
        assert after is not first and after.doc_count() == 2


def test_searcher_in_use_is_not_shared_with_another_thread(tmp_path):
    _write(tmp_path, [("d1", 1, "alpha")])
    seen = []

    def other(mine):
        with engine.searcher(tmp_path) as theirs:
            seen.append((theirs is mine, theirs.doc_count()))

    with engine.searcher(tmp_path) as mine:
        thread = threading.Thread(target=other, args=(mine,))
        thread.start()
        thread.join()
    assert seen == [(False, 1)]


def test_regression_index_deleted_and_rebuilt_is_not_served_stale(tmp_path):
    """A data folder removed and ingested again starts its generations from scratch; the
    cached searcher of the old index must not answer for the new one."""
    _write(tmp_path, [("d1", 1, "alpha")])
    with engine.searcher(tmp_path) as old:
        assert old.doc_count() == 1
    shutil.rmtree(engine.index_dir(tmp_path))
    _write(tmp_path, [("d2", 1, "beta"), ("d3", 1, "gamma")])
    with engine.searcher(tmp_path) as new:
        assert new.doc_count() == 2


def _amount_pages(data_dir) -> None:
    """Pages with several amounts in one range, as contracts have."""
    pages = [
        PageDoc("d1", n, "f.pdf", "T", "alpha payment", "pdf", amount=amounts)
        for n, amounts in enumerate(
            [[100_001.0, 120_000.0, 100_007.0], [100_003.0], [100_004.0, 250_000.0], [9.0]],
            start=1,
        )
    ]
    engine.write_pages(data_dir, pages)


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("amount:[50000 TO 500000]", 3),
        ("amount:[100000 TO 130000] alpha", 3),
        ("alpha AND amount:>100000", 3),
        ("amount:[1 TO 10] OR amount:[90000 TO 110000]", 4),
    ],
)
@pytest.mark.parametrize("union", ["default", "tree"])
@pytest.mark.parametrize("made", ["now", "before-the-fix"])
def test_regression_pages_with_several_amounts_in_a_range_count_once(
    tmp_path, monkeypatch, query, pages, union, made
):
    """Whoosh indexed such a page's shared tier terms once per amount, and ranges listed it
    that often: totals were inflated, and with a word in the query the search failed on an
    assertion. New indexes store each term once; searches de-duplicate on older ones. Whoosh
    walks unions that way on indexes of more than 5,000 pages; "tree" makes it do so here."""
    if union == "tree":
        monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)
    if made == "before-the-fix":
        current = engine.schema

        def old_schema():
            s = current()
            s.remove("amount")
            s.add("amount", fields.NUMERIC(float, signed=True))
            return s

        monkeypatch.setattr(engine, "schema", old_schema)
    _amount_pages(tmp_path)
    result = search.search(tmp_path, query, limit=10)
    assert result.total == pages
    assert len({(h.doc_id, h.page) for h in result.hits}) == len(result.hits) == pages


@pytest.mark.parametrize(
    ("query", "rewritten"),
    [
        ("amount:>4748 OR gamma", "amount:>4748.0 OR gamma"),
        ("amount:>1.2M payment", "amount:>1200000.0 payment"),
        ("amount:[500K TO 1M] x", "amount:[500000.0 TO 1000000.0] x"),
    ],
)
def test_regression_amount_keeps_the_space_after_it(query, rewritten):
    """ "amount:>4748 OR gamma" became "amount:>4748.0OR gamma", an unreadable amount."""
    assert search._rewrite_amounts(query) == rewritten


def test_possessive_s_is_not_a_word_so_agency_phrases_are_pair_lookups(tmp_path):
    pages = [
        PageDoc("a", 1, "a.pdf", "", "Paid by the Marlowe County Sheriff's Office in May.", "pdf"),
        PageDoc("b", 1, "b.pdf", "", "The Marlowe County Sheriff\u2019s Office agreed.", "pdf"),
        PageDoc("c", 1, "c.pdf", "", "A county sheriff office elsewhere.", "pdf"),
        PageDoc("d", 1, "d.pdf", "", "The sheriff said it's the county's office.", "pdf"),
    ]
    engine.write_pages(tmp_path, pages)
    assert "s" not in [t.text for t in engine.analyzer()("Sheriff's Sheriff\u2019s it's")]
    found = search.search(tmp_path, '"County Sheriff\'s Office"')
    assert sorted(h.doc_id for h in found.hits) == ["a", "b", "c"]
    text = pages[1].text
    spans = search.term_spans(text, {"counti", "sheriff", "offic"})
    assert [text[s:e] for s, e in spans] == ["County", "Sheriff", "Office"]
