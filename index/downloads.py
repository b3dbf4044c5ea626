"""Exports as bytes for a download button: a selection or a query's hits in any export format,
written by :mod:`index.export` (the same files ``evidence export`` writes)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from index.export import (
    FORMATS,
    Excerpt,
    excerpts_for_mentions,
    excerpts_for_query,
    excerpts_for_selection,
    make_export,
)
from index.export import write_export as _write
from index.store import Store

MIME = {
    "csv": "text/csv",
    "json": "application/json",
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def safe_stem(name: str) -> str:
    """A file name stem from a selection name or a query: letters, digits, dot, dash."""
    stem = re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip("-.")
    return (stem or "export")[:60]


def export_bytes(store: Store, asked: str, excerpts: list[Excerpt], fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {FORMATS}")
    export = make_export(store, asked, excerpts)
    with tempfile.TemporaryDirectory(prefix="evidence-export-") as tmp:
        path = _write(export, Path(tmp) / f"export.{fmt}", fmt)
        return path.read_bytes()


def file_name(source: str, fmt: str, prefix: str = "") -> str:
    return f"{prefix}{safe_stem(source)}.{fmt}"


def selection_bytes(data_dir: Path, name: str, fmt: str) -> bytes:
    """A selection exported as ``fmt``."""
    with Store(data_dir) as store:
        return export_bytes(store, f"selection {name!r}", excerpts_for_selection(store, name), fmt)


def query_bytes(data_dir: Path, qstring: str, fmt: str) -> bytes:
    """Every hit of ``qstring`` exported as ``fmt``."""
    excerpts = excerpts_for_query(data_dir, qstring)
    with Store(data_dir) as store:
        return export_bytes(store, f"search {qstring!r}", excerpts, fmt)


def mentions_bytes(data_dir: Path, entity_id: int, fmt: str) -> bytes:
    """Every sentence naming an entity exported as ``fmt``."""
    with Store(data_dir) as store:
        row = store.db.execute(
            "SELECT canonical, kind FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        asked = f"mentions of {row[0]} ({row[1]})" if row else f"mentions of entity {entity_id}"
        return export_bytes(store, asked, excerpts_for_mentions(store, entity_id), fmt)
