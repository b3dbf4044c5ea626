"""Approximate alias matching on OCR'd pages: "Lindqv1st" on a noisy scan is Sarah Lindqvist.

The exact sweep (:mod:`ingest.entities.sweep`) misses a name whose letters OCR misread. Here a
run of page words as long as a known alias is compared with it by edit distance (rapidfuzz):
a few edits scaled to the alias's length, at most one or two per word, and only where OCR was
unsure of a word that differs (its confidence below ``max_word_conf``), so that a clean "Marco
Avila" is never taken for "Marcus Avila". When two entities' aliases fit equally well the run is
left alone. Each hit carries a score (0-100, rapidfuzz's normalised similarity) so that what
cites it can say that it was matched approximately.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import numpy
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.entities.sweep import SweepHit
from ingest.entities.textkey import alias_key

MIN_ALIAS_LETTERS = 7
MAX_WORDS = 6
LOW_WORD_CONFIDENCE = 80.0
_WORD = re.compile(r"[^\W_][\w'\u2019.&-]*")


def allowed_edits(alias: str) -> int:
    """Edits allowed for an alias this long: 1 up to 9 letters, 2 up to 16, then 3."""
    n = len(alias.replace(" ", ""))
    return 1 if n <= 9 else 2 if n <= 16 else 3


def _word_key(word: str) -> str:
    return alias_key(word).strip(".'-")


class FuzzySweeper:
    """Built once from ``(alias, entity_key, kind)`` triples (the aliases the exact sweep uses)."""

    def __init__(self, aliases: Iterable[tuple[str, str, str]]):
        owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for surface, entity_key, kind in aliases:
            key = " ".join(_word_key(w) for w in alias_key(surface).split())
            if sum(ch.isalpha() for ch in key) >= MIN_ALIAS_LETTERS and key.count(" ") < MAX_WORDS:
                owners[key].add((entity_key, kind))
        # An alias two entities claim is no evidence for either.
        by_words: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for key, claims in owners.items():
            if len(claims) == 1:
                (entity_key, kind) = next(iter(claims))
                by_words[key.count(" ") + 1].append((key, entity_key, kind))
        # Per word count, longest first: the entries, their keys and the edits each allows.
        self._groups = [
            (
                n,
                entries,
                [e[0] for e in entries],
                numpy.array([allowed_edits(e[0]) for e in entries]),
            )
            for n, entries in sorted(by_words.items(), reverse=True)
        ]

    def __len__(self) -> int:
        return sum(len(entries) for _, entries, _, _ in self._groups)

    def find(
        self,
        text: str,
        unsure_words: set[str] | None = None,
        taken: list[tuple[int, int]] | None = None,
    ) -> list[SweepHit]:
        """Approximate alias occurrences in ``text``. ``unsure_words``: casefolded words OCR
        read with low confidence (None: every word counts as unsure); ``taken``: spans that
        already hold a mention."""
        tokens = [(m.start(), m.end(), _word_key(m.group())) for m in _WORD.finditer(text)]
        tokens = [t for t in tokens if t[2]]
        busy = sorted(taken or [])
        hits: list[SweepHit] = []
        for n, entries, keys, allowed in self._groups:
            windows = [
                (tokens[i][0], tokens[i + n - 1][1], " ".join(t[2] for t in tokens[i : i + n]))
                for i in range(len(tokens) - n + 1)
            ]
            windows = [w for w in windows if "\n\n" not in text[w[0] : w[1]]]
            if unsure_words is not None:
                # A hit needs a word OCR was unsure of: only runs holding one are compared.
                windows = [w for w in windows if not unsure_words.isdisjoint(w[2].split(" "))]
            if not windows:
                continue
            matrix = process.cdist(
                [w[2] for w in windows], keys, scorer=Levenshtein.distance, score_cutoff=3
            )
            close = (matrix > 0) & (matrix <= allowed[None, :])
            for row in numpy.flatnonzero(close.any(axis=1)):
                start, end, window = windows[row]
                cols_here = numpy.flatnonzero(close[row])
                dist = matrix[row, cols_here].min()
                cols = [int(c) for c in cols_here if matrix[row, c] == dist]
                if len({entries[c][1] for c in cols}) != 1:
                    continue  # two entities fit as well: neither
                key, entity_key, kind = entries[cols[0]]
                if not _plausible(window, key, unsure_words):
                    continue
                if any(s < end and start < e for s, e in busy):
                    continue
                score = round(100 * Levenshtein.normalized_similarity(window, key), 1)
                hits.append(SweepHit(start, end, entity_key, kind, text[start:end], score))
                busy.append((start, end))
        return sorted(hits, key=lambda h: h.start)


def _plausible(window: str, key: str, unsure_words: set[str] | None) -> bool:
    """Word by word: the same number of words, each within one edit (two for words of eight
    letters or more), and some differing word one that OCR was unsure of."""
    got, want = window.split(" "), key.split(" ")
    if len(got) != len(want):
        return False
    differing = []
    for g, w in zip(got, want, strict=True):
        if g == w:
            continue
        if Levenshtein.distance(g, w) > (1 if len(w) < 8 else 2) or len(g) < 2:
            return False
        differing.append(g)
    if not differing:
        return False
    return unsure_words is None or any(g in unsure_words for g in differing)


def unsure_words(words: Iterable[tuple[str, float | None]], max_conf: float) -> set[str]:
    """The casefolded words of an OCR page read with confidence below ``max_conf``."""
    return {_word_key(text) for text, conf in words if conf is not None and conf < max_conf}
