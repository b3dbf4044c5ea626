"""Offices of an agency named in its address blocks and signatures.

Federal notices and letters name the office that handles a matter after the agency or after a
signer's title: "FAA, Airworthiness Products Section, Operational Safety Branch", "Department
of Transportation, Docket Operations", "Director, Compliance & Airworthiness Division", or on
the line under the agency's name. The unit is a run of capitalised words ending in "Branch",
"Section", "Division", "Office", "Service" or "Operations"; nothing but its place after an
agency or a title says it is one, so only there is it read. Offsets are in the prepared text.
"""

from __future__ import annotations

import re

from ingest.entities.gazetteer import acronyms, lookup_agency
from ingest.entities.orgnames import clean_agency_name
from ingest.entities.spans import Found

_UNIT = re.compile(
    r"(?!(?:The|This|That|Each|Any|All|Our|Your|Its|Their|Such)\b)"
    r"(?:(?:[A-Z][\w'\u2019-]*|&)[ \t]*\n?[ \t]*){1,4}?"
    r"(?:Branch|Section|Division|Office|Service|Operations|Directorate)\b(?![ \t]+of\b)"
)
_COMMA = re.compile(r",[ \t]*\n?[ \t]*")
# Under the agency's name (a line break, or a space where a long line was joined on), the
# unit is the whole next line.
_NEXT_LINE = re.compile(r"[ \t]*\n?[ \t]*")
# Titles whose office follows them after a comma: "Ian Won, Manager, Seattle ACO Branch".
_TITLE_COMMA = re.compile(
    r"\b(?:Manager|Director|Chief|Engineer|Supervisor|Administrator|Head)(?=,)"
)
_ACRONYM_COMMA = re.compile(r"\b[A-Z]{2,6}(?=,)")


def _unit_after(text: str, end: int) -> tuple[int, int] | None:
    sep = _COMMA.match(text, end)
    whole_line = sep is None
    if whole_line:
        sep = _NEXT_LINE.match(text, end)
        if sep.end() == end:
            return None
    m = _UNIT.match(text, sep.end())
    if m is None or m.group().count("\n") > 1:
        return None
    if whole_line and not re.match(r"[ \t]*(?:\n|$)", text[m.end() :]):
        return None
    return m.span()


def _anchors(found: list[Found], text: str) -> list[int]:
    """Where an agency or a title ends, with a unit possibly after it."""
    ends = [f.end for f in found if f.kind == "agency"]
    ends += [m.end() for m in _TITLE_COMMA.finditer(text)]
    ends += [m.end() for m in _ACRONYM_COMMA.finditer(text) if m.group() in acronyms()]
    return ends


def add_agency_units(found: list[Found], text: str) -> None:
    """Add, in place, the offices named after an agency or a title (see the module doc)."""
    queue = sorted(set(_anchors(found, text)))
    seen: set[int] = set()
    while queue:
        end = queue.pop(0)
        if end in seen:
            continue
        seen.add(end)
        span = _unit_after(text, end)
        if span is None:
            continue
        start, stop = span
        clash = [f for f in found if f.start < stop and start < f.end]
        if any(f.kind != "org" for f in clash):
            continue
        # The model's "organisation" of the same words is this office of the agency.
        found[:] = [f for f in found if f not in clash]
        found.append(Found("agency", start, stop, clean_agency_name(text[start:stop]), "ruler"))
        queue = sorted([*queue, stop])  # "..., Products Section, Operational Safety Branch"
    _add_parent_acronyms(found, text)


def _add_parent_acronyms(found: list[Found], text: str) -> None:
    """ "the FAA, Airworthiness Products Section": the agency's acronym before its office, which
    the last-first rule had taken for a surname, is the agency."""
    for m in _ACRONYM_COMMA.finditer(text):
        start, end = m.span()
        if any(f.start < end and start < f.end for f in found):
            continue
        if not any(f.kind == "agency" and f.start > end and f.start - end <= 4 for f in found):
            continue
        agency = lookup_agency(m.group())
        if agency is not None:
            found.append(Found("agency", start, end, agency.canonical, "gazetteer"))
