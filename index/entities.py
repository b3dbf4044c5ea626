"""Corpus-wide entities: merge the tagger's per-page mentions into people, agencies and
organisations, sweep every known alias across all pages, replay hand corrections, and keep the
Whoosh entity fields of each page in step.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from functools import cache
from importlib import resources

from index.dates import document_date
from index.engine import PageDoc
from index.store import Store, now
from ingest import settings, timing
from ingest.entities.fuzzy import FuzzySweeper, unsure_words
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


def refresh(store: Store, force: bool = False) -> set[tuple[str, int]]:
    """Recompute entities and sweep mentions when documents or corrections changed since the
    last refresh. Returns the pages whose entity fields changed (they are marked unindexed)."""
    db = store.db
    if not force and store.get_meta(DIRTY_KEY) == "0":
        new_pages = db.execute("SELECT COUNT(*) FROM pages WHERE indexed = 0").fetchone()[0]
        if new_pages == 0:
            return set()
    before = _page_entity_keys(db, indexed_only=True)
    with store.transaction():
        db.execute("DELETE FROM mentions WHERE method IN ('sweep', 'fuzzy')")
        rows = db.execute(
            "SELECT id, doc_id, page, kind, start, end, text, norm, method, acronym "
            "FROM mentions WHERE kind IN ('person', 'agency', 'org') ORDER BY doc_id, page, start"
        ).fetchall()
        resolved = _resolve_per_document(rows)
        canon = _cluster(resolved, rows)
        _apply_corrections(db, canon)
        entity_ids = _write_entities(db, rows, resolved, canon)
        db.executemany(
            "UPDATE mentions SET entity_id = ? WHERE id = ?",
            [(entity_ids[(r["kind"], canon[r["kind"]][resolved[r["id"]]])], r["id"]) for r in rows],
        )
        with timing.timed("sweep"):
            _sweep(db, entity_ids)
        db.execute(
            "DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions "
            "WHERE entity_id IS NOT NULL)"
        )
        after = _page_entity_keys(db, indexed_only=True)
        # Only pages already in Whoosh need rewriting; unindexed ones are written afterwards
        # anyway. Marked in the same transaction as "refresh done", so a crash cannot leave
        # stale entity fields in Whoosh.
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        db.executemany("UPDATE pages SET indexed = 0 WHERE doc_id = ? AND page = ?", list(changed))
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '0')", (DIRTY_KEY,))
    return changed


def _resolve_per_document(rows: list[sqlite3.Row]) -> dict[int, str]:
    """mention id -> the name it has after joining short forms to full names in its document."""
    by_doc: dict[str, dict[int, list[tuple[int, Mention]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        m = Mention(r["kind"], r["start"], r["end"], r["text"], r["norm"], r["method"])
        m.acronym = r["acronym"]
        by_doc[r["doc_id"]][r["page"]].append((r["id"], m))
    out: dict[int, str] = {}
    for pages in by_doc.values():
        plain = {page: [m for _, m in items] for page, items in pages.items()}
        joined = resolve_document(plain)
        for page, items in pages.items():
            for (mid, _), m in zip(items, joined[page], strict=True):
                out[mid] = m.norm
    return out


def _cluster(resolved: dict[int, str], rows: list[sqlite3.Row]) -> dict[str, dict[str, str]]:
    counts: dict[str, Counter] = {k: Counter() for k in KINDS}
    acronyms: set[tuple[str, str]] = set()
    for r in rows:
        counts[r["kind"]][resolved[r["id"]]] += 1
        if r["kind"] == "agency" and r["acronym"]:
            acronyms.add((r["acronym"], resolved[r["id"]]))
    out = {}
    for kind in KINDS:
        if not counts[kind]:
            out[kind] = {}
        elif kind == "agency":
            out[kind] = cluster_agencies(dict(counts[kind]), acronyms=sorted(acronyms))
        else:
            out[kind] = CLUSTER[kind](dict(counts[kind]))
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


def _write_entities(db, rows, resolved, canon) -> dict[tuple[str, str], int]:
    ids: dict[tuple[str, str], int] = {}
    db.execute("DELETE FROM aliases")
    aliases: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for kind in KINDS:
        for canonical in set(canon[kind].values()):
            key = alias_key(canonical)
            row = db.execute(
                "SELECT id FROM entities WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
            if row is None:
                entity_id = db.execute(
                    "INSERT INTO entities(kind, canonical, key) VALUES (?,?,?)",
                    (kind, canonical, key),
                ).lastrowid
            else:
                entity_id = row[0]
                db.execute("UPDATE entities SET canonical = ? WHERE id = ?", (canonical, entity_id))
            ids[(kind, canonical)] = entity_id
            aliases[entity_id][key] = (canonical, "found")
            if kind == "agency":
                for alias in gazetteer().get(canonical, []):
                    aliases[entity_id].setdefault(alias_key(alias), (alias, "gazetteer"))
    for r in rows:
        entity_id = ids[(r["kind"], canon[r["kind"]][resolved[r["id"]]])]
        for surface, source in ((r["norm"], "found"), (r["text"], "found")):
            key = alias_key(surface)
            if key:
                aliases[entity_id].setdefault(key, (" ".join(surface.split()), source))
        if r["acronym"]:
            aliases[entity_id].setdefault(alias_key(r["acronym"]), (r["acronym"], "acronym"))
    db.executemany(
        "INSERT OR IGNORE INTO aliases(entity_id, alias, key, source) VALUES (?,?,?,?)",
        [(eid, a, k, s) for eid, items in aliases.items() for k, (a, s) in items.items()],
    )
    return ids


def _sweep(db: sqlite3.Connection, entity_ids: dict[tuple[str, str], int]) -> None:
    """Find every safe alias of every entity on every page, where the tagger missed it."""
    by_entity: dict[int, list[str]] = defaultdict(list)
    for eid, alias in db.execute("SELECT entity_id, alias FROM aliases"):
        by_entity[eid].append(alias)
    kinds = {eid: kind for (kind, _), eid in entity_ids.items()}
    canonical = {eid: name for (_, name), eid in entity_ids.items()}
    patterns = []
    for eid, names in by_entity.items():
        for alias in sweep_aliases(kinds[eid], canonical[eid], names):
            patterns.append((alias, str(eid), kinds[eid]))
    if not patterns:
        return
    sweeper = Sweeper(patterns)
    taken: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for doc_id, page, start, end in db.execute(
        "SELECT doc_id, page, start, end FROM mentions WHERE kind IN ('person','agency','org')"
    ):
        taken[(doc_id, page)].append((start, end))
    inserts = []
    for doc_id, page, text in db.execute("SELECT doc_id, page, text FROM pages"):
        spans = taken.get((doc_id, page), [])
        for hit in sweeper.find(text):
            if any(hit.start < e and s < hit.end for s, e in spans):
                continue
            eid = int(hit.entity_key)
            inserts.append(
                (doc_id, page, hit.kind, hit.start, hit.end, hit.text, canonical[eid], "sweep", eid)
            )
    db.executemany(
        "INSERT INTO mentions(doc_id, page, kind, start, end, text, norm, method, entity_id) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        inserts,
    )
    for row in inserts:
        taken[(row[0], row[1])].append((row[3], row[4]))
    _fuzzy_sweep(db, patterns, canonical, taken)


def _fuzzy_sweep(
    db: sqlite3.Connection,
    patterns: list[tuple[str, str, str]],
    canonical: dict[int, str],
    taken: dict[tuple[str, int], list[tuple[int, int]]],
) -> None:
    """Known aliases matched approximately on OCR pages OCR was unsure of (method 'fuzzy',
    with a 0-100 score), where nothing else was found."""
    page_conf = float(settings.get("fuzzy_page_confidence"))
    word_conf = float(settings.get("fuzzy_word_confidence"))
    if page_conf <= 0:
        return
    sweeper = FuzzySweeper(patterns)
    if not len(sweeper):
        return
    inserts = []
    for doc_id, page, text, words in db.execute(
        "SELECT doc_id, page, text, words FROM pages WHERE ocr = 1 AND words IS NOT NULL "
        "AND (ocr_confidence IS NULL OR ocr_confidence < ?)",
        (page_conf,),
    ):
        unsure = unsure_words(((w[0], w[5]) for w in json.loads(words)), word_conf)
        if not unsure:
            continue
        for hit in sweeper.find(text, unsure, taken.get((doc_id, page), [])):
            eid = int(hit.entity_key)
            inserts.append(
                (
                    doc_id,
                    page,
                    hit.kind,
                    hit.start,
                    hit.end,
                    hit.text,
                    canonical[eid],
                    eid,
                    hit.score,
                )
            )
    db.executemany(
        "INSERT INTO mentions(doc_id, page, kind, start, end, text, norm, method, entity_id, "
        "score) VALUES (?,?,?,?,?,?,?,'fuzzy',?,?)",
        inserts,
    )


def _page_entity_keys(
    db: sqlite3.Connection, indexed_only: bool = False, doc_id: str | None = None
) -> dict[tuple[str, int], frozenset]:
    """(kind, key) pairs per page exactly as :func:`page_docs` writes them to Whoosh: the
    entity's key once resolved, else the key of the tagger's own name for it."""
    sql = (
        "SELECT m.doc_id, m.page, m.kind, e.key, m.norm FROM mentions m "
        "LEFT JOIN entities e ON e.id = m.entity_id "
    )
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
