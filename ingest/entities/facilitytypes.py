"""Kinds of facility, which name no particular facility.

Detention registers and death reports give each facility a type in a column of its own, as a
code the legend defines ("CDF: Contract Detention Facility", "SPC (Service Processing
Center): a facility that is owned by the government ..."); the model reads what is left of a
wrapped facility cell the same way ("Detention Facility" under "Riverton Contract"). Those
words say what kind of place it is, not which one, so they are no agency: a name made only of
such words and ending in a facility's word ("Contract Detention Facility", "County Jail") is
dropped, with the acronym's uses. A facility's own name has a place or a proper name in it
("Harlan Processing Center", "Alder County Jail") and stays.
"""

from __future__ import annotations

from ingest.entities.people import word_set
from ingest.entities.spans import Found

_FACILITY_HEADS = word_set("facility facilities center centre centers complex jail prison camp")
_KIND_WORDS = _FACILITY_HEADS | word_set(
    """
    contract contracted detention processing service staging holding hold residential family
    juvenile intergovernmental dedicated non-dedicated federal county state city local private
    correctional corrections medical transitional temporary secure adult and of the
    """
)


def is_facility_type(name: str) -> bool:
    """ "Contract Detention Facility", "Service Processing Center": a kind, not a place."""
    words = name.lower().replace("-", " ").split()
    return len(words) > 1 and words[-1] in _FACILITY_HEADS and all(w in _KIND_WORDS for w in words)


def drop_facility_types(found: list[Found]) -> None:
    """Remove, in place, the agencies that only name a kind of facility (see the module doc)."""
    found[:] = [f for f in found if f.kind != "agency" or not is_facility_type(f.norm)]
