"""Plain text files: one page, or one per form feed (how printed text marks pages)."""

from __future__ import annotations

from pathlib import Path

from ingest import textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.records import Extracted, ExtractError, Page


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1252 is what most mis-declared US government text turns out to be.
        return data.decode("cp1252", errors="replace")


@register
class TextExtractor(Extractor):
    name = "text"
    kinds = ("text",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        raw = decode(path.read_bytes())
        chunks = raw.split("\f") if "\f" in raw else [raw]
        pages = []
        warnings = []
        for chunk in chunks:
            text = textnorm.normalise(chunk)
            if len(text) > options.max_page_chars:
                warnings.append(
                    f"page {len(pages) + 1}: {len(text):,} characters, truncated to "
                    f"{options.max_page_chars:,}"
                )
                text = text[: options.max_page_chars]
            if text:
                pages.append(Page(number=len(pages) + 1, text=text))
        if not pages:
            raise ExtractError("empty: the file has no text")
        return Extracted(pages=pages, doctype="text", warnings=warnings)
