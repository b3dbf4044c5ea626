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
        "watching": None,
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
        info["ocr"] = ocr_summary(store)
        info["last_run"] = _last_run(store)
        info["watching"] = _watching(store)
        from index.redactions import redaction_report, totals

        info["redactions"] = totals(redaction_report(store))
    info["index_bytes"] = engine.size_bytes(data_dir)
    return info


def ocr_summary(store: Store) -> dict:
    """How the OCR pages were read: pages per clean-up method and per language, how many were
    read more than once (a low-confidence first reading, or a page read again in its own
    language) and how many of those kept a later reading, and their mean confidence."""
    rows = store.db.execute(
        "SELECT ocr_method, ocr_lang, ocr_tries, ocr_confidence FROM pages WHERE ocr = 1"
    ).fetchall()
    methods: dict[str, int] = {}
    langs: dict[str, int] = {}
    retried = kept_later = 0
    confidences = []
    for row in rows:
        method = row["ocr_method"] or "(not recorded)"
        methods[method] = methods.get(method, 0) + 1
        if row["ocr_lang"]:
            langs[row["ocr_lang"]] = langs.get(row["ocr_lang"], 0) + 1
        tries = json.loads(row["ocr_tries"]) if row["ocr_tries"] else []
        if len(tries) > 1:
            retried += 1
            kept_later += [row["ocr_method"], row["ocr_lang"]] != tries[0][:2]
        if row["ocr_confidence"] is not None:
            confidences.append(row["ocr_confidence"])
    return {
        "pages": len(rows),
        "methods": dict(sorted(methods.items(), key=lambda kv: (-kv[1], kv[0]))),
        "langs": dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "read_again": retried,
        "kept_later_reading": kept_later,
        "mean_confidence": round(sum(confidences) / len(confidences), 1) if confidences else None,
    }


def ocr_line(ocr: dict) -> str:
    """The OCR summary in one line, for ``evidence status`` and the app's Status page."""
    methods = ", ".join(f"{m} {n}" for m, n in ocr["methods"].items())
    langs = ", ".join(f"{lg} {n}" for lg, n in ocr["langs"].items())
    line = f"OCR: {ocr['pages']:,} page(s), mean confidence {ocr['mean_confidence']}; clean-up: {methods}"
    if langs:
        line += f"; languages: {langs}"
    line += (
        f"; read again (low confidence or another language): {ocr['read_again']:,}, "
        f"a later reading kept on {ocr['kept_later_reading']:,}"
    )
    return line


def page_ocr_note(row) -> str | None:
    """How one OCR page was read, for the viewer, e.g. "OCR in eng, clean-up upscale+median,
    confidence 91.2 (also read: upscale in eng, 74.0)". None for a page not OCR'd."""
    if row is None or not row["ocr"]:
        return None
    keys = row.keys()
    method = row["ocr_method"] if "ocr_method" in keys else None
    lang = row["ocr_lang"] if "ocr_lang" in keys else None
    tries = json.loads(row["ocr_tries"]) if "ocr_tries" in keys and row["ocr_tries"] else []
    note = "OCR"
    if lang:
        note += f" in {lang}"
    if method:
        note += f", clean-up {method}"
    note += f", confidence {row['ocr_confidence']}"
    kept = [method, lang, row["ocr_confidence"]]
    others = [f"{m} in {lg}, {c}" for m, lg, c in tries if [m, lg, c] != kept]
    if others:
        note += f" (also read: {'; '.join(others)})"
    return note


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


def _watching(store: Store) -> dict | None:
    """The ``evidence ingest --watch`` keeping this folder up to date, if one is running."""
    from index.watch import watching

    state = watching(store)
    if state is None:
        return None
    return {
        "paths": state.paths,
        "since": dt.datetime.fromtimestamp(state.since).isoformat(timespec="seconds"),
        "runs": state.runs,
        "pid": state.pid,
    }


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
