"""The page viewer: spans of stored page text mapped to boxes on the rendered page, for text
PDFs (pdfplumber characters), OCR'd scans and image documents (stored word boxes); the original
file offered only while it is the file that was ingested."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from index.document import page_spans, query_terms, source_file
from index.store import Store
from index.viewer import Box, Unit, align, page_image, span_boxes
from tests.conftest import CORPUS, ingest_paths

AGREEMENT = "data-sharing-agreement-county-ice.pdf"
SCAN = "scanned-booking-notification.pdf"
ICE = "U.S. Immigration and Customs Enforcement"


def _chars(text: str, y: float = 0.0, x: float = 0.0) -> list[Unit]:
    return [
        Unit(c, Box(x + 10 * i, y, x + 10 * i + 9, y + 12)) for i, c in enumerate(text) if c.strip()
    ]


def _doc_id(data_dir: Path, relpath: str) -> str:
    with Store(data_dir) as store:
        row = store.db.execute("SELECT doc_id FROM paths WHERE relpath = ?", (relpath,)).fetchone()
    assert row, relpath
    return row[0]


def _first_letter(word: dict) -> dict:
    return next(c for c in word["chars"] if c["text"].isalnum())


def _red_pixels(png: bytes, box: Box) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    crop = image.crop((int(box.x0) - 4, int(box.top) - 4, int(box.x1) + 5, int(box.bottom) + 5))
    px = np.asarray(crop).astype(int)
    return int(((px[..., 0] > 200) & (px[..., 1] < 60) & (px[..., 2] < 60)).sum())


def _dark_pixels(png: bytes, box: Box) -> int:
    image = Image.open(io.BytesIO(png)).convert("L")
    crop = image.crop((int(box.x0), int(box.top), int(box.x1), int(box.bottom)))
    return int((np.asarray(crop) < 110).sum())


@pytest.mark.parametrize(
    ("text", "units", "span", "expected"),
    [
        # one line, same characters: one box around the word
        ("the data feed", _chars("thedatafeed"), (4, 8), [Box(30, 0, 69, 12)]),
        # hyphenation joined in the stored text, split over two lines on the page
        (
            "Renata Tolliver signs",
            _chars("RenataTol-", 0) + _chars("liversigns", 20),
            (7, 15),
            [Box(60, 0, 89, 12), Box(0, 20, 49, 32)],
        ),
        # a ligature glyph on the page, two letters in the text
        (
            "profile",
            [
                Unit("pro", Box(0, 0, 29, 12)),
                Unit("ﬁ", Box(30, 0, 39, 12)),
                Unit("le", Box(40, 0, 59, 12)),
            ],
            (0, 7),
            [Box(0, 0, 59, 12)],
        ),  # fmt: skip
        # OCR word units: part of a word boxes the whole word
        (
            "ICE/ERO office",
            [Unit("ICE/ERO", Box(0, 0, 70, 12)), Unit("office", Box(80, 0, 140, 12))],
            (0, 3),
            [Box(0, 0, 70, 12)],
        ),  # fmt: skip
        # text the page does not show (a header added by the extractor) gets no box
        ("Subject: fee", _chars("fee"), (0, 7), []),
        # blocks drawn in another order than the text reads (columns, turned pages)
        (
            "alpha beta gamma delta",
            _chars("gammadelta", 0) + _chars("alphabeta", 20),
            (6, 10),
            [Box(50, 20, 89, 32)],
        ),
        # a stray letter is never matched out of place
        ("x data", _chars("datax"), (0, 1), []),
        # whitespace only
        ("a  b", _chars("ab"), (1, 3), []),
    ],
)
def test_span_boxes(text, units, span, expected):
    assert span_boxes(text, units, [span]) == expected


def test_align_maps_letters_in_order_despite_normalisation():
    text = "Café  “quoted”\nnext"
    units = _chars("Cafe\u0301") + _chars('"quoted"next', 20)
    mapping = align(text, units)
    assert text[0] == "C" and mapping[0] == 0
    assert mapping[text.index("q")] == 6  # after the four letters and the combining accent
    assert all(text[i].isalnum() for i in mapping)


def test_hit_boxes_are_on_the_words_pdfplumber_sees(corpus_data):
    import pdfplumber

    doc_id = _doc_id(corpus_data, AGREEMENT)
    with Store(corpus_data) as store:
        text = store.page_text(doc_id, 1)
    spans = page_spans(text, query_terms(corpus_data, "booking"))
    view = page_image(corpus_data, doc_id, 1, spans, width=1224)  # 2 px per point
    assert view.png and len(view.boxes) == len(spans) > 3
    with pdfplumber.open(CORPUS / AGREEMENT) as pdf:
        words = pdf.pages[0].extract_words(return_chars=True)
    # a box starts at the word's first letter: '"Booking' is boxed from the B
    expected = sorted(
        (round(_first_letter(w)["x0"] * 2), round(w["top"] * 2))
        for w in words
        if "booking" in w["text"].lower()
    )
    got = sorted((round(b.x0), round(b.top)) for b in view.boxes)
    assert len(got) == len(expected)
    for (gx, gy), (ex, ey) in zip(got, expected, strict=True):
        assert abs(gx - ex) <= 2 and abs(gy - ey) <= 2
    for box in view.boxes:
        assert _red_pixels(view.png, box) > 20, "box not drawn"


def test_hyphenated_hit_gets_a_box_on_each_line(corpus_data):
    """Regression: "Tol-/liver" is one word in the stored text and two pieces on the page."""
    doc_id = _doc_id(corpus_data, AGREEMENT)
    with Store(corpus_data) as store:
        text = store.page_text(doc_id, 1)
    start = text.index("Tolliver")
    view = page_image(corpus_data, doc_id, 1, [(start, start + len("Tolliver"))])
    assert len(view.boxes) == 2
    upper, lower = sorted(view.boxes, key=lambda b: b.top)
    assert lower.top > upper.bottom  # two lines
    assert lower.x0 < upper.x0  # the second piece starts the next line


def test_ocr_page_boxes_come_from_stored_word_boxes(corpus_data):
    doc_id = _doc_id(corpus_data, SCAN)
    with Store(corpus_data) as store:
        row = store.page(doc_id, 1)
        assert row["ocr"] and row["words"]
        text = row["text"]
    spans = page_spans(text, query_terms(corpus_data, "booking"))
    view = page_image(corpus_data, doc_id, 1, spans)
    assert len(view.boxes) == len(spans) >= 2
    for box in view.boxes:
        assert _red_pixels(view.png, box) > 20
        assert _dark_pixels(view.png, box) > 10, "box does not sit on printed text"


def test_documents_without_page_images_say_so(corpus_data):
    doc_id = _doc_id(corpus_data, "persbericht-gegevensmakelaar-nl.txt")
    view = page_image(corpus_data, doc_id, 1, [(0, 5)])
    assert view.png is None and "no page image" in view.note
    assert page_image(corpus_data, "0" * 16, 1, []).note == "no such page"


def _make_odd_pdf(path: Path) -> None:
    """Page 1 cropped, page 2 turned 90 degrees: the viewer must follow both."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    raw = path.with_suffix(".raw.pdf")
    c = canvas.Canvas(str(raw), pagesize=(600, 800))
    c.setFont("Helvetica", 20)
    lines = [
        "Quarterly detention invoice",
        "Meridian Holdings billed the county",
        "for transport services rendered",
        "and approved by the auditor",
    ]
    for i, line in enumerate(lines):
        c.drawString(90, 680 - 40 * i, line)
    c.showPage()
    c.setFont("Helvetica", 20)
    c.drawString(90, 680, "Rotated schedule lists Meridian Holdings twice")
    c.drawString(90, 640, "Meridian Holdings again on this turned page")
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(str(raw))
    pdf[0].set_cropbox(40, 300, 560, 760)
    pdf[1].set_rotation(90)
    pdf.save(str(path))
    pdf.close()
    raw.unlink()


