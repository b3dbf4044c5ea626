"""The federal agency gazetteer (data/agencies.jsonl): lookups by any spelling, and the
EntityRuler patterns that find those spellings in text.

Names match case-insensitively ("HOMELAND SECURITY"); acronyms and other all-capital forms
("ICE", "US ICE", "DoD") match case-sensitively, so "ice" and "Ice" are not the agency.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
AGENCIES_FILE = DATA / "agencies.jsonl"
ID_PREFIX = "gaz:"  # EntityRuler id of a gazetteer match: "gaz:<canonical>"

# Interchangeable spellings of one word inside an agency name.
_WORD_VARIANTS = {
    "u.s.": ("U.S.", "US", "United States"),
    "and": ("and", "&"),
    "department": ("Department", "Dept."),
    "attorney's": ("Attorney's", "Attorney\u2019s"),
    "marshal's": ("Marshal's", "Marshal\u2019s"),
}
_PAREN = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Agency:
    canonical: str
    acronym: str | None
    aliases: tuple[str, ...]
    parent: str | None


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    return tuple(
        Agency(r["canonical"], r.get("acronym"), tuple(r.get("aliases") or ()), r.get("parent"))
        for r in read_jsonl(AGENCIES_FILE)
    )


def is_case_sensitive(form: str) -> bool:
    """All-capital forms ("ICE", "U.S. ICE", "DoD") are matched by case: every word in them
    has at least two capitals."""
    words = [w for w in re.split(r"[\s/\-]+", form) if any(c.isalnum() for c in w)]
    return bool(words) and all(sum(c.isupper() for c in w) >= 2 for w in words)


def name_key(text: str) -> str:
    """Comparison key for an agency name: case, "&"/"and", "U.S."/"United States",
    "Dept."/"Department", apostrophes, punctuation, a leading "the" and a parenthesised
    acronym do not matter."""
    t = _PAREN.sub(" ", text.replace("\u2019", "'").replace("\u2018", "'")).lower()
    t = re.sub(r"'s$", "", t.strip())
    t = re.sub(r"\bunited states\b|\bu\.\s?s\.(?:a\.)?|\busa?\b", "us", t)
    t = re.sub(r"\bdept\b\.?", "department", t.replace("&", " and "))
    t = re.sub(r"[^\w\s]+", lambda m: "" if m.group() == "'" else " ", t)
    return re.sub(r"^the ", "", " ".join(t.split()))


def _forms(agency: Agency) -> list[str]:
    forms = [agency.canonical, *agency.aliases]
    if agency.acronym:
        forms.append(agency.acronym)
    return forms


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, Agency], dict[str, Agency]]:
    by_key: dict[str, Agency] = {}
    by_exact: dict[str, Agency] = {}
    for agency in agencies():
        for form in _forms(agency):
            if is_case_sensitive(form):
                by_exact.setdefault(form, agency)
            else:
                by_key.setdefault(name_key(form), agency)
    return by_key, by_exact


def lookup_agency(text: str) -> Agency | None:
    """The agency a surface form names ("Immigration & Customs Enforcement", "ICE",
    "U.S. Immigration and Customs Enforcement (ICE)"), or None."""
    by_key, by_exact = _indexes()
    exact = " ".join(text.split())
    exact = re.sub(r"['\u2019]s$", "", exact)
    if exact in by_exact:
        return by_exact[exact]
    # Acronyms are only in by_exact, so "ice" or "Ice" cannot reach ICE through the key.
    return by_key.get(name_key(exact))


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """Every case-sensitive form in the gazetteer ("ICE", "US ICE", "DHS/ICE")."""
    return frozenset(_indexes()[1])


def spelling_variants(name: str) -> list[str]:
    """ "U.S. Immigration & Customs Enforcement" and its interchangeable spellings."""
    options = [_WORD_VARIANTS.get(w.lower(), (w,)) for w in name.split()]
    return [" ".join(combo) for combo in itertools.product(*options)]


def ruler_patterns(tokenize) -> list[dict]:
    """EntityRuler patterns (label AGENCY, id "gaz:<canonical>") for every gazetteer form.

    ``tokenize`` is the pipeline's tokenizer (``nlp.make_doc``): case-sensitive forms become
    ORTH token patterns; names are phrase patterns for a ruler matching on LOWER. Forms with
    a parenthesised acronym are left to the acronym component, which records the acronym."""
    patterns: list[dict] = []
    seen: set[tuple[bool, str]] = set()
    for agency in agencies():
        ent_id = ID_PREFIX + agency.canonical
        for form in _forms(agency):
            if "(" in form:
                continue
            if is_case_sensitive(form):
                key = (True, form)
                if key not in seen:
                    seen.add(key)
                    orth = [{"ORTH": t.text} for t in tokenize(form)]
                    patterns.append({"label": "AGENCY", "pattern": orth, "id": ent_id})
                continue
            for variant in spelling_variants(form):
                key = (False, variant.lower())
                if key not in seen:
                    seen.add(key)
                    patterns.append({"label": "AGENCY", "pattern": variant, "id": ent_id})
    return patterns
