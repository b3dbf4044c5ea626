"""Acronyms a document uses without defining them, read from the agencies it names.

An MOA that writes "the B ay County Sheriffs Office (BCSO)" (a scan's text layer) never
defines BCSO in a form the acronym rules can read, yet names "Bay County Sheriff's Office" on
its last page. A capitalised word of 3-6 letters that spells the initials of exactly one agency
the same document names is that agency; gazetteer acronyms ("ICE") and acronyms the document
defines keep their own meaning.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingest.entities.gazetteer import acronyms
from ingest.entities.spans import Found

_CONNECTIVES = frozenset(["of", "the", "and", "for", "&", "on", "in", "at"])
_CAPS_WORD = re.compile(r"(?<![\w&/-])[A-Z]{3,6}(?![\w&/-])")


def initials(name: str) -> str:
    """ "Bay County Sheriff's Office" -> "BCSO"; "Office of the Medical Examiner" -> "OME"."""
    words = re.findall(r"[^\W\d_][\w'\u2019.-]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in _CONNECTIVES)


def inferred_initials(
    found: list[list[Found]], texts: list[str], defined: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """Undefined acronym -> ("agency", canonical) for the document's pages."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for page in found:
        for f in page:
            if f.kind == "agency":
                by_initials[initials(f.norm)].add(f.norm)
    used = {m.group() for text in texts for m in _CAPS_WORD.finditer(text)}
    return {
        acr: ("agency", next(iter(norms)))
        for acr, norms in by_initials.items()
        if len(norms) == 1 and acr in used and acr not in defined and acr not in acronyms()
    }
