"""Every mention of an entity, with the sentence around it, and watchlists of names to count.

Nothing here ranks or truncates: a reporter asking where a person is named must get every page,
so :func:`list_mentions` returns all rows, ordered by file, page and offset.
"""

from __future__ import annotations

import csv
import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.store import Store
from ingest.entities.textkey import alias_key

ENTITY_KINDS = ("person", "agency", "org")
FUZZY_CUTOFF = 70
MAX_CANDIDATES = 5


@dataclass
class Candidate:
    entity_id: int
    kind: str
    canonical: str
    matched: str  # the alias (or canonical name) the query matched
    score: float = 100.0


@dataclass
class Resolution:
    """What a name typed by a user refers to.

    ``how``: ``canonical`` or ``alias`` (resolved: ``entity`` is set), ``ambiguous`` (several
    entities carry that name: ``candidates``), ``fuzzy`` (no exact match, ``candidates`` are
    "did you mean" suggestions, never used silently) or ``none``.
    """

    query: str
    how: str
    entity: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.entity is not None

    def message(self) -> str:
        """Why the name did not resolve, and what to type instead."""
        listed = ", ".join(f"{c.canonical} ({c.kind})" for c in self.candidates)
        if self.how == "ambiguous":
            return f"{self.query!r} names several entities: {listed}. Give the full name or --kind"
        if self.how == "fuzzy":
            return f"no entity named {self.query!r}. Did you mean: {listed}?"
        if self.ok:
            return f"{self.query!r} is {self.entity.canonical} ({self.entity.kind})"
        return f"no entity named {self.query!r}. List them with: evidence entities"


class EntityNotFound(LookupError):
    """A name that does not resolve to exactly one entity; ``resolution`` says why."""

    def __init__(self, resolution: Resolution):
        super().__init__(resolution.message())
        self.resolution = resolution


def resolve_entity(store: Store, name: str, kind: str | None = None) -> Resolution:
    """Find the entity a user means by ``name``: its canonical name or any alias, compared by
    :func:`alias_key`; else suggestions from fuzzy matching."""
    key = alias_key(name)
    if not key:
        return Resolution(name, "none")
    kinds = (kind,) if kind else ENTITY_KINDS
    marks = ",".join("?" * len(kinds))
    exact = store.db.execute(
        f"SELECT id, kind, canonical FROM entities WHERE key = ? AND kind IN ({marks})",
        (key, *kinds),
    ).fetchall()
    found = {r[0]: Candidate(r[0], r[1], r[2], r[2]) for r in exact}
    for eid, ekind, canonical, alias in store.db.execute(
        "SELECT e.id, e.kind, e.canonical, a.alias FROM aliases a JOIN entities e "
        f"ON e.id = a.entity_id WHERE a.key = ? AND e.kind IN ({marks})",
        (key, *kinds),
    ):
        found.setdefault(eid, Candidate(eid, ekind, canonical, alias))
    # A name that is one entity's canonical name and another's alias ("Whitfield" alone, and
    # an alias of "Marcus Whitfield") is ambiguous: picking one would hide the other's pages.
    if len(found) == 1:
        how = "canonical" if exact else "alias"
        return Resolution(name, how, next(iter(found.values())))
    if found:
        cands = sorted(found.values(), key=lambda c: (c.kind, c.canonical))
        return Resolution(name, "ambiguous", candidates=cands)
    if "person" in kinds:
        # A partial form of a full name ("R. Tolliver", "Tolliver") is that person when only one
        # person fits it; several fitting people are listed, never guessed between.
        fits = _compatible_people(store, name)
        if len(fits) == 1:
            return Resolution(name, "partial", fits[0])
        if fits:
            return Resolution(name, "ambiguous", candidates=fits)
    cands = _fuzzy(store, key, kinds)
    return Resolution(name, "fuzzy" if cands else "none", candidates=cands)


def _compatible_people(store: Store, name: str) -> list[Candidate]:
    from index.search import compatible_people

    keys = compatible_people(store, name)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = store.db.execute(
        f"SELECT id, kind, canonical FROM entities WHERE kind = 'person' AND key IN ({marks}) "
        "ORDER BY canonical",
        tuple(keys),
    ).fetchall()
    return [Candidate(r[0], r[1], r[2], r[2]) for r in rows]


