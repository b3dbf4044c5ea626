"""What is in a data folder, for ``evidence status`` and the app."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from index import engine
from index.store import Store

EMPTY_COUNTS = {
    "documents": 0,
    "pages": 0,
    "ocr_pages": 0,
    "unindexed_pages": 0,
    "entities": 0,
    "mentions": 0,
    "duplicate_pages": 0,
    "duplicate_groups": 0,
}


def status(data_dir: Path) -> dict:
    """Counts, failures with their reasons, documents read with warnings (pages cut short,
    zip members skipped), index size and the last run. ``last_run["finished"]`` is false when
    that run was interrupted; the next ``evidence ingest`` completes it."""
    data_dir = Path(data_dir)
    info: dict = {
        "data": str(data_dir),
        **EMPTY_COUNTS,
        "index_bytes": 0,
        "last_run": None,
        "failures": [],
        "warnings": [],
    }
    if not (data_dir / Store.FILENAME).exists():
        return info
    with Store(data_dir) as store:
        info.update(store.counts())
        from index.duplicates import counts

        info["duplicate_pages"], info["duplicate_groups"] = counts(store)
        info["failures"] = [
            {"path": r["relpath"], "root": r["root"], "reason": r["reason"]}
            for r in store.failures()
        ]
        info["warnings"] = _warnings(store)
        info["last_run"] = _last_run(store)
        from index.redactions import redaction_report, totals

        info["redactions"] = totals(redaction_report(store))
    info["index_bytes"] = engine.size_bytes(data_dir)
    return info


def _warnings(store: Store) -> list[dict]:
    rows = store.db.execute(
        "SELECT d.id, d.title, d.warnings, "
        "(SELECT relpath FROM paths p WHERE p.doc_id = d.id ORDER BY relpath LIMIT 1) AS relpath "
        "FROM documents d WHERE d.warnings NOT IN ('', '[]') ORDER BY relpath, d.title"
    ).fetchall()
    out = []
    for row in rows:
        try:
            warnings = json.loads(row["warnings"])
        except ValueError:
            warnings = [row["warnings"]]
        if warnings:
            path = row["relpath"] or _parent_relpath(store, row["id"]) or row["title"]
            out.append({"path": path, "doc_id": row["id"], "warnings": warnings})
    return out


def _parent_relpath(store: Store, doc_id: str) -> str | None:
    """``archive.zip > member.pdf`` for a document that came out of another one."""
    doc = store.document(doc_id)
    if doc is None or not doc["parent_id"]:
        return None
    parent = store.primary_path(doc["parent_id"])
    parent_name = parent["relpath"] if parent else _parent_relpath(store, doc["parent_id"])
    name = json.loads(doc["metadata"] or "{}").get("filename") or doc["title"]
    return f"{parent_name} > {name}" if parent_name else None


def _last_run(store: Store) -> dict | None:
    run = store.last_run()
    if run is None:
        return None
    return {
        "when": dt.datetime.fromtimestamp(run["started"]).isoformat(timespec="seconds"),
        "files": run["files"],
        "skipped": run["skipped"],
        "pages": run["pages"],
        "failures": run["failures"],
        "seconds": run["seconds"] or 0.0,
        "finished": run["finished"] is not None,
    }
