"""Search: Whoosh query syntax plus entity and amount fields, ranked by BM25F, with excerpts cut
from the exact page text so that every excerpt can be cited and verified.
"""

from __future__ import annotations

import copy
import re
from array import array
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from whoosh import query as wq
from whoosh.lang.porter import stem as porter_stem
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.common import QueryParserError

from index import engine, fastquery
from index.store import Store

EXCERPT_CHARS = 280
DEFAULT_FIELDS = ["text", "title"]


@dataclass
class Hit:
    doc_id: str
    page: int
    path: str
    title: str
    doctype: str
    score: float
    sha256: str
    excerpt: str  # exactly text[start:end] of the page
    start: int
    end: int
    highlights: list[tuple[int, int]] = field(default_factory=list)  # offsets within excerpt
    label: str | None = None
    also_on: int = 0  # twin pages of this page (index.duplicates)
    twins: list | None = None  # their citations, when asked for (expand)

    def as_json(self) -> dict:
        twins = {"twins": [t.as_json() for t in self.twins]} if self.twins is not None else {}
        return {
            "path": self.path,
            "title": self.title,
            "page": self.page,
            "score": round(self.score, 4),
            "excerpt": self.excerpt,
            "highlights": self.highlights,
            "start": self.start,
            "end": self.end,
            "sha256": self.sha256,
            "doc_id": self.doc_id,
            "type": self.doctype,
            "also_on": self.also_on,
            **twins,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)
    error: str | None = None
    hidden: int = 0  # matching twin pages left out (collapsed; dup:all shows them); not in total


class QueryError(ValueError):
    """A query that cannot be parsed; the message says how to fix it."""


_AMOUNT = re.compile(
    r"(?i)\bamount:(?P<op>>=|<=|>|<|=)?(?P<num>\$?\s?\d[\d,]*(?:\.\d+)?\s?(?:k|m|bn|b|million|billion|thousand)?)\b"
)
_AMOUNT_RANGE = re.compile(
    r"(?i)\bamount:(?P<open>[\[{])\s*(?P<lo>[^\]}]*?)\s+to\s+(?P<hi>[^\]}]*?)\s*(?P<close>[\]}])"
)


_AMOUNT_ANY = re.compile(r"(?i)\bamount:(?P<value>(?:>=|<=|>|<|=)?[^\s\[{)]+)")


def _number(text: str) -> str:
    from ingest.entities.money import parse_amount

    text = text.strip()
    if not text:
        return ""
    parsed = parse_amount(text)
    if parsed is None:
        raise QueryError(f"cannot read the amount {text!r}: write e.g. amount:>1000000 or 1.2M")
    value = parsed[0]
    return repr(float(value))


def _rewrite_amounts(qstring: str) -> str:
    """Let users write amounts as they read them: ``amount:>$1.2M``, ``amount:[500K TO 1M]``."""

    def one(m: re.Match) -> str:
        num = m.group("num")
        # The pattern may take the space after a number ("amount:>5000 OR x"): keep it.
        return f"amount:{m.group('op') or ''}{_number(num)}{num[len(num.rstrip()) :]}"

    def span(m: re.Match) -> str:
        lo, hi = _number(m.group("lo")), _number(m.group("hi"))
        return f"amount:{m.group('open')}{lo} TO {hi}{m.group('close')}"

    qstring = _AMOUNT_RANGE.sub(span, qstring)
    qstring = _AMOUNT.sub(one, qstring)
    for m in _AMOUNT_ANY.finditer(qstring):
        value = m.group("value").lstrip("<>=")
        try:
            float(value)
        except ValueError:
            raise QueryError(
                f"cannot read the amount {value!r}: write e.g. amount:>1000000, amount:>1.2M "
                "or amount:[500K TO 1M]"
            ) from None
    return qstring


def parser(ix) -> MultifieldParser:
    p = MultifieldParser(DEFAULT_FIELDS, ix.schema)
    p.add_plugin(GtLtPlugin())
    p.add_plugin(FuzzyTermPlugin())
    return p


