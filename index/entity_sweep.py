"""The corpus-wide alias sweep, paid for what changed.

A page's sweep result depends only on its text, the tagger's mentions on it (both fixed once
the page is stored) and the entries of the sweep table whose alias occurs in its text. So a
refresh sweeps the pages that are new, and of the old pages only those whose text holds an
alias whose entry changed since the last refresh (added, removed, made ambiguous, or moved to
another entity). Those are found through the search index (every word of the alias on the
page), not by reading every page again, and then kept only if the page's text as last swept
(stored with it) holds the alias. The table of the last refresh is kept in SQLite
(``sweep_keys``). The approximate sweep on unsure OCR pages runs on every such page whenever
the alias list changed, since an approximate match cannot be looked up by its words.

The result equals sweeping every page from scratch (``tests/test_incremental_refresh.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from collections import defaultdict
from pathlib import Path

import ahocorasick

from index import engine
from ingest import settings
from ingest.entities.fuzzy import FuzzySweeper, unsure_words
from ingest.entities.sweep import Sweeper
from ingest.entities.textkey import alias_key, normalise

Page = tuple[str, int]
_RUN = re.compile(r"[^\W_]+")
_FUZZY_DIGEST = "fuzzy_patterns_digest"
_INSERT = (
    "INSERT INTO mentions(doc_id, page, kind, start, end, text, norm, method, entity_id, score) "
    "VALUES (?,?,?,?,?,?,?,?,?,?)"
)


def pages_to_sweep(
    db: sqlite3.Connection, data_dir: Path, sweeper: Sweeper, keys: set[str] | None = None
) -> set[Page]:
    """New pages, pages not (or no longer) in the search index, and old pages whose text holds
    an alias whose sweep entry changed; ``keys``: the only keys whose entry may have changed
    (None: compare every key). Saves the new table as the one swept."""
    if keys is None:
        new = {k: json.dumps(v) for k, v in sweeper.entries().items()}
        old = dict(db.execute("SELECT key, entry FROM sweep_keys"))
    else:
        new = {k: json.dumps(e) for k in keys if (e := sweeper.entry(k)) is not None}
        old = {
            k: row[0]
            for k in keys
            if (row := db.execute("SELECT entry FROM sweep_keys WHERE key = ?", (k,)).fetchone())
        }
    changed = {k for k in new.keys() | old.keys() if new.get(k) != old.get(k)}
    pages = {
        (d, p)
        for d, p in db.execute("SELECT doc_id, page FROM pages WHERE swept = 0 OR indexed = 0")
    }
    if changed:
        groups = {tuple(_RUN.findall(k)) for k in changed}
        odd: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for segment, term, folded in db.execute("SELECT segment, term, folded FROM odd_terms"):
            odd[segment].extend([(term, folded)] if term else [])
        odd = dict(odd)
        known = set(odd)
        found = engine.pages_with_all_words(data_dir, groups, alias_key, odd)
        pages |= _holding_a_key(db, found - pages, changed)
        db.executemany("DELETE FROM odd_terms WHERE segment = ?", [(k,) for k in known - set(odd)])
        db.executemany(
            "INSERT INTO odd_terms(segment, term, folded) VALUES (?, ?, ?)",
            # A segment with no such word is kept as one empty row: without it, its words were
            # listed again on every run.
            [(seg, *pair) for seg in set(odd) - known for pair in odd[seg] or [("", "")]],
        )
    # Only the entries that changed: rewriting the whole table cost a tenth of a second a run.
    db.executemany("DELETE FROM sweep_keys WHERE key = ?", [(k,) for k in changed - new.keys()])
    db.executemany(
        "INSERT OR REPLACE INTO sweep_keys(key, entry) VALUES (?, ?)",
        [(k, new[k]) for k in changed & new.keys()],
    )
    return pages


def _holding_a_key(db: sqlite3.Connection, pages: set[Page], keys: set[str]) -> set[Page]:
    """Of old ``pages`` (all the words of a changed alias somewhere on them), those whose swept
    text holds one of ``keys`` (or that have none stored): only there can the sweep's result
    change. The words alone had sent a fifth of the corpus to be swept again when one contract
    was added ("construction", "systems", "inc" are on most pages of a contracts release)."""
    if not pages:
        return set()
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    _load_pages(db, pages)
    out = set()
    for doc_id, page, blob in db.execute(
        "SELECT p.doc_id, p.page, p.sweep_text FROM temp.sweep_pages t CROSS JOIN pages p "
        "ON p.doc_id = t.doc_id AND p.page = t.page"
    ):
        if blob is None:
            out.add((doc_id, page))
            continue
        for _ in automaton.iter(zlib.decompress(blob).decode("utf-8")):
            out.add((doc_id, page))
            break
    return out


def sweep_pages(
    db: sqlite3.Connection, sweeper: Sweeper, canonical: dict[int, str], pages: set[Page]
) -> None:
    """Replace the sweep mentions of ``pages`` by what ``sweeper`` finds there now, where the
    tagger found nothing; keep each page's text as the sweep read it."""
    _load_pages(db, pages)
    db.execute(
        "DELETE FROM mentions WHERE method = 'sweep' AND (doc_id, page) IN "
        "(SELECT doc_id, page FROM temp.sweep_pages)"
    )
    taken = _taken(db)
    inserts = []
    kept = []
    for doc_id, page, text, stored in db.execute(
        "SELECT p.doc_id, p.page, p.text, p.sweep_text IS NOT NULL "
        "FROM temp.sweep_pages t CROSS JOIN pages p "
        "ON p.doc_id = t.doc_id AND p.page = t.page"
    ):
        spans = taken.get((doc_id, page), [])
        normalised = normalise(text)
        if not stored:
            kept.append((zlib.compress(normalised.text.encode("utf-8"), 1), doc_id, page))
        for hit in sweeper.find(text, normalised):
            if any(hit.start < e and s < hit.end for s, e in spans):
                continue
            eid = int(hit.entity_key)
            inserts.append(
                (doc_id, page, hit.kind, hit.start, hit.end, hit.text, canonical[eid], "sweep")
                + (eid, None)
            )
    db.executemany(_INSERT, inserts)
    db.executemany("UPDATE pages SET sweep_text = ? WHERE doc_id = ? AND page = ?", kept)