def test_cropped_and_rotated_pages_box_the_printed_words(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _make_odd_pdf(folder / "odd.pdf")
    data = tmp_path / "data"
    ingest_paths([folder], data, ocr="never")
    doc_id = _doc_id(data, "odd.pdf")
    for page in (1, 2):
        with Store(data) as store:
            text = store.page_text(doc_id, page)
        spans = page_spans(text, query_terms(data, "meridian"))
        view = page_image(data, doc_id, page, spans)
        assert len(view.boxes) == len(spans) >= 1, page
        for box in view.boxes:
            assert _dark_pixels(view.png, box) > 15, (page, box)


def test_image_document_boxes_on_the_stored_image(tmp_path):
    import shutil as sh

    if sh.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    folder = tmp_path / "docs"
    folder.mkdir()
    image = Image.new("RGB", (1400, 500), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=48)
    draw.text((60, 80), "Transport invoice from Meridian", fill="black", font=font)
    draw.text((60, 220), "Meridian Holdings paid in full", fill="black", font=font)
    image.save(folder / "scan.png")
    data = tmp_path / "data"
    ingest_paths([folder], data)
    doc_id = _doc_id(data, "scan.png")
    with Store(data) as store:
        text = store.page_text(doc_id, 1)
    spans = page_spans(text, query_terms(data, "meridian"))
    assert len(spans) == 2, text
    view = page_image(data, doc_id, 1, spans, width=700)  # half size: boxes scale too
    assert view.width == 700 and len(view.boxes) == 2
    for box in view.boxes:
        assert _red_pixels(view.png, box) > 20
        assert _dark_pixels(view.png, box) > 15


def test_source_file_only_while_unchanged(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / AGREEMENT, folder / AGREEMENT)
    data = tmp_path / "data"
    ingest_paths([folder], data, ocr="never")
    doc_id = _doc_id(data, AGREEMENT)
    target = folder / AGREEMENT
    with Store(data) as store:
        path, _ = source_file(store, doc_id)
        assert path == target
        # touched but byte-identical: still the ingested file (checked by hash)
        os.utime(target, (1_000_000_000, 1_000_000_000))
        assert source_file(store, doc_id)[0] == target
        target.write_bytes(target.read_bytes() + b"\n% appended\n")
        path, why = source_file(store, doc_id)
        assert path is None and "changed" in why
        target.unlink()
        assert source_file(store, doc_id)[0] is None
        assert source_file(store, "f" * 16) == (None, "no such document")


def test_source_file_refuses_documents_without_a_registered_path(corpus_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    with Store(data) as store:
        doc_id = _doc_id(data, AGREEMENT)
        store.db.execute("DELETE FROM paths WHERE doc_id = ?", (doc_id,))
        store.db.commit()
        path, why = source_file(store, doc_id)
    assert path is None and "came out of another" in why


@pytest.mark.parametrize(
    "relpath",
    [
        "appelson-Tracking_287g/gilchristCoSheriffOffice_WSO_MOA_02.20.2025.pdf",
        "city-bureau-city-scrapers/SSA21_MeetingMinutes_1.29.18.pdf",
        "alephdata-ingest-file/106972554.pdf",
    ],
)
def test_real_pdf_text_aligns_to_page_characters(relpath):
    """Nearly every letter of the stored text of real public records finds its place on the
    page, so any hit on them can be boxed."""
    import pypdfium2 as pdfium

    from index.viewer import _letters, pdf_char_units
    from ingest import textnorm
    from tests.conftest import realdoc

    path = realdoc(relpath)
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[0].get_textpage()
        text = textnorm.normalise(textpage.get_text_range())
    finally:
        pdf.close()
    units, _ = pdf_char_units(path, 1)
    letters = _letters(text)
    assert len(letters) > 300
    assert len(align(text, units)) / len(letters) > 0.98


@pytest.mark.parametrize(
    ("q", "kind", "name"),
    [
        ('agency:"U.S. Immigration and Customs Enforcement"', "agency", ICE),
        ("agency:ICE", "agency", ICE),
        ("person:tolliver", "person", "Renata J. Tolliver"),
    ],
)
def test_field_queries_mark_the_mentions_that_matched(corpus_data, q, kind, name):
    """An entity filter has no words to highlight: the viewer marks the entity's mentions."""
    from index.document import page_hits
    from index.mentions import list_mentions, require_entity

    with Store(corpus_data) as store:
        rows = list_mentions(store, require_entity(store, name, kind).entity_id)
    doc_id, page = rows[0].doc_id, rows[0].page
    spans = set(page_hits(corpus_data, q, doc_id, page))
    expected = {(m.start, m.end) for m in rows if (m.doc_id, m.page) == (doc_id, page)}
    assert expected and expected <= spans
    view = page_image(corpus_data, doc_id, page, sorted(spans))
    if view.png:
        assert len(view.boxes) >= len(expected)


def test_amount_queries_mark_the_amounts_in_range(corpus_data):
    from index.document import page_hits

    doc_id = _doc_id(corpus_data, "award-contract-70CMSD26P00000142.pdf")
    with Store(corpus_data) as store:
        text = store.page_text(doc_id, 1)
    spans = page_hits(corpus_data, "amount:>1M", doc_id, 1)
    assert "$1,248,500.00" in {text[s:e] for s, e in spans}
    assert all(text[s:e] != "$750K" for s, e in spans)
