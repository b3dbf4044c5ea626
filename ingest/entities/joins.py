"""Agency and organisation spans that hold two names, or a name and a heading.

Contract preambles, headers and signature lines write parties side by side: "between Zephyr
County Department of Corrections and Meridian Laundry Solutions Corp.", "Federal Bureau of
Prisons - Contract HSCEDM0000008", "Percival Ashdale of Harbor Laundry Partners LLC",
"8.4 Copperfield Laundry Solutions Corp.". The "Department of X and Y" rules took the second
party into the first body's name, a spaced dash joined a heading to it, and the model read a
signer and his company, or a section number and a company, as one organisation: each such
line made an entity of its own, and its mentions were missing from both real ones.

A body's own "and" joins topics ("Department of Health and Human Services", "Immigration and
Customs Enforcement"); it is cut only where what follows is a body or a company by itself.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ingest.entities.firstnames import is_first_name
from ingest.entities.gazetteer import lookup_agency
from ingest.entities.orgnames import is_company, looks_like_agency

# Words that head or end a government body's name: after "and", they start a second body.
_BODY_WORDS = frozenset(
    {
        *("county", "city", "township", "parish", "village", "department", "dept"),
        *("office", "bureau", "authority", "agency", "commission", "police", "sheriff"),
        *("sheriff's", "marshals", "marshal", "court", "detention", "board", "u.s.", "us"),
        *("united", "federal"),
    }
)
# Last words of a company's name: "and" before them starts a company, not a topic.
_COMPANY_ENDS = frozenset(
    {
        *("llc", "inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "lp", "llp", "pllc"),
        *("solutions", "group", "systems", "partners", "consulting", "logistics"),
        *("technologies", "telecom", "transport", "holdings", "associates"),
    }
)
# Of those, the words that end a body's name rather than start one ("U.S.", "Office of").
_NAME_ENDS = frozenset(
    {"police", "department", "dept", "sheriff", "sheriff's", "county", "authority", "commission"}
)
_PARTS = frozenset({"section", "article", "part", "chapter", "exhibit", "attachment", "appendix"})
_INNER = frozenset({"of", "the", "for", "and", "&"})
_TRAILING = frozenset({"and", "&", "of", "for", "the", "or"})
_SUFFIXES = frozenset({"llc", "inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llp", "lp"})
_DASHES = frozenset({"-", "\u2013", "\u2014"})
# Only "and": "&" joins the words of one company's name ("Carbon Arc Bar & Board").
_CONNECTIVES = frozenset({"and"})
# "8.4", "1.6", "12." before a name: a section or list number.
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
# Words of an organisation's own name that no person's name holds.
_ORG_WORDS = re.compile(
    r"\b(?:bank|trust|fund|church|hospital|center|centre|clinic|chamber|committee|council|"
    r"society|institute|university|college|school|academy|museum|library|foundation)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$|^[A-Z]\.$")


def apart(ent: Span) -> list[tuple[Span, str]]:
    """``ent`` (labelled AGENCY or ORG) as the names it holds, each with its label: cut before
    a spaced dash, at an "and" that starts a second body or company, after a section number,
    and where a person's name comes before "of" and a company."""
    label = ent.label_
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end - 1 and _SECTION_NUMBER.match(doc[start].text):
        start += 1
    for tok in doc[start:end]:
        if tok.text in _DASHES and tok.whitespace_ and tok.i > start and doc[tok.i - 1].whitespace_:
            # "Federal Bureau of Prisons - Contract ...": a heading goes on after the dash.
            end = tok.i
            break
    for tok in doc[start + 1 : min(start + 3, end - 1)]:
        if tok.text == "to":
            # "Notices to Harbor Laundry Partners LLC": a heading's words before the name.
            start = tok.i + 1
            break
    while end > start + 1 and (doc[end - 1].is_space or doc[end - 1].lower_ in _TRAILING):
        # "Larkspur Regional Detention Authority and": a name does not end in a connective.
        end -= 1
    for tok in doc[start + 1 : end - 1]:
        if tok.lower_ in _PARTS and _SECTION_NUMBER.match(doc[tok.i + 1].text.rstrip(".")):
            # "CONFIDENTIAL Section 4": a document's part is no part of a name.
            end = tok.i
            if end - start == 1:
                return []
            break
    if _after_part_number(doc, start) and not is_company(doc[start:end].text):
        return []  # "Section 7. Background Checks": the heading of a part
    span = doc[start:end]
    if (start, end) != (ent.start, ent.end) and len(span) == 1 and span[0].is_title:
        # What is left of "14.2 Copies" or "Treasurer of" is a heading's or a title's word.
        return []
    if label == "ORG":
        person = _signer_of_company(span)
        if person is not None:
            return person
    for tok in span:
        # A lone word before "and" is no name of its own ("City and County of Marlow").
        if tok.lower_ in _CONNECTIVES and tok.i > start + 1 and _second_name(doc, tok.i + 1, end):
            out = [(doc[start : tok.i], label)]
            right = _run_on(_with_suffix(doc[tok.i + 1 : end]))
            if _whole(right):
                out.append((right, "ORG" if _company(right) else "AGENCY"))
            return out
    return [(span, label)]


