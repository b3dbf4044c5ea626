"""From one spaCy doc's entities to classified, normalised, filtered findings.

Offsets here are in the prepared text (:mod:`ingest.entities.prep`); the tagger maps them
back to the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ingest.entities.acronyms import ACRONYM_PREFIX, DEFINITIONS, is_acronym
from ingest.entities.casenames import RULE_ID as CASE_PARTY_RULE
from ingest.entities.firstnames import RULE_ID as FIRST_NAME_RULE
from ingest.entities.firstnames import could_be_first_name, is_first_name, name_length
from ingest.entities.gazetteer import ID_PREFIX as GAZ_PREFIX
from ingest.entities.gazetteer import acronyms, lookup_agency
from ingest.entities.joins import apart
from ingest.entities.orgnames import (
    clean_agency_name,
    clean_org_name,
    is_company,
    is_heading_like,
    looks_like_agency,
)
from ingest.entities.people import (
    COMMON_WORD_SURNAMES,
    STATE_CODES,
    is_initial,
    is_title_word,
    names_a_condition,
    normalise_person,
    strip_titles,
)

LABEL_KINDS = {"PERSON": "person", "AGENCY": "agency", "ORG": "org"}
_REFERENCE = re.compile(
    r"^(?:page|p|pg|pp|exhibit|attachment|appendix|section|sec|article|art|table|figure|fig|"
    r"item|no|number|docket|case)\b\.?\s*[#\dIVXivx]|^id\.",
    re.IGNORECASE,
)
_LEADING_DETERMINERS = frozenset(
    ["the", "a", "an", "our", "their", "its", "his", "her", "this", "that", "these", "those"]
)
_TRAILING_ABBREVIATIONS = frozenset(["dept", "inc", "co", "corp", "ltd", "jr", "sr", "st"])
_SENTENCE_END = frozenset(".!?:;\"'()[]\u2022\u00b7*-\u2013\u2014")
MAX_ORG_TOKENS = 12
_COMPANY_SUFFIX = re.compile(
    r"^(?:LLC|L\.L\.C\.|LLP|LP|Inc\.?|INC\.?|Corp\.?|CORP\.?|Co\.|Ltd\.?|LTD\.?|PLLC|PLC)$"
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Titles that also head organisation and programme names ("Justice Strategies", "Chief
# Concerns"): after one of these, a lone word the document also writes in lower case is not a
# surname. Strong titles ("Sheriff Price") keep it.
_WEAK_TITLES = frozenset(
    {
        *("justice", "chief", "president", "chair", "chairman", "chairwoman", "chairperson"),
        *("secretary", "supervisor", "administrator", "clerk", "agent", "inspector"),
        *("commander", "superintendent", "professor", "attorney", "magistrate", "constable"),
        *("representative", "rep", "acting", "special", "executive", "assistant", "senior"),
    }
)
# With titles, the words of a role in a signature block ("General Counsel", "FOIA Officer").
_ROLE_WORDS = frozenset(
    {
        *("counsel", "general", "commanding", "officer", "manager", "coordinator"),
        *("specialist", "analyst", "liaison", "custodian", "of", "the", "foia"),
    }
)
_LAST_COMMA_FIRST = re.compile(r"^([A-Z][a-z]+(?:-[A-Z][a-z]+)?), ([A-Z][a-z]+)$")
_GENERIC_LEADS = frozenset({"county", "parish", "city", "state"})
# One of these alone is a capitalised common noun ("the Government", "Federal law"), not a name.
_GENERIC_ORG_WORDS = frozenset(
    {
        *("government", "state", "federal", "county", "city", "agency", "department"),
        *("contractor", "vendor", "court", "board", "commission", "council", "office"),
        *("bureau", "division", "party", "parties", "plaintiff", "defendant", "respondent"),
        *("petitioner", "grantee", "company", "corporation", "committee", "congress"),
        *("administration", "authority", "authorities", "ministry", "district"),
    }
)
# A bond issue, named after its issuer ("Kestrel Finance Authority Student Housing Revenue
# Bonds"): the issuer is the body, up to its head word.
_SECURITIES = frozenset({"bond", "bonds", "notes", "certificates"})
_ISSUER_HEADS = frozenset(
    {"authority", "agency", "department", "commission", "district", "county", "city", "board"}
)


@dataclass
class Found:
    """A mention in prepared-text offsets. ``ref`` names a defined acronym whose meaning the
    tagger fills in (kind and norm are empty until then)."""

    kind: str
    start: int
    end: int
    norm: str
    method: str
    acronym: str | None = None
    ref: str | None = None


def _with_company_suffix(ent: Span) -> Span:
    """The model often stops before "LLC" / ", Inc.": take the suffix into the name."""
    doc, end = ent.doc, ent.end
    if end + 1 < len(doc) and doc[end].text == "," and _COMPANY_SUFFIX.match(doc[end + 1].text):
        end += 2
    elif end < len(doc) and _COMPANY_SUFFIX.match(doc[end].text):
        end += 1
    return doc[ent.start : end] if end != ent.end else ent


def _pieces(ent: Span, whole: bool = False) -> list[Span]:
    """The entity cut at line breaks (a name does not continue on the next line once the
    text has been prepared) and trimmed of edge punctuation, "the" and possessives."""
    if whole:
        piece = _trim(ent)
        return [piece] if piece is not None else []
    pieces, start = [], ent.start
    for tok in ent:
        if tok.is_space and "\n" in tok.text:
            pieces.append(ent.doc[start : tok.i])
            start = tok.i + 1
    pieces.append(ent.doc[start : ent.end])
    return [p for p in (_trim(p) for p in pieces) if p is not None]


# The next presenter of a list joined by hyphens: "-James Lindqvist".
_NEXT_LISTED = re.compile(r"-([A-Z][a-z]+)[ \t]+[A-Z]")


def _at_list_hyphens(span: Span) -> list[Span]:
    """An agenda's presenters joined by hyphens ("Dana Okafor-James Lindqvist-Rich Halvorsen"),
    read by the model as one name: cut where a hyphen after a whole name ("Dana Okafor") is
    followed by a first name and a surname. "Anna Castellanos-Reyes" and "Jean-Paul Okafor"
    are no list."""
    doc, out, start = span.doc, [], span.start
    for tok in span:
        i = tok.i
        if (
            tok.text == "-"
            and i - start >= 2
            and i + 2 < span.end
            and not doc[i - 1].whitespace_
            and not tok.whitespace_
            and is_first_name(doc[i + 1].text)
            and doc[i + 2].is_title
        ):
            out.append(doc[start:i])
            start = i + 1
    out.append(doc[start : span.end])
    return out


def _trim(span: Span) -> Span | None:
    doc, start, end = span.doc, span.start, span.end
    while start < end and (
        doc[start].is_space or doc[start].is_punct or doc[start].lower_ in _LEADING_DETERMINERS
    ):
        start += 1
    while end > start:
        last = doc[end - 1]
        if (
            last.is_space
            or last.lower_ in {"'s", "'", "\u2019s", "\u2019"}
            or last.is_punct
            and not (
                last.text == "."
                and end - 2 >= start
                and doc[end - 2].lower_ in _TRAILING_ABBREVIATIONS
            )
        ):
            end -= 1
        else:
            break
    return doc[start:end] if end > start else None


def at_sentence_start(tok) -> bool:
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i < 0 or (doc[i].is_space and "\n" in doc[i].text):
        return True
    prev = doc[i].text
    return prev in _SENTENCE_END or (len(prev) == 1 and not prev.isalnum() and prev != ",")


def lowercase_words(text: str) -> set[str]:
    """Every word written in lower case in the text's prose: not inside e-mail addresses,
    URLs or file names ("kevin.marsh@...", "www.alder.gov")."""
    return set(re.findall(r"(?<![\w.@/:-])[a-z][a-z'-]*(?![\w@/-]|\.\w)", text))


@dataclass
class _Page:
    text: str  # the doc's text, built once
    defined: set[str]  # acronyms the page defines
    lower_words: set[str]  # lower-case words of the whole document

    def all_lowercase_elsewhere(self, text: str) -> bool:
        """Every capitalised word of a name is also written in lower case in the document:
        "Gender Identity", "Price" where the document talks about "price"."""
        words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if len(w) > 1]
        capitalised = [w for w in words if w.lower() != w]
        return bool(capitalised) and all(w.lower() in self.lower_words for w in capitalised)


# Address and routing words before a name: "Attn Maria Delgado", "cc: Janet Okafor", "RE:".
_ROUTING_WORDS = frozenset(
    {"attn", "attention", "cc", "bcc", "re", "from", "to", "dear", "fwd", "fw", "via", "per"}
)


def _without_routing(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and (
        span.doc[start].lower_.rstrip(".:") in _ROUTING_WORDS or span.doc[start].text in {":", "."}
    ):
        start += 1
    return span.doc[start : span.end]


def _person(span: Span, page: _Page) -> Found | None:
    span = _without_routing(span)
    span = _without_sex_column(_without_reference_word(span, page.text), page.text)
    span = _capitals_after_title(span)
    if names_a_condition(span.text):
        return None  # a register's cause of death, not a name with a stray first word
    norm = normalise_person(span.text)
    for skip in (1, 2):
        if norm is not None or len(span) <= skip:
            break
        # "Board T. Whitfield" (from "Clerk of the Board T. Whitfield"): drop the stray lead.
        span = span[1:]
        norm = normalise_person(span.text)
    if (
        len(span) > 3
        and span[1].text == ","
        and (span[0].text in acronyms() or span[0].text in page.defined)
    ):
        # "Director of ICE, Daniel Ragsdale": an agency's acronym, not "RAGSDALE, DANIEL"; what
        # follows is a person only by a first name ("FAA, Airworthiness Products Section").
        span = span[2:]
        norm = normalise_person(span.text) if could_be_first_name(span[0].text) else None
    if norm is None or _place_or_firm(span, page.text):
        return None
    text = span.text
    words = re.findall(r"[\w'.-]+", text)
    if any(w in acronyms() or w in page.defined for w in words):
        return None  # "ICE", "ICE, CBP" read as names
    if re.match(r"-[^\W\d_]*[a-z]", page.text[span.end_char : span.end_char + 3]):
        listed = _NEXT_LISTED.match(page.text, span.end_char)
        if not (listed and is_first_name(listed.group(1))):
            return None  # the first half of a compound word: "Justice Intelligence-diensten"
    name_words, titled = strip_titles(text.split())
    ruled = span.ent_id_.startswith("rule:")
    guessed = not ruled or span.ent_id_ == FIRST_NAME_RULE
    if not ruled and (text.islower() or any(t.lower_ in {"v.", "vs.", "v", "vs"} for t in span)):
        return None  # "helo", "al v. Lopinto": not names
    if not ruled and _mixed_capitals(span):
        return None  # "FOIA Case", "CLIN Manager": an abbreviation heading a phrase
    weak_title = titled and text.split()[0].lower().rstrip(".") in _WEAK_TITLES
    # A first name vouches for the rest ("Mark Price" stays even where "price" is a word).
    vouched = len(name_words) > 1 and could_be_first_name(name_words[0])
    if (
        (guessed or (weak_title and len(name_words) == 1))
        and not vouched
        and page.all_lowercase_elsewhere(" ".join(name_words))
    ):
        return None  # "H. LIABILITY", "Price" next to "the price", "Justice Strategies"
    if titled and len(name_words) == 1 and _capital_abbreviation(name_words[0]):
        return None  # "REP AJ", "REP PJ-SUPREME" in a results table: a code after the title
    if len(norm.split()) == 1 and not titled:
        word = name_words[0] if name_words else text
        letters = [c for c in word if c.isalpha()]
        if word.isupper() and len(letters) <= 5 and not _caption_surname(span, word):
            return None  # an unknown acronym, not a surname
        if (
            norm.lower() in COMMON_WORD_SURNAMES
            and at_sentence_start(span[0])
            and span.ent_id_ != CASE_PARTY_RULE
        ):
            return None  # "Young people ...", "Will the contractor ..."
    return Found("person", span.start_char, span.end_char, norm, "ruler" if ruled else "ner")


def _caption_surname(span: Span, word: str) -> bool:
    """A short party in a caption's capitals ("V. WOLF, ET AL.") that the census knows as a
    surname is one; "v. ACLU" stays an acronym."""
    from ingest.entities.plausible import census_surnames  # plausible imports this module

    return span.ent_id_ == CASE_PARTY_RULE and word.strip(".,") in census_surnames()


def _capital_abbreviation(word: str) -> bool:
    """A capitals word with a part of two letters that is no surname ("AJ", "PJ-SUPREME"; not
    "NG", "WU", "LI"): in capitals nothing else tells an abbreviation from a name."""
    from ingest.entities.plausible import census_surnames  # plausible imports this module

    parts = word.strip(".,").split("-")
    return word.isupper() and any(
        len(p) <= 2 and p.isalpha() and p not in census_surnames() for p in parts
    )


_REFERENCE_HEADS = frozenset(["docket", "case", "file", "claim", "account", "booking", "inmate"])
_NUMBER_AFTER = re.compile(r"\s*(?:No\b|#|\d)")
_COMPASS_INITIAL = re.compile(r"[NSEW]\.?$")
_HOUSE_NUMBER = re.compile(r"\d[\dA-Za-z-]*[ \t]+$")
_CITY_STATE = re.compile(r",?[ \t]+[A-Z]{2}[ \t]+\d{5}\b")
# A state's code after a lone word and a comma, ending the cell or line: "Eloy, AZ".
_STATE_AFTER = re.compile(r",[ \t]*([A-Z]{2})(?=[ \t]*(?:$|\n|[.;)]))")
# Codes that are also degrees after a name ("Okafor, MD").
_DEGREE_CODES = frozenset({"MD", "PA", "DO", "DE", "ME"})
# Spanish place names' first words, never a given name in these records.
_PLACE_FIRST_WORDS = frozenset({"san", "santa", "los", "las"})
_FIRM_AFTER = re.compile(
    r"['\u2019]s[ \t]+(?:Services?|Company|Inc|Corporation|Group|Center|Store|Shop|Restaurant"
    r"|Bar|Club|Garage|Towing|Transport|Trucking|Clinic|Pharmacy|Auto)\b"
)
_STREET_ENDS = frozenset(
    ["lane", "ln", "way", "court", "ct", "place", "pl", "road", "rd", "street", "st", "avenue"]
    + ["ave", "drive", "dr", "circle", "cir", "trail", "terrace", "boulevard", "blvd", "highway"]
)
_PLACE_LEADS = frozenset(
    ["st", "st.", "saint", "sainte", "san", "santa", "fort", "ft", "ft.", "mount", "mt", "mt."]
    + ["new", "port"]
)


def _without_reference_word(span: Span, text: str) -> Span:
    """ "Charles R. Goodwin Docket" (from "... Goodwin Docket No. 2017-03"): the caption's
    next field is no part of the name."""
    numbered = _NUMBER_AFTER.match(text, span.end_char)
    if len(span) > 2 and span[-1].lower_ in _REFERENCE_HEADS and numbered:
        return span[:-1]
    return span


_DATE_AFTER = re.compile(r"[ \t]+\d{1,2}/\d{1,2}/\d{2,4}\b")


def _without_sex_column(span: Span, text: str) -> Span:
    """ "Toyin, Olubunmi F" of a register row "Toyin, Olubunmi F 6/1/1962": a bare "M" or "F"
    before the date of birth is the sex column, not a middle initial."""
    last = span[-1]
    if len(span) > 2 and last.text in {"M", "F"} and _DATE_AFTER.match(text, span.end_char):
        return span[:-1]
    return span


def _place_or_firm(span: Span, text: str) -> bool:
    """Addresses, places and firms the model reads as people: "9511 W. Harrison",
    "Maywood, IL 60153", "St. Louis", "Morristown Driver's Services", "CITIBANK - TRAVEL"."""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    before = text[line_start : span.start_char]
    if _HOUSE_NUMBER.search(before) and (
        _COMPASS_INITIAL.match(span[0].text) or span[-1].lower_.rstrip(".") in _STREET_ENDS
    ):
        return True  # "9511 W. Harrison", "5700 Star Lane"
    if _CITY_STATE.match(text, span.end_char):
        return True
    state = _STATE_AFTER.match(text, span.end_char)
    if len(span) == 1 and state and state.group(1) in STATE_CODES - _DEGREE_CODES:
        return True  # "Eloy, AZ" in a register's location cell: a town, not a surname
    if len(span) > 1 and span[0].lower_ in _PLACE_FIRST_WORDS and not is_title_word(span[0].text):
        return True  # "San Marcos", "Los Fresnos" in a table's city column
    titled = strip_titles(span.text.split())[1]
    if not titled and span.start > 0 and span.doc[span.start - 1].lower_ in _PLACE_LEADS:
        return True  # "ST. LOUIS, SPRINGFIELD" read as "LAST, FIRST"
    if " - " in span.text:
        return True
    return bool(_FIRM_AFTER.match(text, span.end_char))


def _capitals_after_title(span: Span) -> Span:
    """In capitals a title's name has no case to end it ("SEN HAWLEY WASHINGTON DC"): unless
    a first name or an initial follows the title, the name is the one word after it."""
    if not span.text.isupper():
        return span
    words, titled = strip_titles(span.text.split())
    if not titled or len(words) < 2 or could_be_first_name(words[0]) or is_initial(words[0]):
        return span
    first = next((t for t in span if t.text == words[0]), None)
    return span if first is None else span.doc[span.start : first.i + 1]


def _mixed_capitals(span: Span) -> bool:
    words = [t.text for t in span if t.is_alpha and len(t.text) > 1]
    upper = [w for w in words if w.isupper()]
    return bool(upper) and len(upper) < len(words) and any(len(w) >= 3 for w in upper)


def _followed_by_act(span: Span) -> bool:
    nxt = span.end
    return span[-1].lower_ in {"act", "acts"} or (
        nxt < len(span.doc) and span.doc[nxt].lower_ in {"act", "acts"}
    )


def _known_before_and(span: Span):
    """A rule's "Department of X and Y" (for "Health and Human Services") also runs on over
    two parties: "U.S. Department of Justice and Evergreen Correctional Solutions". Where the
    words before an "and" are a known agency, the span is that agency."""
    for k in range(span.start + 1, span.end - 1):
        if span.doc[k].lower_ in {"and", "&"}:
            agency = lookup_agency(span.doc[span.start : k].text)
            if agency is not None:
                return span.doc[span.start : k], agency
    return span, None


def _gazetteer_suffix(span: Span) -> tuple[Span, str] | None:
    """The longest gazetteer name ending the span: a rule's leading proper-noun run can
    swallow a heading ("Internal Communication U.S. Department of Homeland Security")."""
    for k in range(span.start + 1, span.end):
        agency = lookup_agency(span.doc[k : span.end].text)
        if agency is not None:
            lead = span.doc[span.start : k].text.lower().removeprefix("state of ").strip()
            if lead in _STATE_NAMES:
                return None  # "Oregon Department of Justice" is the state's, not the federal one
            return span.doc[k : span.end], agency.canonical
    return None


_STATE_NAMES = frozenset(
    ["alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "wisconsin", "wyoming"]
) | {
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
    "rhode island", "south carolina", "south dakota", "west virginia", "puerto rico",
    "district of columbia",
}  # fmt: skip


def _with_state_possessive(span: Span) -> Span:
    """ "Florida's Department of Corrections", "New York's Office of Children": the state's own
    body, so the state is part of its name (else it would pass for a federal one)."""
    doc, start = span.doc, span.start
    if start < 2 or doc[start - 1].lower_ not in {"'s", "\u2019s"}:
        return span
    for words in (2, 1):
        lead = doc[max(0, start - 1 - words) : start - 1]
        if len(lead) == words and lead.text.lower() in _STATE_NAMES and lead[0].is_title:
            return doc[lead.start : span.end]
    return span


_PARTY_ROLES = frozenset(
    [
        "petitioner",
        "petitioners",
        "respondent",
        "respondents",
        "plaintiff",
        "plaintiffs",
        "defendant",
        "defendants",
        "appellant",
        "appellants",
        "appellee",
        "appellees",
        "intervenor",
    ]
)


def _agency_or_org(span: Span, label: str, page: _Page) -> Found | None:
    if _followed_by_act(span):
        return None  # "Homeland Security Act of 2002", "Immigration and Nationality Act": laws
    agency = lookup_agency(span.text)
    if agency is None and span.ent_id_.startswith("rule:"):
        span, agency = _known_before_and(span)
    hit = (span, agency.canonical) if agency else None
    if hit is None and span.ent_id_.startswith("rule:"):
        hit = _gazetteer_suffix(span)
    if hit is None and span.ent_id_.startswith(GAZ_PREFIX):
        hit = span, span.ent_id_[len(GAZ_PREFIX) :]
    if hit is not None:
        span, canonical = hit
        if span.text.islower():
            return None  # "homeland security" as a phrase, not the department
        if is_acronym(span.text) and _followed_by_number(span):
            return None  # "SSA #21": a numbered thing, not the agency
        return Found("agency", span.start_char, span.end_char, canonical, "gazetteer")
    if label == "AGENCY" and span.ent_id_ in _PLACE_RULES:
        span = _without_trailing_titles(span)
    if label == "AGENCY" and span.ent_id_.startswith("rule:"):
        span = _with_state_possessive(span)
    if label == "AGENCY" and len(span) > 2 and span[0].text in STATE_CODES and span[1].is_title:
        span = span[1:]  # "CA Adelanto Correctional Facility": the cell before ends in a state
    while label == "AGENCY" and len(span) > 2 and span[0].lower_ in _PARTY_ROLES:
        span = span[1:]  # "Petitioner Tarrant Regional Water District"
    if label == "ORG" and span[-1].lower_ in _SECURITIES:
        heads = [t.i for t in span[1:-1] if t.lower_ in _ISSUER_HEADS]
        if heads:
            span = span.doc[span.start : heads[0] + 1]  # the issuer, not its bond issue
    text = span.text
    if label == "AGENCY":
        if span[0].lower_ in _GENERIC_LEADS and (
            len(span) < 2 or span[1].lower_ not in {"of", "and"}
        ):
            return None  # "County Sheriff's Office" with no county named
        return Found("agency", span.start_char, span.end_char, clean_agency_name(text), "ruler")
    if _REFERENCE.match(text) or not any(c.isalpha() for c in text):
        return None
    if len(span) == 1 and span[0].lower_ in _GENERIC_ORG_WORDS:
        return None
    if all(is_title_word(t.text) or t.lower_ in _ROLE_WORDS for t in span):
        return None  # "Deputy General Counsel", "Commanding Officer": a role, not a body
    if span.end < len(span.doc) and span.doc[span.end].text == ":":
        return None  # a form label: "Date of Birth: ..."
    if name_length(list(span)) == len(span) and (norm := normalise_person(text)):
        # The model's "organisation" is a plain name, in capitals too ("STEPHANIE PADILLA"
        # in a counsel block would otherwise pass for a heading).
        return Found("person", span.start_char, span.end_char, norm, "ner")
    if len(span) > MAX_ORG_TOKENS or is_heading_like(text) or text[0].islower():
        return None
    if ":" in text or _YEAR.search(text):
        return None  # "Content-Type:X-...", "Mo. banc 2018": headers and citations
    if re.match(r"(?i)state of\b", text):
        return None  # real states are the rules' ("State of Oregon"); this is "State of Emergency"
    if not is_company(text) and page.all_lowercase_elsewhere(text):
        return None  # "Complaint Process", "Gender Identity": headings read as names
    if looks_like_agency(text):
        return Found("agency", span.start_char, span.end_char, clean_agency_name(text), "ner")
    initialled = _initialled_name(span)
    if initialled is not None:
        # "Board T. Whitfield" (from "Clerk of the Board T. Whitfield"): the name at its end.
        return _person(initialled, page)
    reversed_name = _LAST_COMMA_FIRST.match(text)
    if reversed_name and is_first_name(reversed_name.group(2)) and (norm := normalise_person(text)):
        # The model's "organisation" is a plain name written last name first: "Shahani, Aarti".
        return Found("person", span.start_char, span.end_char, norm, "ner")
    return Found("org", span.start_char, span.end_char, clean_org_name(text), "ner")


# Rules whose name is a place ("City of Riverton"): a title after it on a one-line letterhead
# ("City of Riverton Superintendent of Police") is not part of the name.
_PLACE_RULES = frozenset(
    f"rule:{p}" for p in ("city_of", "county_of", "town_of", "village_of", "parish_of")
) | {"rule:city_county_of"}


def _without_trailing_titles(span: Span) -> Span:
    end = span.end
    while end - span.start > 3 and is_title_word(span.doc[end - 1].text):
        end -= 1
    return span.doc[span.start : end]


def _initialled_name(span: Span) -> Span | None:
    """The "T. Whitfield" / "R. J. Tolliver" a span ends with, or None."""
    end = span.end
    if len(span) < 2 or not re.match(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$", span[-1].text):
        return None
    start = end - 1
    while start > span.start and re.match(r"^[A-Z]\.$", span.doc[start - 1].text):
        start -= 1
    return span.doc[start:end] if start < end - 1 else None


def _followed_by_number(span: Span) -> bool:
    nxt = span.end
    while nxt < len(span.doc) and span.doc[nxt].is_space:
        nxt += 1
    return nxt < len(span.doc) and (span.doc[nxt].text in {"#", "No."} or span.doc[nxt].like_num)


# The model's "facility" or "work" that is "Given M. Surname" ("Crystal S. Yang" in a reference
# list, after "Jacob Goldin and"): a given name, a middle initial and a surname name a person.
_OTHER_LABELS = frozenset({"FAC", "GPE", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT", "NORP"})
_MIDDLE_INITIAL = re.compile(r"[A-Z]\.$")
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def _initialled_name_shape(ent: Span) -> bool:
    if ent.label_ not in _OTHER_LABELS or len(ent) != 3:
        return False
    first, middle, last = ent
    return (
        bool(_NAME_WORD.match(first.text) and _MIDDLE_INITIAL.match(middle.text))
        and bool(_NAME_WORD.match(last.text))
        and could_be_first_name(first.text)
    )


def doc_findings(
    doc: Doc, lower_words: set[str] | None = None, text: str | None = None
) -> list[Found]:
    """Classified and normalised person, agency and organisation mentions of one doc.
    ``lower_words``: the document's lower-case words (default: this doc's); ``text``: the
    doc's text when the caller has it (``Doc.text`` is rebuilt on every access)."""
    definitions = {(d.start, d.end): d.acronym for d in doc.user_data.get(DEFINITIONS, [])}
    text = doc.text if text is None else text
    if lower_words is None:
        lower_words = lowercase_words(text)
    page = _Page(text, set(definitions.values()), lower_words)
    found: list[Found] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in LABEL_KINDS:
            if not _initialled_name_shape(ent):
                continue
            label = "PERSON"
        if ent.ent_id_.startswith(ACRONYM_PREFIX):
            acr = ent.ent_id_[len(ACRONYM_PREFIX) :]
            found.append(Found("", ent.start_char, ent.end_char, "", "acronym", ref=acr))
            continue
        hits = []
        # An agency rule crosses a line break only where it says so ("COURT OF APPEALS\nFOR
        # THE NINTH CIRCUIT"), so its match is one name.
        ruled = label == "AGENCY" and ent.ent_id_.startswith("rule:")
        parts = apart(ent) if label in ("AGENCY", "ORG") else [(ent, label)]
        for part, kind in parts:
            pieces = _pieces(_with_company_suffix(part) if kind == "ORG" else part, whole=ruled)
            if kind == "PERSON":
                pieces = [bit for piece in pieces for bit in _at_list_hyphens(piece)]
            for piece in pieces:
                if kind == "PERSON" and lookup_agency(piece.text) is None:
                    hit = _person(piece, page)
                else:
                    hit = _agency_or_org(piece, "AGENCY" if kind == "PERSON" else kind, page)
                if hit is not None:
                    hits.append(hit)
        if hits:
            # The definition's parenthesis follows the name's last line.
            hits[-1].acronym = definitions.get((ent.start_char, ent.end_char))
        for hit in hits:
            found.extend(_split_parent(hit, text))
    return found


_PARENT_PREFIX = re.compile(r"([A-Z]{2,5})[ /-]+(?=[A-Z])")


def _split_parent(hit: Found, text: str) -> list[Found]:
    """ "ICE ERO", "DHS/ICE", "HHS ORR" name two agencies: the parent's acronym becomes its own
    mention, so a page found under ERO is also found under ICE."""
    if hit.kind != "agency" or hit.method != "gazetteer":
        return [hit]
    m = _PARENT_PREFIX.match(text, hit.start, hit.end)
    if m is None or m.group(1) not in acronyms():
        return [hit]
    parent = lookup_agency(m.group(1))
    if parent is None or parent.canonical == hit.norm:
        return [hit]
    rest = lookup_agency(text[m.end() : hit.end])
    if rest is None or rest.canonical != hit.norm:
        # "DHS Office of Inspector General": the rest alone names another body (any OIG).
        return [hit]
    head = Found("agency", hit.start, m.end(1), parent.canonical, "gazetteer")
    return [head, Found(hit.kind, m.end(), hit.end, hit.norm, hit.method, hit.acronym, hit.ref)]
