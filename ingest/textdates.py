"""Dates written in page text: "20 July, 2015", "July 20, 2015", "7/20/15", "2015-07-20",
"3 maart 2021", "15 de marzo de 2019", "3. März 2020", "12 février 2018".

Candidates are found by patterns built from the month names in ``data/date_words.json`` (English,
Dutch, Spanish, German, French) and read by dateparser in the page's language, which rejects
impossible dates ("31 June", "13/13/2020"). A number without a year is never a date here, so
page numbers ("Page 3 of 12") and section numbers are left alone. Each date gets a role when
the words just before it say what it is (effective, signed, received, meeting, ...), and a date
alone on a line near the top of a page is that letter's dateline. :func:`document_date` picks a
document's date from those roles, with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache, lru_cache
from importlib import resources

from ingest.records import DateMention

# A date outside these years is a number that happens to look like one.
MIN_YEAR, MAX_YEARS_AHEAD = 1900, 30
DATELINE_LINES = 15  # a letter's dateline is among a page's first lines
CUE_CHARS = 45  # how far before a date its role's words may stand on the line
# Which role makes a date the document's date, best first, and how the app names the reason.
DOCUMENT_ROLES = (
    ("dateline", "letter dateline"),
    ("sent", "date sent"),
    ("dated", "date on its first page"),
    ("meeting", "meeting date"),
    ("effective", "effective date"),
    ("signed", "date signed"),
    ("requested", "request date"),
    ("received", "date received"),
    ("period_start", "start of the period"),
)
DOCUMENT_PAGES = 2  # the roles are looked for on a document's first pages only


@cache
def _words() -> dict:
    text = resources.files("ingest").joinpath("data/date_words.json").read_text("utf-8")
    return json.loads(text)


def roles() -> tuple[str, ...]:
    """Every role a date can have."""
    return ("dateline", *sorted(_words()["roles"]))


@cache
def _patterns() -> list[re.Pattern]:
    months = sorted(
        {name for names in _words()["months"].values() for month in names for name in month},
        key=len,
        reverse=True,
    )
    month = "(?:" + "|".join(re.escape(m) for m in months) + r")\.?"
    day = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th|er|\.)?"
    year = r"(?:1[89]|2[01])\d\d"
    return [
        # 20 July, 2015 / 3 maart 2021 / 15 de marzo de 2019 / 3. März 2020
        re.compile(rf"(?<![\w/.-]){day}\s+(?:de\s+)?{month},?\s+(?:de\s+)?{year}\b", re.I),
        # July 20, 2015 / Sept. 3 2020
        re.compile(rf"(?<![\w/.-]){month}\s+{day},?\s+{year}\b", re.I),
        # 2015-07-20
        re.compile(r"(?<![\w/.-])(?:1[89]|2[01])\d\d-[01]\d-[0-3]\d(?![\w/-])"),
        # 7/20/15, 20.07.2015, 7-20-2015
        re.compile(r"(?<![\w/.,-])[0-3]?\d([/.-])[0-3]?\d\1(?:\d\d){1,2}(?![\w/-]|[.,]\d)"),
    ]


@cache
def _parser(lang: str):
    from dateparser.date import DateDataParser

    languages = [lang, "en"] if lang != "en" else ["en"]
    return DateDataParser(
        languages=languages,
        settings={
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "DATE_ORDER": "MDY" if lang == "en" else "DMY",
            "PREFER_LOCALE_DATE_ORDER": False,
        },
    )


def _parse(text: str, lang: str) -> dt.date | None:
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th|er)\b", "", text, flags=re.I)
    cleaned = re.sub(r"\bde\b", " ", cleaned, flags=re.I)
    cleaned = re.sub(r"(?<=\d)\.(?=\s)", "", cleaned)
    when = _read(" ".join(cleaned.split()), lang)
    if when is None or not MIN_YEAR <= when.year <= dt.date.today().year + MAX_YEARS_AHEAD:
        return None
    return when


@lru_cache(maxsize=4096)  # a release repeats its dates page after page
def _read(text: str, lang: str) -> dt.date | None:
    """dateutil for numbers and English month names (fast), dateparser for other languages'."""
    from dateutil import parser as dateutil_parser

    english = lang == "en" or not re.search(r"[^\W\d_]", text) or _english_month(text)
    if english:
        try:
            return dateutil_parser.parse(text, dayfirst=lang != "en").date()
        except (ValueError, OverflowError):
            return None
    try:
        found = _parser(lang if lang in _words()["months"] else "en").get_date_data(text)
    except Exception:  # dateparser's own errors on odd input: not a date then
        return None
    if found is None or found.date_obj is None or found.period != "day":
        return None
    return found.date_obj.date()


def _english_month(text: str) -> bool:
    english = {n for month in _words()["months"]["en"] for n in month}
    return any(w.casefold().rstrip(".,") in english for w in text.split())


@cache
def _cues() -> list[tuple[str, re.Pattern]]:
    out = []
    for role, cues in _words()["roles"].items():
        for cue in cues:
            out.append((role, re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)", re.I)))
    return out


_RANGE_WORD = re.compile(r"(?:through|thru|until|to|tot|hasta|bis|au|–|—|-)\s*$", re.I)


def find_dates(text: str, lang: str = "en") -> list[DateMention]:
    """Every date written on a page, in order, with its role where the text says it."""
    spans: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append((m.start(), m.end()))
    out = []
    for start, end in sorted(spans):
        surface = text[start:end]
        when = _parse(surface, lang)
        if when is not None:
            out.append(DateMention(start, end, surface, when.isoformat()))
    _assign_roles(text, out)
    return out


def _assign_roles(text: str, dates: list[DateMention]) -> None:
    for i, d in enumerate(dates):
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line_end = len(text) if line_end == -1 else line_end
        before = text[max(line_start, d.start - CUE_CHARS) : d.start]
        prev = dates[i - 1] if i else None
        if (
            prev is not None
            and prev.start >= line_start
            and _RANGE_WORD.search(text[prev.end : d.start])
        ):
            prev.role = prev.role or "period_start"
            d.role = "period_end"
            continue
        found = [(m.start(), m.end(), role) for role, cue in _cues() for m in cue.finditer(before)]
        if found:
            # The cue nearest the date; of cues overlapping it, the longest ("request date:"
            # over "date:").
            last = max(found, key=lambda f: f[1])
            overlapping = [f for f in found if f[0] < last[1] and last[0] < f[1]]
            d.role = min(overlapping, key=lambda f: (f[0], -f[1]))[2]
            continue
        if text.count("\n", 0, d.start) < DATELINE_LINES and _alone(text, d, line_start, line_end):
            d.role = "dateline"


# What may stand before a dateline on its line: a place and a comma ("Den Haag, ", "Paris, le").
_PLACE = re.compile(r"^[^\W\d_][^\d:]{0,40},\s*(?:(?:le|den|el|am)\s+)?$", re.I)


def _alone(text: str, d: DateMention, line_start: int, line_end: int) -> bool:
    """A letter's dateline: the date alone on its line, or after a place and a comma."""
    before = text[line_start : d.start].strip()
    after = text[d.end : line_end].strip(" .")
    return not after and (not before or bool(_PLACE.match(before + " ")))


def document_date(pages: list[list[DateMention]]) -> tuple[str, str] | None:
    """(ISO date, reason) of the document's date: the first of its first pages with a date in
    one of :data:`DOCUMENT_ROLES`, the best role there; None when there is none."""
    for page in pages[:DOCUMENT_PAGES]:
        for role, reason in DOCUMENT_ROLES:
            for d in page:
                if d.role == role:
                    return d.value, reason
    return None
