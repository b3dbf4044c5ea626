"""Page language, to pick the English pipeline or the rules-only one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zipfile
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest import settings

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
    from py3langid.langid import LanguageIdentifier

    cached = _cache_file()
    try:
        ident = _load_cached(LanguageIdentifier, cached)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # a broken copy
        ident = None
    if ident is None:
        ident = _load_shipped(LanguageIdentifier)
        _save_cached(ident, cached)
    return ident


def _load_shipped(cls):
    from py3langid.langid import MODEL_FILE

    ident = cls.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def _cache_file() -> Path:
    """The shipped model cut down to :data:`LANGUAGES`, uncompressed. The shipped file is
    LZMA-compressed: every reader spent half a second unpacking it before its first page, a
    quarter of adding one file to a corpus."""
    from importlib.metadata import version

    key = hashlib.sha256(f"{version('py3langid')} {' '.join(LANGUAGES)}".encode()).hexdigest()
    return settings.cache_dir() / f"langid-{key[:16]}.npz"


def _load_cached(cls, path: Path):
    """The cached copy, which holds :data:`LANGUAGES` only (no restriction to set)."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        return cls(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            _to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]),
        )


def _save_cached(ident, path: Path) -> None:
    """Written to a temporary file and renamed: readers starting at once never read half a
    file. A cache that cannot be written only costs the unpacking next time."""
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as tmp:
            tmp_name = tmp.name
            np.savez(
                tmp,
                ptc=ident.nb_ptc,
                pc=ident.nb_pc,
                classes=np.array(ident.nb_classes),
                nextmove=np.frombuffer(ident.tk_nextmove, dtype=_dtype(ident.tk_nextmove)),
                nextmove_row=np.frombuffer(ident.tk_row, dtype=_dtype(ident.tk_row)),
                out_feat=np.array(ident.tk_output, dtype=np.int32),
            )
        os.replace(tmp_name, path)
    except OSError:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _dtype(values: array) -> np.dtype:
    return np.dtype(f"u{values.itemsize}")


def _to_array(values: np.ndarray) -> array:
    """A stdlib array of the same unsigned integers, as py3langid keeps its automaton."""
    out = array({2: "H", 4: "I", 8: "Q"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


def load_identifier() -> None:
    """Load the identifier now (a reader's warm-up), not on the first long page."""
    _identifier()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the page's language; "en" for short, empty or uncertain text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en"
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= MIN_CONFIDENCE else "en"
