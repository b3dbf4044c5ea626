"""Titles: default metadata titles count as absent, batch-shared ones too; the raw one is kept."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from index.store import Store
from ingest.titles import clean_title
from tests.conftest import ingest_paths


@pytest.mark.parametrize(
    ("raw", "filename", "title"),
    [
        ("(anonymous)", "a.pdf", None),
        ("untitled", "a.pdf", None),
        ("Untitled-3", "a.pdf", None),
        ("Microsoft Word - Document1.docx", "a.pdf", None),
        ("Microsoft Word - FOIA Response Letter.doc", "a.pdf", "FOIA Response Letter"),
        ("Microsoft Excel - Check register FY2021.xlsx", "a.xlsx", "Check register FY2021"),
        ("Scanned Document", "a.pdf", None),
        ("PowerPoint Presentation", "a.pdf", None),
        ("Scan0001", "a.pdf", None),
        ("IMG_1234.JPG", "a.pdf", None),
        ("DOC001", "a.pdf", None),
        ("2019-03-12", "a.pdf", None),
        ("C:\\Users\\clerk\\Desktop\\letter.doc", "a.pdf", None),
        ("response_letter_final", "response_letter_final.pdf", None),  # the file's own name
        ("Response Letter Final", "response_letter_final.pdf", None),
        ("Memorandum of Agreement", "moa.pdf", "Memorandum of Agreement"),
        ("287(g) MOA - Bay County", "moa.pdf", "287(g) MOA - Bay County"),
        ("  Booking   data\nagreement ", "x.pdf", "Booking data agreement"),
        ("", "x.pdf", None),
        (None, "x.pdf", None),
    ],
)
def test_junk_titles_count_as_absent(raw, filename, title):
    assert clean_title(raw, filename) == title


def _pdf(title: str | None, heading: str) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=letter)
    if title is not None:
        canvas.setTitle(title)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(72, 700, heading)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 670, "The records requested are enclosed with this letter.")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _titles(data) -> dict[str, tuple[str, dict]]:
    with Store(data) as store:
        rows = store.db.execute(
            "SELECT p.relpath, d.title, d.metadata FROM documents d JOIN paths p ON p.doc_id = d.id"
        ).fetchall()
    return {r[0]: (r[1], json.loads(r[2])) for r in rows}


def test_ingested_titles_fall_back_to_heading_then_filename(tmp_path):
    """Guards junk titles on hits: "(anonymous)" gives way to the first heading, a Word
    document's default title to its Title paragraph, and the raw title stays in the metadata."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "anon.pdf").write_bytes(_pdf("(anonymous)", "Response to Records Request 2021-0412"))
    (docs / "real.pdf").write_bytes(_pdf("Jail Booking Data Agreement", "AGREEMENT"))
    word = Document()
    word.core_properties.title = "Microsoft Word - Document1.docx"
    word.add_paragraph("Notification of Release", style="Title")
    word.add_paragraph("The subject was released at 14:00.")
    word.save(docs / "notice.docx")
    assert not ingest_paths([docs], tmp_path / "data").failures
    titles = _titles(tmp_path / "data")
    assert titles["anon.pdf"][0] == "Response to Records Request 2021-0412"
    assert titles["anon.pdf"][1]["metadata_title"] == "(anonymous)"
    assert titles["anon.pdf"][1]["title_source"] == "heading"
    assert titles["real.pdf"][0] == "Jail Booking Data Agreement"
    assert titles["real.pdf"][1]["title_source"] == "metadata"
    assert titles["notice.docx"][0] == "Notification of Release"


def test_title_shared_by_a_batch_is_replaced_by_each_files_own(tmp_path):
    """Guards template titles: when three or more files declare one title, each shows its own
    heading instead; a fourth file arriving later is treated the same."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(3):
        (docs / f"letter{n}.pdf").write_bytes(_pdf("City of Riverton", f"FOIA Response No. 10{n}"))
    (docs / "other.pdf").write_bytes(_pdf("Annual Budget Report", "Budget"))
    data = tmp_path / "data"
    assert not ingest_paths([docs], data).failures
    titles = _titles(data)
    assert [titles[f"letter{n}.pdf"][0] for n in range(3)] == [
        f"FOIA Response No. 10{n}" for n in range(3)
    ]
    assert titles["letter0.pdf"][1]["metadata_title"] == "City of Riverton"
    assert titles["other.pdf"][0] == "Annual Budget Report"
    (docs / "letter3.pdf").write_bytes(_pdf("City of Riverton", "FOIA Response No. 103"))
    assert not ingest_paths([docs], data).failures
    assert _titles(data)["letter3.pdf"][0] == "FOIA Response No. 103"
