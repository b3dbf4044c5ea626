"""Courts named with their circuit or district apart from the court's own words.

Opinions, stamps and judges' forms write "United States Court of Appeals" over "Fifth
Circuit", "The Ninth Circuit Court of Appeals", "BANKRUPTCY COURT, DISTRICT OF MARYLAND" or "the
Superior Court, Onslow County": the rules read the court and its seat as two names or the court
alone, which names no particular court. Here they become one mention, under the name the court
goes by in full ("United States Court of Appeals for the Fifth Circuit"). Offsets are in the
prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.orgnames import clean_agency_name
from ingest.entities.spans import Found

_ORDINAL = (
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|D\.C\.|"
    r"Federal)"
)
_APPEALS = re.compile(r"(?:United States |U\.S\. )?Court of Appeals")
_CIRCUIT = re.compile(rf"({_ORDINAL}) Circuit")
_CIRCUIT_FIRST = re.compile(rf"({_ORDINAL}) Circuit Court of Appeals")
# What may stand between a court of appeals and its circuit: a line break, "for the".
_BETWEEN = re.compile(r"[ \t]*\n?[ \t]*(?:for[ \t]+the[ \t]+)?", re.IGNORECASE)

# "<kind> Court, District of <state>" / "<kind> Court, <name> County", in title case or capitals.
_WORD = r"[A-Z][A-Za-z.'\u2019-]*"
_SEAT = re.compile(
    rf"\b(?P<court>(?:Bankruptcy|BANKRUPTCY|Superior|SUPERIOR|Circuit|CIRCUIT|District|DISTRICT|"
    rf"Probate|PROBATE|Municipal|MUNICIPAL|Juvenile|JUVENILE|Family|FAMILY)[ \t]+(?:Court|COURT))"
    rf",[ \t]+(?P<seat>(?:(?:Northern|Southern|Eastern|Western|Middle|Central|NORTHERN|SOUTHERN|"
    rf"EASTERN|WESTERN|MIDDLE|CENTRAL)[ \t]+)?(?:District|DISTRICT)[ \t]+(?:of|OF)"
    rf"(?:[ \t]+{_WORD}){{1,3}}|(?:{_WORD}[ \t]+){{1,2}}(?:County|COUNTY|Parish|PARISH))"
    rf"(?=[\s,.;:)]|$)"
)


def _circuit_name(ordinal: str) -> str:
    return f"United States Court of Appeals for the {ordinal} Circuit"


def join_court_seats(found: list[Found], text: str) -> None:
    """Rewrite, in place, the page's court mentions as described in the module doc."""
    agencies = sorted((f for f in found if f.kind == "agency"), key=lambda f: f.start)
    for f in agencies:
        m = _CIRCUIT_FIRST.fullmatch(f.norm)
        if m:
            f.norm = _circuit_name(m.group(1))
    for a, b in zip(agencies, agencies[1:], strict=False):
        circuit = _CIRCUIT.fullmatch(b.norm)
        if not (_APPEALS.fullmatch(a.norm) and circuit):
            continue
        gap = _BETWEEN.match(text, a.end)
        if gap is None or gap.end() != b.start:
            continue
        found.remove(b)
        a.end, a.norm, a.method = b.end, _circuit_name(circuit.group(1)), "ruler"
    for m in _SEAT.finditer(text):
        start, end = m.span()
        clash = [f for f in found if f.start < end and start < f.end]
        if any(f.kind == "person" for f in clash):
            continue
        found[:] = [f for f in found if f not in clash]
        found.append(Found("agency", start, end, clean_agency_name(m.group()), "ruler"))
