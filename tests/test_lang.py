"""Page language detection: ISO 639-1 codes, English for short or unsure text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.entities.lang import LANGUAGES, detect_language

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The contractor shall provide detention services to the agency in accordance "
            "with the statement of work and the pricing schedule attached hereto.",
            "en",
        ),
        (
            "El contrato firmado por la oficina del alguacil establece que los detenidos "
            "serán trasladados al centro de procesamiento dentro de veinticuatro horas.",
            "es",
        ),
        (
            "Volgens het contract ontvangt de federale dienst elke dag de gegevens van alle "
            "arrestaties uit de gevangenissen van het district, zonder toestemming.",
            "nl",
        ),
        (
            "Le conseil municipal a approuvé la démolition du bâtiment situé sur la rue "
            "principale après avoir entendu les commentaires des citoyens présents.",
            "fr",
        ),
        (
            "Die Stiftung lädt alle Mitglieder zur jährlichen Versammlung ein, bei der über "
            "den Haushalt und die neuen Projekte abgestimmt wird.",
            "de",
        ),
        (
            "O contrato assinado pelo condado prevê que os detidos sejam transferidos para o "
            "centro de processamento no prazo de vinte e quatro horas.",
            "pt",
        ),
    ],
)
def test_detects_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "Hola",
        "Gracias, Ana",
        "$2,500.00 04/12/2023 #4471-B",
        "TOLLIVER, RENATA J.   04/12/2023   BOOKED   ALDER VALLEY COUNTY JAIL   $2,500.00",
    ],
)
def test_short_or_unsure_text_is_english(text):
    assert detect_language(text) == "en"


def test_codes_are_two_letter_iso_639_1():
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)


def test_dutch_real_press_release():
    path = REALDOCS / "press-release-nl" / "ice-data-brokers-press-release-nl.txt"
    if not path.exists():
        pytest.skip(f"real documents not available: {path}")
    assert detect_language(path.read_text(encoding="utf-8")) == "nl"


def test_long_pages_are_fast():
    page = "The agency shall notify the contractor of any change to the schedule. " * 400
    detect_language(page)
    started = time.perf_counter()
    for _ in range(100):
        detect_language(page)
    # Only a sample of the page is read, so a long page costs about as much as a short one.
    assert (time.perf_counter() - started) / 100 < 0.02
