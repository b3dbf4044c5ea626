"""Ranking and counting the common query shapes with array operations instead of Whoosh's
loop over every matching page.

Whoosh scores each matching page in Python (about 2.5 us a page, more with AND), so a word on
16,000 of 20,000 pages took 40 ms to rank and as long again to count. Here each term's postings
are read block by block into arrays, scored with the same BM25F formula, lengths and statistics
Whoosh uses, and combined by set operations: AND and OR add their parts' scores, AND NOT keeps
the left part's, as Whoosh's matchers do. The result is the same pages with the same scores (a
test compares them with Whoosh's); anything else (phrases, wildcards, fuzzy terms, dates)
returns None and the caller lets Whoosh do it.
"""

from __future__ import annotations

from bisect import insort

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

_BYTE_LENGTHS = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class Unsupported(Exception):
    """A query part this module does not evaluate; Whoosh does the whole query instead."""


def top(searcher, q: wq.Query, limit: int, offset: int = 0):
    """``(total, [(score, docnum), ...])`` for hits ``offset`` to ``offset + limit`` ranked as
    Whoosh ranks them (score, then lower docnum first), or None when the query has a part this
    module does not handle."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    try:
        ids, scores = evaluate(searcher, q)
    except Unsupported:
        return None
    total = len(ids)
    want = offset + limit
    if total == 0 or limit <= 0:
        return total, []
    if want < total:
        # Every page scoring at least the want-th best score, then the exact order among them.
        kth = np.partition(scores, total - want)[total - want]
        keep = np.nonzero(scores >= kth)[0]
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[offset:want]
    return total, [(float(scores[i]), int(ids[i])) for i in order]


def evaluate(searcher, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """Sorted global docnums matching ``q`` and their scores."""
    subsearchers = searcher.subsearchers or [(searcher, 0)]
    parts = [_eval(sub, q, searcher) for sub, _ in subsearchers]
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate(
        [p[0] + offset for p, (_, offset) in zip(parts, subsearchers, strict=True)]
    )
    return ids, np.concatenate([p[1] for p in parts])


def _eval(sub, q: wq.Query, top_searcher, restrict=None) -> tuple[np.ndarray, np.ndarray]:
    """Docnums of one segment (``sub``) and scores, for the query tree ``q``. ``restrict``:
    docnums the caller will intersect the result with, so phrases need check no others."""
    from index.search import DistinctRange

    if type(q) is wq.Term:
        return _term(sub, q, top_searcher)
    if isinstance(q, DistinctRange) and q.constantscore:
        ids = np.array(q._doc_ids(sub), dtype=np.int64)
        return ids, np.full(len(ids), float(q.boost))  # ListMatcher(all_weights=boost)
    if type(q) is wq.Phrase and q.slop == 1:
        return _phrase(sub, q, top_searcher, restrict)
    if type(q) in (wq.Or, wq.And) and q.subqueries:
        if type(q) is wq.Or and (q.minmatch or q.scale):
            raise Unsupported(q)
        return _compound(sub, q, top_searcher, restrict)
    if type(q) is wq.AndNot:  # AndNotMatcher: the left part's pages and scores
        ids, scores = _eval(sub, q.a, top_searcher, restrict)
        excluded, _ = _eval(sub, q.b, top_searcher, ids)
        keep = ~np.isin(ids, excluded, assume_unique=True)
        return ids[keep], scores[keep]
    if type(q) is wq.Not:  # InverseMatcher: every live page the child lacks, scoring 1.0
        live = np.fromiter(sub.reader().all_doc_ids(), dtype=np.int64)
        excluded, _ = _eval(sub, q.query, top_searcher, restrict)
        ids = live[~np.isin(live, excluded, assume_unique=True)]
        return ids, np.ones(len(ids), dtype=np.float64)
    if q is wq.NullQuery:
        return _EMPTY
    raise Unsupported(q)


def _compound(sub, q: wq.Query, top_searcher, restrict=None):
    reader = sub.reader()
    subs = q.subqueries
    if len(subs) == 1:
        return _eval(sub, subs[0], top_searcher, restrict)
    parts: list = [None] * len(subs)
    if type(q) is wq.And:
        # Everything but phrases first: a phrase is then checked only on pages the rest
        # of the AND (its word pairs, say) already allows.
        for i, s in enumerate(subs):
            if type(s) is not wq.Phrase:
                parts[i] = _eval(sub, s, top_searcher, restrict)
                restrict = parts[i][0] if restrict is None else _common(restrict, parts[i][0])
    for i, s in enumerate(subs):
        if parts[i] is None:  # pages outside ``restrict`` are dropped above us anyway
            parts[i] = _eval(sub, s, top_searcher, restrict)
    if type(q) is wq.Or and _preloaded(sub, q):
        # Whoosh's array union: each part's score times the boost, added in query order.
        ids = parts[0][0]
        for part_ids, _ in parts[1:]:
            ids = np.union1d(ids, part_ids)
        scores = np.zeros(len(ids), dtype=np.float64)
        for part_ids, part_scores in parts:
            scores[np.searchsorted(ids, part_ids)] += part_scores * q.boost
        return ids, scores
    # The tree Whoosh builds otherwise (CompoundQuery._tree_matcher, make_weighted_tree), so
    # that scores are added in the same order and come out equal to the last bit.
    if type(q) is wq.And:
        weights = [0 - s.estimate_size(reader) for s in subs]
        combine = _intersect
    else:
        weights = [s.estimate_size(reader) for s in subs]
        combine = _union
    # Equal weights keep query order (Whoosh would go on to compare matcher objects).
    items = sorted((w, i, part) for i, (w, part) in enumerate(zip(weights, parts, strict=True)))
    counter = len(items)
    while len(items) > 1:
        wa, _, a = items.pop(0)
        wb, _, b = items.pop(0)
        insort(items, (wa + wb, counter, combine(a, b)))
        counter += 1
    ids, scores = items[0][2]
    if q.boost != 1.0:
        scores = scores * q.boost
    return ids, scores


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.intersect1d(a, b, assume_unique=True)


def _phrase(sub, q: wq.Phrase, top_searcher, restrict):
    """Whoosh's Phrase (a SpanNear2 of its words, in order, adjacent): pages where the words'
    positions line up, scored as the binary tree of the words' intersection scores."""
    fieldname = q.fieldname
    schema = sub.schema
    if fieldname not in schema:
        return _EMPTY
    field = schema[fieldname]
    if not field.format or not field.format.supports("positions"):
        raise Unsupported(q)
    reader = sub.reader()
    try:
        words = [field.to_bytes(w) for w in q.words]
    except ValueError:
        return _EMPTY
    if not words or any((fieldname, w) not in reader for w in words):
        return _EMPTY
    parts = [_term(sub, wq.Term(fieldname, w), top_searcher) for w in words]
    candidates = parts[0][0] if restrict is None else _common(restrict, parts[0][0])
    for ids, _ in parts[1:]:
        candidates = _common(candidates, ids)
    found = _aligned(reader, fieldname, words, candidates)
    scores = _binary_tree_sum([p[1][np.searchsorted(p[0], found)] for p in parts])
    if q.boost != 1.0:
        scores = scores * q.boost
    return found, scores


