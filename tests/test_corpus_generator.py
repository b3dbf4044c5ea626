"""The synthetic demo corpus: reproducible, marked synthetic, and its gold matches the files."""

from __future__ import annotations

import email
import email.policy
import hashlib
import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GENERATE = CORPUS / "generate.py"
SYNTHETIC = "SYNTHETIC DEMO DOCUMENT"
SCANNED = "scanned-booking-notification.pdf"
EXPECTED_PAGES = {
    "award-contract-70CMSD26P00000142.pdf": 3,
    "data-sharing-agreement-county-ice.pdf": 2,
    "board-minutes-2026-03-12.pdf": 2,
    "foia-response-2026-0412.pdf": 2,
    "email-thread-booking-feed.pdf": 2,
    SCANNED: 3,
}
TEXT_PDFS = sorted(set(EXPECTED_PAGES) - {SCANNED})
TEXT_FILES = ["persbericht-gegevensmakelaar-nl.txt", "email-booking-feed.eml"]


def _gold() -> list[dict]:
    lines = (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


GOLD = _gold()


def _gold_page(name: str, page: int) -> dict:
    (record,) = [r for r in GOLD if r["file"] == name and r["page"] == page]
    return record


def normalise(text: str) -> str:
    """pdfium's line-end hyphen marker (U+FFFE) or a word broken as "-\\n" joins; whitespace
    collapses. The same rule the gold phrases were written under."""
    text = re.sub("[\ufffe\u0002\u00ad]", "", text).replace("\r\n", "\n")
    text = re.sub(r"(?<=[^\W\d_])-\n(?=[a-z])", "", text)
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def file_text(path: Path) -> str:
    if path.suffix == ".eml":
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        headers = "\n".join(f"{k}: {msg[k]}" for k in ("From", "To", "Cc", "Subject"))
        return headers + "\n" + msg.get_body().get_content()
    return path.read_text(encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(GENERATE), str(out)], check=True, capture_output=True)
    return out


# The committed PDFs were rendered with these versions; other versions may write different
# bytes for the same content, so there the PDFs are compared by their text instead.
RENDERERS = {"reportlab": "5.1.0", "pypdfium2": "5.15.2", "PIL": "13.0.0"}


def _renderers() -> dict[str, str]:
    import PIL
    import reportlab

    return {
        "reportlab": reportlab.Version,
        "pypdfium2": str(pdfium.version.PYPDFIUM_INFO),
        "PIL": PIL.__version__,
    }


def test_regenerated_corpus_matches_committed_copy(regenerated):
    names = sorted(p.name for p in regenerated.iterdir())
    assert names == sorted([*EXPECTED_PAGES, *TEXT_FILES, "gold.jsonl"])
    same_renderers = _renderers() == RENDERERS
    stale = []
    for name in names:
        new, old = regenerated / name, CORPUS / name
        if name.endswith(".pdf") and not same_renderers:
            if pdf_pages(new) != pdf_pages(old):
                stale.append(name)
        elif _sha(new) != _sha(old):
            stale.append(name)
    assert not stale, f"rerun corpus/generate.py; these differ from the committed copy: {stale}"


def test_two_runs_are_byte_identical_and_leave_no_bytecode_in_corpus(regenerated, tmp_path):
    caches_before = set(CORPUS.rglob("__pycache__"))
    subprocess.run([sys.executable, str(GENERATE), str(tmp_path)], check=True, capture_output=True)
    for path in regenerated.iterdir():
        assert _sha(path) == _sha(tmp_path / path.name), path.name
    # The corpus folder is ingested as a demo, so the generator must not litter it.
    assert set(CORPUS.rglob("__pycache__")) == caches_before


@pytest.mark.parametrize(("name", "pages"), sorted(EXPECTED_PAGES.items()))
def test_pdf_page_count(name, pages):
    assert len(pdf_pages(CORPUS / name)) == pages >= 2


@pytest.mark.parametrize("name", TEXT_PDFS)
def test_every_text_pdf_page_is_marked_synthetic(name):
    for number, text in enumerate(pdf_pages(CORPUS / name), start=1):
        assert SYNTHETIC in text, f"{name} p.{number}"


@pytest.mark.parametrize("name", TEXT_FILES)
def test_text_files_are_marked_synthetic(name):
    assert SYNTHETIC in file_text(CORPUS / name)