def _with_suffix(span: Span) -> Span:
    """The span and the company suffix right after it ("Meridian Laundry Solutions" "Corp.")."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].lower_ in _SUFFIXES:
        return doc[span.start : end + 1]
    return span


def _after_part_number(doc, start: int) -> bool:
    """Whether the span starts right after "Section 7." / "Article 3:" on its line."""
    i = start - 1
    if i >= 0 and doc[i].text in {".", ":"}:
        i -= 1
    return (
        i >= 1
        and bool(_SECTION_NUMBER.match(doc[i].text.rstrip(".")))
        and doc[i - 1].lower_ in _PARTS
    )


def _second_name(doc, start: int, end: int) -> bool:
    """Whether doc[start:end], after an "and", names a body or company of its own."""
    if start >= end:
        return False
    words = [t.lower_ for t in doc[start:end]]
    if any(w in _BODY_WORDS for w in words) or words[-1] in _COMPANY_ENDS:
        return True
    if lookup_agency(_run_on(doc[start:end]).text) is not None:
        return True  # "... Corrections and Enforcement" | "and Removal Operations"
    # The span stopped inside the second party's name ("... and Iverson" | "Police Department").
    return end < len(doc) and (doc[end].lower_ in _NAME_ENDS or doc[end].lower_ in _COMPANY_ENDS)


def _run_on(span: Span, most: int = 8) -> Span:
    """The span with the name words that follow it on its line ("Tillman County" "Sheriff's
    Office", "U.S. Department" "of Homeland Security"): the rule that took the first body's
    name stopped inside the second's."""
    doc, end = span.doc, span.end
    while end < len(doc) and end - span.end < most and doc[end].ent_iob_ != "B":
        # (up to the next entity, which is the rest of the name when the rule stopped there)
        tok = doc[end]
        inner = tok.lower_ in _INNER and end + 1 < len(doc) and _capitalised(doc[end + 1])
        if not (tok.lower_ in {"'s", "\u2019s"} or _capitalised(tok) or inner):
            break
        end += 1
    return _with_suffix(doc[span.start : end])


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or tok.text.rstrip(".").isalpha())


def _whole(span: Span) -> bool:
    """Nothing capitalised runs on after it on its line: the name is not cut short."""
    doc = span.doc
    if span.end >= len(doc):
        return True
    nxt = doc[span.end]
    if nxt.lower_ in _COMPANY_ENDS:
        return False
    return not (nxt.text[:1].isupper() and nxt.is_alpha)


def _company(span: Span) -> bool:
    return span[-1].lower_ in _COMPANY_ENDS


def _signer_of_company(span: Span) -> list[tuple[Span, str]] | None:
    """ "Percival Ashdale of Harbor Laundry Partners LLC": the person, then the company."""
    doc = span.doc
    for tok in span[2:4]:
        if tok.lower_ != "of":
            continue
        name, rest = doc[span.start : tok.i], doc[tok.i + 1 : span.end]
        if not all(_NAME_WORD.match(t.text) for t in name) or _body_words(name.text):
            continue  # "Royal Bank of Scotland Group"
        if not len(rest):
            # The model stopped after "of" ("Percival Ashdale of"): a known first name says
            # it was a person.
            return [(name, "PERSON")] if is_first_name(name[0].text) else None
        if _company(rest):
            return [(name, "PERSON"), (rest, "ORG")]
    return None


def _body_words(text: str) -> bool:
    return is_company(text) or looks_like_agency(text) or bool(_ORG_WORDS.search(text))