def parse(ix, store: Store, qstring: str) -> wq.Query:
    """``qstring`` as a Whoosh query; ``ix`` is the index or a searcher (its schema is used).
    ``dup:all`` is not a filter (see :func:`search`) and is left out."""
    from index.duplicates import query_option

    qstring = query_option(qstring, True)[0]
    try:
        q = parser(ix).parse(_rewrite_amounts(qstring))
    except QueryParserError as err:
        raise QueryError(f"cannot parse the query: {err}") from err
    return _distinct_ranges(_phrase_pairs(_rewrite_entities(q, store), ix.schema))


class DistinctRange(wq.NumericRange):
    """A numeric range that lists each page once. Whoosh 2.7 unions the postings of the range's
    terms without removing repeats, and a page with two amounts in the range came out twice:
    totals counted it twice, and with another word in the query the search died on an
    assertion (seen on a 20,000-page index)."""

    # Whoosh also built the page list by walking a union of the range's terms (hundreds on a
    # large index) in Python, which took 400 ms on 20,000 pages; a set of their postings takes
    # a few.

    def _doc_ids(self, searcher) -> list[int]:
        reader = searcher.reader()
        terms = _range_terms(self._compile_query(reader), reader)
        return fastquery.union_of_terms(reader, terms).tolist()

    def matcher(self, searcher, context=None):
        if not self.constantscore or (context is not None and context.needs_current):
            return super().matcher(searcher, context)
        ids = self._doc_ids(searcher)
        if not ids:
            return NullMatcher()
        return ListMatcher(array("I", ids), all_weights=self.boost)

    def docs(self, searcher):
        if not self.constantscore:
            return iter(sorted(set(super().docs(searcher))))
        return iter(self._doc_ids(searcher))


def _range_terms(q: wq.Query, reader):
    """The index terms a compiled numeric range stands for."""
    if isinstance(q, wq.Term):
        yield q.fieldname, q.text
    elif isinstance(q, wq.TermRange):
        yield from q.expanded_terms(reader)
    else:
        for child in q.children():
            yield from _range_terms(child, reader)


def _distinct_ranges(q: wq.Query) -> wq.Query:
    def fix(sub: wq.Query) -> wq.Query:
        # A document's date is one per page; the dates written on a page are several.
        if type(sub) is wq.NumericRange or (
            isinstance(sub, wq.NumericRange) and sub.fieldname == "pagedate"
        ):
            sub = copy.copy(sub)
            sub.__class__ = DistinctRange
        return sub

    return q.accept(fix)


def _phrase_pairs(q: wq.Query, schema) -> wq.Query:
    """Phrases through the ``pairs`` field (adjacent words, see engine.PairFilter): Whoosh
    checks a phrase by walking the word positions of every page that has all its words, which
    took hundreds of milliseconds for common words. A two-word phrase is exactly its pair term;
    a longer one must have every pair, and only pages with all of them are checked. Pages rank
    by the phrase's pairs (the phrase itself only filters, boost 0), so the words' own
    postings are read only for the pages the pairs leave in doubt (fastquery._chained)."""
    if "pairs" not in schema:
        return q

    def fix(sub: wq.Query) -> wq.Query:
        if not (isinstance(sub, wq.Phrase) and sub.fieldname == "text" and sub.slop == 1):
            return sub
        words = [w.decode() if isinstance(w, bytes) else w for w in sub.words]
        pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        terms = [wq.Term("pairs", p, boost=sub.boost) for p in pairs if not engine.has_digit(p)]
        if len(words) == 2 and len(terms) == 1:
            return terms[0]
        if terms and len(terms) == len(pairs):
            sub = copy.copy(sub)
            sub.boost = 0.0
        return wq.And([*terms, sub]) if terms else sub

    return q.accept(fix)


def _text_terms(q: wq.Query):
    """(field, term) of the query, with each ``pairs`` term given as its two text words."""
    for f, t in q.iter_all_terms():
        t = t.decode() if isinstance(t, bytes) else t
        if f == "pairs" and isinstance(t, str):
            yield from (("text", w) for w in t.split(" "))
        else:
            yield f, t


