"""A small run of the OCR benchmark (scripts/ocr_bench.py) on every test run: generated pages
of known text, OCR'd through ingest.ocr, scored for character errors and entities found."""

import json
import sys
from pathlib import Path

import pytest

from ingest import ocr

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))

import ocr_bench  # noqa: E402
import ocr_pages  # noqa: E402
import ocr_score  # noqa: E402

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract not installed")


def test_error_rates_do_not_count_reading_order():
    reference = "Harrow County Records\nSheriff Adela Bastian\nChief Deputy Jovan Quigley"
    # Blocks read in another order, or run together on one line, are not errors.
    assert (
        ocr_score.errors(
            reference, "Sheriff Adela Bastian\nChief Deputy Jovan Quigley\nHarrow County Records"
        ).cer
        == 0
    )
    assert (
        ocr_score.errors(
            reference, "Harrow County Records Sheriff Adela Bastian\nChief Deputy Jovan Quigley"
        ).cer
        == 0
    )
    # A misread character is one error; a lost line is all its characters.
    err = ocr_score.errors(
        reference, "Harrow Countv Records\nSheriff Adela Bastian\nChief Deputy Jovan Quigley"
    )
    assert err.char_edits == 1 and err.chars == len(reference.replace("\n", " "))
    lost = ocr_score.errors(reference, "Harrow County Records\nSheriff Adela Bastian")
    assert lost.char_edits == len(" Chief Deputy Jovan Quigley")


def test_a_recurring_short_line_is_placed_on_its_own_copy():
    # A letterhead read as one row puts "Sheriff Adela Bastian" first; the signature's
    # "Adela Bastian" / "Sheriff" must be matched to the signature, not to the letterhead.
    reference = (
        "Harrow County\nSheriff Adela Bastian\nDear Sir:\nSincerely,\nAdela Bastian\nSheriff"
    )
    reading = "Harrow County\tSheriff Adela Bastian\nDear Sir:\nSincerely,\nAdela Bastian\nSheriff"
    assert ocr_score.errors(reference, reading).cer == 0


def test_degradations_are_deterministic():
    page = ocr_pages.make_pages(1)[0]
    how = next(d for d in ocr_pages.DEGRADATIONS if d.name == "fax-200-skew-speckle")
    assert ocr_pages.degrade(page, how).tobytes() == ocr_pages.degrade(page, how).tobytes()
    assert ocr_pages.make_pages(2)[1].text == ocr_pages.make_pages(2)[1].text


@needs_tesseract
def test_small_benchmark_reads_clean_pages_and_prints_json(capsys):
    code = ocr_bench.main(
        [
            "--pages",
            "2",
            "--kinds",
            "contract,letterhead",
            "--only",
            "clean-300,fax-200",
            "--workers",
            "2",
        ]  # fmt: skip
    )
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(last)
    rows = {r["degradation"]: r for r in result["rows"]}
    assert set(rows) == {"clean-300", "fax-200"}
    # Today's engine reads these clean pages at well under 1% CER; 3% leaves a margin.
    assert rows["clean-300"]["cer"] < 0.03
    assert rows["clean-300"]["entity_recall"] >= 0.8
    assert rows["fax-200"]["entities"] > 0 and 0 <= rows["fax-200"]["cer"] <= 1
    assert result["summary"]["cer_clean_300"] == rows["clean-300"]["cer"]
    # Each row says which clean-up the pages got: clean pages are read as given.
    assert rows["clean-300"]["methods"] == {"gray": 2}
    assert sum(rows["fax-200"]["methods"].values()) == 2 and rows["fax-200"]["read_again"] >= 0


@needs_tesseract
def test_ocr_speed_is_compared_with_plain_tesseract_on_the_same_scanned_pages(corpus_data):
    import bench_ocr

    pages = bench_ocr.scanned_pages(corpus_data, 10)
    assert len(pages) == 3 and all(
        path.endswith("scanned-booking-notification.pdf") for path, _ in pages
    )
    speed = bench_ocr.compare(corpus_data, 1, 1)
    assert speed["pages"] == 1 and speed["plain_s_per_page"] > 0 and speed["ours_s_per_page"] > 0
    assert speed["ratio"] == round(speed["ours_s_per_page"] / speed["plain_s_per_page"], 2)
    assert speed["target_met"] == (speed["ratio"] <= 1.5)
