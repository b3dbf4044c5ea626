"""Plain dataclasses handed from one ingest stage to the next.

Extractors return an :class:`Extracted`; the tagger adds :class:`Mention` lists per page;
the index writer turns both into SQLite rows and one Whoosh document per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Word:
    """A word box on a page, for drawing hit boxes. Coordinates in PDF points
    (or image pixels for images), origin top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None


@dataclass
class RedactionBox:
    """A filled dark rectangle on a page, in PDF points from the top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float
    text_under: str = ""  # what the text layer still has under the box (a bad redaction)


@dataclass
class Page:
    """One location of a document: a PDF page, an email body, a spreadsheet row.

    ``number`` is 1-based. ``text`` is NFKC-normalised, with line-break hyphenation joined.
    """

    number: int
    text: str
    ocr: bool = False
    ocr_confidence: float | None = None
    ocr_method: str | None = None  # the clean-up the kept reading was made with (ingest.ocr_prep)
    ocr_lang: str | None = None  # the Tesseract language(s) it was read in
    # Every reading made, in order: (method, lang, mean word confidence); more than one when
    # the first was below the ocr_retry_confidence setting or the page was read again in its
    # own language.
    ocr_tries: list[tuple[str, str, float | None]] = field(default_factory=list)
    words: list[Word] | None = None
    width: float | None = None
    height: float | None = None
    label: str | None = None  # what a location is called when not a page ("row 12", "body")
    boxes: list[RedactionBox] = field(default_factory=list)


@dataclass
class Child:
    """A file found inside another (an email attachment, a zip member)."""

    name: str
    data: bytes


@dataclass
class Extracted:
    pages: list[Page]
    doctype: str
    title: str | None = None  # as the file declares it (metadata, subject, <title>), raw
    heading: str | None = None  # a title the layout marks (a Word "Title" paragraph)
    metadata: dict[str, str] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ExtractError(Exception):
    """A file that cannot be read. ``str(err)`` is the reason shown to the user,
    e.g. ``encrypted: needs a password``."""


@dataclass
class Mention:
    """An entity mention on one page. ``start``/``end`` are character offsets in ``Page.text``.

    kind: ``person``, ``agency``, ``org`` or ``money``.
    norm: the normalised form used to group mentions: a person's name in "First Last" order
    without titles, an agency's canonical name, an organisation's cleaned name, or for money
    the value as a string.
    method: how it was found: ``ner``, ``ruler``, ``gazetteer``, ``pattern``, ``acronym``,
    ``sweep``, ``table``.
    """

    kind: str
    start: int
    end: int
    text: str
    norm: str
    method: str
    value: float | None = None
    currency: str | None = None
    unit: str | None = None
    acronym: str | None = None  # an acronym the document defines for this entity


@dataclass
class DateMention:
    """A date written on a page (see :mod:`ingest.textdates`)."""

    start: int
    end: int
    text: str
    value: str  # ISO date, YYYY-MM-DD
    role: str | None = None  # dateline | effective | period_start | period_end | signed | ...
