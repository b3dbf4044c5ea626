"""A document's title: the one its author gave, not the one its software made up.

Producers write default titles into metadata: "(anonymous)", "untitled", "Microsoft Word -
Document1.docx", "Scanned Document", "PowerPoint Presentation", the file name itself. Shown as
titles they make every hit of a release look the same. Such titles count as absent; the title
falls back to a heading the extractor found (a Word "Title" paragraph), then the first heading
of the text, then the file name. The raw metadata title is kept in the document's metadata.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ingest import textnorm
from ingest.records import Extracted

_APP_PREFIX = re.compile(
    r"^(?:microsoft\s+)?(?:office\s+)?(?:word|excel|powerpoint|outlook)\s*-\s*", re.IGNORECASE
)
_EXTENSION = re.compile(
    r"\.(?:docx?|dotx?|pdf|xlsx?|xlsm|csv|pptx?|rtf|txt|wpd|odt|ods|odp|html?|msg|eml|"
    r"tiff?|jpe?g|png|bmp|gif|tmp)$",
    re.IGNORECASE,
)
_JUNK = frozenset(
    w.strip()
    for w in """
    (anonymous)|anonymous|untitled|untitled document|(untitled)|document|new document|title|
    no title|notitle|none|null|unknown|default|blank|scanned document|scanned image|scan|
    scanned|image|print|pdf|powerpoint presentation|presentation|microsoft word document|
    word document|microsoft word|microsoft excel worksheet|worksheet|workbook|book1|sheet1|
    slide 1|cover page|fax|facsimile|adobe acrobat document|converted document|temp
    """.replace("\n", "").split("|")
)
# Names a scanner, a camera or a word processor gives: "Scan0001", "IMG_1234", "Document1",
# "DOC001", "page-3", "20190312143055".
_GENERATED = re.compile(
    r"^(?:document|doc|scan|scanned|img|image|dsc|dscn|page|untitled|file|new|copy|print|"
    r"fax|pdf|microsoft word|book|sheet|presentation)?[\s_.-]*\d*[\s_.-]*(?:\(\d+\))?$",
    re.IGNORECASE,
)
_PATH = re.compile(r"^(?:[a-z]:\\|\\\\|/|file:)", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]")
MAX_TITLE = 300


def _key(s: str) -> str:
    return re.sub(r"[\W_]+", "", s).casefold()


def clean_title(raw: str | None, filename: str | None = None) -> str | None:
    """``raw`` without an application prefix or extension, or None when it is a default
    title, a generated name, a path, or the file's own name."""
    if raw is None:
        return None
    title = " ".join(raw.replace("\x00", "").split())
    title = _APP_PREFIX.sub("", title).strip()
    title = _EXTENSION.sub("", title).strip(" -_.")
    if not title or len(_LETTERS.findall(title)) < 2:
        return None
    if title.casefold() in _JUNK or _GENERATED.fullmatch(title) or _PATH.match(raw.strip()):
        return None
    if filename and _key(title) == _key(PurePath(filename).stem):
        return None  # the file name is shown anyway; a heading says more
    return title[:MAX_TITLE]


def settle_title(extracted: Extracted, filename: str) -> None:
    """Set ``extracted.title`` to the first real one of: the declared title, the extractor's
    heading, the first heading of the text, the file name; record in the metadata where it came
    from (``title_source``), the raw declared title (``metadata_title``) and what the title
    would be without the declared one (``title_fallback``, used when a batch shares it)."""
    raw = extracted.title
    declared = clean_title(raw, filename)
    fallback, source = None, "filename"
    for candidate, where in ((extracted.heading, "heading"), *_page_headings(extracted)):
        fallback = clean_title(candidate, filename)
        if fallback:
            source = where
            break
    fallback = fallback or filename
    if raw and raw.strip():
        extracted.metadata["metadata_title"] = raw.strip()[:MAX_TITLE]
    extracted.metadata["title_fallback"] = fallback
    extracted.title = declared or fallback
    extracted.metadata["title_source"] = "metadata" if declared else source


def _page_headings(extracted: Extracted):
    for page in extracted.pages[:3]:
        yield textnorm.first_heading(page.text), "heading"
