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

import zlib
from bisect import insort
from contextvars import ContextVar
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from index.engine import has_digit

_BYTE_LENGTHS = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float64)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
# Postings read during one query (see _postings_values), keyed by (reader, field, term).
_MEMO: ContextVar[dict | None] = ContextVar("fastquery_postings", default=None)


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
    token = _MEMO.set({})
    try:
        parts = [_eval(sub, q, searcher) for sub, _ in subsearchers]
    finally:
        _MEMO.reset(token)
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
                restrict = parts[i][0] if restrict is None else common(restrict, parts[i][0])
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


def common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted docnums in both sorted arrays of unique docnums."""
    return np.intersect1d(a, b, assume_unique=True)


def union_all(arrays: list[np.ndarray]) -> np.ndarray:
    """Sorted unique docnums in any of the arrays."""
    return np.unique(np.concatenate(arrays)) if arrays else _EMPTY[0]


def _phrase(sub, q: wq.Phrase, top_searcher, restrict):
    """Whoosh's Phrase (a SpanNear2 of its words, in order, adjacent): pages where the words'
    positions line up, scored as the binary tree of the words' intersection scores. With
    ``boost == 0`` (search.py ranks phrases by their word pairs) the words' scores are not
    needed, and the words' postings are read only for pages their pairs leave in doubt."""
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
    pairs = _pair_postings(reader, fieldname, words)
    scored = q.boost != 0
    if pairs == []:
        return _EMPTY  # a pair of its words is nowhere
    if scored or pairs is None:
        for w in words:  # with positions, for _aligned; _term then finds them read
            _postings_values(reader, fieldname, w)
        parts = [_term(sub, wq.Term(fieldname, w), top_searcher) for w in words]
        candidates = parts[0][0] if restrict is None else common(restrict, parts[0][0])
        for ids, _ in parts[1:]:
            candidates = common(candidates, ids)
    else:  # every page with all the pairs has all the words
        candidates = pairs[0][0] if restrict is None else common(restrict, pairs[0][0])
        for ids, _ in pairs[1:]:
            candidates = common(candidates, ids)
    sure = _chained(reader, fieldname, words, candidates, pairs)
    found = np.union1d(candidates[sure], _aligned(reader, fieldname, words, candidates[~sure]))
    if not scored:
        return found, np.zeros(len(found), dtype=np.float64)
    scores = _binary_tree_sum([p[1][np.searchsorted(p[0], found)] for p in parts])
    if q.boost != 1.0:
        scores = scores * q.boost
    return found, scores


def _pair_postings(reader, fieldname: str, words: list[bytes]):
    """Docnums and counts of each adjacent pair of the words in the ``pairs`` field (see
    engine.PairFilter); [] when a pair is in no page; None when the pairs cannot be used (not
    the text field, an index without pairs, pairs with digits, which are not indexed)."""
    if fieldname != "text" or len(words) < 2 or "pairs" not in reader.schema:
        return None
    texts = [w.decode() for w in words]
    if any(has_digit(w) for w in texts):
        return None
    field = reader.schema["pairs"]
    out = []
    for a, b in zip(texts, texts[1:], strict=False):
        pair = field.to_bytes(f"{a} {b}")
        if ("pairs", pair) not in reader:
            return []
        out.append(_postings(reader, "pairs", pair))
    return out


def _chained(reader, fieldname, words: list[bytes], candidates: np.ndarray, pairs) -> np.ndarray:
    """Which candidates surely hold the phrase, without reading positions. Each must have
    every adjacent pair of the phrase's words (``pairs``, from _pair_postings, with how often
    each pair occurs). Then in "a b c", the pairs "a b" and "b c" mark "b"s preceded by "a" and
    "b"s followed by "c"; if there are more such marks than "b"s, one "b" has both. In a longer
    phrase each inner word must occur once, so the pairs chain."""
    sure = np.zeros(len(candidates), dtype=bool)
    if not pairs or len(set(words)) != len(words):
        return sure  # repeated words need positions
    counts = []
    for ids, freqs in pairs:
        at = np.minimum(np.searchsorted(ids, candidates), len(ids) - 1)
        counts.append(np.where(ids[at] == candidates, freqs[at], 0))
    sure[:] = np.all([c > 0 for c in counts], axis=0)
    for i, w in enumerate(words[1:-1], start=1):
        # with positions: they are in the same blocks, and _aligned may want them next
        ids, freqs, _ = _postings_values(reader, fieldname, w)
        count = freqs[np.searchsorted(ids, candidates)]  # every candidate has every word
        if len(words) == 3:
            sure &= counts[i - 1] + counts[i] > count
        else:
            sure &= count == 1
    return sure


