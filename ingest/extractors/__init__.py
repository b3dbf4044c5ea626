"""One extractor per file type. Each declares the kinds it handles (see :mod:`ingest.sniff`)
and returns an :class:`ingest.records.Extracted`."""

from ingest.extractors.base import EXTRACTORS, ExtractOptions, Extractor, extractor_for, register

# Importing the modules registers their extractors.
from ingest.extractors import archive, email, html, image, office, ole, pdf, table, text, word  # noqa: E402, F401  isort: skip

__all__ = ["EXTRACTORS", "ExtractOptions", "Extractor", "extractor_for", "register"]
