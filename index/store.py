"""The SQLite registry: documents, their paths, pages, failures, runs, entities, aliases,
mentions and selections. Whoosh holds only what search needs; this is the source of truth.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,            -- first 16 hex digits of the SHA-256
    sha256 TEXT NOT NULL UNIQUE,
    title TEXT,
    doctype TEXT NOT NULL,
    pages INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    parent_id TEXT,                 -- the email or archive this file came out of
    metadata TEXT NOT NULL DEFAULT '{}',
    warnings TEXT NOT NULL DEFAULT '[]',
    added REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,          -- absolute path (or parent path + '!' + member)
    root TEXT NOT NULL,             -- the folder given to ingest
    relpath TEXT NOT NULL,          -- path relative to root, shown in citations
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_doc ON paths(doc_id);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT,
    lang TEXT,
    ocr INTEGER NOT NULL DEFAULT 0,
    ocr_confidence REAL,
    words TEXT,                     -- JSON word boxes for OCR pages
    width REAL,
    height REAL,
    indexed INTEGER NOT NULL DEFAULT 0,  -- 1 once the page is in Whoosh with its entities
    PRIMARY KEY (doc_id, page)
);
CREATE INDEX IF NOT EXISTS pages_unindexed ON pages(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    relpath TEXT NOT NULL,
    size INTEGER,
    mtime REAL,
    reason TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    roots TEXT NOT NULL,
    files INTEGER DEFAULT 0,
    skipped INTEGER DEFAULT 0,
    pages INTEGER DEFAULT 0,
    failures INTEGER DEFAULT 0,
    seconds REAL
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- person | agency | org
    canonical TEXT NOT NULL,
    key TEXT NOT NULL,              -- alias_key(canonical)
    UNIQUE (kind, key)
);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    source TEXT NOT NULL,           -- found | acronym | gazetteer | manual
    PRIMARY KEY (entity_id, key)
);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    kind TEXT NOT NULL,             -- person | agency | org | money
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,             -- the surface exactly as on the page
    norm TEXT NOT NULL,             -- the tagger's normal form (before corpus merging)
    method TEXT NOT NULL,           -- ner | ruler | gazetteer | pattern | acronym | table | column
                                    -- | sweep | fuzzy (OCR, approximate: see score)
    entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    value REAL,
    currency TEXT,
    unit TEXT,
    acronym TEXT
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_page ON mentions(doc_id, page);
CREATE INDEX IF NOT EXISTS mentions_kind_norm ON mentions(kind, norm);
-- The sweep's table as of the last entity refresh: normalised alias -> what it finds (JSON of
-- entity id, kind, exact spellings). A refresh re-sweeps old pages only where this changed.
CREATE TABLE IF NOT EXISTS sweep_keys (key TEXT PRIMARY KEY, entry TEXT NOT NULL);
-- Each entity's sweepable aliases as of the last entity refresh (JSON [[alias, [key,
-- variants...], letters]]) and a digest of what they were made from: remade only for entities
-- whose kind, name or aliases changed, or when the rules that make them did.
CREATE TABLE IF NOT EXISTS sweep_patterns (
    entity_id INTEGER PRIMARY KEY, digest TEXT NOT NULL, patterns TEXT NOT NULL
);
-- Each resolved name's entity as of the last entity refresh (the refresh updates only the
-- mentions of names whose entity changed).
CREATE TABLE IF NOT EXISTS entity_names (
    kind TEXT NOT NULL, resolved TEXT NOT NULL, entity_id INTEGER NOT NULL,
    PRIMARY KEY (kind, resolved)
);
-- Each distinct spelling of a resolved name in the tagger's mentions: how often, and the
-- position ("doc page start") where it first appears, kept up to date run by run.
CREATE TABLE IF NOT EXISTS surfaces (
    kind TEXT NOT NULL, resolved TEXT NOT NULL, norm TEXT NOT NULL, text TEXT NOT NULL,
    acronym TEXT NOT NULL, n INTEGER NOT NULL, first TEXT NOT NULL,
    PRIMARY KEY (kind, resolved, norm, text, acronym)
);
-- Names whose spellings left with a deleted document since the last entity refresh: the
-- refresh rewrites their entities' aliases.
CREATE TABLE IF NOT EXISTS spelling_changes (
    kind TEXT NOT NULL, resolved TEXT NOT NULL, PRIMARY KEY (kind, resolved)
);
-- Per Whoosh segment, its words that are not plain lower-case ASCII letters and digits
-- ("josé", "j.smith") with their folded form: the sweep looks them up by it (index.engine).
CREATE TABLE IF NOT EXISTS odd_terms (
    segment TEXT NOT NULL, term TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS odd_terms_segment ON odd_terms(segment);
-- Dates written in page text (ingest.textdates), with the role the words before them give.
CREATE TABLE IF NOT EXISTS dates (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT NOT NULL,            -- ISO date
    role TEXT                       -- dateline | effective | period_start | period_end | signed
                                    -- | received | requested | meeting
);
CREATE INDEX IF NOT EXISTS dates_page ON dates(doc_id, page);
CREATE INDEX IF NOT EXISTS dates_value ON dates(value);
-- Exemption codes a page cites (ingest.redactions), normalised: b6, b7C, "5 ILCS 140/7(1)(c)".
CREATE TABLE IF NOT EXISTS exemptions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    code TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS exemptions_page ON exemptions(doc_id, page);
-- Redaction boxes (filled dark rectangles), in points from the page's top-left corner; a box
-- with text under it in the text layer is a bad redaction.
CREATE TABLE IF NOT EXISTS redaction_boxes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    x0 REAL NOT NULL, top REAL NOT NULL, x1 REAL NOT NULL, bottom REAL NOT NULL,
    text_under TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS redaction_boxes_page ON redaction_boxes(doc_id, page);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,           -- merge | split
    kind TEXT NOT NULL,
    a TEXT NOT NULL,                -- merge: the name kept; split: the entity split from
    b TEXT NOT NULL,                -- merge: the name merged in; split: the alias split off
    at REAL NOT NULL
);
-- Duplicate pages (index/duplicates.py): each page's MinHash of its 5-word shingles (NULL for
-- pages too short to group) and the groups of near or exact twins (group_id: first page's pid).
CREATE TABLE IF NOT EXISTS page_signatures (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, page INTEGER NOT NULL,
    words INTEGER NOT NULL, exact TEXT, minhash BLOB, PRIMARY KEY (doc_id, page)
);
CREATE TABLE IF NOT EXISTS page_groups (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, page INTEGER NOT NULL,
    group_id TEXT NOT NULL, exact INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (doc_id, page)
);
CREATE INDEX IF NOT EXISTS page_groups_group ON page_groups(group_id);
-- The MinHash LSH of the grouped pages, kept between runs: one row per page and band, the band's
-- slice of the page's MinHash as the key (index/duplicates.py).
CREATE TABLE IF NOT EXISTS page_bands (
    band INTEGER NOT NULL, key BLOB NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, page INTEGER NOT NULL,
    PRIMARY KEY (band, key, doc_id, page)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS page_bands_page ON page_bands(doc_id, page);
CREATE TABLE IF NOT EXISTS selections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS selection_items (
    id INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES selections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    excerpt TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL DEFAULT '',
    added REAL NOT NULL
);
"""

