"""The date of a document, from what its extractor recorded, with where that date came from.

An email's ``Date`` header is when it was sent. Next comes a date the text states by its place
or words (a letter's dateline, a meeting date, an effective date: ``ingest.textdates``), since
a PDF's or Word file's creation date is when the file was made, which for a scan or a FOIA
release can be long after the date written in it. The source travels with the date and the app
and exports show it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

# Metadata keys in order of preference, and what each one means to a reader.
SOURCES = (
    ("date", "sent"),
    ("text_date", "text"),  # the reason is in text_date_reason ("letter dateline", ...)
    ("created", "file created"),
    ("creationdate", "PDF created"),
)
_PDF_DATE = re.compile(
    r"^D:(?P<y>\d{4})(?P<m>\d{2})?(?P<d>\d{2})?(?P<H>\d{2})?(?P<M>\d{2})?(?P<S>\d{2})?"
)


@dataclass(frozen=True)
class DocDate:
    when: dt.datetime  # naive, in the time zone the file states (none is converted)
    source: str  # "sent", "file created", "PDF created"

    @property
    def day(self) -> dt.date:
        return self.when.date()


def parse_date(value: str) -> dt.datetime | None:
    """A date as extractors write it: ISO 8601 (``2026-02-03T09:14:00-08:00``) or a PDF date
    (``D:20260203091400+00'00'``). Returns None for anything else rather than guessing."""
    value = (value or "").strip()
    if not value:
        return None
    match = _PDF_DATE.match(value)
    if match:
        parts = [
            int(match.group(k) or default)
            for k, default in zip("ymdHMS", (0, 1, 1, 0, 0, 0), strict=True)
        ]
        try:
            return dt.datetime(*parts)
        except ValueError:
            return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def document_date(metadata: dict | str | None) -> DocDate | None:
    """The best date a document's metadata (a dict or its JSON) gives, or None."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata or "{}")
        except ValueError:
            return None
    for key, source in SOURCES:
        when = parse_date(str((metadata or {}).get(key) or ""))
        if when is not None:
            if key == "text_date":
                source = str(metadata.get("text_date_reason") or "date in the text")
            return DocDate(when, source)
    return None