def _fuzzy(store: Store, key: str, kinds: tuple[str, ...]) -> list[Candidate]:
    from rapidfuzz import fuzz, process

    marks = ",".join("?" * len(kinds))
    by_key: dict[str, list[tuple[int, str, str, str]]] = {}
    for eid, ekind, canonical, alias, akey in store.db.execute(
        "SELECT e.id, e.kind, e.canonical, a.alias, a.key FROM aliases a JOIN entities e "
        f"ON e.id = a.entity_id WHERE e.kind IN ({marks}) "
        f"UNION SELECT id, kind, canonical, canonical, key FROM entities WHERE kind IN ({marks})",
        (*kinds, *kinds),
    ):
        by_key.setdefault(akey, []).append((eid, ekind, canonical, alias))
    best: dict[int, Candidate] = {}
    for akey, score, _ in process.extract(
        key, list(by_key), scorer=fuzz.WRatio, limit=50, score_cutoff=FUZZY_CUTOFF
    ):
        for eid, ekind, canonical, alias in by_key[akey]:
            if eid not in best or best[eid].score < score:
                best[eid] = Candidate(eid, ekind, canonical, alias, round(score, 1))
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.canonical))
    return ranked[:MAX_CANDIDATES]


def require_entity(store: Store, name: str, kind: str | None = None) -> Candidate:
    """The entity ``name`` resolves to, or :class:`EntityNotFound`."""
    res = resolve_entity(store, name, kind)
    if not res.ok:
        raise EntityNotFound(res)
    return res.entity


# -- where a document is cited from ---------------------------------------------------------


def doc_path(store: Store, doc_id: str) -> str:
    """The path shown in citations: relative to the ingested folder; an attachment is
    ``parent path > attachment name``."""
    path = store.primary_path(doc_id)
    if path is not None:
        return path["relpath"]
    doc = store.document(doc_id)
    if doc is None:
        return doc_id
    name = json.loads(doc["metadata"] or "{}").get("filename") or doc_id
    if doc["parent_id"] and doc["parent_id"] != doc_id:
        return f"{doc_path(store, doc['parent_id'])} > {name}"
    return name


# -- context ----------------------------------------------------------------------------------

# Words whose trailing period does not end a sentence ("Ms. Tolliver", "U.S. Marshals").
_ABBREVIATION_WORDS = (
    "mr mrs ms dr st jr sr no nos inc co corp ltd llc dept gov rep sen hon sgt lt capt det "
    "ofc cmdr supt asst sec art vol pp p fig est approx vs v u.s u.k e.g i.e etc jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s+\S)")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")


def sentence_bounds(text: str) -> tuple[list[int], list[int]]:
    """Sorted sentence start and end offsets of ``text`` (paragraph breaks end sentences too)."""
    starts, ends = [0], [len(text)]
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"(\S+)$", text[max(0, m.start() - 40) : m.start()])
        token = word.group(1).lower().strip("\"'([") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        ends.append(m.end())
        nxt = m.end()
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        starts.append(nxt)
    for m in _PARAGRAPH.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    return sorted(set(starts)), sorted(set(ends))


