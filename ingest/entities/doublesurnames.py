"""Two surnames written first in a register's name cell, without a hyphen.

Registers list people surname first, and Spanish and Portuguese names carry two surnames: "FUNEZ
OCHOA, CARLOS", "Fino Martinez, Luis Alonso". The rule for "SURNAME, GIVEN" takes only the
word before the comma ("Carlos Ochoa"), and the model reads the two halves as two people
("Fino Martinez" and "Luis Alonso"). Where the cell opens its line (after a row number at
most) and the word before the surname is no first name, the whole cell is one person. Offsets
are in the prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.firstnames import could_be_first_name, is_first_name
from ingest.entities.people import is_title_word, normalise_person
from ingest.entities.spans import Found

# The start of a line (or cell), a row number, then the first surname and a space.
_LINE_HEAD = re.compile(r"(?:^|\n)(?:\d{1,4}[ \t]+)?([A-Z][\w'-]*)[ \t]+$")
_ROW_START = re.compile(r"(?:^|\n)(?:\d{1,4}[ \t]+)?$")
_COMMA = re.compile(r"[ \t]*,[ \t]*")


def _first_surname(text: str, start: int) -> int | None:
    """Where the first of two surnames starts, before a name cell starting at ``start``: a
    word in the same case as the surname ("FUNEZ OCHOA", not "Judge OKAFOR") and no title."""
    m = _LINE_HEAD.search(text, max(0, start - 40), start)
    if m is None:
        return None
    word = m.group(1)
    if (
        could_be_first_name(word)
        or is_title_word(word)
        or word.isupper() != text[start : start + 2].isupper()
    ):
        return None
    return m.start(1)


def join_double_surnames(found: list[Found], text: str) -> None:
    """Widen or join, in place, the people of a cell with two surnames (see the module doc)."""
    people = sorted((f for f in found if f.kind == "person"), key=lambda f: f.start)
    taken = {(f.start, f.end) for f in found if f.kind != "person"}
    for f in people:
        if f.method != "ruler" or "," not in text[f.start : f.end]:
            continue
        start = _first_surname(text, f.start)
        if start is None or any(s < f.start and start < e for s, e in taken):
            continue
        norm = normalise_person(text[start : f.end])
        if norm is not None:
            f.start, f.norm = start, norm
    for left, right in zip(people, people[1:], strict=False):
        # The model's "surname" and the given names after the comma (the model's or a first
        # name's reading).
        if left.method != "ner" or left not in found or "," in text[right.start : right.end]:
            continue
        words = text[left.start : left.end].split()
        given = text[right.start : right.end].split()
        if len(words) != 2 or could_be_first_name(words[0]) or not is_first_name(given[0]):
            continue
        if not _COMMA.fullmatch(text, left.end, right.start):
            continue
        if not _ROW_START.search(text, max(0, left.start - 8), left.start):
            continue
        norm = normalise_person(text[left.start : right.end])
        if norm is not None:
            left.end, left.norm = right.end, norm
            found.remove(right)
