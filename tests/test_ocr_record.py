"""How each OCR page was read (clean-up method, language, every reading's confidence) is
stored with the page and shown by ``evidence status``, the app's Status page and its viewer."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from index.status import ocr_line, page_ocr_note, status
from index.store import Store
from ingest import ocr
from tests.conftest import ingest_paths
from tests.test_app import doc_id, run_app
from tests.test_ocr import page_image
from tests.test_ocr_prep import speckled

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract not installed")


@pytest.fixture
def scans(tmp_path, data_dir, monkeypatch):
    """Two scanned pages ingested: one clean, one speckled; every page is read twice (the
    retry threshold at 100) so both readings are recorded."""
    docs = tmp_path / "docs"
    docs.mkdir()
    page_image().save(docs / "clean.png")
    speckled(page_image(), 0.01).save(docs / "speckled.png")
    monkeypatch.setenv("EVIDENCE_OCR_RETRY_CONFIDENCE", "100")
    ingest_paths([docs], data_dir, ocr_lang="eng")
    return data_dir


@needs_tesseract
def test_ocr_method_language_and_tries_are_stored_with_the_page(scans):
    with Store(scans) as store:
        rows = {
            r["relpath"]: r
            for r in store.db.execute(
                "SELECT x.relpath, p.* FROM pages p JOIN paths x ON x.doc_id = p.doc_id"
            )
        }
    clean, dirty = rows["clean.png"], rows["speckled.png"]
    assert clean["ocr_lang"] == dirty["ocr_lang"] == "eng"
    tries = json.loads(dirty["ocr_tries"])
    assert [t[0] for t in tries] == ["median", "gray"] and all(t[1] == "eng" for t in tries)
    kept = max(tries, key=lambda t: t[2])
    assert dirty["ocr_method"] == kept[0] and dirty["ocr_confidence"] == kept[2]
    assert [t[0] for t in json.loads(clean["ocr_tries"])] == ["gray", "median+sauvola"]
    note = page_ocr_note(dirty)
    assert f"clean-up {kept[0]}" in note and f"confidence {kept[2]}" in note
    assert "also read:" in note and "in eng" in note


@needs_tesseract
def test_status_counts_ocr_methods_and_pages_read_again(scans):
    info = status(scans)["ocr"]
    assert info["pages"] == 2 and sum(info["methods"].values()) == 2
    assert info["langs"] == {"eng": 2} and info["read_again"] == 2
    assert 0 <= info["kept_later_reading"] <= 2 and info["mean_confidence"] > 50
    from evidence_cli import main

    out = CliRunner().invoke(main, ["status", "--data", str(scans)]).output
    assert ocr_line(info) in out and "OCR: 2 page(s)" in out


@needs_tesseract
def test_app_shows_how_a_page_was_read(scans, monkeypatch):
    at = run_app(scans, monkeypatch, view="status")
    assert any(c.value.startswith("OCR: 2 page(s)") for c in at.caption)
    at = run_app(scans, monkeypatch, doc=doc_id(scans, "speckled.png"), page=1)
    details = next(d.value for d in at.dataframe if "Field" in d.value.columns)
    this_page = details.set_index("Field")["Value"]["This page"]
    assert this_page.startswith("OCR in eng, clean-up ") and "also read:" in this_page


def test_note_for_a_page_read_by_an_older_version():
    # Pages stored before the method was recorded have no method, language or tries.
    row = {
        "ocr": 1,
        "ocr_confidence": 88.5,
        "ocr_method": None,
        "ocr_lang": None,
        "ocr_tries": None,
    }

    class Row(dict):
        def keys(self):
            return list(super().keys())

    assert page_ocr_note(Row(row)) == "OCR, confidence 88.5"
    assert page_ocr_note(Row({**row, "ocr": 0})) is None