# Columns added after a table was first released: (table, column, declaration). A data folder
# made by an older version gets them on open (SQLite adds a column in place, without a copy),
# so its documents, mentions and corrections are kept. Append; never reorder or remove.
ADDED_COLUMNS: list[tuple[str, str, str]] = [
    # 0-100 similarity of an approximate (method 'fuzzy') match on an OCR page.
    ("mentions", "score", "REAL"),
    # A tagger mention's name after joining short forms within its document (resolve_document
    # is per document, so it is computed once, when the document arrives).
    ("mentions", "resolved", "TEXT"),
    # 1 once the page has been swept for every alias known at the last entity refresh.
    ("pages", "swept", "INTEGER NOT NULL DEFAULT 0"),
    # How an OCR page was read (ingest.ocr): the clean-up kept, the language, and every
    # reading tried with its confidence (JSON [[method, confidence], ...]).
    ("pages", "ocr_method", "TEXT"),
    ("pages", "ocr_lang", "TEXT"),
    ("pages", "ocr_tries", "TEXT"),
    # The page text as the alias sweep reads it (textkey.normalise, zlib-compressed), kept
    # once the page is swept: a later run checks old pages for new aliases in it without
    # normalising every candidate page again.
    ("pages", "sweep_text", "BLOB"),
    # 0 until the end of a run has grouped the page with its duplicates; rows from before the
    # column were grouped when they were made.
    ("page_signatures", "grouped", "INTEGER NOT NULL DEFAULT 1"),
    # alias_key of a spelling's norm and text, computed once when the spelling first appears:
    # the entity refresh rebuilt them for every spelling of the corpus on every run.
    ("surfaces", "norm_key", "TEXT"),
    ("surfaces", "text_key", "TEXT"),
]
# Indexes on added columns (created after the columns exist).
ADDED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS mentions_kind_resolved ON mentions(kind, resolved)",
    "CREATE INDEX IF NOT EXISTS pages_unswept ON pages(swept) WHERE swept = 0",
    "CREATE INDEX IF NOT EXISTS page_signatures_exact ON page_signatures(exact)",
    "CREATE INDEX IF NOT EXISTS page_signatures_fresh ON page_signatures(grouped) "
    "WHERE grouped = 0",
    # The approximate OCR sweep's few mentions, found without walking every mention.
    "CREATE INDEX IF NOT EXISTS mentions_fuzzy ON mentions(doc_id, page) WHERE method = 'fuzzy'",
    "CREATE INDEX IF NOT EXISTS pages_ocr ON pages(doc_id, page) WHERE ocr = 1",
]


