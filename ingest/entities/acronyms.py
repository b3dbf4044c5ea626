"""Acronyms a document defines: "Alder Valley County Sheriff's Office (AVCSO)" makes every
later "AVCSO" the same agency.

The ``evidence_acronyms`` pipeline component finds definitions after an agency or
organisation entity (or before one: "AVCSO (Alder Valley County Sheriff's Office)") and tags
the acronym's other uses on the page. Definitions are recorded in
``doc.user_data[DEFINITIONS]``; a tagged use carries the span id ``"acr:<ACRONYM>"``. The
tagger carries definitions across the pages of one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

DEFINITIONS = "evidence_acronym_definitions"
ACRONYM_PREFIX = "acr:"
DEFINING_LABELS = frozenset({"AGENCY", "ORG"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")
_FILLER = frozenset({'"', "'", "the", "hereinafter", "collectively", "or"})


@dataclass(frozen=True)
class Definition:
    """Character offsets in the doc text of the defined entity and of the acronym."""

    start: int
    end: int
    acronym: str
    acronym_start: int
    acronym_end: int


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def _initials(name: str) -> str:
    letters = []
    for word in re.split(r"[\s\-/]+", name):
        if re.fullmatch(r"(?:[A-Za-z]\.)+", word):  # "U.S." gives U and S
            letters.extend(c for c in word if c.isalpha())
        elif word[:1].isalnum():
            letters.append(word[0])
    return "".join(letters).upper()


def acronym_fits(acronym: str, name: str) -> bool:
    """The acronym's letters appear in order among the initials of the name's words:
    "DOJ" fits "Department of Justice", "ICE" fits "U.S. Immigration and Customs
    Enforcement"."""
    initials = iter(_initials(name))
    return all(ch in initials for ch in acronym.upper() if ch.isalpha())


def _skip_filler(doc: Doc, i: int, step: int) -> int:
    while 0 <= i < len(doc) and doc[i].lower_ in _FILLER:
        i += step
    return i


def _after(doc: Doc, ent: Span) -> int | None:
    """Index of the acronym token in "ENTITY (ACR)" / 'ENTITY, (the "ACR")', or None."""
    i = ent.end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].text != "(":
        return None
    i = _skip_filler(doc, i + 1, 1)
    j = _skip_filler(doc, i + 1, 1)
    if j < len(doc) and doc[j].text == ")" and is_acronym(doc[i].text):
        return i
    return None


def _before(doc: Doc, ent: Span) -> int | None:
    """Index of the acronym token in "ACR (ENTITY)", or None."""
    i = ent.start - 1
    if i < 1 or ent.end >= len(doc) or doc[i].text != "(" or doc[ent.end].text != ")":
        return None
    return i - 1 if is_acronym(doc[i - 1].text) else None


def find_definitions(doc: Doc) -> list[Definition]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in DEFINING_LABELS:
            continue
        i = _after(doc, ent)
        if i is None:
            i = _before(doc, ent)
        if i is not None and acronym_fits(doc[i].text, ent.text):
            tok = doc[i]
            found.append(
                Definition(ent.start_char, ent.end_char, tok.text, tok.idx, tok.idx + len(tok))
            )
    return found


@Language.component("evidence_acronyms")
def tag_defined_acronyms(doc: Doc) -> Doc:
    definitions = find_definitions(doc)
    doc.user_data[DEFINITIONS] = definitions
    if not definitions:
        return doc
    by_offsets = {(e.start_char, e.end_char): e for e in doc.ents}
    labels: dict[str, str] = {}
    ids: dict[str, str] = {}
    for d in definitions:
        definer = by_offsets[(d.start, d.end)]
        labels.setdefault(d.acronym, definer.label_)
        ids.setdefault(d.acronym, definer.ent_id_)
    defining_tokens = {d.acronym_start for d in definitions}
    token_ent = {t.i: e for e in doc.ents for t in e}
    keep = [e for e in doc.ents if e.start_char not in defining_tokens]
    added = []
    for tok in doc:
        if tok.text not in labels or tok.idx in defining_tokens:
            continue
        ent = token_ent.get(tok.i)
        if ent is not None and (len(ent) > 1 or (ent.ent_id_ and ent.ent_id_ == ids[tok.text])):
            continue  # part of a longer name ("ICE ERO"), or already the defined entity
        # A bare use, or one a gazetteer/NER guess claimed: the document's meaning wins.
        added.append(
            Span(doc, tok.i, tok.i + 1, label=labels[tok.text], span_id=ACRONYM_PREFIX + tok.text)
        )
    replaced = {s.start for s in added}
    keep = [e for e in keep if not (len(e) == 1 and e.start in replaced)]
    doc.ents = filter_spans(keep + added)
    return doc
