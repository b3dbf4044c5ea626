"""Page language, to pick the English pipeline or the rules-only one."""

from __future__ import annotations

from functools import lru_cache

# Languages these records realistically come in (US government, immigration, courts). A
# closed set keeps py3langid from calling a table of names and numbers "Latin" or "Welsh".
_EUROPE = ("en", "es", "fr", "de", "nl", "pt", "it", "pl", "ro", "sv", "da", "no", "ca", "el")
_ELSEWHERE = ("zh", "ja", "ko", "ru", "uk", "ar", "fa", "he", "hi", "tr", "vi", "tl", "ht", "so")
LANGUAGES = _EUROPE + _ELSEWHERE
# Below this many letters a guess is noise: call it English, the richest pipeline.
MIN_LETTERS = 40
# Non-English only when sure: English pages mis-read as another language would lose the
# statistical model, and a missed name is worse than a slower page.
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 4000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def detect_language(text: str) -> str:
    """ISO 639-1 code of the page's language; "en" for short, empty or uncertain text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en"
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= MIN_CONFIDENCE else "en"
