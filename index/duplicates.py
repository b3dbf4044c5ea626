"""Near-duplicate and exact duplicate pages, grouped: FOIA releases repeat the same email thread,
attachment or form many times, and a search should show it once with "also on N pages".

How pages are compared:

- A page's text is normalised to its words (Unicode NFKD without accents, lower case, runs of
  letters and digits; punctuation, line breaks and layout are ignored).
- Pages with fewer than ``EVIDENCE_DUP_MIN_WORDS`` (20) words are not grouped: short pages
  (cover sheets, "this page intentionally left blank", one spreadsheet row) say too little.
- *Exact* duplicates: the same SHA-1 of the normalised words.
- *Near* duplicates: the estimated Jaccard similarity of the pages' sets of 5-word shingles is at
  least ``EVIDENCE_DUP_THRESHOLD`` (0.8), estimated by a 128-permutation MinHash and found with
  MinHash LSH (``datasketch``). One OCR misreading changes at most 5 shingles, so a 200-word
  email with three typos stays at about 0.86; a page that shares its letterhead and greeting
  with another but not its body falls well below.

Incremental: each page's MinHash is made by the reader that reads the page
(:mod:`ingest.signatures`) and stored in ``page_signatures`` (a blob of 128 unsigned 64-bit
integers, ``grouped`` 0 until a run has grouped it), so the end of a run hashes nothing; the
LSH's bands are kept in ``page_bands`` and only new pages are queried against them. Groups are
in ``page_groups``: a group's id is the page id (``doc:page``) of its first page (the first one
ingested), and ``exact`` is 1 for a page whose normalised text equals another member's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from index.store import Store
from ingest import settings
from ingest.signatures import NUM_PERM, SEED, min_words, page_signature

# `dup:all` in a query shows every page of a group (like --no-collapse).
_DUP_TERM = re.compile(r"(?i)(?<!\S)dup:(all|collapse)(?!\S)")


def threshold() -> float:
    return float(settings.get("dup_threshold"))


def _from_blob(blob: bytes):
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=np.uint64))


def page_id(doc_id: str, page: int) -> str:
    return f"{doc_id}:{page}"


def _split_pid(pid: str) -> tuple[str, int]:
    doc, _, page = pid.rpartition(":")
    return doc, int(page)


# -- grouping, at the end of each ingest ------------------------------------------------------


@dataclass
class GroupReport:
    hashed: int = 0  # new pages given a signature
    grouped_pages: int = 0  # pages in a group after the run
    groups: int = 0


def update_groups(store: Store) -> GroupReport:
    """Sign the pages that have no signature yet (the readers sign the pages they read), query
    each page not yet grouped against the LSH of all the others, and join or found groups;
    then repair groups that lost pages (deleted documents)."""
    db = store.db
    report = GroupReport()
    unsigned = db.execute(
        "SELECT p.doc_id, p.page, p.text FROM pages p WHERE NOT EXISTS (SELECT 1 FROM "
        "page_signatures s WHERE s.doc_id = p.doc_id AND s.page = p.page) "
        "ORDER BY p.rowid"
    ).fetchall()
    limit = min_words()
    rows = [(r["doc_id"], r["page"], *page_signature(r["text"], limit), 0) for r in unsigned]
    with store.transaction():
        db.executemany("INSERT OR REPLACE INTO page_signatures VALUES (?,?,?,?,?,?)", rows)
    fresh = [
        tuple(r)
        for r in db.execute(
            "SELECT doc_id, page, exact, minhash FROM page_signatures WHERE grouped = 0 "
            "AND minhash IS NOT NULL ORDER BY rowid"
        )
    ]
    report.hashed = db.execute("SELECT COUNT(*) FROM page_signatures WHERE grouped = 0").fetchone()[
        0
    ]
    if fresh:
        from datasketch import MinHashLSH

        _group_new(store, fresh, MinHashLSH)
    with store.transaction():
        db.execute("UPDATE page_signatures SET grouped = 1 WHERE grouped = 0")
    _repair(store)
    report.grouped_pages, report.groups = counts(store)
    return report


_BANDS_KEY = "dup_lsh_bands"


def _group_new(store: Store, fresh: list, lsh_class) -> None:
    """Query each fresh page against the pages grouped before it and join or found groups.

    The LSH is datasketch's (``lsh_class``'s bands for the threshold), kept in SQLite
    (``page_bands``) rather than rebuilt in memory from every signature each run: adding a
    file to a 20,000-page corpus had spent 0.8 s on the rebuild. Candidates are the pages that
    share a band with the page, as ``MinHashLSH.query`` gives them; each is then checked by its
    estimated Jaccard similarity, as before."""
    db = store.db
    ranges = lsh_class(threshold=threshold(), num_perm=NUM_PERM).hashranges
    with store.transaction():
        _ensure_bands(db, ranges)
        # Bands of pages that a crashed run left half-grouped are made again below.
        db.execute(
            "DELETE FROM page_bands WHERE (doc_id, page) IN "
            "(SELECT doc_id, page FROM page_signatures WHERE grouped = 0)"
        )
    order: dict[str, int] = {}
    sigs: dict[str, object] = {}
    fresh_ids = {page_id(d, p) for d, p, _, _ in fresh}
    done: set[str] = set()  # fresh pages already queried and inserted

    def load(pid: str) -> None:
        d, p = _split_pid(pid)
        order[pid], blob = db.execute(
            "SELECT rowid, minhash FROM page_signatures WHERE doc_id = ? AND page = ?", (d, p)
        ).fetchone()
        if pid not in sigs:
            sigs[pid] = _from_blob(blob)

    def signature(pid: str):
        if pid not in sigs:
            load(pid)
        return sigs[pid]

    def rank(pid: str) -> int:
        if pid not in order:
            load(pid)
        return order[pid]

    group_of = {
        page_id(d, p): g for d, p, g in db.execute("SELECT doc_id, page, group_id FROM page_groups")
    }
    members: dict[str, set[str]] = {}
    for pid, g in group_of.items():
        members.setdefault(g, set()).add(pid)
    limit = threshold()
    with store.transaction():
        for d, p, e, blob in fresh:
            pid = page_id(d, p)
            m = _from_blob(blob)
            sigs[pid] = m
            found = {
                q
                for q in (
                    page_id(*r)
                    for r in db.execute(
                        "SELECT doc_id, page FROM page_signatures WHERE exact = ? "
                        "AND minhash IS NOT NULL",
                        (e,),
                    )
                )
                if q != pid and (q not in fresh_ids or q in done)
            }
            keys = _band_keys(m.hashvalues, ranges)
            for band, key in enumerate(keys):
                for r in db.execute(
                    "SELECT doc_id, page FROM page_bands WHERE band = ? AND key = ?", (band, key)
                ):
                    q = page_id(*r)
                    if q not in found and q != pid and m.jaccard(signature(q)) >= limit:
                        found.add(q)
            db.executemany(
                "INSERT OR IGNORE INTO page_bands VALUES (?, ?, ?, ?)",
                [(band, key, d, p) for band, key in enumerate(keys)],
            )
            done.add(pid)
            if not found:
                continue
            # Join every group the twins are in (or found one with them); the group is named
            # after its earliest page.
            joined = {pid} | found
            for q in list(joined):
                g = group_of.get(q)
                if g is not None:
                    joined |= members.pop(g, set())
            first = min(joined, key=rank)
            members[first] = joined
            for q in joined:
                group_of[q] = first
    _write_groups(store, members, order)


def _band_keys(hashvalues, ranges) -> list[bytes]:
    values = np.asarray(hashvalues, dtype=np.uint64)
    return [values[start:end].tobytes() for start, end in ranges]


def _ensure_bands(db, ranges) -> None:
    """(Re)build ``page_bands`` from the grouped pages' signatures when it was made for other
    bands (another threshold) or not at all (a data folder from before the table)."""
    wanted = json.dumps([list(r) for r in ranges])
    row = db.execute("SELECT value FROM meta WHERE key = ?", (_BANDS_KEY,)).fetchone()
    if row is not None and row[0] == wanted:
        return
    db.execute("DELETE FROM page_bands")
    rows = []
    for d, p, blob in db.execute(
        "SELECT doc_id, page, minhash FROM page_signatures WHERE minhash IS NOT NULL "
        "AND grouped = 1"
    ):
        values = np.frombuffer(blob, dtype=np.uint64)
        rows.extend((band, key, d, p) for band, key in enumerate(_band_keys(values, ranges)))
    db.executemany("INSERT OR IGNORE INTO page_bands VALUES (?, ?, ?, ?)", rows)
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_BANDS_KEY, wanted))


def _write_groups(store: Store, members: dict[str, set[str]], order: dict[str, int]) -> None:
    db = store.db
    exact_of = {
        page_id(d, p): e
        for d, p, e in db.execute(
            "SELECT doc_id, page, exact FROM page_signatures WHERE exact IS NOT NULL"
        )
    }
    rows = []
    for first, pids in members.items():
        if len(pids) < 2:
            continue
        seen: dict[str, int] = {}
        for q in pids:
            seen[exact_of[q]] = seen.get(exact_of[q], 0) + 1
        for q in pids:
            d, p = _split_pid(q)
            rows.append((d, p, first, int(seen[exact_of[q]] > 1)))
    with store.transaction():
        db.execute("DELETE FROM page_groups")
        db.executemany("INSERT INTO page_groups VALUES (?,?,?,?)", rows)


def _repair(store: Store) -> None:
    """Groups whose first page was deleted take their next page's id; a group left with one
    page is dissolved."""
    db = store.db
    broken = db.execute(
        "SELECT DISTINCT g.group_id FROM page_groups g WHERE NOT EXISTS (SELECT 1 FROM "
        "page_groups f WHERE f.doc_id || ':' || f.page = g.group_id) OR g.group_id IN "
        "(SELECT group_id FROM page_groups GROUP BY group_id HAVING COUNT(*) < 2)"
    ).fetchall()
    if not broken:
        return
    with store.transaction():
        for (g,) in broken:
            pids = db.execute(
                "SELECT g.doc_id, g.page FROM page_groups g JOIN page_signatures s "
                "ON s.doc_id = g.doc_id AND s.page = g.page WHERE g.group_id = ? "
                "ORDER BY s.rowid",
                (g,),
            ).fetchall()
            if len(pids) < 2:
                db.execute("DELETE FROM page_groups WHERE group_id = ?", (g,))
            else:
                first = page_id(pids[0][0], pids[0][1])
                db.execute("UPDATE page_groups SET group_id = ? WHERE group_id = ?", (first, g))


# -- reading groups ---------------------------------------------------------------------------


def counts(store: Store) -> tuple[int, int]:
    """(pages in a duplicate group, groups)."""
    row = store.db.execute("SELECT COUNT(*), COUNT(DISTINCT group_id) FROM page_groups").fetchone()
    return row[0], row[1]


def has_groups(store: Store) -> bool:
    return store.db.execute("SELECT 1 FROM page_groups LIMIT 1").fetchone() is not None


def folded_pages(store: Store, searcher, q) -> int:
    """How many of the pages matching ``q`` a collapsed search leaves out: in each group, every
    matching page but one. Counted over all matches (not only the pages shown), through each
    grouped page's index number, so that the hit count a user reads is the count of hits they
    can page through."""
    matching = set(searcher.docs_for_query(q))
    if not matching:
        return 0
    found: dict[str, int] = {}
    for d, p, g in store.db.execute("SELECT doc_id, page, group_id FROM page_groups"):
        n = searcher.document_number(pid=page_id(d, p))
        if n is not None and n in matching:
            found[g] = found.get(g, 0) + 1
    return sum(c - 1 for c in found.values())


def groups_of(store: Store, pages: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The group id of each page that is in a group."""
    out = {}
    for d, p in set(pages):
        row = store.db.execute(
            "SELECT group_id FROM page_groups WHERE doc_id = ? AND page = ?", (d, p)
        ).fetchone()
        if row:
            out[(d, p)] = row[0]
    return out


