"""A known first name before the surname of one of the document's people: that person in full.

At the start of a sentence the model reads "Renata Okafor signed the contract" as a place about
as often as a person, and a reading of its own exactly as long as the name keeps the first-name
rule (ingest.entities.firstnames) from replacing it; the name is then lost on that page, though
the same letter names "Director Okafor" two lines on. Where the document names a person by a
surname, a known first name (and an optional middle initial) just before that surname elsewhere
makes a person, unless another mention (a company, an agency) holds those words. Offsets are in
the prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.firstnames import is_first_name
from ingest.entities.people import name_parts, normalise_person
from ingest.entities.spans import Found
from ingest.entities.surnames import forms_alternation, is_lone_surname, no_everyday_words

METHOD = "ruler"


def add_given_names(found: list[list[Found]], texts: list[str]) -> None:
    """Add, in place, the people "First [M.] Surname" of the module doc; a person mention the
    new one covers (the surname alone) gives way to it."""
    people = {
        last
        for page in found
        for f in page
        if f.kind == "person" and is_lone_surname(last := name_parts(f.norm)[2])
    }
    surnames = no_everyday_words(people, texts)
    if not surnames:
        return
    pattern = re.compile(
        r"(?<![\w.'\u2019&-])([A-Z][a-z]+|[A-Z]{2,})(?:[ \t]+[A-Z]\.)?[ \t]+("
        + forms_alternation(surnames)
        + r")(?![\w'\u2019-])(?![ \t]+[A-Z][a-z])"
    )
    for page, text in zip(found, texts, strict=True):
        added = []
        for m in pattern.finditer(text):
            first, last = m.group(1), m.group(2)
            if first.isupper() != last.isupper() or not is_first_name(first):
                continue
            start, end = m.span()
            inside = [f for f in page if f.start < end and start < f.end]
            if any(f.kind != "person" or f.start < start or f.end > end for f in inside):
                continue
            if any(f.start == start and f.end == end for f in inside):
                continue  # already the person
            for f in inside:
                page.remove(f)
            added.append(Found("person", start, end, normalise_person(m.group()), METHOD))
        page.extend(added)