def _rewrite_entities(q: wq.Query, store: Store) -> wq.Query:
    """``agency:ICE`` and ``person:"R. Tolliver"`` match pages under any alias: the index holds
    each entity's key, so user text is looked up in the alias registry first."""
    from ingest.entities.resolve import alias_key

    def fix(sub: wq.Query) -> wq.Query:
        if isinstance(sub, (wq.Wildcard, wq.Prefix, wq.FuzzyTerm)) and sub.fieldname == "text":
            # Patterns are about the words people see, not their stems.
            sub = copy.copy(sub)
            sub.fieldname = "exact"
            return sub
        if isinstance(sub, wq.Term) and sub.fieldname in engine.ENTITY_FIELDS:
            text = sub.text if isinstance(sub.text, str) else sub.text.decode()
            keys = entity_keys(store, sub.fieldname, alias_key(text))
            if not keys and sub.fieldname == "person":
                keys = compatible_people(store, text)
            if not keys:
                return sub
            return wq.Or([wq.Term(sub.fieldname, k) for k in sorted(keys)])
        return sub

    return q.accept(fix)


def entity_keys(store: Store, kind: str, key: str) -> set[str]:
    rows = store.db.execute(
        "SELECT DISTINCT e.key FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE e.kind = ? AND a.key = ? UNION SELECT key FROM entities WHERE kind = ? AND key = ?",
        (kind, key, kind, key),
    ).fetchall()
    return {r[0] for r in rows}


def compatible_people(store: Store, name: str) -> set[str]:
    """Keys of the people a partial name could be: "R. Tolliver" -> Renata J. Tolliver;
    "Whitfield" -> every Whitfield."""
    from ingest.entities.nameparts import compatible, parse_person

    wanted = parse_person(name)
    if wanted is None:
        return set()
    keys = set()
    for key, canonical in store.db.execute(
        "SELECT key, canonical FROM entities WHERE kind = 'person'"
    ):
        person = parse_person(canonical)
        if person is not None and compatible(person, wanted):
            keys.add(key)
    return keys


def search(
    data_dir: Path,
    qstring: str,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    sortedby=None,
    collapse: bool = True,
    expand: bool = False,
) -> SearchResult:
    """Run ``qstring``; ``limit`` hits from ``offset``. Raises QueryError for bad syntax.
    ``sortedby``, a Whoosh sort facet (see :mod:`index.sorting`), replaces ``sort``.
    ``collapse``: a group of duplicate pages is one hit (``dup:all`` in the query turns it off);
    ``expand``: each hit lists its twin pages."""
    from index import duplicates

    qstring, collapse = duplicates.query_option(qstring, collapse)
    with ExitStack() as stack:
        # A cached searcher: opening one costs more than most searches (see engine.searcher).
        searcher = stack.enter_context(engine.searcher(data_dir))
        if searcher is None:
            return SearchResult(qstring, 0, [], error="empty")
        store = stack.enter_context(Store(data_dir))
        q = parse(searcher, store, qstring)
        kwargs = {}
        if sortedby is not None:
            kwargs["sortedby"] = sortedby
        elif sort == "page":
            kwargs["sortedby"] = ["path", "page"]
        page = offset // max(1, limit)
        hidden = 0
        if collapse and duplicates.has_groups(store):
            total, results, hidden = duplicates.collapse(
                store,
                lambda n: _ranked(searcher, q, n, 0, kwargs),
                limit,
                page * limit,
                key=lambda r: (r["doc"], r["page"]),
            )
            hidden = duplicates.folded_pages(store, searcher, q)
            total -= hidden
        else:
            total, results = _ranked(searcher, q, limit, page * limit, kwargs)
        terms = _highlight_terms(q, searcher)
        fields = _field_constraints(q)
        hits = [_hit(store, hit, terms, fields) for hit in results]
        duplicates.annotate(store, hits, expand)
        if kwargs:  # sorted: Whoosh reports each hit's sort key as its score
            for hit in hits:
                hit.score = 0.0
        suggestions = [] if total else suggest(searcher, store, q, qstring)
        return SearchResult(qstring, total, hits, suggestions, hidden=hidden)


