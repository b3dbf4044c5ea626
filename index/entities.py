"""Corpus-wide entities: merge the tagger's per-page mentions into people, agencies and
organisations, sweep every known alias across all pages, replay hand corrections, and keep the
Whoosh entity fields of each page in step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path

from index import entity_sweep
from index.dates import document_date
from index.engine import PageDoc
from index.store import MENTION_POSITION, RESOLVED_MENTION, Store, now
from ingest import timing
from ingest.entities import nameparts, textkey
from ingest.entities import sweep as sweep_module
from ingest.entities.resolve import (
    alias_key,
    cluster_agencies,
    cluster_orgs,
    cluster_people,
    resolve_document,
)
from ingest.entities.sweep import Prepared, Sweeper, prepare, sweep_aliases
from ingest.records import Mention

KINDS = ("person", "agency", "org")
CLUSTER = {"person": cluster_people, "agency": cluster_agencies, "org": cluster_orgs}
DIRTY_KEY = "entities_dirty"
# Set by versions that rebuilt the spelling counts from every mention after a document was
# deleted (now the deletion takes its spellings out itself, index.store._forget_spellings).
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
            db.execute("DELETE FROM sweep_patterns")
        _resolve_new_documents(db)
        # Empty: a data folder from before the table existed (or a first run, where it is cheap).
        empty = db.execute("SELECT 1 FROM surfaces LIMIT 1").fetchone() is None
        names = _count_surfaces(db, rebuild=full or empty or store.get_meta(SURFACES_STALE) == "1")
        canon = _cluster(db)
        _apply_corrections(db, canon)
        entity_ids, renamed, dirty = _write_entities(db, canon, names)
        kinds = {eid: kind for (kind, _), eid in entity_ids.items()}
        canonical = {eid: name for (_, name), eid in entity_ids.items()}
        patterns, prepared, digest, keys = _sweep_patterns(db, kinds, canonical, dirty)
        sweeper = Sweeper.from_prepared(prepared)
        with timing.timed("sweep"):
            swept = entity_sweep.pages_to_sweep(db, store.data_dir, sweeper, keys)
        # The pages whose Whoosh entity fields may change, compared before and after.
        touched = swept | _moving_pages(db)
        before = _page_entity_keys(db, indexed_only=True, pages=touched)
        _move_mentions(db)
        with timing.timed("sweep"):
            entity_sweep.sweep_pages(db, sweeper, canonical, swept)
            touched |= entity_sweep.fuzzy_pages(db, patterns, digest, canonical, swept)
        db.executemany(
            "UPDATE mentions SET norm = ? WHERE entity_id = ? AND method IN ('sweep', 'fuzzy')",
            renamed,
        )
        db.execute("UPDATE pages SET swept = 1 WHERE swept = 0")
        # One index look-up per entity, not a walk over every mention's entity id.
        db.execute(
            "DELETE FROM entities WHERE NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
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
_RESOLVED = RESOLVED_MENTION
# The new documents' mentions, read from the few new documents through the page index. Given
# "doc_id IN (SELECT ...)", SQLite walked every resolved mention instead (the temporary table
# has no statistics): 1.2 s of adding one file to a 20,000-page corpus.
_NEW_DOCS_MENTIONS = (
    "(SELECT m.* FROM temp.new_docs d CROSS JOIN mentions m ON m.doc_id = d.doc_id)"
)


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


def _count_surfaces(db: sqlite3.Connection, rebuild: bool) -> set[tuple[str, str]] | None:
    """Add the new documents' spellings to ``surfaces`` (each distinct spelling of a resolved
    name, how often and where first); rebuilt from every mention after documents left.
    Returns the (kind, resolved) names that got spellings, or None when all were rebuilt."""
    names: set[tuple[str, str]] | None
    if rebuild:
        db.execute("DELETE FROM surfaces")
        source, names = "mentions", None
    else:
        source = _NEW_DOCS_MENTIONS
        names = {
            (kind, resolved)
            for kind, resolved in db.execute(
                f"SELECT DISTINCT kind, resolved FROM {source} WHERE {_RESOLVED}"
            )
        }
    db.create_function("alias_key", 1, alias_key, deterministic=True)
    db.execute(
        "INSERT INTO surfaces(kind, resolved, norm, text, acronym, n, first, norm_key, text_key) "
        "SELECT kind, resolved, norm, text, COALESCE(acronym, ''), COUNT(*), "
        f"MIN({MENTION_POSITION}), alias_key(norm), alias_key(text) "
        f"FROM {source} WHERE {_RESOLVED} GROUP BY 1, 2, 3, 4, 5 "
        "ON CONFLICT DO UPDATE SET n = n + excluded.n, first = MIN(first, excluded.first)"
    )
    # Spellings from before the key columns existed.
    db.execute(
        "UPDATE surfaces SET norm_key = alias_key(norm), text_key = alias_key(text) "
        "WHERE norm_key IS NULL OR text_key IS NULL"
    )
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '0')", (SURFACES_STALE,))
    if names is not None:
        names.update(tuple(r) for r in db.execute("SELECT kind, resolved FROM spelling_changes"))
    db.execute("DELETE FROM spelling_changes")
    return names


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
    db: sqlite3.Connection, canon, new_spellings: set[tuple[str, str]] | None = None
) -> tuple[dict[tuple[str, str], int], list[tuple[str, int]], set[int] | None]:
    """Entity rows for the canonical names (ids kept by key) and their aliases; each resolved
    name's entity in ``entity_names``, those that changed in ``temp.moved_names``. Returns the
    ids, the (new canonical, id) of renamed entities, and the entities whose aliases were
    rewritten (None: all).

    Aliases are rewritten only for entities that are new, renamed, gained or lost a name, or
    have a name with spellings new this run (``new_spellings``; None: rebuild every entity's).
    No other entity's aliases can differ: they come from its names' spellings alone."""
    ids: dict[tuple[str, str], int] = {}
    existing = {
        (kind, key): (eid, name)
        for eid, kind, key, name in db.execute("SELECT id, kind, key, canonical FROM entities")
    }
    renamed = []
    created = set()
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
                created.add(entity_id)
            ids[(kind, canonical)] = entity_id
    db.executemany("UPDATE entities SET canonical = ? WHERE id = ?", renamed)
    # Which resolved names now belong to another entity than at the last refresh.
    now_ids = {(kind, name): ids[(kind, c)] for kind in KINDS for name, c in canon[kind].items()}
    before = {
        (k, n): e for k, n, e in db.execute("SELECT kind, resolved, entity_id FROM entity_names")
    }
    moved = [(k, n, e) for (k, n), e in now_ids.items() if before.get((k, n)) != e]
    gone = [key for key in before if key not in now_ids]
    dirty: set[int] | None
    if new_spellings is None:
        db.execute("DELETE FROM aliases")
        dirty = None
    else:
        dirty = created | {eid for _, eid in renamed}
        dirty |= {e for _, _, e in moved} | {before[key] for key in gone}
        dirty |= {before[(k, n)] for k, n, _ in moved if (k, n) in before}
        dirty |= {now_ids[name] for name in new_spellings if name in now_ids}
        db.executemany("DELETE FROM aliases WHERE entity_id = ?", [(e,) for e in sorted(dirty)])
    _write_aliases(db, canon, ids, dirty)
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS moved_names (kind TEXT, resolved TEXT, eid INTEGER, "
        "PRIMARY KEY (kind, resolved))"
    )
    db.execute("DELETE FROM temp.moved_names")
    db.executemany("INSERT INTO temp.moved_names VALUES (?, ?, ?)", moved)
    db.executemany("INSERT OR REPLACE INTO entity_names VALUES (?, ?, ?)", moved)
    db.executemany("DELETE FROM entity_names WHERE kind = ? AND resolved = ?", gone)
    return ids, renamed, dirty


def _write_aliases(db: sqlite3.Connection, canon, ids, dirty: set[int] | None) -> None:
    """The aliases of the ``dirty`` entities (None: of all of them): the canonical name,
    the gazetteer's names for an agency, then each spelling once, in the order of its first
    appearance in the corpus (which surface an alias key shows does not depend on the order
    documents arrived in)."""
    aliases: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    members: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for (kind, canonical), entity_id in ids.items():
        if dirty is not None and entity_id not in dirty:
            continue
        aliases[entity_id][alias_key(canonical)] = (canonical, "found")
        if kind == "agency":
            for alias in gazetteer().get(canonical, []):
                aliases[entity_id].setdefault(alias_key(alias), (alias, "gazetteer"))
    columns = "kind, resolved, norm, text, acronym, norm_key, text_key, first"
    if dirty is None:
        rows = db.execute(f"SELECT {columns} FROM surfaces ORDER BY first").fetchall()
    else:
        for kind in KINDS:
            for name, canonical in canon[kind].items():
                if ids[(kind, canonical)] in dirty:
                    members[ids[(kind, canonical)]].append((kind, name))
        rows = sorted(
            (
                row
                for names in members.values()
                for kind, name in names
                for row in db.execute(
                    f"SELECT {columns} FROM surfaces WHERE kind = ? AND resolved = ?",
                    (kind, name),
                )
            ),
            key=lambda row: row[7],
        )
    for kind, resolved, norm, text, acronym, norm_key, text_key, _ in rows:
        entity_id = ids[(kind, canon[kind][resolved])]
        for surface, key in ((norm, norm_key), (text, text_key)):
            if key:
                aliases[entity_id].setdefault(key, (" ".join(surface.split()), "found"))
        if acronym:
            aliases[entity_id].setdefault(alias_key(acronym), (acronym, "acronym"))
    db.executemany(
        "INSERT OR IGNORE INTO aliases(entity_id, alias, key, source) VALUES (?,?,?,?)",
        [(eid, a, k, s) for eid, items in aliases.items() for k, (a, s) in items.items()],
    )


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
        f"WHERE rowid IN (SELECT id FROM {_NEW_DOCS_MENTIONS} WHERE {_RESOLVED})"
    )


def _sweep_patterns(
    db: sqlite3.Connection,
    kinds: dict[int, str],
    canonical: dict[int, str],
    dirty: set[int] | None,
) -> tuple[list[tuple[str, str, str]], list[tuple[Prepared, str, str]], str, set[str] | None]:
    """Every alias safe to sweep across the corpus, as (alias, entity id, kind) and as the
    sweeper's rows (prepared alias, entity id, kind); a digest of them all; and the sweep keys
    whose entry may have changed (None: any may have).

    Kept per entity in ``sweep_patterns`` and remade only for the ``dirty`` entities (those
    whose aliases or name changed; None: all), or all of them when the code that makes them
    changed: remaking every entity's cost a third of a second of every run at 20,000 pages. A
    key's entry depends only on the patterns that spell it, so only the keys of dirty entities'
    old and new patterns can change."""
    rules = _pattern_rules()
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_RULES_KEY,)).fetchone()
    if row is None or row[0] != rules:
        dirty = None
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_RULES_KEY, rules))
    stored = {
        eid: (digest, rows)
        for eid, digest, rows in db.execute(
            "SELECT entity_id, digest, patterns FROM sweep_patterns"
        )
    }
    redo = set(kinds) if dirty is None else {e for e in kinds if e in dirty or e not in stored}
    names: dict[int, list[str]] = defaultdict(list)
    if dirty is None:
        for eid, alias in db.execute(
            "SELECT entity_id, alias FROM aliases ORDER BY entity_id, key"
        ):
            names[eid].append(alias)
    else:
        for eid in sorted(redo):
            names[eid] = [
                a
                for (a,) in db.execute(
                    "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY key", (eid,)
                )
            ]
    changed: set[str] | None = None if dirty is None else set()
    patterns, prepared, writes = [], [], []
    everything = hashlib.blake2b(digest_size=16)
    for eid in sorted(kinds):
        kind = kinds[eid]
        if eid in redo:
            digest = hashlib.blake2b(
                "\x1f".join((rules, kind, canonical[eid], *names[eid])).encode("utf-8"),
                digest_size=16,
            ).hexdigest()
            rows = [[a, *prepare(a)] for a in sweep_aliases(kind, canonical[eid], names[eid])]
            writes.append((eid, digest, json.dumps(rows)))
            if changed is not None:
                before = json.loads(stored[eid][1]) if eid in stored else []
                changed.update(_changed_keys(before, rows))
        else:
            digest, rows = stored[eid][0], json.loads(stored[eid][1])
        everything.update(f"{eid} {digest} ".encode())
        for alias, keys, letters in rows:
            patterns.append((alias, str(eid), kind))
            prepared.append(((keys, letters), str(eid), kind))
    gone = [eid for eid in stored if eid not in kinds]
    if changed is not None:
        for eid in gone:
            changed.update(_pattern_keys(json.loads(stored[eid][1])))
    db.executemany("DELETE FROM sweep_patterns WHERE entity_id = ?", [(e,) for e in gone])
    db.executemany("INSERT OR REPLACE INTO sweep_patterns VALUES (?, ?, ?)", writes)
    return patterns, prepared, everything.hexdigest(), changed


_RULES_KEY = "sweep_pattern_rules"


def _pattern_keys(rows: list) -> set[str]:
    return {key for _, keys, _ in rows for key in keys}


def _changed_keys(before: list, after: list) -> set[str]:
    """The keys whose part in the sweep table one entity's patterns changed. A key's entry is
    made of what each pattern spelling it brings (is the key the pattern's own or a variant, and
    its acronym letters) and the entity's id and kind, which stay: an entity that gains one
    spelling changes that spelling's keys only, not those of all its names."""

    def parts(rows: list) -> dict[str, set]:
        out: dict[str, set] = defaultdict(set)
        for _, keys, letters in rows:
            for i, key in enumerate(keys):
                out[key].add((i == 0, letters))
        return out

    old, new = parts(before), parts(after)
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


@cache
def _pattern_rules() -> str:
    """A fingerprint of the code that decides an entity's sweep patterns: patterns kept from a
    run of another version are remade."""
    digest = hashlib.blake2b(digest_size=16)
    for module in (sweep_module, nameparts, textkey):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


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