def group_sizes(store: Store, group_ids: Iterable[str]) -> dict[str, int]:
    out = {}
    for g in set(group_ids):
        out[g] = store.db.execute(
            "SELECT COUNT(*) FROM page_groups WHERE group_id = ?", (g,)
        ).fetchone()[0]
    return out


@dataclass
class Twin:
    doc_id: str
    page: int
    path: str
    title: str
    exact: bool

    def as_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "page": self.page,
            "title": self.title,
            "exact": self.exact,
        }


def twins(store: Store, doc_id: str, page: int) -> list[Twin]:
    """The other pages of this page's group, in path and page order (empty: no twins)."""
    from index.mentions import doc_path

    row = store.db.execute(
        "SELECT group_id FROM page_groups WHERE doc_id = ? AND page = ?", (doc_id, page)
    ).fetchone()
    if row is None:
        return []
    me = store.db.execute(
        "SELECT s.exact FROM page_signatures s WHERE doc_id = ? AND page = ?", (doc_id, page)
    ).fetchone()
    out = []
    for r in store.db.execute(
        "SELECT g.doc_id, g.page, s.exact, d.title FROM page_groups g "
        "JOIN page_signatures s ON s.doc_id = g.doc_id AND s.page = g.page "
        "JOIN documents d ON d.id = g.doc_id WHERE g.group_id = ?",
        (row[0],),
    ):
        if (r["doc_id"], r["page"]) == (doc_id, page):
            continue
        out.append(
            Twin(
                r["doc_id"],
                r["page"],
                doc_path(store, r["doc_id"]),
                r["title"] or "",
                bool(me and r["exact"] == me[0]),
            )
        )
    out.sort(key=lambda t: (t.path, t.page))
    return out


