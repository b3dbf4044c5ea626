"""Dropping the statistical model's "people" that nothing vouches for.

The model calls headings and programme names people ("Criminal History", "Meetings Calendar",
"Delinquency Prevention", "Kestrel" of "Kestrel Analytics, Inc."). A name it alone found is kept
when its first word is a known first name or the start of one ("Zach", "Vic"), its surname is a
known surname (US Census lists),
or the document uses that surname for someone a rule or a first name vouched for ("A. Qaiyum"
beside "Anthony Qaiyum"). Names found by rules, titles or first names are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ingest.entities.firstnames import census_first_names, could_be_first_name
from ingest.entities.nameparts import heads_organisation_name
from ingest.entities.people import is_initial, name_parts
from ingest.entities.spans import Found

_NUMBER_NEXT = re.compile(r"[ \t]+\d")
_MIN_SHORT_FORM = 3


@lru_cache(maxsize=1)
def census_surnames() -> frozenset[str]:
    """Every surname in the census list, upper case, unaccented."""
    import names

    with open(names.FILES["last"], encoding="ascii") as fh:
        return frozenset(line.split()[0] for line in fh if line.strip())


def _plain_upper(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.upper())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def census_surname(word: str) -> bool:
    """Is every part of ``word`` ("Gamble", "Castellanos-Reyes") a census surname?"""
    return all(_plain_upper(part) in census_surnames() for part in word.split("-") if part)


def _vouched_surnames(found: list[list[Found]]) -> set[str]:
    out = set()
    for page in found:
        for f in page:
            if f.kind != "person":
                continue
            first, _, last = name_parts(f.norm)
            if f.method != "ner" or (first and not is_initial(first) and _first_name_like(first)):
                out.add(last.casefold())
    return out


@lru_cache(maxsize=1)
def _first_name_prefixes() -> frozenset[str]:
    """Short forms of census first names: "ZACH" (Zachary), "VIC" (Victor)."""
    return frozenset(
        name[:k] for name in census_first_names() for k in range(_MIN_SHORT_FORM, len(name))
    )


def _first_name_like(word: str) -> bool:
    plain = _plain_upper(word)
    return could_be_first_name(word) or (
        len(plain) >= _MIN_SHORT_FORM and plain in _first_name_prefixes()
    )


def _plausible(f: Found, text: str, vouched: set[str]) -> bool:
    first, _, last = name_parts(f.norm)
    if first and not is_initial(first) and _first_name_like(first):
        return True
    if not first and _NUMBER_NEXT.match(text, f.end):
        return False  # "Bates 2026-ICFO-0001": a numbering scheme, not a person
    return last.casefold() in vouched or census_surname(last)


def drop_unlikely_people(found: list[list[Found]], texts: list[str]) -> None:
    """Remove, in place, the model-only people nothing vouches for (see the module doc)."""
    vouched = _vouched_surnames(found)
    for page, text in zip(found, texts, strict=True):
        page[:] = [
            f
            for f in page
            if f.kind != "person" or f.method != "ner" or _plausible(f, text, vouched)
        ]


def drop_people_heading_organisations(found: list[list[Found]], texts: list[str]) -> None:
    """Remove, in place, the people whose name runs on into a body's or a place's name
    ("John F. Kennedy" / "International Airport"), whoever found them."""
    for page, text in zip(found, texts, strict=True):
        page[:] = [
            f for f in page if f.kind != "person" or not heads_organisation_name(text, f.end)
        ]


# Endings of English nouns and adjectives that head an agenda line, not of surnames the census
# lacks ("Quigless", "Paki"): "Approval", "Briefing", "Implementation", "Charitable".
_WORD_ENDINGS = (
    *("al", "ing", "tion", "sion", "ment", "ance", "ence", "ity", "ness", "ive", "ure"),
    *("able", "ible", "ary", "ory", "ics", "ship"),
)


# Everyday nouns that start an agenda's next item and are no surname the census lacks.
_HEADING_WORDS = frozenset(
    [
        "woman",
        "women",
        "man",
        "men",
        "people",
        "update",
        "overview",
        "discussion",
        "review",
        "report",
        "budget",
        "agenda",
    ]
)


def cut_at_line_breaks(found: list[list[Found]], prepared: list) -> None:
    """Cut, in place, the people that run past the end of their line onto a word that
    is no surname: an agenda's "Roll Call – Phil Whittington" / "Approval of the minutes" is
    joined into one paragraph before tagging, and the model (or a first name's rule, which takes a
    second surname) reads "Phil Whittington Approval".
    A name wrapped onto the next line ("Renata J." / "Tolliver") ends in a surname and stays."""
    from ingest.entities.people import normalise_person

    for page, prep in zip(found, prepared, strict=True):
        text, index = prep.text, prep.index
        for f in page:
            if f.kind != "person":
                continue
            cut = text.rfind(" ", f.start, f.end)
            if cut <= f.start or index[cut + 1] - index[cut - 1] < 2:
                continue
            tail = text[cut + 1 : f.end].strip(".,")
            heading = tail.lower().endswith(_WORD_ENDINGS) or tail.lower() in _HEADING_WORDS
            if " " in tail or census_surname(tail) or not heading:
                continue
            head = normalise_person(text[f.start : cut])
            if head is None or len(head.split()) < 2 or is_initial(head.split()[-1]):
                continue
            f.end, f.norm = cut, head
