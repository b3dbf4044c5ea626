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


SAMPLES = [
    "The contractor shall provide detention services to the agency under the attached terms.",
    "El contrato firmado por la oficina del alguacil establece que los detenidos serán "
    "trasladados al centro de procesamiento.",
    "Volgens het contract ontvangt de federale dienst elke dag de gegevens van alle "
    "arrestaties uit de gevangenissen.",
    "Le shérif du comté a signé la convention avec le service fédéral de l'immigration.",
]


def test_cached_language_model_classifies_as_the_shipped_one(tmp_path, monkeypatch):
    """The shipped model is unpacked once into the cache folder; the cached copy gives the
    same language and confidence as the shipped one on every sample."""
    from py3langid.langid import LanguageIdentifier

    from ingest.entities import lang

    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path))
    lang._identifier.cache_clear()
    try:
        shipped = lang._load_shipped(LanguageIdentifier)
        lang._identifier()  # writes the cache
        assert lang._cache_file().exists()
        lang._identifier.cache_clear()
        cached = lang._identifier()
        for text in SAMPLES:
            assert cached.classify(text) == shipped.classify(text)
    finally:
        lang._identifier.cache_clear()


def test_unwritable_cache_folder_still_detects_languages(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(blocker / "evidence"))
    from ingest.entities import lang

    lang._identifier.cache_clear()
    try:
        assert detect_language(SAMPLES[1]) == "es"
    finally:
        lang._identifier.cache_clear()


def test_broken_cached_language_model_is_made_again(tmp_path, monkeypatch):
    from ingest.entities import lang

    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path))
    lang._cache_file().write_bytes(b"PK\x03\x04 cut short")
    lang._identifier.cache_clear()
    try:
        assert detect_language(SAMPLES[2]) == "nl"
        lang._identifier.cache_clear()
        assert lang._load_cached(type(lang._identifier()), lang._cache_file()) is not None
    finally:
        lang._identifier.cache_clear()