def test_scanned_pdf_is_image_only_at_scanner_resolution():
    pdf = pdfium.PdfDocument(str(CORPUS / SCANNED))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            assert page.get_textpage().get_text_range() == ""
            images = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
            assert len(images) == 1
            width_px, _ = images[0].get_px_size()
            dpi = width_px / (page.get_width() / 72)
            assert 190 <= dpi <= 210
    finally:
        pdf.close()


def test_gold_has_one_record_per_page_of_every_file():
    expected = {(name, n) for name, pages in EXPECTED_PAGES.items() for n in range(1, pages + 1)}
    expected |= {(name, 1) for name in TEXT_FILES}
    keys = [(r["file"], r["page"]) for r in GOLD]
    assert len(keys) == len(set(keys))
    assert set(keys) == expected


@pytest.mark.parametrize(
    "record", [r for r in GOLD if r["file"] in TEXT_PDFS], ids=lambda r: f"{r['file']}-p{r['page']}"
)
def test_gold_phrases_are_on_their_pdf_page(record):
    texts = pdf_pages(CORPUS / record["file"])
    page_text = normalise(texts[record["page"] - 1])
    assert 1 <= len(record["phrases"]) <= 3
    for phrase in record["phrases"]:
        assert phrase in page_text
        for other, text in enumerate(texts, start=1):
            if other != record["page"]:
                assert phrase not in normalise(text), f"phrase also on p.{other}: {phrase!r}"


@pytest.mark.parametrize("name", TEXT_FILES)
def test_gold_phrases_are_in_text_files(name):
    text = normalise(file_text(CORPUS / name))
    for phrase in _gold_page(name, 1)["phrases"]:
        assert phrase in text


# (file, page, text as printed, canonical person the gold must list for that page)
VARIANTS = [
    ("award-contract-70CMSD26P00000142.pdf", 1, "Renata J. Tolliver", "Renata J. Tolliver"),
    ("award-contract-70CMSD26P00000142.pdf", 1, "Ms. Tolliver", "Renata J. Tolliver"),
    ("award-contract-70CMSD26P00000142.pdf", 3, "R. J. Tolliver", "Renata J. Tolliver"),
    ("award-contract-70CMSD26P00000142.pdf", 3, "TOLLIVER, RENATA J.", "Renata J. Tolliver"),
    ("data-sharing-agreement-county-ice.pdf", 1, "Renata J. Tolliver", "Renata J. Tolliver"),
    ("data-sharing-agreement-county-ice.pdf", 1, "Sheriff Okafor's", "Daniel Okafor"),
    ("data-sharing-agreement-county-ice.pdf", 2, "DANIEL OKAFOR", "Daniel Okafor"),
    ("data-sharing-agreement-county-ice.pdf", 2, "MARCUS WHITFIELD", "Marcus Whitfield"),
    ("board-minutes-2026-03-12.pdf", 1, "Sheriff OKAFOR", "Daniel Okafor"),
    ("board-minutes-2026-03-12.pdf", 1, "Supervisor Gordon Price", "Gordon Price"),
    ("board-minutes-2026-03-12.pdf", 1, "Chair Castellanos-Reyes", "Elena Castellanos-Reyes"),
    ("board-minutes-2026-03-12.pdf", 1, "Clerk Whitfield", "Thomas Whitfield"),
    ("board-minutes-2026-03-12.pdf", 2, "E. Castellanos-Reyes", "Elena Castellanos-Reyes"),
    ("foia-response-2026-0412.pdf", 1, "M. Whitfield", "Marcus Whitfield"),
    ("foia-response-2026-0412.pdf", 2, "RAMAN, PRIYA", "Priya Raman"),
    ("email-thread-booking-feed.pdf", 1, "Sheriff Okafor's staff", "Daniel Okafor"),
    ("email-thread-booking-feed.pdf", 2, "R. J. Tolliver", "Renata J. Tolliver"),
]


@pytest.mark.parametrize(("name", "page", "surface", "person"), VARIANTS)
def test_spelling_variants_are_printed_and_resolved_in_gold(name, page, surface, person):
    assert surface in normalise(pdf_pages(CORPUS / name)[page - 1])
    assert person in _gold_page(name, page)["people"]


def test_regression_line_break_hyphenated_surname_is_in_a_text_pdf():
    raw = pdf_pages(CORPUS / "data-sharing-agreement-county-ice.pdf")[0]
    assert "Tol\ufffeliver" in raw  # pdfium's marker for "Tol-" at a line end


