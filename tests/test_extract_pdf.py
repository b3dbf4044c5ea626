"""PDF text comes out page by page, in reading order, with hyphenation joined."""

from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest

from ingest.extractors import ExtractOptions, extractor_for
from ingest.records import ExtractError
from tests.conftest import realdoc


def _flat(text: str) -> str:
    # Footnote markers are set as superscript digits glued to words ("alert,5"); drop digits
    # so the comparison is about word order only.
    return " ".join(re.sub(r"\d", "", text).split())


def _column_break_words(path, page_index: int) -> tuple[list[str], list[str]]:
    """From pdfplumber's word boxes: the last body line of column 1 and the first body line of
    column 2 — a sentence that runs across the column break."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_index]
        words = page.extract_words(extra_attrs=["size"])
        sizes = Counter(round(w["size"]) for w in words)
        body = max(size for size, n in sizes.items() if n >= 100)
        third = page.width / 3
        body_words = [w for w in words if round(w["size"]) == body and w["top"] > 50]
        col1 = [w for w in body_words if w["x0"] < third]
        col2 = [w for w in body_words if third <= w["x0"] < 2 * third]
        last, first = max(w["top"] for w in col1), min(w["top"] for w in col2)
        line1 = [w["text"] for w in sorted(col1, key=lambda w: w["x0"]) if abs(w["top"] - last) < 2]
        line2 = [
            w["text"] for w in sorted(col2, key=lambda w: w["x0"]) if abs(w["top"] - first) < 2
        ]
    return line1, line2


def test_multicolumn_page_keeps_reading_order_across_column_break():
    path = realdoc("pdfplumber-tests/federal-register-2020-17221.pdf")
    line1, line2 = _column_break_words(path, 1)
    sentence = _flat(" ".join(line1[-3:] + line2[:2]))
    ours = extractor_for("pdf").extract(path, ExtractOptions(ocr="never"))
    assert _flat(ours.pages[1].text).count(sentence) == 1
    # pdfplumber's default reads straight across the columns and breaks this sentence.
    with pdfplumber.open(path) as pdf:
        assert sentence not in _flat(pdf.pages[1].extract_text())


def test_pdf_pages_are_numbered_and_titled():
    path = realdoc("pdfplumber-tests/federal-register-2020-17221.pdf")
    from ingest.titles import settle_title

    ours = extractor_for("pdf").extract(path, ExtractOptions(ocr="never"))
    assert [p.number for p in ours.pages] == list(range(1, 16))
    assert ours.title is None  # no metadata title: the first heading stands in
    settle_title(ours, path.name)
    assert ours.title and ours.metadata["title_source"] == "heading"
    assert all(not p.ocr for p in ours.pages)


@pytest.mark.parametrize(
    ("relpath", "reason"),
    [
        ("alephdata-ingest-file/password-hunter2.pdf", "encrypted: needs a password"),
        ("pdfplumber-tests/password-example.pdf", "encrypted: needs a password"),
    ],
)
def test_encrypted_pdf_says_it_needs_a_password(relpath, reason):
    with pytest.raises(ExtractError, match=reason):
        extractor_for("pdf").extract(realdoc(relpath), ExtractOptions())


def test_encrypted_pdf_opens_with_its_password():
    path = realdoc("pdfplumber-tests/password-example.pdf")
    ours = extractor_for("pdf").extract(path, ExtractOptions(password="test", ocr="never"))
    assert ours.pages and ours.pages[0].text


def test_broken_xref_pdf_still_reads():
    path = realdoc("city-bureau-city-scrapers/Notice-and-Agenda-001-2023-06-06.pdf")
    ours = extractor_for("pdf").extract(path, ExtractOptions(ocr="never"))
    assert len(ours.pages) == 1 and len(ours.pages[0].text.split()) > 100


@pytest.mark.slow
def test_image_only_page_is_ocrd_with_confidence_and_word_boxes():
    from ingest import ocr

    if not ocr.available():
        pytest.skip("tesseract not installed")
    path = realdoc("freelawproject-doctor/image-pdf-2.pdf")
    ours = extractor_for("pdf").extract(path, ExtractOptions())
    page = ours.pages[0]
    assert page.ocr and page.ocr_confidence > 80
    assert len(page.text.split()) > 200
    assert page.words and all(0 <= w.x0 < w.x1 <= page.width + 1 for w in page.words[:50])


def test_pdf_that_pdfplumber_cannot_open_still_reads():
    """missouri.pdf has no /Root that pdfminer accepts; pdfium repairs it."""
    path = realdoc("freelawproject-doctor/missouri.pdf")
    with pytest.raises(Exception, match="Root"):
        pdfplumber.open(path).pages  # noqa: B018
    ours = extractor_for("pdf").extract(path, ExtractOptions(ocr="never"))
    assert len(ours.pages) == 5 and all(len(p.text.split()) > 100 for p in ours.pages)
