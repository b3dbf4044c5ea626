"""People in signature blocks, "By:" lines and stamps of letters, where the name stands alone.

A response letter ends "Sincerely, / <name> / <title>", a form has "By: D. WHITLOW", a scanned
stamp "Signed: J. Ramon Echeverria III". The name line has no sentence around it, and names
the census first-name lists do not know ("Olufemi Adeyemi-Clarke") or written with initials
and in capitals slip past the model. Here a line that is only a name counts as a person when
it follows a closing or a signing label, or when the next line is a title ("Deputy General
Counsel", "FOIA Officer"). Offsets are in the prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.firstnames import could_be_first_name
from ingest.entities.people import is_title_word, normalise_person, strip_titles, word_set
from ingest.entities.plausible import census_surname
from ingest.entities.spans import Found

_CLOSING = re.compile(
    r"(?im)^[ \t]*(?:sincerely|respectfully(?: submitted)?|very truly yours|yours truly|"
    r"truly yours|yours sincerely|best regards|kind regards|regards|cordially|signed|"
    r"thank you)[ \t]*,?[ \t]*$"
)
# "By: <name>", "Signed by: <name>", "Approved: <name>" on the same line.
_SIGNING_LABEL = re.compile(
    r"(?im)^[ \t]*(?:by|signed(?: by)?|approved(?: by)?|prepared by|reviewed by|"
    r"submitted by|authorized by|certified by|signature)[ \t]*:[ \t]*"
)
_SIGN_MARK = re.compile(r"^(?:/s/|s/|_+|\(signed\))[ \t]*", re.IGNORECASE)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z]\.|[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*|[A-Z]{2,}(?:[-'][A-Z]{2,})*|"
    r"[A-Z][a-z]*[A-Z][a-z]+|de|del|la|van|von|der|da|di|Jr\.?|Sr\.?|II|III|IV|JR\.?|SR\.?)$"
)
_NOT_NAME_WORDS = frozenset(
    [
        "office",
        "department",
        "dept",
        "division",
        "unit",
        "bureau",
        "section",
        "county",
        "city",
        "state",
        "court",
        "district",
        "police",
        "board",
        "commission",
        "committee",
        "council",
        "agency",
        "government",
        "federal",
        "national",
        "records",
        "request",
        "foia",
        "information",
        "freedom",
        "public",
        "affairs",
        "legal",
        "counsel",
        "services",
        "enclosure",
        "enclosures",
        "attachment",
        "page",
        "date",
        "re",
        "subject",
        "to",
        "from",
        "cc",
        "bcc",
        "via",
        "attn",
        "attention",
    ]
)
# A line opening with one of these is a name ("Mr. Michael E. Gans"), never the title under one.
_HONORIFICS = frozenset(["mr", "mrs", "ms", "mx", "miss", "dr"])


def name_line(line: str) -> str | None:
    """The name a line consists of (titles and signing marks before it allowed), or None."""
    line = _SIGN_MARK.sub("", line.strip()).strip()
    line = re.sub(r"[ \t]*#\s*\d+$", "", line)  # "Commander Dana Whitlow #4411": a badge
    tokens = line.replace(",", " , ").split()
    if not 2 <= len(tokens) <= 7:
        return None
    rest, _ = strip_titles([t for t in tokens if t != ","])
    if not 2 <= len(rest) <= 5:
        return None
    if not all(_NAME_TOKEN.match(t) for t in rest):
        return None
    if any(t.lower().rstrip(".") in _NOT_NAME_WORDS for t in rest):
        return None
    if all(re.fullmatch(r"[A-Z]\.", t) for t in rest[:-1]) and len(rest[-1]) < 3:
        return None
    return line


# Job titles that end a staff line of a roster or signature block ("GIS Manager",
# "Administrative Analyst", "REGISTRAR"): no rank, so no title word, but a role.
_ROLE_ENDS = word_set(
    """
    manager analyst coordinator specialist liaison technician engineer planner auditor
    accountant investigator paralegal advisor adviser consultant treasurer comptroller
    controller recorder registrar custodian examiner
    """
)


def _is_title_line(line: str) -> bool:
    words = [w.strip(",.").lower() for w in line.split()]
    words = [w for w in words if w]
    if not words or len(words) > 8 or words[0] in _HONORIFICS:
        return False
    return is_title_word(words[0]) or is_title_word(words[-1]) or words[-1] in {"counsel"}


def _is_role_line(line: str) -> bool:
    words = [w.strip(",.").lower() for w in line.split()]
    return 0 < len(words) <= 5 and words[-1] in _ROLE_ENDS


def _vouched_name_line(line: str) -> bool:
    words = line.split()
    return bool(words) and (
        line.isupper() or could_be_first_name(words[0]) or census_surname(words[-1])
    )


def _clear(found: list[Found], start: int, end: int) -> bool:
    clash = [f for f in found if f.start < end and start < f.end]
    # The model's part of the line ("WEI LING" of "ONG WEI LING") gives way to the whole line;
    # a person it read past the line's name stays.
    inside = [
        f for f in clash if start <= f.start and f.end <= end and f.end - f.start < end - start
    ]
    if any(f.kind == "person" and f not in inside for f in clash):
        return False
    found[:] = [f for f in found if f not in clash]
    return True


def add_signers(found: list[Found], text: str) -> None:
    """Add, in place, the people of signature blocks and signing lines (see module doc)."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    filled = [(p, line) for p, line in lines if line.strip()]
    for i, (offset, line) in enumerate(filled):
        label = _SIGNING_LABEL.match(line)
        after_closing = i > 0 and _CLOSING.match(filled[i - 1][1]) is not None
        before_title = i + 1 < len(filled) and _is_title_line(filled[i + 1][1])
        if not (label or after_closing or before_title):
            # Under a role without a rank the line needs a first name, a surname or a
            # signature's capitals: "Harbor Supply" over "Account Manager" is a vendor.
            before_title = (
                i + 1 < len(filled) and _is_role_line(filled[i + 1][1]) and _vouched_name_line(line)
            )
        if label:
            candidate, base = line[label.end() :], offset + label.end()
        elif after_closing or before_title:
            candidate, base = line, offset
        else:
            continue
        name = name_line(candidate)
        if name is None:
            continue
        norm = normalise_person(name)
        if not norm or len(norm.split()) < 2 and not label:
            continue
        start = base + candidate.index(name)
        if _clear(found, start, start + len(name)):
            found.append(Found("person", start, start + len(name), norm, "ruler"))
