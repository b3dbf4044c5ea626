"""Search: Whoosh query syntax plus entity and amount fields, ranked by BM25F, with excerpts cut
from the exact page text so that every excerpt can be cited and verified.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.common import QueryParserError

from index import engine
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

    def as_json(self) -> dict:
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
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)
    error: str | None = None


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
        return f"amount:{m.group('op') or ''}{_number(m.group('num'))}"

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
    try:
        q = parser(ix).parse(_rewrite_amounts(qstring))
    except QueryParserError as err:
        raise QueryError(f"cannot parse the query: {err}") from err
    return _rewrite_entities(q, store)


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
) -> SearchResult:
    """Run ``qstring``; ``limit`` hits from ``offset``. Raises QueryError for bad syntax.
    ``sortedby``, a Whoosh sort facet (see :mod:`index.sorting`), replaces ``sort``."""
    ix = engine.open_index(data_dir, create=False)
    if ix is None:
        return SearchResult(qstring, 0, [], error="empty")
    with Store(data_dir) as store, ix.searcher() as searcher:
        q = parse(ix, store, qstring)
        kwargs = {}
        if sortedby is not None:
            kwargs["sortedby"] = sortedby
        elif sort == "page":
            kwargs["sortedby"] = ["path", "page"]
        results = searcher.search_page(q, offset // max(1, limit) + 1, pagelen=limit, **kwargs)
        terms = _highlight_terms(q, searcher)
        fields = _field_constraints(q)
        hits = [_hit(store, hit, terms, fields) for hit in results]
        if kwargs:  # sorted: Whoosh reports each hit's sort key as its score
            for hit in hits:
                hit.score = 0.0
        total = len(results)
        suggestions = [] if total else suggest(searcher, store, q, qstring)
        return SearchResult(qstring, total, hits, suggestions)


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


def term_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose indexed form is one of ``terms``."""
    if not terms:
        return []
    ana = engine.analyzer()
    words = any(t.startswith("=") for t in terms)
    return [
        (t.startchar, t.endchar)
        for t in ana(text, chars=True, mode="index")
        if t.text in terms or (words and "=" + text[t.startchar : t.endchar].lower() in terms)
    ]


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
        words = {text[a:b].lower() for a, b in spans[i:] if b <= s + size}
        inside = sum(1 for a, b in spans[i:] if b <= s + size)
        score = len(words) * 100 + inside
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
    words = [
        t.decode() if isinstance(t, bytes) else t
        for f, t in q.iter_all_terms()
        if f == "text" and isinstance(t, (str, bytes))
    ]
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
