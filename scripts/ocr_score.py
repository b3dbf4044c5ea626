"""Scores of an OCR reading against the text a page is known to carry.

Reading order is not an error: Tesseract may read the right block of a letterhead first, or run
three blocks of one row into one line. So the reference lines are first put in the order in
which the OCR text has them (each line placed where its best fuzzy match in the OCR text
starts, longer lines first and each in a part of the OCR text no longer line took; ties keep
the page's order; the page's own order is tried too, the closer counts), and the character and
word error rates are the edit distances between that reordered reference and the OCR text,
whitespace runs counted as one space. A misread word, a lost line, an invented line, or a table read column by column (its
rows' cells no longer together) are errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein


def _norm(line: str) -> str:
    return " ".join(line.split())


def _lines(text: str) -> list[str]:
    return [n for n in (_norm(ln) for ln in text.splitlines()) if n]


@dataclass
class Errors:
    chars: int  # reference characters
    char_edits: int
    words: int  # reference words
    word_edits: int

    @property
    def cer(self) -> float:
        return self.char_edits / max(1, self.chars)

    @property
    def wer(self) -> float:
        return self.word_edits / max(1, self.words)


def errors(reference: str, hypothesis: str) -> Errors:
    from rapidfuzz import fuzz

    ref, hyp = _lines(reference), _lines(hypothesis)
    flat = " ".join(hyp)
    placed = []
    # Longest lines first, each in the OCR text not yet claimed by a longer one: a short line
    # that recurs ("Sheriff" under a signature, a name also in the letterhead) is placed where
    # its own copy is rather than on top of the first.
    free = list(flat)
    for index in sorted(range(len(ref)), key=lambda i: (-len(ref[i]), i)):
        line = ref[index]
        at = fuzz.partial_ratio_alignment(line, "".join(free)) if flat else None
        if at is None:
            placed.append((0, index, line))
            continue
        placed.append((at.dest_start, index, line))
        free[at.dest_start : at.dest_end] = "\0" * (at.dest_end - at.dest_start)
    # Repeated or short lines can be placed wrongly: the page's own order is tried as well and
    # the closer of the two counts.
    orders = [" ".join(ref), " ".join(line for _, _, line in sorted(placed))]
    return Errors(
        chars=len(orders[0]),
        char_edits=min(Levenshtein.distance(o, flat) for o in orders),
        words=len(orders[0].split()),
        word_edits=min(Levenshtein.distance(o.split(), flat.split()) for o in orders),
    )


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def found_entities(entities, mentions) -> list[bool]:
    """For each entity placed on a page, whether the tagger's mentions on the OCR text have
    it: a person when a person mention carries both the first and the last name, an agency when
    an agency or organisation mention reads as its name, an amount when a money mention has its
    value."""
    people = [set(_key(m.norm).split()) | set(_key(m.text).split()) for m in mentions
              if m.kind == "person"]  # fmt: skip
    agencies = {_key(m.norm) for m in mentions if m.kind in ("agency", "org")}
    agencies |= {_key(m.text) for m in mentions if m.kind in ("agency", "org")}
    values = [m.value for m in mentions if m.kind == "money" and m.value is not None]
    out = []
    for e in entities:
        if e.kind == "person":
            want = {_key(e.first), _key(e.last)}
            out.append(any(want <= p for p in people))
        elif e.kind == "agency":
            key = _key(e.text)
            out.append(any(key == a or key in a for a in agencies))
        else:
            out.append(any(abs(v - e.value) < 0.005 for v in values))
    return out
