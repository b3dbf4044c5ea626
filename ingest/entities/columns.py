"""Entities of spreadsheet and CSV rows, read from the column they stand in.

A table row reaches the tagger as "column: value" lines (:mod:`ingest.extractors.table`). In a
column named ``arresting_agency``, ``name`` or ``payee`` the whole cell is one entity of that
row, whatever the model would make of "Riverton PD" or "TRAN VAN MINH"; in a code or category
column ("naics_description: DATA PROCESSING, HOSTING, ...") nobody is named. The column names
are in ``data/column_kinds.json``. Offsets are in the prepared text the tagger works on.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ingest.entities.gazetteer import DATA, lookup_agency
from ingest.entities.orgnames import (
    clean_agency_name,
    clean_org_name,
    is_company,
    looks_like_agency,
)
from ingest.entities.people import normalise_person
from ingest.entities.spans import Found

_LINE = re.compile(r"^(?P<label>[A-Za-z][\w -]{0,40}):[ \t]+(?P<value>\S[^\n]*?)[ \t]*$", re.M)
# Police and sheriff abbreviations a cell uses for the body ("Riverton PD", "Harlan SO").
_FORCE_ABBREVIATION = re.compile(r"\b(?:PD|SO)\b")
_REVERSED_PLACE = re.compile(
    r"(?i)^(?P<place>[^,]+),\s*(?P<kind>county|city|town|village|state) of$"
)


# A cell that is only a name ("TRAN VAN MINH", "DELGADO, MARIA"): the whole cell is the name
# even where the rules read part of it.
_PLAIN_NAME = re.compile(r"^[^\W\d_][\w.'-]*(?:,? [^\W\d_][\w.'-]*){1,3}$")


@lru_cache(maxsize=1)
def column_kinds() -> tuple[dict[str, str], tuple[str, ...]]:
    """Column key -> kind ("person", "agency", "party", "none"); column endings of "none"."""
    data = json.loads((DATA / "column_kinds.json").read_text(encoding="utf-8"))
    kinds = {c: kind for kind in ("person", "agency", "party", "none") for c in data[kind]}
    return kinds, tuple(data["none_endings"])


def column_kind(label: str) -> str | None:
    key = re.sub(r"[\s-]+", "_", label.strip().lower())
    kinds, none_endings = column_kinds()
    if key in kinds:
        return kinds[key]
    return "none" if key.endswith(none_endings) else None


def _agency(value: str) -> Found | None:
    agency = lookup_agency(value)
    if agency is not None:
        return Found("agency", 0, 0, agency.canonical, "column")
    if re.fullmatch(r"[A-Z]{2,8}", value):
        return Found("agency", 0, 0, value, "column")  # "RCSO": an acronym stays one
    name = value
    m = _REVERSED_PLACE.match(value)
    if m:  # "SANTA CLARA, COUNTY OF": written in the case of the cell, so tidy() can recase it
        name = f"{m['kind']} {'OF' if value.isupper() else 'of'} {m['place']}"
    return Found("agency", 0, 0, clean_agency_name(name), "column")


def _government(value: str) -> bool:
    """ "SANTA CLARA, COUNTY OF", "Harlan County Sheriff", "Riverton PD": a government body."""
    return bool(
        lookup_agency(value) or looks_like_agency(value) or _FORCE_ABBREVIATION.search(value)
    )


def _reading(kind: str, value: str) -> Found | None:
    if not any(c.isalpha() for c in value):
        return None
    if kind == "agency":
        return _agency(value)
    if kind == "person":
        if _government(value) or is_company(value):
            return None  # "name: Riverton Police Department" names no person
        norm = normalise_person(value)
        return Found("person", 0, 0, norm, "column") if norm else None
    # party
    if _government(value):
        return _agency(value)
    if is_company(value):
        return Found("org", 0, 0, clean_org_name(value), "column")
    norm = normalise_person(value) if len(value.split()) <= 4 else None
    if norm and len(norm.split()) >= 2:
        return Found("person", 0, 0, norm, "column")
    return Found("org", 0, 0, clean_org_name(value), "column")


def apply_columns(found: list[Found], text: str) -> None:
    """Read typed columns' cells, in place: a cell where nothing of its column's kind was found
    becomes one entity of that kind (what else was found there goes); in code and description
    columns nothing is an entity."""
    for m in _LINE.finditer(text):
        kind = column_kind(m["label"])
        if kind is None:
            continue
        start, end = m.span("value")
        inside = [f for f in found if f.start < end and start < f.end]
        if kind == "none":
            found[:] = [f for f in found if f not in inside]
            continue
        hit = _reading(kind, m["value"])
        whole_name = hit is not None and hit.kind == "person" and _PLAIN_NAME.match(m["value"])
        if hit is None or (not whole_name and any(f.kind == hit.kind for f in inside)):
            # "Prepared by: Sgt. S. Lindqvist, Records Unit": the rules read the cell already.
            continue
        found[:] = [f for f in found if f not in inside]
        hit.start, hit.end = start, end
        found.append(hit)
