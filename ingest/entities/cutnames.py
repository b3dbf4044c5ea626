"""A name the model took without its first words, where the document writes it in full.

At the start of a sentence the model often leaves out the first word of a company's or an
agency's name: "... at a price of $8,354. Granite Laundry Services LLC agrees ..." gives
"Laundry Services LLC", an organisation of its own. The corpus-wide sweep then also finds that
alias inside every other company "... Laundry Services LLC", and a new document bringing it
sent every such page of the corpus to be swept again. Where the words just before a mention,
with it, spell a name of the same kind that the document tags elsewhere, the mention is that
name. Offsets are in the prepared text the tagger works on.
"""

from __future__ import annotations

import re

from ingest.entities.spans import Found
from ingest.entities.textkey import alias_key

_KINDS = frozenset({"person", "agency", "org"})
# Up to this many words before a mention are tried, the most first.
_MAX_WORDS = 3
# A word just before the mention, separated from it (and from the next) by spaces or a line
# break only: punctuation between them ends the name.
_WORD_BEFORE = re.compile(r"([A-Z][\w&'.-]*)[ \t]*\n?[ \t]*$")


def join_cut_names(found: list[list[Found]], texts: list[str]) -> None:
    """Widen, in place, the mentions the document names in full elsewhere (see the module
    doc); a mention that the widened one covers is dropped."""
    full: dict[tuple[str, str], str] = {}
    for page, text in zip(found, texts, strict=True):
        for f in page:
            if f.kind in _KINDS and f.ref is None:
                full.setdefault((f.kind, alias_key(text[f.start : f.end])), f.norm)
    if not full:
        return
    for page, text in zip(found, texts, strict=True):
        widened = []
        for f in page:
            if f.kind not in _KINDS or f.ref is not None:
                continue
            starts = _starts_before(text, f.start)
            own = alias_key(text[f.start : f.end])
            for start in reversed(starts):
                key = alias_key(text[start : f.end])
                if key == own or (f.kind, key) not in full:
                    continue
                if any(g is not f and g.start < f.start and start < g.end for g in page):
                    continue
                f.start, f.norm = start, full[(f.kind, key)]
                widened.append(f)
                break
        for f in widened:
            page[:] = [g for g in page if g is f or not (f.start <= g.start and g.end <= f.end)]


def _starts_before(text: str, start: int) -> list[int]:
    """Where the one, two, ... capitalised words just before ``start`` begin."""
    out = []
    pos = start
    for _ in range(_MAX_WORDS):
        m = _WORD_BEFORE.search(text, max(0, pos - 60), pos)
        if m is None or (m.start(1) > 0 and not text[m.start(1) - 1].isspace()):
            break
        pos = m.start(1)
        out.append(pos)
    return out