def _add_missing_columns(db: sqlite3.Connection) -> None:
    have: dict[str, set[str]] = {}
    for table, column, declaration in ADDED_COLUMNS:
        if table not in have:
            have[table] = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        if column not in have[table]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            have[table].add(column)
    for statement in ADDED_INDEXES:
        db.execute(statement)


# Where a mention stands in the corpus, as the spelling counts order first appearances.
MENTION_POSITION = "printf('%s %09d %09d', doc_id, page, start)"
# The tagger's person, agency and org mentions once the entity refresh has resolved them: the
# mentions the spelling counts (``surfaces``) are made of.
RESOLVED_MENTION = "kind IN ('person', 'agency', 'org') AND resolved IS NOT NULL"
_SPELLING = "kind = ? AND resolved = ? AND norm = ? AND text = ? AND acronym = ?"


def _forget_spellings(db: sqlite3.Connection, spellings: list) -> None:
    """Take a deleted document's spellings out of the entity refresh's counts (``surfaces``),
    and note their names for the next refresh (``spelling_changes``). Rebuilding the counts
    from every mention instead cost 1.5 s of re-reading a changed file in a 20,000-page corpus,
    and made the refresh rewrite every entity's aliases."""
    for kind, resolved, norm, text, acronym, n, first in spellings:
        key = (kind, resolved, norm, text, acronym)
        row = db.execute(f"SELECT n, first FROM surfaces WHERE {_SPELLING}", key).fetchone()
        db.execute(
            "INSERT OR IGNORE INTO spelling_changes(kind, resolved) VALUES (?, ?)", (kind, resolved)
        )
        if row is None:
            continue
        if row[0] <= n:
            db.execute(f"DELETE FROM surfaces WHERE {_SPELLING}", key)
            continue
        earliest = row[1]
        if earliest == first:
            earliest = db.execute(
                f"SELECT MIN({MENTION_POSITION}) FROM mentions WHERE kind = ? AND resolved = ? AND "
                "norm = ? AND text = ? AND COALESCE(acronym, '') = ?",
                key,
            ).fetchone()[0]
        db.execute(
            f"UPDATE surfaces SET n = n - ?, first = ? WHERE {_SPELLING}", (n, earliest, *key)
        )


