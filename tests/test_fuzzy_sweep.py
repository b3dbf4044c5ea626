"""The approximate alias sweep on OCR pages: misread names are found, marked and cited so."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from index.entities import refresh
from index.export import excerpts_for_mentions
from index.mentions import list_mentions, require_entity
from index.store import Store
from ingest import ocr
from ingest.entities.fuzzy import FuzzySweeper, allowed_edits, unsure_words
from tests.conftest import ingest_paths

ALIASES = [
    ("Sarah Lindqvist", "1", "person"),
    ("Marcus Avila", "2", "person"),
    ("Immigration and Customs Enforcement", "3", "agency"),
]


@pytest.mark.parametrize(
    ("text", "unsure", "expected"),
    [
        ("Prepared by Sarah Lindqv1st, Records", {"lindqv1st"}, ["Sarah Lindqv1st"]),
        ("Prepared by Sarah Lindqv1st, Records", set(), []),  # OCR was sure: a real spelling
        ("met Marco Avila in May", {"marco"}, []),  # two letters off in one word: someone else
        ("lmmigration and Customs Enforeement", {"lmmigration"}, [
            "lmmigration and Customs Enforeement"]),
        ("Sarah Lindqvist exactly", {"sarah"}, []),  # exact: the exact sweep's
    ],
)  # fmt: skip
def test_fuzzy_sweep_bounds_and_guards(text, unsure, expected):
    hits = FuzzySweeper(ALIASES).find(text, unsure)
    assert [h.text for h in hits] == expected
    assert all(80 <= h.score < 100 for h in hits)


def test_alias_claimed_by_two_entities_is_not_matched_approximately():
    sweeper = FuzzySweeper([("Dana Whitlow", "1", "person"), ("Dana Whitlow", "2", "person")])
    assert sweeper.find("Dana Wh1tlow", None) == []


def test_allowed_edits_scale_with_length():
    assert [allowed_edits(a) for a in ("Ann Lee", "Sarah Lindqvist", "Immigration Enforcement")] == [
        1, 2, 3]  # fmt: skip
    assert unsure_words([("Lindqv1st,", 41.0), ("Sarah", 96.0), ("x", None)], 80) == {"lindqv1st"}


def _scan(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=letter)
    y = letter[1] - 100
    canvas.setFont("Helvetica", 11)
    for line in lines:
        canvas.drawString(72, y, line)
        y -= 16
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200)
    return out.getvalue()


@pytest.mark.slow
def test_misread_name_on_a_scan_is_a_fuzzy_mention_and_exports_say_so(tmp_path):
    """Guards OCR'd names: an alias known from a clean document is found on a scanned page
    where OCR misread a letter, as method 'fuzzy' with its score, and the export notes it."""
    if not ocr.available():
        pytest.skip("tesseract not installed")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "memo.txt").write_text("Memo from Sarah Lindqvist about the booking feed.\n")
    (docs / "scan.pdf").write_bytes(_scan(["Prepared by: Sarah Lindqvist, Records Unit"]))
    data = tmp_path / "data"
    assert not ingest_paths([docs], data).failures
    with Store(data) as store:
        doc_id, page, text, words = store.db.execute(
            "SELECT doc_id, page, text, words FROM pages WHERE ocr = 1"
        ).fetchone()
        assert "Lindqvist" in text
        # What Tesseract reads on a noisier copy of the same scan: one letter wrong, unsure.
        words = [
            [
                ("Lindqv1st," if w[0] == "Lindqvist," else w[0]),
                *w[1:5],
                41.0 if "Lindq" in w[0] else w[5],
            ]
            for w in json.loads(words)
        ]
        store.db.execute(
            "UPDATE pages SET text = ?, words = ?, ocr_confidence = 71 WHERE doc_id = ? AND page = ?",
            (text.replace("Lindqvist", "Lindqv1st"), json.dumps(words), doc_id, page),
        )
        store.db.execute("DELETE FROM mentions WHERE doc_id = ? AND kind = 'person'", (doc_id,))
        store.db.commit()
        refresh(store, full=True)  # the page text was changed in place
        entity = require_entity(store, "Sarah Lindqvist")
        rows = list_mentions(store, entity.entity_id)
        fuzzy = [m for m in rows if m.method == "fuzzy"]
        assert [(m.doc_id, m.text) for m in fuzzy] == [(doc_id, "Sarah Lindqv1st")]
        assert 80 <= fuzzy[0].score < 100
        notes = [
            e.note for e in excerpts_for_mentions(store, entity.entity_id) if e.doc_id == doc_id
        ]
        assert notes and "approximate" in notes[0] and "Lindqv1st" in notes[0]
