"""Every setting in one place: default, help, and an ``EVIDENCE_<NAME>`` environment override.

The CLI and the app read settings through :func:`get`; command-line options win over the
environment, which wins over the defaults declared here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"EVIDENCE_{self.name.upper()}"


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "data", "./evidence-data", "Data folder holding the SQLite registry and the index."
        ),
        Setting("workers", "0", "Worker processes for extraction and tagging (0 = CPU count)."),
        Setting("ocr", "auto", "OCR pages without a usable text layer: auto, always or never."),
        Setting(
            "ocr_lang",
            "auto",
            "Tesseract language(s) for OCR, e.g. eng or eng+spa; auto reads English and reads "
            "a page again in Dutch or Spanish when it is detected as such (pack installed).",
        ),
        Setting(
            "ocr_retry_confidence",
            "80",
            "An OCR page whose mean word confidence is below this is read again with the "
            "next-best clean-up and the more confident reading kept (0: never).",
        ),
        Setting(
            "file_timeout",
            "300",
            "CPU seconds one file may take to read (OCR included) before it is failed.",
        ),
        Setting("file_memory_mb", "2048", "Memory limit (MB) of the process extracting one file."),
        Setting("max_file_mb", "512", "Files larger than this many MB are recorded as failures."),
        Setting(
            "max_page_chars", "2000000", "Pages longer than this are truncated, with a warning."
        ),
        Setting("app_url", "http://127.0.0.1:8501", "Base URL of the app, used in export links."),
        Setting("port", "8501", "Port the app listens on."),
        Setting("limit", "10", "Default number of search hits shown."),
        Setting(
            "fuzzy_page_confidence",
            "95",
            "OCR pages whose mean confidence is below this get the approximate alias sweep "
            "(0 turns it off).",
        ),
        Setting(
            "fuzzy_word_confidence",
            "80",
            "An approximate alias match needs a differing word OCR read below this confidence.",
        ),
        Setting(
            "dup_threshold",
            "0.8",
            "Pages are near-duplicates at this estimated Jaccard similarity of their 5-word "
            "shingles (index/duplicates.py).",
        ),
        Setting("dup_min_words", "20", "Pages with fewer words are not grouped as duplicates."),
        Setting(
            "watch_settle",
            "0.5",
            "Seconds files under watched folders must stay unchanged before `evidence ingest "
            "--watch` reads them (a file still being copied is not read half-written).",
        ),
        Setting(
            "cache_dir",
            "",
            "Folder for files derived from installed models, made once and read by every "
            "reader (empty: $XDG_CACHE_HOME/evidence or ~/.cache/evidence).",
        ),
    ]
}


def get(name: str, override: object | None = None) -> str:
    """The value of setting ``name``: ``override`` if given, else the environment, else default."""
    if override not in (None, ""):
        return str(override)
    setting = SETTINGS[name]
    return os.environ.get(setting.env, setting.default)


def get_int(name: str, override: object | None = None) -> int:
    return int(get(name, override))


def data_dir(override: object | None = None) -> Path:
    """The data folder: ``--data``, else ``EVIDENCE_DATA``, else ``./evidence-data``."""
    return Path(get("data", override)).expanduser().resolve()


def cache_dir() -> Path:
    """Where derived model files are kept: ``EVIDENCE_CACHE_DIR``, else the user's cache."""
    value = get("cache_dir")
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "evidence"