def context_span(
    text: str, start: int, end: int, size: int = 120, bounds: tuple | None = None
) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` when it is at most about ``2 * size`` characters,
    else ``size`` characters either side, cut at word boundaries. Always contains the span."""
    starts, ends = bounds or sentence_bounds(text)
    s = starts[bisect_right(starts, start) - 1]
    e = ends[bisect_left(ends, end)]
    if e - s > 2 * size + (end - start):
        s, e = _window(text, start, end, size)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def _window(text: str, start: int, end: int, size: int) -> tuple[int, int]:
    s = max(0, start - size)
    if s > 0 and not text[s - 1].isspace():
        while s < start and not text[s].isspace():
            s += 1
    e = min(len(text), end + size)
    if e < len(text) and not text[e].isspace():
        while e > end and not text[e - 1].isspace():
            e -= 1
    return s, e


# -- mentions ---------------------------------------------------------------------------------


@dataclass
class MentionRow:
    entity_id: int
    entity: str  # canonical name
    kind: str
    doc_id: str
    path: str
    title: str
    page: int
    start: int
    end: int
    text: str  # the surface, exactly page_text[start:end]
    context: str  # exactly page_text[context_start:context_start + len(context)]
    context_start: int
    method: str
    sha256: str
    label: str | None = None
    score: float | None = None  # 0-100 for an approximate OCR match (method "fuzzy")

    @property
    def span_in_context(self) -> tuple[int, int]:
        return self.start - self.context_start, self.end - self.context_start

    def as_json(self) -> dict:
        out = asdict(self)
        out["span_in_context"] = list(self.span_in_context)
        return out


def list_mentions(
    store: Store, entity_id: int, context: int = 120, one_per_group: bool = False
) -> list[MentionRow]:
    """Every mention of the entity, ordered by document path, page and offset; with
    ``one_per_group``, of a group of duplicate pages only the first page's (index.duplicates)."""
    rows = store.db.execute(
        "SELECT m.doc_id, m.page, m.start, m.end, m.text, m.method, m.score, e.id AS eid, "
        "e.canonical, "
        "e.kind, d.title, d.sha256 FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ?",
        (entity_id,),
    ).fetchall()
    paths: dict[str, str] = {}
    pages: dict[tuple[str, int], tuple[str, str | None, tuple]] = {}
    out: list[MentionRow] = []
    seen: set[tuple[str, int, int, int]] = set()
    for r in rows:
        ident = (r["doc_id"], r["page"], r["start"], r["end"])
        if ident in seen:  # the same span found by two methods is one mention
            continue
        seen.add(ident)
        if r["doc_id"] not in paths:
            paths[r["doc_id"]] = doc_path(store, r["doc_id"])
        where = (r["doc_id"], r["page"])
        if where not in pages:
            prow = store.page(*where)
            text = prow["text"] if prow else ""
            pages[where] = (text, prow["label"] if prow else None, sentence_bounds(text))
        text, label, bounds = pages[where]
        cs, ce = context_span(text, r["start"], r["end"], context, bounds)
        out.append(
            MentionRow(
                entity_id=r["eid"],
                entity=r["canonical"],
                kind=r["kind"],
                doc_id=r["doc_id"],
                path=paths[r["doc_id"]],
                title=r["title"] or "",
                page=r["page"],
                start=r["start"],
                end=r["end"],
                text=r["text"],
                context=text[cs:ce],
                context_start=cs,
                method=r["method"],
                sha256=r["sha256"],
                label=label,
                score=r["score"],
            )
        )
    out.sort(key=lambda m: (m.path, m.doc_id, m.page, m.start, m.end))
    if one_per_group:
        from index.duplicates import one_per_group as first_of_groups

        out = first_of_groups(store, out, key=lambda m: (m.doc_id, m.page))
    return out


# -- entity listing ---------------------------------------------------------------------------


@dataclass
class EntitySummary:
    entity_id: int
    kind: str
    canonical: str
    aliases: list[str]
    mentions: int
    documents: int
    pages: int


def entity_summaries(store: Store, kind: str | None = None) -> list[EntitySummary]:
    """People, agencies and organisations with their aliases and how often they are named."""
    kinds = (kind,) if kind else ENTITY_KINDS
    marks = ",".join("?" * len(kinds))
    aliases: dict[int, list[str]] = {}
    for eid, alias in store.db.execute("SELECT entity_id, alias FROM aliases ORDER BY alias"):
        aliases.setdefault(eid, []).append(alias)
    out = []
    for r in store.db.execute(
        "SELECT e.id, e.kind, e.canonical, COUNT(DISTINCT m.doc_id || ':' || m.page || ':' || "
        "m.start || ':' || m.end), COUNT(DISTINCT m.doc_id), COUNT(DISTINCT m.doc_id || ':' || "
        "m.page) FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id "
        f"WHERE e.kind IN ({marks}) GROUP BY e.id",
        kinds,
    ):
        names = [a for a in aliases.get(r[0], []) if a != r[2]]
        out.append(EntitySummary(r[0], r[1], r[2], names, r[3], r[4], r[5]))
    out.sort(key=lambda e: (e.kind, -e.mentions, e.canonical.lower()))
    return out


@dataclass
class MoneySummary:
    value: float
    currency: str
    display: str
    surfaces: list[str]
    mentions: int
    pages: list[str]  # "path p.N"


def money_summaries(store: Store) -> list[MoneySummary]:
    """Every amount of money, grouped by value and currency, with the pages it is written on."""
    from ingest.entities.money import format_money

    groups: dict[tuple[float, str], MoneySummary] = {}
    paths: dict[str, str] = {}
    for doc_id, page, text, value, currency in store.db.execute(
        "SELECT doc_id, page, text, value, currency FROM mentions WHERE kind = 'money' "
        "AND value IS NOT NULL ORDER BY value, doc_id, page, start"
    ):
        currency = currency or ""
        group = groups.get((value, currency))
        if group is None:
            display = format_money(value, currency) if currency else f"{value:,.2f}"
            group = groups[(value, currency)] = MoneySummary(value, currency, display, [], 0, [])
        if doc_id not in paths:
            paths[doc_id] = doc_path(store, doc_id)
        surface = " ".join(text.split())
        if surface not in group.surfaces:
            group.surfaces.append(surface)
        where = f"{paths[doc_id]} p.{page}"
        if where not in group.pages:
            group.pages.append(where)
        group.mentions += 1
    return sorted(groups.values(), key=lambda g: (-g.value, g.currency))


# -- watchlists -------------------------------------------------------------------------------

MAX_NAME_CHARS = 200
_HEADER_NAMES = frozenset({"name", "names", "entity", "watch", "watchlist"})


@dataclass
class WatchItem:
    name: str
    aliases: list[str] = field(default_factory=list)
    line: int = 0
    error: str | None = None


def read_watchlist(path: Path) -> list[WatchItem]:
    """Names to watch: one per line, or CSV rows ``name,alias1,alias2`` (``.csv`` files, or any
    file whose first row is a ``name,...`` header). Blank lines and ``#`` comments are skipped;
    a line that cannot be read becomes an item with ``error`` set, never a failed list."""
    path = Path(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    content = [(n, line) for n, line in enumerate(lines, 1) if _is_content(line)]
    is_csv = path.suffix.lower() == ".csv" or (bool(content) and _looks_like_header(content[0][1]))
    items: list[WatchItem] = []
    for i, (n, line) in enumerate(content):
        if is_csv and i == 0 and _looks_like_header(line):
            continue
        items.append(_csv_item(n, line) if is_csv else _plain_item(n, line))
    return items


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _looks_like_header(line: str) -> bool:
    first = line.split(",", 1)[0].strip().strip('"').lower()
    return first in _HEADER_NAMES


def _plain_item(n: int, line: str) -> WatchItem:
    name = " ".join(line.split())
    return WatchItem(name, [], n, _name_problem(name))


def _csv_item(n: int, line: str) -> WatchItem:
    try:
        cells = next(csv.reader([line], strict=True, skipinitialspace=True))
    except csv.Error as err:
        return WatchItem(line.strip(), [], n, f"line {n}: cannot read it as CSV ({err})")
    cells = [" ".join(c.split()) for c in cells]
    name, aliases = (cells[0] if cells else ""), [c for c in cells[1:] if c]
    error = _name_problem(name)
    if error is None:
        bad = [a for a in aliases if _name_problem(a)]
        if bad:
            error = f"alias {bad[0]!r}: {_name_problem(bad[0])}"
    return WatchItem(name, aliases, n, f"line {n}: {error}" if error else None)


def _name_problem(name: str) -> str | None:
    if not name:
        return "no name before the first comma"
    if "\ufffd" in name:
        return "not valid UTF-8 text (save the list as UTF-8)"
    if len(name) > MAX_NAME_CHARS:
        return f"longer than {MAX_NAME_CHARS} characters: is this a name?"
    if not alias_key(name) or not any(ch.isalpha() for ch in name):
        return "no letters in it"
    return None


@dataclass
class WatchCount:
    name: str
    entities: list[str]  # canonical names the item resolved to
    mentions: int
    documents: int
    error: str | None = None
    line: int = 0
    entity_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # aliases that matched nothing

    @property
    def entity(self) -> str:
        return "; ".join(self.entities)


def watchlist_counts(
    store: Store, items: list[WatchItem], kind: str | None = None
) -> list[WatchCount]:
    """Mentions and documents per watched name. A name and its listed aliases count together
    (every entity they resolve to exactly); a name that does not resolve says why in ``error``."""
    out = []
    for item in items:
        if item.error:
            out.append(WatchCount(item.name, [], 0, 0, item.error, item.line))
            continue
        ids: dict[int, str] = {}
        problems = []
        for name in (item.name, *item.aliases):
            res = resolve_entity(store, name, kind)
            if res.ok:
                ids.setdefault(res.entity.entity_id, res.entity.canonical)
            else:
                problems.append(res.message())
        if not ids:
            out.append(WatchCount(item.name, [], 0, 0, problems[0], item.line))
            continue
        marks = ",".join("?" * len(ids))
        mentions, documents = store.db.execute(
            "SELECT COUNT(DISTINCT doc_id || ':' || page || ':' || start || ':' || end), "
            f"COUNT(DISTINCT doc_id) FROM mentions WHERE entity_id IN ({marks})",
            tuple(ids),
        ).fetchone()
        out.append(
            WatchCount(
                item.name,
                list(ids.values()),
                mentions,
                documents,
                None,
                item.line,
                list(ids),
                problems,
            )
        )
    return out