def fuzzy_pages(
    db: sqlite3.Connection,
    patterns: list[tuple[str, str, str]],
    patterns_digest: str,
    canonical: dict[int, str],
    swept: set[Page],
) -> set[Page]:
    """Known aliases matched approximately on OCR pages OCR was unsure of (method 'fuzzy', with
    a 0-100 score), where nothing else was found: on the pages swept now, or on every such page
    when the aliases (``patterns_digest`` says whether they did) changed. Returns the pages
    whose fuzzy mentions were recomputed."""
    page_conf = float(settings.get("fuzzy_page_confidence"))
    word_conf = float(settings.get("fuzzy_word_confidence"))
    digest = hashlib.sha256(
        json.dumps([page_conf, word_conf, patterns_digest]).encode()
    ).hexdigest()
    previous = db.execute("SELECT value FROM meta WHERE key = ?", (_FUZZY_DIGEST,)).fetchone()
    everywhere = previous is None or previous[0] != digest
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_FUZZY_DIGEST, digest))
    sql = (
        "SELECT doc_id, page, text, words FROM pages WHERE ocr = 1 AND words IS NOT NULL "
        "AND (ocr_confidence IS NULL OR ocr_confidence < ?)"
    )
    if everywhere:
        done = {
            (d, p)
            for d, p in db.execute("SELECT doc_id, page FROM mentions WHERE method = 'fuzzy'")
        }
        db.execute("DELETE FROM mentions WHERE method = 'fuzzy'")
        rows = db.execute(sql, (page_conf,)).fetchall()
    else:
        rows = [r for r in db.execute(sql, (page_conf,)) if (r["doc_id"], r["page"]) in swept]
        done = set()
    done |= {(r["doc_id"], r["page"]) for r in rows}
    _load_pages(db, done)
    if not everywhere:
        db.execute(
            "DELETE FROM mentions WHERE method = 'fuzzy' AND (doc_id, page) IN "
            "(SELECT doc_id, page FROM temp.sweep_pages)"
        )
    if page_conf <= 0 or not rows:
        return done
    sweeper = FuzzySweeper(patterns)
    if not len(sweeper):
        return done
    taken = _taken(db, with_sweep=True)
    inserts = []
    for doc_id, page, text, words in rows:
        unsure = unsure_words(((w[0], w[5]) for w in json.loads(words)), word_conf)
        if not unsure:
            continue
        for hit in sweeper.find(text, unsure, taken.get((doc_id, page), [])):
            eid = int(hit.entity_key)
            inserts.append(
                (doc_id, page, hit.kind, hit.start, hit.end, hit.text, canonical[eid], "fuzzy")
                + (eid, hit.score)
            )
    db.executemany(_INSERT, inserts)
    return done


def _load_pages(db: sqlite3.Connection, pages: set[Page]) -> None:
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS sweep_pages (doc_id TEXT, page INTEGER, "
        "PRIMARY KEY (doc_id, page))"
    )
    db.execute("DELETE FROM temp.sweep_pages")
    db.executemany("INSERT OR IGNORE INTO temp.sweep_pages VALUES (?, ?)", sorted(pages))


def _taken(db: sqlite3.Connection, with_sweep: bool = False) -> dict[Page, list[tuple[int, int]]]:
    """Spans already holding a person/agency/org mention on the loaded pages."""
    methods = "('fuzzy')" if with_sweep else "('sweep', 'fuzzy')"
    taken: dict[Page, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, page, start, end in db.execute(
        # CROSS JOIN: from the few loaded pages to their mentions, not the other way round.
        "SELECT m.doc_id, m.page, m.start, m.end FROM temp.sweep_pages t CROSS JOIN mentions m "
        "ON m.doc_id = t.doc_id AND m.page = t.page "
        f"WHERE m.kind IN ('person', 'agency', 'org') AND m.method NOT IN {methods}"
    ):
        taken[(doc_id, page)].append((start, end))
    return taken