def test_regression_price_the_word_is_not_gordon_price():
    schedule = pdf_pages(CORPUS / "award-contract-70CMSD26P00000142.pdf")[1]
    assert "Unit Price" in schedule and "unit price" in schedule
    assert "Gordon Price" not in _gold_page("award-contract-70CMSD26P00000142.pdf", 2)["people"]
    minutes = normalise(pdf_pages(CORPUS / "board-minutes-2026-03-12.pdf")[0])
    assert "Supervisor Price asked whether the price per booking record" in minutes


def test_regression_two_whitfields_never_share_a_file():
    files = {
        person: {r["file"] for r in GOLD if person in r["people"]}
        for person in ("Marcus Whitfield", "Thomas Whitfield")
    }
    assert files["Marcus Whitfield"] and files["Thomas Whitfield"]
    assert not files["Marcus Whitfield"] & files["Thomas Whitfield"]


def test_main_officials_recur_across_documents():
    for person in ("Daniel Okafor", "Renata J. Tolliver", "Marcus Whitfield"):
        assert len({r["file"] for r in GOLD if person in r["people"]}) >= 3, person
    for person in ("Elena Castellanos-Reyes", "Priya Raman", "Gordon Price"):
        assert any(person in r["people"] for r in GOLD), person


# (file, page, amount as printed, value in gold)
AMOUNTS = [
    ("award-contract-70CMSD26P00000142.pdf", 1, "$1,248,500.00", 1248500.0),
    ("award-contract-70CMSD26P00000142.pdf", 1, "$1.2 million", 1200000.0),
    ("award-contract-70CMSD26P00000142.pdf", 1, "$750K", 750000.0),
    ("award-contract-70CMSD26P00000142.pdf", 2, "USD 48,500", 48500.0),
    ("award-contract-70CMSD26P00000142.pdf", 2, "Two Hundred Thousand Dollars ($200,000.00)", 2e5),
    ("award-contract-70CMSD26P00000142.pdf", 2, "$0.25 per query", 0.25),
    ("award-contract-70CMSD26P00000142.pdf", 2, "$5,000\u2013$10,000", 5000.0),
    ("award-contract-70CMSD26P00000142.pdf", 2, "$5,000\u2013$10,000", 10000.0),
    ("award-contract-70CMSD26P00000142.pdf", 2, "(12,500.00)", -12500.0),
    ("award-contract-70CMSD26P00000142.pdf", 2, "212,500.00", 212500.0),
    ("board-minutes-2026-03-12.pdf", 1, "$312,400.00", 312400.0),
    ("foia-response-2026-0412.pdf", 1, "$0.10 per page", 0.10),
    ("persbericht-gegevensmakelaar-nl.txt", 1, "$ 22,1 miljoen", 22100000.0),
    ("persbericht-gegevensmakelaar-nl.txt", 1, "\u20ac 1,5 miljoen", 1500000.0),
]


@pytest.mark.parametrize(("name", "page", "surface", "value"), AMOUNTS)
def test_amount_formats_are_printed_and_valued_in_gold(name, page, surface, value):
    path = CORPUS / name
    text = file_text(path) if name in TEXT_FILES else pdf_pages(path)[page - 1]
    assert surface in normalise(text)
    assert value in _gold_page(name, page)["money"]


def test_price_table_has_no_dollar_signs_but_the_total_does():
    schedule = pdf_pages(CORPUS / "award-contract-70CMSD26P00000142.pdf")[1]
    table = schedule[schedule.index("CLIN") : schedule.index("TOTAL AWARD AMOUNT")]
    assert "62,500.00" in table and "$" not in table
    assert "$1,248,500.00" in schedule[schedule.index("TOTAL AWARD AMOUNT") :]


def test_words_and_figures_amount_counts_once():
    money = _gold_page("award-contract-70CMSD26P00000142.pdf", 2)["money"]
    # once in the schedule (CLIN 0002 amount), once in the funding clause
    assert money.count(200000.0) == 2


