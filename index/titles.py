"""Titles a whole batch shares: a producer's template title is no title.

A release whose every file carries the metadata title "City of Riverton" (or "FOIA Response")
shows one title for all hits. When at least :data:`SHARED_BY` documents declare the same
metadata title, each of them takes the title it would have had without it (its first heading,
else its file name: ``title_fallback``, see :mod:`ingest.titles`). The raw metadata title stays
in the document's metadata.
"""

from __future__ import annotations

import json
from collections import defaultdict

from index.store import Store

SHARED_BY = 3
_DEMOTED = "fallback: metadata title shared"


def demote_shared_titles(store: Store) -> int:
    """Replace batch-shared metadata titles, in place; returns how many documents changed.
    Their pages are marked for rewriting in the search index (which stores the title)."""
    db = store.db
    by_title: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for doc_id, metadata in db.execute("SELECT id, metadata FROM documents"):
        meta = json.loads(metadata or "{}")
        source = meta.get("title_source", "")
        if meta.get("metadata_title") and source.startswith(("metadata", _DEMOTED)):
            by_title[" ".join(meta["metadata_title"].casefold().split())].append((doc_id, meta))
    changed = 0
    with store.transaction():
        for docs in by_title.values():
            if len(docs) < SHARED_BY:
                continue
            for doc_id, meta in docs:
                if meta["title_source"] != "metadata":
                    continue  # demoted in an earlier run
                fallback = meta.get("title_fallback") or meta.get("filename") or doc_id
                meta["title_source"] = f"{_DEMOTED} by {len(docs)} documents"
                db.execute(
                    "UPDATE documents SET title = ?, metadata = ? WHERE id = ?",
                    (fallback, json.dumps(meta), doc_id),
                )
                db.execute("UPDATE pages SET indexed = 0 WHERE doc_id = ?", (doc_id,))
                changed += 1
    return changed
