"""Cleaning and classifying organisation names: which are government bodies (agencies) and
which are companies or other organisations, and the cleaned form mentions group under."""

from __future__ import annotations

import re

from ingest.entities.gazetteer import acronyms
from ingest.entities.people import fix_case_token

# A company suffix decides "org" even when the name also sounds official
# ("Correctional Services Corp.").
_COMPANY = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|llp|lp|ltd|limited|corp|corporation|co|company|plc|"
    r"gmbh|pllc|group|holdings|partners|associates|solutions|technologies|consulting|"
    r"enterprises|bank|foundation|university|college|union|association|society|institute)\b\.?",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"\b(?:sheriff'?s?|police|department|dept|court|courts|county|parish|bureau|agency|"
    r"administration|office of|board of|commission|authority|ministry|marshals?|"
    r"attorney'?s?|district|government|detention|jail|prison|corrections?|correctional|"
    r"patrol|guard|city of|state of|town of|village of|council|legislature|senate|congress|"
    r"field office)\b",
    re.IGNORECASE,
)
# Words an all-capital organisation name must contain to be believed: otherwise it is most
# likely a heading ("STATEMENT OF WORK", "GENERAL PROVISIONS").
_ORG_WORD = re.compile(
    r"\b(?:chamber|committee|council|center|centre|hospital|clinic|coalition|alliance|network|"
    r"project|fund|trust|church|services|systems|international)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"])
_SHERIFF_OFFICE = re.compile(r"\bSheriff(?:s'?|'s|s)?\s+(Office|Department)\b", re.IGNORECASE)


def is_company(name: str) -> bool:
    return bool(_COMPANY.search(name))


def looks_like_agency(name: str) -> bool:
    """A government body by its wording ("Chicago Housing Authority", "Office of X")."""
    return not is_company(name) and bool(_AGENCY.search(name))


def is_heading_like(name: str) -> bool:
    """All capitals with nothing that makes it an organisation's name."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return False
    return not (is_company(name) or _ORG_WORD.search(name) or _AGENCY.search(name))


def _case_word(word: str, first: bool, keep_upper: frozenset[str]) -> str:
    if word in keep_upper or "." in word.rstrip(".") or any(c.isdigit() for c in word):
        return word
    if not first and word.lower() in _SMALL_WORDS:
        return word.lower()
    return fix_case_token(word)


def tidy(name: str) -> str:
    """Whitespace, line-break hyphenation, curly apostrophes, a leading "the" and a trailing
    possessive; an all-capital (or all-lower-case) name is put in title case."""
    name = re.sub(r"(\w)-\s*\n\s*(\w)", lambda m: m.group(1) + m.group(2), name)
    name = " ".join(name.replace("\u2019", "'").replace("\u2018", "'").split())
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"(?:'s|')$", "", name).strip(" ,;:-")
    letters = [c for c in name if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        keep = acronyms() | {"LLC", "LLP", "LP", "PLC", "GMBH", "PLLC"}
        words = name.split(" ")
        name = " ".join(_case_word(w, i == 0, keep) for i, w in enumerate(words))
    return name


def clean_agency_name(name: str) -> str:
    """ "ALDER VALLEY COUNTY SHERIFFS OFFICE" -> "Alder Valley County Sheriff's Office"."""
    name = tidy(name)
    name = _SHERIFF_OFFICE.sub(lambda m: "Sheriff's " + m.group(1), name)
    name = re.sub(r"\bDept\b\.?", "Department", name)
    return re.sub(r"\bDEPT\b\.?", "DEPARTMENT", name)


def clean_org_name(name: str) -> str:
    return tidy(name)
