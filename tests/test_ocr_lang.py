"""The OCR language picked per page when the user gives none (``--ocr-lang`` auto): a first
English reading, then the page read again in Dutch or Spanish when it is detected as such."""

from __future__ import annotations

import io

import pytest

from ingest import ocr

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract not installed")

DUTCH = [
    "De burgemeester zei dat de politie van Utrecht",
    "vorig jaar één miljoen euro uitgaf aan",
    "camera's en dat de gemeenteraad daarover",
    "niet goed geïnformeerd was, volgens het",
    "rapport dat donderdag werd gepubliceerd.",
    "Wethouder Marieke de Vries reageerde op",
    "de vragen van de oppositie over de kosten.",
]
SPANISH = [
    "El alcalde dijo que la policía de Sevilla",
    "gastó el año pasado un millón de euros en",
    "cámaras y que el ayuntamiento no fue",
    "informado según el informe publicado el",
    "jueves por la mañana. La concejala María",
    "Fernández respondió a las preguntas de la",
    "oposición sobre los costes del contrato.",
]
ENGLISH = [
    "The county board approved the agreement with",
    "the sheriff's office for detainee transport at",
    "its regular meeting, after the finance office",
    "reported the monthly totals to the commissioners.",
]


def scanned(lines):
    """``lines`` in 12-point Times (its accented letters included) on a page scanned at 300 dpi."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(612, 792), invariant=1)
    canvas.setFont("Times-Roman", 12)
    for i, line in enumerate(lines):
        canvas.drawString(72, 720 - i * 16, line)
    canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    try:
        return pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def needs_pack(pack):
    return pytest.mark.skipif(
        ocr.available() and pack not in ocr.installed_langs(),
        reason=f"tesseract-ocr-{pack} not installed (scripts/system-deps.sh installs it)",
    )


@needs_tesseract
@pytest.mark.parametrize(
    ("lines", "pack", "words"),
    [
        pytest.param(DUTCH, "nld", ["één", "geïnformeerd"], marks=needs_pack("nld")),
        pytest.param(
            SPANISH, "spa", ["gastó", "año", "mañana", "Fernández"], marks=needs_pack("spa")
        ),
    ],
)
def test_regression_page_in_dutch_or_spanish_is_read_again_in_its_language(lines, pack, words):
    """Regression: read with the English model, "año" came back "afio", "gastó" "gast6",
    "geïnformeerd" "geinformeerd"."""
    result = ocr.ocr_image(scanned(lines), "auto", 300 / 72)
    assert result.lang == pack
    assert [t[1] for t in result.tries] == ["eng", pack]
    for word in words:
        assert word in result.text


@needs_tesseract
def test_english_page_and_a_given_language_are_read_once():
    auto = ocr.ocr_image(scanned(ENGLISH), "auto", 300 / 72, retry_below=0)
    assert auto.lang == "eng" and len(auto.tries) == 1
    given = ocr.ocr_image(scanned(SPANISH), "eng", 300 / 72, retry_below=0)
    assert given.lang == "eng" and len(given.tries) == 1


@needs_tesseract
def test_language_without_its_pack_stays_english(monkeypatch):
    monkeypatch.setattr(ocr, "installed_langs", lambda: frozenset({"eng", "osd"}))
    result = ocr.ocr_image(scanned(SPANISH), "auto", 300 / 72, retry_below=0)
    assert result.lang == "eng" and len(result.tries) == 1


def test_ocr_language_setting_defaults_to_auto(monkeypatch):
    from index.build import options_from_settings

    monkeypatch.delenv("EVIDENCE_OCR_LANG", raising=False)
    assert options_from_settings().extract.ocr_lang == "auto"
    assert options_from_settings(ocr_lang="eng+spa").extract.ocr_lang == "eng+spa"