class Store:
    """A connection to ``<data>/evidence.sqlite``. Cheap to open; one per thread."""

    FILENAME = "evidence.sqlite"

    def __init__(self, data_dir: Path, *, create: bool = True):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / self.FILENAME
        if not create and not self.path.exists():
            raise FileNotFoundError(self.path)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        _add_missing_columns(self.db)
        self.db.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a crash inside leaves the registry as it was before."""
        try:
            self.db.execute("BEGIN")
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- documents and paths --------------------------------------------------------------

    def path_row(self, path: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM paths WHERE path = ?", (path,)).fetchone()

    def document(self, doc_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()

    def document_by_sha(self, sha256: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()

    def documents(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM documents ORDER BY title, id").fetchall()

    def paths_of(self, doc_id: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM paths WHERE doc_id = ? ORDER BY relpath", (doc_id,)
        ).fetchall()

    def primary_path(self, doc_id: str) -> sqlite3.Row | None:
        rows = self.paths_of(doc_id)
        return rows[0] if rows else None

    def page(self, doc_id: str, page: int) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM pages WHERE doc_id = ? AND page = ?", (doc_id, page)
        ).fetchone()

    def page_text(self, doc_id: str, page: int) -> str | None:
        row = self.page(doc_id, page)
        return row["text"] if row else None

    def page_words(self, doc_id: str, page: int) -> list[dict] | None:
        row = self.page(doc_id, page)
        if row is None or not row["words"]:
            return None
        return json.loads(row["words"])

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "pages": one("SELECT COUNT(*) FROM pages").fetchone()[0],
            "ocr_pages": one("SELECT COUNT(*) FROM pages WHERE ocr = 1").fetchone()[0],
            "unindexed_pages": one("SELECT COUNT(*) FROM pages WHERE indexed = 0").fetchone()[0],
            "failures": one("SELECT COUNT(*) FROM failures").fetchone()[0],
            "entities": one("SELECT COUNT(*) FROM entities").fetchone()[0],
            "mentions": one("SELECT COUNT(*) FROM mentions").fetchone()[0],
        }

    def failures(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM failures ORDER BY relpath").fetchall()

    def last_run(self) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()

    def delete_document(self, db: sqlite3.Connection, doc_id: str) -> None:
        """Remove a document with its pages and mentions (the caller drops its Whoosh pages)."""
        spellings = db.execute(
            "SELECT kind, resolved, norm, text, COALESCE(acronym, ''), COUNT(*), "
            f"MIN({MENTION_POSITION}) FROM mentions WHERE doc_id = ? AND {RESOLVED_MENTION} "
            "GROUP BY 1, 2, 3, 4, 5",
            (doc_id,),
        ).fetchall()
        db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
        _forget_spellings(db, spellings)
        db.execute("DELETE FROM dates WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM exemptions WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM redaction_boxes WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM pages WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM paths WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def orphan_documents(self) -> list[str]:
        """Top-level documents no path points at any more (their file changed or was pruned)."""
        rows = self.db.execute(
            "SELECT id FROM documents d WHERE parent_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM paths p WHERE p.doc_id = d.id)"
        ).fetchall()
        return [r[0] for r in rows]

    def children_of(self, doc_id: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM documents WHERE parent_id = ?", (doc_id,))
        return [r[0] for r in rows.fetchall()]

    def unindexed_pages(self) -> Iterable[tuple[str, int]]:
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT doc_id, page FROM pages WHERE indexed = 0 ORDER BY doc_id, page"
            )
        ]

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        self.db.commit()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def now() -> float:
    return time.time()
