"""The extractor interface and its registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ingest.records import Extracted


@dataclass(frozen=True)
class ExtractOptions:
    password: str | None = None
    ocr: str = "auto"  # auto | always | never
    ocr_lang: str = "auto"  # Tesseract languages; auto: English, or the page's own (ingest.ocr)
    max_page_chars: int = 2_000_000
    # Cores this file may use: a run reading fewer files than it has readers OCRs the pages
    # of a scanned PDF, and tags the pages of a long document, in that many parts at once.
    cores: int = 1


class Extractor:
    """Reads one kind of file into pages. Subclasses set ``kinds`` and implement ``extract``;
    they raise :class:`ingest.records.ExtractError` with a reason a user can act on."""

    name: ClassVar[str] = "base"
    kinds: ClassVar[tuple[str, ...]] = ()

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:  # pragma: no cover
        raise NotImplementedError


EXTRACTORS: dict[str, Extractor] = {}


def register(cls: type[Extractor]) -> type[Extractor]:
    instance = cls()
    for kind in cls.kinds:
        EXTRACTORS[kind] = instance
    return cls


def extractor_for(kind: str) -> Extractor | None:
    return EXTRACTORS.get(kind)