def document_twins(store: Store, doc_id: str) -> list[tuple[str, str, int]]:
    """Other documents sharing duplicate pages with this one: (doc_id, path, shared pages),
    most shared first."""
    from index.mentions import doc_path

    rows = store.db.execute(
        "SELECT o.doc_id, COUNT(DISTINCT g.page) FROM page_groups g JOIN page_groups o "
        "ON o.group_id = g.group_id AND o.doc_id != g.doc_id WHERE g.doc_id = ? "
        "GROUP BY o.doc_id ORDER BY 2 DESC, 1",
        (doc_id,),
    ).fetchall()
    return [(d, doc_path(store, d), n) for d, n in rows]


# -- search and listings ----------------------------------------------------------------------


def query_option(qstring: str, collapse: bool) -> tuple[str, bool]:
    """Take ``dup:all`` (show every twin: collapse off) or ``dup:collapse`` out of a query."""
    found = _DUP_TERM.findall(qstring)
    if not found:
        return qstring, collapse
    rest = " ".join(_DUP_TERM.sub(" ", qstring).split())
    return rest, found[-1].lower() != "all"


def collapse(
    store: Store,
    fetch: Callable[[int], tuple[int, list]],
    limit: int,
    offset: int,
    key: Callable[[object], tuple[str, int]],
) -> tuple[int, list, int]:
    """Ranked hits with each group's lower-ranked pages left out. ``fetch(n)`` gives
    ``(total, the first n hits)``; returns ``(total, hits offset..offset+limit, twin pages
    hidden before the last hit returned)``."""
    want = offset + limit
    n = want
    while True:
        total, rows = fetch(n)
        groups = groups_of(store, [key(r) for r in rows])
        kept, seen, hidden = [], set(), 0
        for r in rows:
            g = groups.get(key(r))
            if g is not None and g in seen:
                hidden += 1
                continue
            if g is not None:
                seen.add(g)
            kept.append(r)
            if len(kept) >= want:
                break
        if len(kept) >= want or len(rows) >= total:
            return total, kept[offset:want], hidden
        n = max(n * 2, want + hidden + 10)


def one_per_group(store: Store, items: list, key: Callable[[object], tuple[str, int]]) -> list:
    """Keep the items on the first page (in the items' order) of each duplicate group, and every
    item on pages in no group. Several items on that first page are all kept."""
    groups = groups_of(store, [key(i) for i in items])
    chosen: dict[str, tuple[str, int]] = {}
    out = []
    for item in items:
        where = key(item)
        g = groups.get(where)
        if g is None:
            out.append(item)
            continue
        if chosen.setdefault(g, where) == where:
            out.append(item)
    return out


def annotate(store: Store, hits: list, expand: bool = False) -> None:
    """Set ``also_on`` (how many twin pages) on search hits, and ``twins`` when ``expand``."""
    if expand:
        for h in hits:
            h.twins = []
    if not hits or not has_groups(store):
        return
    groups = groups_of(store, [(h.doc_id, h.page) for h in hits])
    sizes = group_sizes(store, groups.values())
    for h in hits:
        g = groups.get((h.doc_id, h.page))
        h.also_on = sizes[g] - 1 if g else 0
        if expand:
            h.twins = twins(store, h.doc_id, h.page) if g else []
