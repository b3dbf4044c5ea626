"""People named in lists, where the list itself says what its items are.

* A court's panel line: "Before Barksdale, Stewart, and Dennis, Circuit Judges." names three
  judges by surname alone, which nothing else would take for people.
* A plural title before surnames: "Justices ERVIN and BERGER did not participate", "Judges
  Okafor, Lindqvist and Quintero dissent" -- each surname after the title is a person.
* A roll of names: "Present: Anthony Qaiyum, Zach Maiorca, Melaina Prest, Chris Dallas" -- an
  item between two people already found, written like a name, is a person too.

Offsets are in the prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.people import normalise_person
from ingest.entities.plausible import census_surname
from ingest.entities.spans import Found

_NAME = r"[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?"
_PANEL = re.compile(
    rf"\b(?:Before|BEFORE)[ \t]*:?[ \t]+(?P<names>{_NAME}(?:[ \t]*,[ \t]*(?:and[ \t]+)?{_NAME})*"
    rf"(?:,?[ \t]+and[ \t]+{_NAME})?)[ \t]*,[ \t]*(?:Chief[ \t]+|Senior[ \t]+)?"
    r"(?:Circuit|District|Appellate|Bankruptcy|Magistrate|Superior Court)?[ \t]*Judges\b"
)
_SURNAME = r"[A-Z][\w'\u2019-]+"
_PLURAL_TITLE = re.compile(
    r"\b(?:Justices|JUSTICES|Judges|JUDGES|Commissioners|COMMISSIONERS|Senators|SENATORS|"
    r"Councilmembers|Supervisors|Trustees|Messrs\.)[ \t]+"
    rf"(?P<names>{_SURNAME}(?:[ \t]*,[ \t]*{_SURNAME})*,?[ \t]+(?:and|AND|&)[ \t]+{_SURNAME})\b"
)
_ITEM = re.compile(r"[^,]+")
_LIST_ITEM = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def _clear(found: list[Found], start: int, end: int) -> bool:
    """Make room for a person at [start, end): the model's organisation guesses there go;
    anything else found there means the place is taken (returns False)."""
    clash = [f for f in found if f.start < end and start < f.end]
    if any(not (f.kind == "org" and f.method == "ner") for f in clash):
        return False
    found[:] = [f for f in found if f not in clash]
    return True


def _panel(text: str, found: list[Found]) -> None:
    for m in _PANEL.finditer(text):
        base = m.start("names")
        for item in _ITEM.finditer(m.group("names")):
            raw = re.sub(r"^\s*(?:and\s+)?", "", item.group()).rstrip()
            norm = normalise_person(raw) if raw else None
            start = base + item.start() + item.group().index(raw) if raw else 0
            if norm and _clear(found, start, start + len(raw)):
                found.append(Found("person", start, start + len(raw), norm, "ruler"))


def _plural_title(text: str, found: list[Found]) -> None:
    for m in _PLURAL_TITLE.finditer(text):
        base = m.start("names")
        for item in re.finditer(_SURNAME, m.group("names")):
            if item.group().lower() == "and":
                continue
            start, end = base + item.start(), base + item.end()
            norm = normalise_person(item.group())
            known = census_surname(item.group()) or item.group().isupper()
            if norm and known and _clear(found, start, end):
                found.append(Found("person", start, end, norm, "ruler"))


def _roll(text: str, found: list[Found]) -> None:
    people = sorted((f for f in found if f.kind == "person"), key=lambda f: f.start)
    for left, right in zip(people, people[1:], strict=False):
        m = re.fullmatch(r"(,[ \t]*)([^,\n]+?)([ \t]*,[ \t]*)", text[left.end : right.start])
        if m is None or not _LIST_ITEM.fullmatch(m.group(2)):
            continue
        start = left.end + m.end(1)
        norm = normalise_person(m.group(2))
        if norm and _clear(found, start, start + len(m.group(2))):
            found.append(Found("person", start, start + len(m.group(2)), norm, "ruler"))


def add_listed_people(found: list[Found], text: str) -> None:
    """Add, in place, the judges of a panel line, the surnames after a plural title and the
    names standing in a roll of people
    (see the module doc); the model's organisation guesses on those spans give way."""
    _panel(text, found)
    _plural_title(text, found)
    _roll(text, found)