def test_regression_cross_column_sentence_runs_from_left_column_bottom_to_right_top():
    pdf = pdfium.PdfDocument(str(CORPUS / "data-sharing-agreement-county-ice.pdf"))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = text.index("Neither party shall treat")
        end = text.index("County Jail.", start) + len("County Jail.") - 1
        first_left, first_bottom, _, _ = textpage.get_charbox(start)
        last_left, last_bottom, _, _ = textpage.get_charbox(end)
        middle, height = page.get_width() / 2, page.get_height()
    finally:
        pdf.close()
    assert first_left < middle < last_left
    assert first_bottom < height / 4 and last_bottom > height / 2


def test_line_end_hyphen_joins_in_the_two_column_pdf():
    raw = pdf_pages(CORPUS / "data-sharing-agreement-county-ice.pdf")[0]
    assert "notifi\ufffecation" in raw
    assert "booking notification to the vendor feed" in normalise(raw)


def test_eml_is_rfc822_and_carries_script_like_text_as_plain_text():
    msg = email.message_from_bytes(
        (CORPUS / "email-booking-feed.eml").read_bytes(), policy=email.policy.default
    )
    assert msg["From"].addresses[0].display_name == "Kevin Marsh"
    assert msg.get_content_type() == "text/plain"
    body = msg.get_body().get_content()
    assert "<script>alert('x')</script>" in body and "<img src=x onerror=alert(1)>" in body


def test_email_pdf_quotes_replies_and_shows_script_text():
    pages = pdf_pages(CORPUS / "email-thread-booking-feed.pdf")
    joined = "\n".join(pages)
    for header in ("From: ", "To: ", "Cc: ", "Date: ", "Subject: RE: "):
        assert header in joined
    assert "<script>alert('x')</script>" in pages[0]
    assert "> The Alder Valley feed went live" in pages[0]
    assert ">> The Alder Valley feed went live" in pages[1]  # a quote inside a quote


def test_corpus_stays_small():
    total = sum(p.stat().st_size for p in CORPUS.iterdir() if p.is_file())
    assert total < 3 * 1024 * 1024


@pytest.mark.slow
def test_scanned_pages_ocr_to_their_gold_phrases(tmp_path):
    rapidfuzz = pytest.importorskip("rapidfuzz")
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        pytest.skip("pdftoppm/tesseract not installed")
    prefix = tmp_path / "scan"
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(CORPUS / SCANNED), str(prefix)], check=True
    )
    images = sorted(tmp_path.glob("scan-*.png"))
    assert len(images) == EXPECTED_PAGES[SCANNED]
    for number, image in enumerate(images, start=1):
        ocr = subprocess.run(
            ["tesseract", str(image), "-"], check=True, capture_output=True, text=True
        ).stdout
        text = normalise(ocr)
        assert SYNTHETIC in text
        record = _gold_page(SCANNED, number)
        assert record["ocr"] is True
        for phrase in record["phrases"]:
            assert rapidfuzz.fuzz.partial_ratio(phrase, text) >= 90, (number, phrase)


def _generator_module(name: str):
    """Import a generator module without leaving __pycache__ inside corpus/."""
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(CORPUS))
    try:
        return importlib.import_module(f"_generator.{name}")
    finally:
        sys.path.remove(str(CORPUS))
        sys.dont_write_bytecode = saved


@pytest.mark.parametrize(
    ("src", "error"),
    [
        ("Sheriff Okafor said so", "untagged cast name"),
        ("a request from ICE to the county", "untagged cast name"),
        ("{P:nobody|Someone}", "unknown person key"),
        ("{Q:an unclosed phrase", "unclosed phrase"),
        ("{M:lots|many dollars}", "could not convert"),
    ],
)
def test_markup_refuses_text_the_gold_would_get_wrong(src, error):
    markup = _generator_module("markup")
    with pytest.raises((ValueError, KeyError), match=error):
        markup.parse(src, markup.SpanTable())


def test_markup_keeps_entity_tags_but_drops_phrases_in_quotes():
    markup = _generator_module("markup")
    quoted = markup.strip_phrases("{Q:{P:okafor|Sheriff Okafor} spoke} at {M:5|$5}")
    assert quoted == "{P:okafor|Sheriff Okafor} spoke at {M:5|$5}"


def test_regression_forced_hyphen_mid_line_is_refused():
    layout = _generator_module("layout")
    markup = _generator_module("markup")
    words = layout.words_of(markup.parse("A notifi¬cation", markup.SpanTable()))
    with pytest.raises(ValueError, match="forced hyphen mid-line"):
        layout.wrap(words, 400, "Helvetica", 10)