def _ranked(searcher, q: wq.Query, limit: int, start: int, kwargs: dict) -> tuple[int, list]:
    """(total, hits ``start`` to ``start + limit``) ranked by relevance: array scoring where it
    can (index.fastquery), else Whoosh (also when sorted)."""
    ranked = None if kwargs else fastquery.top(searcher, q, limit, start)
    if ranked is not None:
        total, top = ranked
        return total, [_StoredHit(searcher.stored_fields(d), score) for score, d in top]
    if start % max(1, limit) == 0:
        results = searcher.search_page(q, start // max(1, limit) + 1, pagelen=limit, **kwargs)
        return len(results), list(results)
    results = searcher.search(q, limit=start + limit, **kwargs)
    return len(results), list(results)[start:]


class _StoredHit(dict):
    """A hit from index.fastquery: its stored fields, and its score as Whoosh's Hit has it."""

    def __init__(self, stored: dict, score: float):
        super().__init__(stored)
        self.score = score


def _highlight_terms(q: wq.Query, searcher) -> set[str]:
    """Indexed forms to highlight: stems from the text field, whole words (prefixed with '=')
    from the exact field that wildcards and fuzzy terms search."""
    terms = q.existing_terms(searcher.reader(), phrases=True, expand=True)
    out = set()
    for f, t in terms:
        t = t.decode() if isinstance(t, bytes) else t
        if f in ("text", "title"):
            out.add(t)
        elif f == "exact":
            out.add("=" + t)
        elif f == "pairs":  # a two-word phrase (see _phrase_pairs): its words
            out.update(t.split(" "))
    return out


@dataclass
class _Fields:
    """What a query asks of the entity and amount fields, to highlight those mentions."""

    keys: set[tuple[str, str]] = field(default_factory=set)
    ranges: list[tuple[float | None, float | None]] = field(default_factory=list)


def _field_constraints(q: wq.Query) -> _Fields:
    out = _Fields()
    for sub in [q, *q.children()] if not q.is_leaf() else [q]:
        _collect(sub, out)
    return out


def _collect(q: wq.Query, out: _Fields) -> None:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.Term) and q.fieldname in engine.ENTITY_FIELDS:
        text = q.text.decode() if isinstance(q.text, bytes) else q.text
        out.keys.add((q.fieldname, text))
    elif isinstance(q, wq.NumericRange) and q.fieldname == "amount":
        out.ranges.append((q.start, q.end))
    elif not q.is_leaf():
        for child in q.children():
            _collect(child, out)


def _field_spans(store: Store, doc_id: str, page: int, fields: _Fields) -> list[tuple[int, int]]:
    """Spans of the mentions on a page that made it match ``person:``, ``agency:`` or
    ``amount:`` (those fields have no words of their own to highlight)."""
    if not fields.keys and not fields.ranges:
        return []
    spans = []
    for kind, key, value, start, end in store.db.execute(
        "SELECT m.kind, e.key, m.value, m.start, m.end FROM mentions m "
        "LEFT JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ? AND m.page = ?",
        (doc_id, page),
    ):
        if kind == "money":
            if value is not None and any(
                (lo is None or value >= lo) and (hi is None or value <= hi)
                for lo, hi in fields.ranges
            ):
                spans.append((start, end))
        elif (kind, key) in fields.keys:
            spans.append((start, end))
    return spans


def _hit(store: Store, hit, terms: set[str], fields: _Fields | None = None) -> Hit:
    doc_id, page = hit["doc"], hit["page"]
    row = store.page(doc_id, page)
    text = row["text"] if row else ""
    doc = store.document(doc_id)
    extra = _field_spans(store, doc_id, page, fields) if fields else []
    start, end, marks = excerpt_span(text, terms, extra=extra)
    return Hit(
        doc_id=doc_id,
        page=page,
        path=hit["path"],
        title=hit["title"],
        doctype=hit["type"],
        score=hit.score or 0.0,
        sha256=doc["sha256"] if doc else "",
        excerpt=text[start:end],
        start=start,
        end=end,
        highlights=[(s - start, e - start) for s, e in marks],
        label=row["label"] if row else None,
    )


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return porter_stem(word)