def _aligned(reader, fieldname: str, words: list[bytes], candidates: np.ndarray) -> np.ndarray:
    """The candidates where word k sits at position p + k for some p."""
    if not len(candidates):
        return candidates
    docs = candidates.tolist()
    positions = [_positions(reader, fieldname, w, docs) for w in words]
    found = []
    for i, doc in enumerate(docs):
        starts = set(positions[0][i])
        for k in range(1, len(words)):
            starts.intersection_update([p - k for p in positions[k][i]])
            if not starts:
                break
        if starts:
            found.append(doc)
    return np.array(found, dtype=np.int64)


def _positions(reader, fieldname: str, word: bytes, docs: list[int]) -> list[list[int]]:
    """The word's positions in each of ``docs`` (sorted, all having the word)."""
    ids, _, values = _postings_values(reader, fieldname, word)
    return [_decode_positions(values[i]) for i in np.searchsorted(ids, docs).tolist()]


def _decode_positions(value: bytes) -> list[int]:
    # formats.Positions.decode_positions: a count, then the pickled gaps between positions
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(loads(value[4:])))


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
    return union_all(blocks)


def _postings(reader, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """All docnums and weights of a term in one segment, skipping deleted pages."""
    ids, weights, _ = _postings_values(reader, fieldname, btext, values=False)
    return ids, weights


def _postings_values(reader, fieldname: str, btext: bytes, values: bool = True):
    """Docnums, weights and (with ``values``) the encoded posting values (positions) of a
    term in one segment, skipping deleted pages; kept for the rest of the query, which may
    ask for the same term again (a phrase's words, then their positions)."""
    memo = _MEMO.get()
    key = (id(reader), fieldname, btext)
    if memo is not None and key in memo and (memo[key][2] is not None or not values):
        return memo[key]
    m = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(m, FilterMatcher):
        deleted, m = m._ids, m.child
    vals: list | None = [] if values else None
    if isinstance(m, W3LeafMatcher):
        id_blocks, weight_blocks = [], []
        for ids, weights, block_values in _blocks(m):
            id_blocks.append(ids)
            weight_blocks.append(weights)
            if vals is not None:
                vals.extend(block_values)
        if not id_blocks:
            return _EMPTY[0], _EMPTY[1], vals
        ids, weights = np.concatenate(id_blocks), np.concatenate(weight_blocks)
    else:  # a few postings kept inline with the term
        triples = []
        while m.is_active():
            triples.append((m.id(), m.weight(), m.value() if values else None))
            m.next()
        ids = np.array([t[0] for t in triples], dtype=np.int64)
        weights = np.array([t[1] for t in triples], dtype=np.float64)
        if vals is not None:
            vals = [t[2] for t in triples]
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64))
        ids, weights = ids[keep], weights[keep]
        if vals is not None:
            vals = [v for v, k in zip(vals, keep.tolist(), strict=True) if k]
    if memo is not None:
        memo[key] = (ids, weights, vals)
    return ids, weights, vals


def _blocks(m: W3LeafMatcher):
    """(docnums, weights, values) of each block of a term's postings, read as
    W3LeafMatcher._read_data/_read_ids/_read_weights read them, with arrays instead of a
    Python loop per posting."""
    while m.is_active():
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        if m._compression:
            raw = zlib.decompress(raw)
        deltas, weights, values = loads(raw)
        n = m._blocklength
        ids = np.cumsum(np.array(deltas, dtype=np.int64))  # delta_decode
        if weights is None:
            w = np.ones(n, dtype=np.float64)
        elif isinstance(weights, float):
            w = np.full(n, weights, dtype=np.float64)
        else:
            w = np.array(weights, dtype=np.float64)
        start = m._i
        if not isinstance(values, tuple):  # fixed-size or no values: none wanted here
            values = (None,) * n
        yield ids[start:], w[start:], values[start:]
        m._next_block()


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
        elif isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
            # One byte a page, stored in a row: read at once (pages past the end are 0).
            stored = column._dbfile.get(column._basepos, min(column._count, n))
            raw = np.zeros(n, dtype=np.int64)
            raw[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        else:
            raw = np.fromiter((column[i] or 0 for i in range(n)), dtype=np.int64, count=n)
        cache[fieldname] = _BYTE_LENGTHS[raw]
    return cache[fieldname]