def _aligned(reader, fieldname: str, words: list[bytes], candidates: np.ndarray) -> np.ndarray:
    """The candidates where word k sits at position p + k for some p."""
    matchers = [reader.postings(fieldname, w) for w in words]
    found = []
    for doc in candidates.tolist():
        starts = None
        for k, m in enumerate(matchers):
            if m.id() < doc:
                m.skip_to(doc)
            at = {p - k for p in m.value_as("positions")}
            starts = at if starts is None else starts & at
            if not starts:
                break
        if starts:
            found.append(doc)
    return np.array(found, dtype=np.int64)


def _binary_tree_sum(scores: list[np.ndarray]) -> np.ndarray:
    """make_binary_tree(IntersectionMatcher, ...) scoring: left half + right half."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _binary_tree_sum(scores[:half]) + _binary_tree_sum(scores[half:])


def _preloaded(sub, q: wq.Or) -> bool:
    """Whether Whoosh's Or uses its array union here rather than a tree of union matchers
    (Or._matcher, when searching without positions)."""
    if q.matcher_type == wq.Or.AUTO_MATCHER:
        n = len(q.subqueries)
        return n >= q.TOO_MANY_CLAUSES or (n != 2 and sub.doc_count_all() <= 5000)
    if q.matcher_type in (wq.Or.DEFAULT_MATCHER, wq.Or.ARRAY_MATCHER):
        return q.matcher_type == wq.Or.ARRAY_MATCHER
    raise Unsupported(q)


def _union(a, b):
    """UnionMatcher(a, b): a page in both scores a + b."""
    ids = np.union1d(a[0], b[0])
    scores = np.zeros(len(ids), dtype=np.float64)
    scores[np.searchsorted(ids, a[0])] = a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


def _intersect(a, b):
    """IntersectionMatcher(a, b): a + b."""
    ids, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return ids, a[1][ia] + b[1][ib]


def _term(sub, q: wq.Term, top_searcher):
    fieldname = q.fieldname
    schema = sub.schema
    if fieldname not in schema:
        return _EMPTY
    field = schema[fieldname]
    try:
        btext = field.to_bytes(q.text)
    except ValueError:
        return _EMPTY
    reader = sub.reader()
    if (fieldname, btext) not in reader:
        return _EMPTY
    ids, weights = _postings(reader, fieldname, btext)
    if field.scorable:
        w = top_searcher.weighting
        idf = top_searcher.idf(fieldname, btext)
        avgfl = top_searcher.avg_field_length(fieldname) or 1
        lengths = _lengths(reader, fieldname)[ids]
        k1, b = w.K1, w.B
        # whoosh.scoring.bm25, term for term and in the same order
        scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
    else:
        scores = weights  # WeightScorer: the posting weight is the score
    if q.boost != 1.0:
        scores = scores * q.boost
    return ids, scores


def union_of_terms(reader, terms) -> np.ndarray:
    """Sorted docnums of one segment having any of the ``(fieldname, bytes)`` terms."""
    blocks = [
        _postings(reader, fieldname, text)[0]
        for fieldname, text in terms
        if (fieldname, text) in reader
    ]
    return np.unique(np.concatenate(blocks)) if blocks else _EMPTY[0]


def _postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """All docnums and weights of a term in one segment, skipping deleted pages."""
    m = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(m, FilterMatcher):
        deleted, m = m._ids, m.child
    if isinstance(m, W3LeafMatcher):
        id_blocks, weight_blocks = [], []
        while m.is_active():
            m._read_ids()
            m._read_weights()
            id_blocks.append(np.asarray(m._ids, dtype=np.int64)[m._i :])
            weight_blocks.append(np.asarray(m._weights, dtype=np.float64)[m._i :])
            m._next_block()
        if not id_blocks:
            return _EMPTY
        ids, weights = np.concatenate(id_blocks), np.concatenate(weight_blocks)
    else:  # a few postings kept inline with the term
        pairs = []
        while m.is_active():
            pairs.append((m.id(), m.weight()))
            m.next()
        ids = np.array([p[0] for p in pairs], dtype=np.int64)
        weights = np.array([p[1] for p in pairs], dtype=np.float64)
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64))
        ids, weights = ids[keep], weights[keep]
    return ids, weights


def _lengths(reader, fieldname: str) -> np.ndarray:
    """The length Whoosh scores each page's field with (stored as one byte, so rounded),
    for every page of the segment; kept with the reader, which lives as long as its index
    version."""
    cache = reader.__dict__.setdefault("_evidence_lengths", {})
    if fieldname not in cache:
        perdoc = reader._perdoc
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        n = reader.doc_count_all()
        if column is None:
            raw = np.zeros(n, dtype=np.int64)
        else:
            raw = np.fromiter((column[i] or 0 for i in range(n)), dtype=np.int64, count=n)
        cache[fieldname] = _BYTE_LENGTHS[raw]
    return cache[fieldname]
