"""A data folder made by an older version opens with the columns added since, its rows kept."""

from __future__ import annotations

import sqlite3

from index import store as store_module
from index.store import Store


def test_old_data_folder_gets_added_columns_and_keeps_rows(tmp_path, monkeypatch):
    with Store(tmp_path) as first:
        first.db.execute(
            "INSERT INTO documents(id, sha256, title, doctype, pages, bytes, added) "
            "VALUES ('d1', 'aa', 'old', 'pdf', 1, 10, 0)"
        )
        first.db.commit()
    monkeypatch.setattr(
        store_module, "ADDED_COLUMNS", [("documents", "raw_title", "TEXT"), ("pages", "x", "REAL")]
    )
    with Store(tmp_path) as again:
        cols = {r[1] for r in again.db.execute("PRAGMA table_info(documents)")}
        assert "raw_title" in cols
        assert again.document("d1")["title"] == "old"
    # Opening once more does not try to add them twice.
    with Store(tmp_path) as third:
        assert {r[1] for r in third.db.execute("PRAGMA table_info(pages)")} >= {"x"}
    db = sqlite3.connect(tmp_path / Store.FILENAME)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
