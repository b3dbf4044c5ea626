"""Redactions as data: exemption codes normalised, black boxes counted, bad redactions (text
under a box) flagged, and all of it searchable and listed per document."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from evidence_cli import main
from index.search import search
from ingest import ocr
from ingest.redactions import find_exemptions
from tests.conftest import ingest_paths, realdoc


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Withheld under (b)(6) and (b) (7) (C).", ["b6", "b7C"]),
        ("Redacted: b6, b7E", ["b6", "b7E"]),
        ("We rely on Exemption 5.", ["b5"]),
        ("Exemptions 6 and 7(C) apply.", ["b6", "b7C"]),
        ("Denied under 5 ILCS 140/7(1)(c).", ["5 ILCS 140/7(1)(c)"]),
        ("Exempt under RCW 42.56.240(1).", ["RCW 42.56.240(1)"]),
        ("Name: (b)(6),(b)(7)(c )", ["b6", "b7C"]),  # a redacted spreadsheet cell
    ],
)
def test_exemption_codes_are_normalised(text, codes):
    assert [e.code for e in find_exemptions(text)] == codes


def test_clause_numbers_in_a_contract_are_not_exemptions():
    text = "The vendor shall comply with paragraph (b)(6) of this section and clause b2."
    assert find_exemptions(text) == []


def _redacted_pdf(path):
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "FOIA release, page withheld in part under (b)(6) and (b)(7)(C).")
    c.drawString(72, 680, "Booking officer: Marisol Okafor, badge 4471.")
    c.setFillColorRGB(0, 0, 0)
    c.rect(170, 676, 90, 14, fill=1, stroke=0)  # over the name: a bad redaction
    c.rect(72, 600, 200, 20, fill=1, stroke=0)  # over nothing: a good one
    c.showPage()
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Contract clause (b)(6) applies to the vendor.")
    c.showPage()
    c.save()


def test_boxes_codes_and_bad_redactions_from_cli_search_and_csv(tmp_path):
    """Guards redactions as data: a page's boxes and codes are counted, a box over text that
    is still in the text layer is flagged, and redacted:/exemption:/badredaction: find it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    _redacted_pdf(docs / "release.pdf")
    data = tmp_path / "data"
    assert not ingest_paths([docs], data).failures
    assert [h.page for h in search(data, "redacted:true").hits] == [1]
    assert [h.page for h in search(data, "exemption:b7C").hits] == [1]
    assert [h.page for h in search(data, "badredaction:true").hits] == [1]
    runner = CliRunner()
    csv_path = tmp_path / "exemptions.csv"
    out = runner.invoke(main, ["redactions", "--data", str(data), "--json", "-o", str(csv_path)])
    assert out.exit_code == 0, out.output
    (row,) = [json.loads(line) for line in out.output.splitlines()]
    assert row["path"] == "release.pdf" and row["redacted_pages"] == [1]
    assert row["boxes"] == 2 and row["exemptions"] == {"b6": 1, "b7C": 1}
    assert [b["page"] for b in row["bad_redactions"]] == [1]
    assert "b7C" in csv_path.read_text()
    status = runner.invoke(main, ["status", "--data", str(data)])
    assert "redactions: 1 page(s) in 1 document(s), 2 box(es), 1 bad" in status.output


def test_real_bad_redactions_are_flagged(tmp_path):
    path = realdoc("freelawproject-doctor/rectangles_yes.pdf")
    data = tmp_path / "data"
    assert not ingest_paths([path], data).failures
    out = CliRunner().invoke(main, ["redactions", "--data", str(data), "--json"])
    (row,) = [json.loads(line) for line in out.output.splitlines()]
    assert row["boxes"] >= 1 and row["bad_redactions"]


def test_real_redacted_spreadsheet_lists_its_exemptions(tmp_path):
    path = realdoc("uwchr-ice/15_16_17_18_19_20_RHU_admission_Redacted.xlsx")
    data = tmp_path / "data"
    assert not ingest_paths([path], data).failures
    out = CliRunner().invoke(main, ["redactions", "--data", str(data), "--json"])
    (row,) = [json.loads(line) for line in out.output.splitlines()]
    assert {"b6", "b7C"} <= set(row["exemptions"]) and row["boxes"] == 0


def test_black_boxes_on_scans_and_images_are_redactions(tmp_path):
    """Guards redactions on scanned releases: a solid black rectangle in the page image is a
    box (never a bad redaction: nothing is left under it), a line of bold text, a rule and the
    scanner's dark edge are not; redacted:true finds the page of a scanned PDF and of an image."""
    from PIL import Image, ImageDraw, ImageFont

    if not ocr.available():
        pytest.skip("Tesseract is not installed")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, boxed in (("redacted.png", True), ("clean.png", False)):
        img = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(img)
        font = ImageFont.load_default(size=40)
        draw.text((150, 200), "RELEASE UNDER FOIA. Booking officer named below.", fill=0, font=font)
        draw.text((150, 300), "WITHHELD IN PART", fill=0, font=ImageFont.load_default(size=70))
        draw.line((150, 420, 1500, 420), fill=0, width=4)
        draw.rectangle((0, 0, 1700, 30), fill=0)  # the scanner's edge
        if boxed:
            draw.rectangle((150, 500, 700, 560), fill=0)
        img.save(docs / name)
    pdf_image = Image.open(docs / "redacted.png").convert("RGB")
    pdf_image.save(docs / "scan.pdf", resolution=200)
    data = tmp_path / "data"
    assert not ingest_paths([docs], data).failures
    hits = {(h.path, h.page) for h in search(data, "redacted:true").hits}
    assert hits == {("redacted.png", 1), ("scan.pdf", 1)}
    assert not search(data, "badredaction:true").hits
    out = CliRunner().invoke(main, ["redactions", "--data", str(data), "--json"])
    rows = {r["path"]: r for r in map(json.loads, out.output.splitlines())}
    assert rows["redacted.png"]["boxes"] == 1 and rows["scan.pdf"]["boxes"] == 1
