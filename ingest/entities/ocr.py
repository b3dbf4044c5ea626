"""Deciding which spellings of a name are OCR garbles of one another.

Two kinds of evidence, weighed differently because a wrong merge is worse than a missed one:

* a spelling with a digit or a symbol inside a name ("Danie1", "0kafor") is garbled for sure;
  it joins the one clean spelling it can be read as;
* a letters-only confusion ("Danlel"/"Daniel", "Imrnigration"/"Immigration") might be a real
  different name ("Nell"/"Neil"), so it joins only a spelling at least
  :data:`LETTER_CONFUSION_DOMINANCE` times as frequent, and only when that spelling is the one
  clean reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Hamming

LETTER_CONFUSION_DOMINANCE = 3
_MAX_DIGIT_SUBSTITUTIONS = 2
_MIN_LEN_FOR_SUBSTITUTION = 4
_SYMBOLS = "|!$@"
_MULTI = (("rn", "m"), ("cl", "d"), ("c1", "d"), ("c|", "d"), ("vv", "w"))
_SINGLE = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "$": "s"})
_SINGLE.update(str.maketrans({"8": "b"}))


def skeleton(key: str) -> str:
    """Collapse the usual OCR confusions and drop separators: "Danie1 0kafor" and
    "Danlel Okafor" both become "danlelokafor"."""
    s = "".join(ch for ch in key.casefold() if ch.isalnum() or ch in _SYMBOLS)
    for a, b in _MULTI:
        s = s.replace(a, b)
    return s.translate(_SINGLE)


def is_garbled(text: str) -> bool:
    """A digit or OCR symbol inside a name is never part of a real person's or agency's name
    here (agency names with numbers are rare enough to accept the odd missed merge)."""
    return any(ch.isdigit() or ch in _SYMBOLS for ch in text)


@dataclass
class Variant:
    flat: str  # the comparison key, separators included (for same-length substitution)
    count: int
    garbled: bool
    # larger is a better canonical candidate among equally frequent spellings
    rank: tuple[int, ...] = ()


def _order(variants: list[Variant], idx: int) -> tuple:
    v = variants[idx]
    return (-v.count, *(-x for x in v.rank), v.flat)


def merge_variants(variants: list[Variant]) -> dict[int, int]:
    """Return ``{index: head index}`` for every variant that joins another one."""
    buckets: dict[str, list[int]] = {}
    for i, v in enumerate(variants):
        buckets.setdefault(skeleton(v.flat), []).append(i)
    joined: dict[int, int] = {}
    loose_garbled: list[int] = []
    for members in buckets.values():
        if len(members) == 1:
            if variants[members[0]].garbled:
                loose_garbled.append(members[0])
            continue
        _merge_bucket(variants, members, joined)
    _merge_substitutions(variants, loose_garbled, joined)
    return joined


def _merge_bucket(variants: list[Variant], members: list[int], joined: dict[int, int]) -> None:
    clean = sorted(
        (i for i in members if not variants[i].garbled), key=lambda i: _order(variants, i)
    )
    garbled = [i for i in members if variants[i].garbled]
    if not clean:
        head, *rest = sorted(garbled, key=lambda i: _order(variants, i))
        joined.update({i: head for i in rest})
        return
    top = clean[0]
    heads = [
        i
        for i in clean
        if i == top or variants[top].count < LETTER_CONFUSION_DOMINANCE * variants[i].count
    ]
    if len(heads) > 1:
        return  # two plausible real spellings: neither they nor the garbles are merged
    joined.update({i: top for i in clean[1:]})
    joined.update({i: top for i in garbled})


def _merge_substitutions(
    variants: list[Variant], garbled: list[int], joined: dict[int, int]
) -> None:
    """A garbled spelling whose skeleton matched nothing ("Okaf9r") joins the single clean
    spelling it equals once its digits/symbols are read as the letters there."""
    clean = [i for i, v in enumerate(variants) if not v.garbled and i not in joined]
    choices = [variants[i].flat for i in clean]
    if not choices:
        return
    for g in garbled:
        flat = variants[g].flat
        if len(flat) < _MIN_LEN_FOR_SUBSTITUTION:
            continue
        found = process.extract(
            flat,
            choices,
            scorer=Hamming.distance,
            score_cutoff=_MAX_DIGIT_SUBSTITUTIONS,
            limit=None,
        )
        heads = {
            clean[pos]
            for cand, _, pos in found
            if len(cand) == len(flat) and _only_symbol_substitutions(flat, cand)
        }
        if len(heads) == 1:
            joined[g] = heads.pop()


def reads_as(garbled: str, clean: str) -> bool:
    """Can the garbled spelling be an OCR reading of the clean one?"""
    if skeleton(garbled) == skeleton(clean):
        return True
    return len(garbled) == len(clean) and _only_symbol_substitutions(garbled, clean)


def _only_symbol_substitutions(garbled: str, clean: str) -> bool:
    diffs = [(a, b) for a, b in zip(garbled, clean, strict=True) if a != b]
    return bool(diffs) and all((a.isdigit() or a in _SYMBOLS) and b.isalpha() for a, b in diffs)
