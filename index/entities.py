"""Corpus-wide entities: merge the tagger's per-page mentions into people, agencies and
organisations, sweep every known alias across all pages, replay hand corrections, and keep the
Whoosh entity fields of each page in step.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from functools import cache
from importlib import resources

from index import entity_sweep
from index.dates import document_date
from index.engine import PageDoc
from index.store import Store, now
from ingest import timing
from ingest.entities.resolve import (
    alias_key,
    cluster_agencies,
    cluster_orgs,
    cluster_people,
    resolve_document,
)
from ingest.entities.sweep import Sweeper, sweep_aliases
from ingest.records import Mention

KINDS = ("person", "agency", "org")
CLUSTER = {"person": cluster_people, "agency": cluster_agencies, "org": cluster_orgs}
DIRTY_KEY = "entities_dirty"
# Set when documents are deleted: the spelling counts are then rebuilt from every mention.
SURFACES_STALE = "surfaces_stale"


def mark_dirty(store: Store) -> None:
    store.set_meta(DIRTY_KEY, "1")


@cache
def gazetteer() -> dict[str, list[str]]:
    """Canonical agency name -> its acronym and aliases, from the shipped gazetteer."""
    out: dict[str, list[str]] = {}
    try:
        text = resources.files("ingest").joinpath("data/agencies.jsonl").read_text("utf-8")
    except FileNotFoundError:
        return out
    for line in text.splitlines():
        if line.strip():
            row = json.loads(line)
            names = [row.get("acronym") or "", *row.get("aliases", [])]
            out[row["canonical"]] = [n for n in names if n]
    return out


def refresh(store: Store, force: bool = False, full: bool = False) -> set[tuple[str, int]]:
    """Recompute entities and sweep mentions when documents or corrections changed since the
    last refresh (``force``: even when nothing did). Returns the pages whose entity fields
    changed (they are marked unindexed).

    The work is in proportion to what changed: short forms are joined once per new document,
    the clustering reads name counts, and only new pages and pages holding a changed alias are
    swept (:mod:`index.entity_sweep`). ``full`` redoes every document and page, with the same
    result."""
    db = store.db
    if not force and not full and store.get_meta(DIRTY_KEY) == "0":
        new_pages = db.execute("SELECT COUNT(*) FROM pages WHERE indexed = 0").fetchone()[0]
        if new_pages == 0:
            return set()
    with store.transaction():
        if full:
            db.execute("UPDATE pages SET swept = 0")
            db.execute("DELETE FROM sweep_keys")
            db.execute("DELETE FROM entity_names")
        _resolve_new_documents(db)
        # Empty: a data folder from before the table existed (or a first run, where it is cheap).
        empty = db.execute("SELECT 1 FROM surfaces LIMIT 1").fetchone() is None
        _count_surfaces(db, rebuild=full or empty or store.get_meta(SURFACES_STALE) == "1")
        canon = _cluster(db)
        _apply_corrections(db, canon)
        entity_ids, renamed = _write_entities(db, canon)
        kinds = {eid: kind for (kind, _), eid in entity_ids.items()}
        canonical = {eid: name for (_, name), eid in entity_ids.items()}
        patterns = _sweep_patterns(db, kinds, canonical)
        sweeper = Sweeper(patterns)
        with timing.timed("sweep"):
            swept = entity_sweep.pages_to_sweep(db, store.data_dir, sweeper)
        # The pages whose Whoosh entity fields may change, compared before and after.
        touched = swept | _moving_pages(db)
        before = _page_entity_keys(db, indexed_only=True, pages=touched)
        _move_mentions(db)
        with timing.timed("sweep"):
            entity_sweep.sweep_pages(db, sweeper, canonical, swept)
            touched |= entity_sweep.fuzzy_pages(db, patterns, canonical, swept)
        db.executemany(
            "UPDATE mentions SET norm = ? WHERE entity_id = ? AND method IN ('sweep', 'fuzzy')",
            renamed,
        )
        db.execute("UPDATE pages SET swept = 1 WHERE swept = 0")
        db.execute(
            "DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions "
            "WHERE entity_id IS NOT NULL)"
        )
        after = _page_entity_keys(db, indexed_only=True, pages=touched)
        # Only pages already in Whoosh need rewriting; unindexed ones are written afterwards
        # anyway. Marked in the same transaction as "refresh done", so a crash cannot leave
        # stale entity fields in Whoosh.
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        db.executemany("UPDATE pages SET indexed = 0 WHERE doc_id = ? AND page = ?", list(changed))
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '0')", (DIRTY_KEY,))
    return changed


# The tagger's own person/agency/org mentions (not the sweep's); once resolved, only they
# have a resolved name, which the index on (kind, resolved) answers without reading rows.
_TAGGER = "kind IN ('person', 'agency', 'org') AND method NOT IN ('sweep', 'fuzzy')"
_RESOLVED = "kind IN ('person', 'agency', 'org') AND resolved IS NOT NULL"


def _resolve_new_documents(db: sqlite3.Connection) -> None:
    """Give each tagger mention of a new document (one with pages not yet swept) the name it
    has after joining short forms to full names in its document."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS new_docs (doc_id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.new_docs")
    db.execute("INSERT INTO temp.new_docs SELECT DISTINCT doc_id FROM pages WHERE swept = 0")
    docs = [r[0] for r in db.execute("SELECT doc_id FROM temp.new_docs")]
    updates = []
    for doc_id in docs:
        pages: dict[int, list[tuple[int, Mention]]] = defaultdict(list)
        for r in db.execute(
            "SELECT id, page, kind, start, end, text, norm, method, acronym FROM mentions "
            f"WHERE doc_id = ? AND {_TAGGER} ORDER BY page, start",
            (doc_id,),
        ):
            m = Mention(r["kind"], r["start"], r["end"], r["text"], r["norm"], r["method"])
            m.acronym = r["acronym"]
            pages[r["page"]].append((r["id"], m))
        joined = resolve_document({page: [m for _, m in items] for page, items in pages.items()})
        for page, items in pages.items():
            for (mid, _), m in zip(items, joined[page], strict=True):
                updates.append((m.norm, mid))
    db.executemany("UPDATE mentions SET resolved = ? WHERE id = ?", updates)