def term_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose indexed form is one of ``terms``.

    The text field's analysis (:func:`index.engine.analyzer`: the word pattern, lower case,
    Porter stem; a test holds the two equal), done by hand because running the analyzer
    over every hit's page cost more than the search: only words whose first letter starts a
    wanted stem are stemmed (Porter keeps the first letter), through a shared cache."""
    if not terms:
        return []
    stems = {t for t in terms if t and not t.startswith("=")}
    firsts = {t[0] for t in stems}
    spans = []
    for m in engine.WORD_PATTERN.finditer(text):
        word = m.group().lower()
        if (word[0] in firsts and _stem(word) in stems) or "=" + word in terms:
            spans.append(m.span())
    return spans


def excerpt_span(
    text: str,
    terms: set[str],
    size: int = EXCERPT_CHARS,
    extra: list[tuple[int, int]] | None = None,
) -> tuple[int, int, list[tuple[int, int]]]:
    """The window of about ``size`` characters with the most distinct matched words (and
    ``extra`` spans, such as matching mentions), snapped to word boundaries, and the match spans
    inside it."""
    spans = sorted(set(term_spans(text, terms)) | set(extra or ()))
    if not spans:
        end = _snap_end(text, min(len(text), size))
        return 0, end, []
    best, best_score = 0, -1
    for i, (s, _) in enumerate(spans):
        window = []
        for a, b in spans[i:]:
            if a > s + size:
                break  # spans are sorted by start: none further on can end inside
            if b <= s + size:
                window.append((a, b))
        words = {text[a:b].lower() for a, b in window}
        score = len(words) * 100 + len(window)
        if score > best_score:
            best, best_score = i, score
    first = spans[best][0]
    start = _snap_start(text, max(0, first - size // 4))
    end = _snap_end(text, min(len(text), start + size))
    marks = [(s, e) for s, e in spans if s >= start and e <= end]
    return start, end, marks


def _snap_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    # Prefer starting at a sentence or line start shortly before; else the next word start.
    window = text[max(0, pos - 60) : pos]
    for mark in ("\n", ". "):
        i = window.rfind(mark)
        if i != -1:
            return max(0, pos - 60) + i + len(mark)
    while pos < len(text) and not text[pos - 1].isspace():
        pos += 1
    return pos


def _snap_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    while pos > 0 and not text[pos].isspace():
        pos -= 1
    return pos


def suggest(searcher, store: Store, q: wq.Query, qstring: str) -> list[str]:
    """What to try when a query found nothing: spellings from the index for its words that are
    not in the index, else a looser form of the query (phrase as proximity, or no quotes)."""
    reader = searcher.reader()
    words = [t for f, t in _text_terms(q) if f == "text" and isinstance(t, str)]
    out: list[str] = []
    corrector = searcher.corrector("text")
    for word in dict.fromkeys(words):
        if reader.doc_frequency("text", word):
            continue
        for stem in corrector.suggest(word, limit=3, maxdist=2):
            surface = _surface_for(searcher, store, stem)
            if surface and surface.lower() != word and surface not in out:
                out.append(surface)
    if not out and '"' in qstring:
        loose = re.sub(r'"([^"]+)"(~\d+)?', r'"\1"~10', qstring)
        out.append(loose)
        out.append(qstring.replace('"', ""))
    return out[:5]


def _surface_for(searcher, store: Store, stem: str) -> str | None:
    """A real word for an indexed stem ("enforc" -> "enforcement"), taken from a page that has
    it, since the index holds only stems."""
    hits = searcher.search(wq.Term("text", stem), limit=1)
    if not hits:
        return None
    text = store.page_text(hits[0]["doc"], hits[0]["page"]) or ""
    for start, end in term_spans(text, {stem}):
        return text[start:end].lower()
    return None
