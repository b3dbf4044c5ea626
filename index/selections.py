"""Named selections: excerpts a user keeps, in the order they want them, each with a note.

Items are addressed by their 1-based position, as ``evidence selection show`` numbers them;
positions stay 1..n after every change. An item stores its excerpt text as it was when added,
so an export of the selection cites what the user saw (and ``evidence verify`` flags a change).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.store import Store, now


class SelectionError(ValueError):
    """A selection operation that cannot be done; the message says how to fix it."""


@dataclass
class SelectionInfo:
    name: str
    created: float
    items: int


@dataclass
class SelectionItem:
    position: int
    doc_id: str
    page: int
    start: int
    end: int
    excerpt: str
    note: str
    query: str
    added: float

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _id(store: Store, name: str) -> int:
    row = store.db.execute("SELECT id FROM selections WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise SelectionError(
            f"no selection named {name!r}. Create it with: evidence selection new {name!r}"
        )
    return row[0]


def create_selection(store: Store, name: str) -> int:
    name = name.strip()
    if not name:
        raise SelectionError("a selection needs a name, e.g. evidence selection new tolliver-memo")
    if store.db.execute("SELECT 1 FROM selections WHERE name = ?", (name,)).fetchone():
        raise SelectionError(f"a selection named {name!r} already exists: pick another name")
    cur = store.db.execute("INSERT INTO selections(name, created) VALUES (?, ?)", (name, now()))
    store.db.commit()
    return cur.lastrowid


def list_selections(store: Store) -> list[SelectionInfo]:
    return [
        SelectionInfo(r[0], r[1], r[2])
        for r in store.db.execute(
            "SELECT s.name, s.created, COUNT(i.id) FROM selections s LEFT JOIN selection_items i "
            "ON i.selection_id = s.id GROUP BY s.id ORDER BY s.name"
        )
    ]


def delete_selection(store: Store, name: str) -> None:
    sid = _id(store, name)
    with store.transaction() as db:
        db.execute("DELETE FROM selection_items WHERE selection_id = ?", (sid,))
        db.execute("DELETE FROM selections WHERE id = ?", (sid,))


def items(store: Store, name: str) -> list[SelectionItem]:
    sid = _id(store, name)
    return [
        SelectionItem(
            i,
            r["doc_id"],
            r["page"],
            r["start"],
            r["end"],
            r["excerpt"],
            r["note"],
            r["query"],
            r["added"],
        )  # fmt: skip
        for i, r in enumerate(
            store.db.execute(
                "SELECT * FROM selection_items WHERE selection_id = ? ORDER BY position, id",
                (sid,),
            ),
            start=1,
        )
    ]


def add_item(
    store: Store,
    name: str,
    doc_id: str,
    page: int,
    start: int,
    end: int,
    excerpt: str | None = None,
    note: str = "",
    query: str = "",
) -> SelectionItem:
    """Append ``page_text[start:end]`` of a page. ``excerpt``, when given, must be exactly that
    text: a selection never holds a quote the page does not contain."""
    sid = _id(store, name)
    if store.document(doc_id) is None:
        raise SelectionError(f"no document {doc_id!r}: take the id from search --json (doc_id)")
    text = store.page_text(doc_id, page)
    if text is None:
        pages = store.document(doc_id)["pages"]
        raise SelectionError(f"document {doc_id} has no page {page} (it has {pages})")
    if not 0 <= start < end <= len(text):
        raise SelectionError(
            f"chars {start}-{end} are not a span of page {page} (it has {len(text)} characters)"
        )
    if excerpt is not None and excerpt != text[start:end]:
        raise SelectionError(f"the excerpt is not the text at chars {start}-{end} of page {page}")
    with store.transaction() as db:
        last = db.execute(
            "SELECT COALESCE(MAX(position), 0) FROM selection_items WHERE selection_id = ?",
            (sid,),
        ).fetchone()[0]
        db.execute(
            "INSERT INTO selection_items(selection_id, position, doc_id, page, start, end, "
            "excerpt, note, query, added) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (sid, last + 1, doc_id, page, start, end, text[start:end], note, query, now()),
        )
    return items(store, name)[-1]


def add_search_hit(store: Store, name: str, query: str, k: int, note: str = "") -> SelectionItem:
    """Append the ``k``-th hit (1-based) of searching ``query``, with its excerpt."""
    from index.search import search

    _id(store, name)
    if k < 1:
        raise SelectionError("--hit counts from 1 (the first hit)")
    result = search(Path(store.data_dir), query, limit=k)
    if len(result.hits) < k:
        raise SelectionError(f"{query!r} has {result.total} hit(s), so there is no hit {k}")
    hit = result.hits[k - 1]
    return add_item(store, name, hit.doc_id, hit.page, hit.start, hit.end, hit.excerpt, note, query)


def _item_ids(store: Store, name: str) -> list[int]:
    sid = _id(store, name)
    return [
        r[0]
        for r in store.db.execute(
            "SELECT id FROM selection_items WHERE selection_id = ? ORDER BY position, id", (sid,)
        )
    ]


def _check_position(ids: list[int], position: int, name: str) -> None:
    if not 1 <= position <= len(ids):
        raise SelectionError(
            f"selection {name!r} has {len(ids)} item(s): no item {position} "
            f"(see: evidence selection show {name!r})"
        )


def set_note(store: Store, name: str, position: int, note: str) -> None:
    ids = _item_ids(store, name)
    _check_position(ids, position, name)
    store.db.execute("UPDATE selection_items SET note = ? WHERE id = ?", (note, ids[position - 1]))
    store.db.commit()


def move_item(store: Store, name: str, position: int, to: int) -> None:
    """Move item ``position`` so that it becomes item ``to``."""
    ids = _item_ids(store, name)
    _check_position(ids, position, name)
    _check_position(ids, to, name)
    ids.insert(to - 1, ids.pop(position - 1))
    _renumber(store, ids)


def remove_item(store: Store, name: str, position: int) -> None:
    ids = _item_ids(store, name)
    _check_position(ids, position, name)
    with store.transaction() as db:
        db.execute("DELETE FROM selection_items WHERE id = ?", (ids.pop(position - 1),))
    _renumber(store, ids)


def _renumber(store: Store, ids: list[int]) -> None:
    with store.transaction() as db:
        db.executemany(
            "UPDATE selection_items SET position = ? WHERE id = ?",
            [(i, item_id) for i, item_id in enumerate(ids, start=1)],
        )