def _count_surfaces(db: sqlite3.Connection, rebuild: bool) -> None:
    """Add the new documents' spellings to ``surfaces`` (each distinct spelling of a resolved
    name, how often and where first); rebuilt from every mention after documents left."""
    if rebuild:
        db.execute("DELETE FROM surfaces")
        where = _RESOLVED
    else:
        where = f"doc_id IN (SELECT doc_id FROM temp.new_docs) AND {_RESOLVED}"
    db.execute(
        "INSERT INTO surfaces(kind, resolved, norm, text, acronym, n, first) "
        "SELECT kind, resolved, norm, text, COALESCE(acronym, ''), COUNT(*), "
        "MIN(printf('%s %09d %09d', doc_id, page, start)) FROM mentions "
        f"WHERE {where} GROUP BY 1, 2, 3, 4, 5 "
        "ON CONFLICT DO UPDATE SET n = n + excluded.n, first = MIN(first, excluded.first)"
    )
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '0')", (SURFACES_STALE,))


def _cluster(db: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """kind -> resolved name -> canonical name, from the corpus's name counts."""
    counts: dict[str, dict[str, int]] = {k: {} for k in KINDS}
    for kind, name, n in db.execute(
        "SELECT kind, resolved, SUM(n) FROM surfaces GROUP BY kind, resolved "
        "ORDER BY kind, resolved"
    ):
        counts[kind][name] = n
    acronyms = sorted(
        tuple(r)
        for r in db.execute(
            "SELECT DISTINCT acronym, resolved FROM surfaces WHERE kind = 'agency' "
            "AND acronym != ''"
        )
    )
    out = {}
    for kind in KINDS:
        if not counts[kind]:
            out[kind] = {}
        elif kind == "agency":
            out[kind] = cluster_agencies(counts[kind], acronyms=acronyms)
        else:
            out[kind] = CLUSTER[kind](counts[kind])
    return out


def _apply_corrections(db: sqlite3.Connection, canon: dict[str, dict[str, str]]) -> None:
    """Replay hand merges and splits, in the order they were made, on the automatic result."""
    for c in db.execute("SELECT action, kind, a, b FROM corrections ORDER BY id"):
        names = canon.get(c["kind"], {})
        if c["action"] == "merge":
            target = _canonical_for(names, c["a"])
            source = _canonical_for(names, c["b"])
            if target and source and target != source:
                for name, value in names.items():
                    if value == source:
                        names[name] = target
        elif c["action"] == "split":
            for name in names:
                if alias_key(name) == c["b"]:
                    names[name] = name


def _canonical_for(names: dict[str, str], key: str) -> str | None:
    for name, value in names.items():
        if alias_key(name) == key or alias_key(value) == key:
            return value
    return None


def _write_entities(
    db: sqlite3.Connection, canon
) -> tuple[dict[tuple[str, str], int], list[tuple[str, int]]]:
    """Entity rows for the canonical names (ids kept by key) and every alias rebuilt; each
    resolved name's entity in ``entity_names``, those that changed in ``temp.moved_names``.
    Returns the ids and the (new canonical, id) of renamed entities."""
    ids: dict[tuple[str, str], int] = {}
    db.execute("DELETE FROM aliases")
    aliases: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    existing = {
        (kind, key): (eid, name)
        for eid, kind, key, name in db.execute("SELECT id, kind, key, canonical FROM entities")
    }
    renamed = []
    for kind in KINDS:
        for canonical in sorted(set(canon[kind].values())):
            key = alias_key(canonical)
            if (kind, key) in existing:
                entity_id, name = existing[(kind, key)]
                if name != canonical:
                    renamed.append((canonical, entity_id))
            else:
                entity_id = db.execute(
                    "INSERT INTO entities(kind, canonical, key) VALUES (?,?,?)",
                    (kind, canonical, key),
                ).lastrowid
                existing[(kind, key)] = (entity_id, canonical)
            ids[(kind, canonical)] = entity_id
            aliases[entity_id][key] = (canonical, "found")
            if kind == "agency":
                for alias in gazetteer().get(canonical, []):
                    aliases[entity_id].setdefault(alias_key(alias), (alias, "gazetteer"))
    db.executemany("UPDATE entities SET canonical = ? WHERE id = ?", renamed)
    # Each spelling once, in the order of its first appearance in the corpus (which surface
    # an alias key shows does not depend on the order documents arrived in).
    for kind, resolved, norm, text, acronym in db.execute(
        "SELECT kind, resolved, norm, text, acronym FROM surfaces ORDER BY first"
    ):
        entity_id = ids[(kind, canon[kind][resolved])]
        for surface in (norm, text):
            key = alias_key(surface)
            if key:
                aliases[entity_id].setdefault(key, (" ".join(surface.split()), "found"))
        if acronym:
            aliases[entity_id].setdefault(alias_key(acronym), (acronym, "acronym"))
    db.executemany(
        "INSERT OR IGNORE INTO aliases(entity_id, alias, key, source) VALUES (?,?,?,?)",
        [(eid, a, k, s) for eid, items in aliases.items() for k, (a, s) in items.items()],
    )
    # Which resolved names now belong to another entity than at the last refresh.
    now_ids = {(kind, name): ids[(kind, c)] for kind in KINDS for name, c in canon[kind].items()}
    before = {
        (k, n): e for k, n, e in db.execute("SELECT kind, resolved, entity_id FROM entity_names")
    }
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS moved_names (kind TEXT, resolved TEXT, eid INTEGER, "
        "PRIMARY KEY (kind, resolved))"
    )
    db.execute("DELETE FROM temp.moved_names")
    moved = [(k, n, e) for (k, n), e in now_ids.items() if before.get((k, n)) != e]
    db.executemany("INSERT INTO temp.moved_names VALUES (?, ?, ?)", moved)
    db.executemany("INSERT OR REPLACE INTO entity_names VALUES (?, ?, ?)", moved)
    db.executemany(
        "DELETE FROM entity_names WHERE kind = ? AND resolved = ?",
        [key for key in before if key not in now_ids],
    )
    return ids, renamed


def _moving_pages(db: sqlite3.Connection) -> set[tuple[str, int]]:
    """Pages with a tagger mention whose entity is about to change."""
    return {
        (d, p)
        for d, p in db.execute(
            "SELECT DISTINCT m.doc_id, m.page FROM temp.moved_names n CROSS JOIN mentions m "
            "ON m.kind = n.kind AND m.resolved = n.resolved WHERE m.entity_id IS NOT n.eid"
        )
    }


def _move_mentions(db: sqlite3.Connection) -> None:
    """Point tagger mentions at their entities: those of moved names, and new documents'
    (``temp.new_docs``)."""
    db.execute(
        "UPDATE mentions SET entity_id = (SELECT eid FROM temp.moved_names n WHERE "
        "n.kind = mentions.kind AND n.resolved = mentions.resolved) "
        "WHERE (kind, resolved) IN (SELECT kind, resolved FROM temp.moved_names)"
    )
    db.execute(
        "UPDATE mentions SET entity_id = (SELECT entity_id FROM entity_names n WHERE "
        "n.kind = mentions.kind AND n.resolved = mentions.resolved) "
        f"WHERE doc_id IN (SELECT doc_id FROM temp.new_docs) AND {_RESOLVED}"
    )


def _sweep_patterns(
    db: sqlite3.Connection, kinds: dict[int, str], canonical: dict[int, str]
) -> list[tuple[str, str, str]]:
    """(alias, entity id, kind) of every alias safe to sweep across the corpus."""
    by_entity: dict[int, list[str]] = defaultdict(list)
    for eid, alias in db.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id, key"):
        by_entity[eid].append(alias)
    return [
        (alias, str(eid), kinds[eid])
        for eid, names in sorted(by_entity.items())
        for alias in sweep_aliases(kinds[eid], canonical[eid], names)
    ]


def _page_entity_keys(
    db: sqlite3.Connection,
    indexed_only: bool = False,
    doc_id: str | None = None,
    pages: set[tuple[str, int]] | None = None,
) -> dict[tuple[str, int], frozenset]:
    """(kind, key) pairs per page exactly as :func:`page_docs` writes them to Whoosh: the
    entity's key once resolved, else the key of the tagger's own name for it. ``pages``
    limits it to those pages."""
    source = "mentions m "
    if pages is not None:
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS key_pages (doc_id TEXT, page INTEGER, "
            "PRIMARY KEY (doc_id, page))"
        )
        db.execute("DELETE FROM temp.key_pages")
        db.executemany("INSERT INTO temp.key_pages VALUES (?, ?)", sorted(pages))
        # CROSS JOIN: from the few pages to their mentions, not from every mention.
        source = (
            "temp.key_pages k CROSS JOIN mentions m ON m.doc_id = k.doc_id AND m.page = k.page "
        )
    sql = f"SELECT m.doc_id, m.page, m.kind, e.key, m.norm FROM {source}"
    sql += "LEFT JOIN entities e ON e.id = m.entity_id "
    where, args = ["m.kind != 'money'"], []
    if indexed_only:
        sql += "JOIN pages p ON p.doc_id = m.doc_id AND p.page = m.page "
        where.append("p.indexed = 1")
    if doc_id is not None:
        where.append("m.doc_id = ?")
        args.append(doc_id)
    out: dict[tuple[str, int], set] = defaultdict(set)
    for d, page, kind, key, norm in db.execute(sql + "WHERE " + " AND ".join(where), args):
        out[(d, page)].add((kind, key or alias_key(norm)))
    return {k: frozenset(v) for k, v in out.items()}


def page_docs(store: Store, pages: list[tuple[str, int]]) -> list[PageDoc]:
    """The Whoosh documents for ``pages``, with entity keys and amounts from SQLite."""
    db = store.db
    by_doc: dict[str, list[int]] = defaultdict(list)
    for doc_id, page in pages:
        by_doc[doc_id].append(page)
    out = []
    for doc_id, numbers in by_doc.items():
        doc = store.document(doc_id)
        if doc is None:
            continue
        path = store.primary_path(doc_id)
        relpath = path["relpath"] if path else _parent_path(store, doc)
        meta = json.loads(doc["metadata"] or "{}")
        extra = {k: meta[k] for k in ("sender", "recipients", "subject") if meta.get(k)}
        if (dated := document_date(meta)) is not None:
            extra["date"] = dated.when
        keys = _page_entity_keys(db, doc_id=doc_id)
        amounts: dict[int, set] = defaultdict(set)
        for page, value in db.execute(
            "SELECT page, value FROM mentions WHERE doc_id = ? AND kind = 'money' "
            "AND value IS NOT NULL",
            (doc_id,),
        ):
            amounts[page].add(float(value))
        page_dates: dict[int, list] = defaultdict(list)
        for page, value in db.execute("SELECT page, value FROM dates WHERE doc_id = ?", (doc_id,)):
            page_dates[page].append(dt.datetime.fromisoformat(value))
        codes: dict[int, list[str]] = defaultdict(list)
        for page, code in db.execute(
            "SELECT page, code FROM exemptions WHERE doc_id = ?", (doc_id,)
        ):
            codes[page].append(code)
        boxes: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for page, n, bad in db.execute(
            "SELECT page, COUNT(*), SUM(text_under != '') FROM redaction_boxes WHERE doc_id = ? "
            "GROUP BY page",
            (doc_id,),
        ):
            boxes[page] = [n, bad or 0]
        wanted = set(numbers)
        for row in db.execute(
            "SELECT page, text, lang, ocr FROM pages WHERE doc_id = ? ORDER BY page", (doc_id,)
        ):
            if row["page"] not in wanted:
                continue
            ents: dict[str, list[str]] = defaultdict(list)
            for kind, key in keys.get((doc_id, row["page"]), ()):
                ents[kind].append(key)
            out.append(
                PageDoc(
                    doc_id=doc_id,
                    page=row["page"],
                    path=relpath,
                    title=doc["title"],
                    text=row["text"],
                    doctype=doc["doctype"],
                    lang=row["lang"] or "",
                    ocr=bool(row["ocr"]),
                    person=sorted(ents["person"]),
                    agency=sorted(ents["agency"]),
                    org=sorted(ents["org"]),
                    amount=sorted(amounts[row["page"]]),
                    extra=extra,
                    dates=page_dates[row["page"]],
                    exemptions=codes[row["page"]],
                    boxes=boxes[row["page"]][0],
                    bad_boxes=boxes[row["page"]][1],
                )
            )
    return out


def _parent_path(store: Store, doc) -> str:
    """An attachment is cited as 'parent file > attachment name'."""
    meta = json.loads(doc["metadata"] or "{}")
    name = meta.get("filename", doc["id"])
    if doc["parent_id"]:
        parent = store.document(doc["parent_id"])
        if parent is not None:
            return f"{_parent_path_or_rel(store, parent)} > {name}"
    return name


def _parent_path_or_rel(store: Store, doc) -> str:
    path = store.primary_path(doc["id"])
    return path["relpath"] if path else _parent_path(store, doc)


def record_correction(store: Store, action: str, kind: str, a: str, b: str) -> None:
    store.db.execute(
        "INSERT INTO corrections(action, kind, a, b, at) VALUES (?,?,?,?,?)",
        (action, kind, alias_key(a), alias_key(b), now()),
    )
    store.db.commit()
    mark_dirty(store)
