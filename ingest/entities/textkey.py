"""The comparison key for names and aliases, and the same normalisation applied to page text
with a map back to the original character offsets.

One implementation serves both so that an alias key and the text it is searched in can never
drift apart: what :func:`alias_key` does to ``"Tol-\\nliver, Renata"`` is exactly what
:func:`normalise` does to a page containing it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_SOFT_HYPHEN = "\u00ad"
_TRANSLATE = str.maketrans(
    {
        **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`"},
        **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
        **{c: "" for c in "\u200b\u200c\u200d\u2060\ufeff"},
    }
)
# Punctuation kept when it sits between two letters/digits ("U.S", "Sheriff's", "AT&T",
# "Smith-Jones"); anything else becomes a word separator, so "Tolliver, Renata" keys like
# "Tolliver Renata".
_JOINERS = frozenset("'.-&/+@")
# A non-alphanumeric run that is not a lone space (a lone space is already normal).
_RUN = re.compile(r"[\W_]{2,}|[^\w ]|_")
_LINE_BREAK_HYPHEN = re.compile(r"[-\u00ad][^\S\n]*\r?\n\s*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    if c == _SOFT_HYPHEN:
        return c
    folded = unicodedata.normalize("NFKC", c.translate(_TRANSLATE)).translate(_TRANSLATE)
    folded = unicodedata.normalize("NFD", folded.casefold())
    # Accents and stray combining marks are dropped so "José" keys like "Jose" and a
    # decomposed mark cannot split a word in two.
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")


class OffsetMap:
    """Maps an index in a normalised string back to an index in its source string.

    Stored as segments: in an identity segment characters correspond one to one; in a
    constant segment every character (a collapsed whitespace run, an expanded ligature)
    maps to one source position.
    """

    __slots__ = ("_norm", "_orig", "_ident", "size")

    def __init__(self) -> None:
        self._norm: list[int] = []
        self._orig: list[int] = []
        self._ident: list[bool] = []
        self.size = 0

    @classmethod
    def from_segments(
        cls, norm: list[int], orig: list[int], ident: list[bool], size: int
    ) -> OffsetMap:
        """A map whose segments were built elsewhere (each segment's start in the normalised
        string, its source position, whether it is an identity segment)."""
        omap = cls()
        omap._norm, omap._orig, omap._ident, omap.size = norm, orig, ident, size
        return omap

    def identity(self, orig_start: int, length: int) -> None:
        if length <= 0:
            return
        if self._ident and self._ident[-1]:
            expected = self._orig[-1] + (self.size - self._norm[-1])
            if expected == orig_start:
                self.size += length
                return
        self._push(orig_start, length, True)

    def constant(self, orig_pos: int, length: int) -> None:
        if length > 0:
            self._push(orig_pos, length, False)

    def _push(self, orig: int, length: int, ident: bool) -> None:
        self._norm.append(self.size)
        self._orig.append(orig)
        self._ident.append(ident)
        self.size += length

    def __call__(self, index: int) -> int:
        seg = bisect_right(self._norm, index) - 1
        if self._ident[seg]:
            return self._orig[seg] + index - self._norm[seg]
        return self._orig[seg]


def _fold(text: str) -> tuple[str, OffsetMap | None]:
    """Case, width, quote and accent folding. ``None`` map means one to one."""
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    omap = OffsetMap()
    pos = 0
    for m in _NON_ASCII.finditer(text):
        start = m.start()
        if start > pos:
            pieces.append(text[pos:start].lower())
            omap.identity(pos, start - pos)
        for i in range(start, m.end()):
            folded = _fold_char(text[i])
            if len(folded) == 1:
                omap.identity(i, 1)
            else:
                omap.constant(i, len(folded))
            pieces.append(folded)
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:].lower())
        omap.identity(pos, len(text) - pos)
    return "".join(pieces), omap


def _separate(s: str) -> tuple[str, OffsetMap, frozenset[int]]:
    """Collapse separators to one space, join line-break hyphenation, keep in-word joiners.

    Also returns the normalised positions where a line-break hyphen was removed: "ICE-\\nled"
    becomes "iceled", and a caller may still want "ICE" to end there.

    Every page of the corpus goes through here in the sweep, so the map's segments are built
    in place rather than through :class:`OffsetMap`'s methods (a third of the time).
    """
    joins: set[int] = set()
    pieces: list[str] = []
    norm_at: list[int] = []
    orig_at: list[int] = []
    ident: list[bool] = []
    size = pos = 0
    n = len(s)
    for m in _RUN.finditer(s):
        start, end = m.span()
        inside = start > 0 and end < n
        if (
            inside
            and end - start == 1
            and s[start] in _JOINERS
            and s[start - 1].isalnum()
            and s[end].isalnum()
        ):
            continue
        if start > pos:
            pieces.append(s[pos:start])
            norm_at.append(size)
            orig_at.append(pos)
            ident.append(True)
            size += start - pos
        if (
            inside
            and s[start - 1].isalpha()
            and s[end].isalpha()
            and ((run := m.group()) == _SOFT_HYPHEN or _LINE_BREAK_HYPHEN.fullmatch(run))
        ):
            joins.add(size)
        else:
            pieces.append(" ")
            norm_at.append(size)
            orig_at.append(start)
            ident.append(False)
            size += 1
        pos = end
    if pos < n:
        pieces.append(s[pos:])
        norm_at.append(size)
        orig_at.append(pos)
        ident.append(True)
        size += n - pos
    omap = OffsetMap.from_segments(norm_at, orig_at, ident, size)
    return "".join(pieces), omap, frozenset(joins)


@dataclass(frozen=True)
class Normalised:
    text: str
    to_orig: Callable[[int], int]  # index in ``text`` -> index in the source string
    joins: frozenset[int]  # indices in ``text`` where a line-break hyphen was removed


def normalise(text: str) -> Normalised:
    """The :func:`alias_key` normalisation of a whole page, with offsets back into it."""
    folded, fold_map = _fold(text)
    norm, sep_map, joins = _separate(folded)
    if fold_map is None:
        return Normalised(norm, sep_map, joins)
    return Normalised(norm, lambda i: fold_map(sep_map(i)), joins)


@lru_cache(maxsize=1 << 17)  # the entity refresh asks again for every mention of a name
def alias_key(s: str) -> str:
    """The key under which two spellings of a name count as the same alias.

    Casefolded, NFKC, accents and curly quotes folded, punctuation dropped except between
    letters/digits, whitespace collapsed, line-break hyphenation joined:
    ``alias_key("Tol-\\nliver,  RENATA")`` is ``"tolliver renata"``.
    """
    return normalise(unicodedata.normalize("NFKC", s)).text.strip()


def words(s: str) -> frozenset[str]:
    """A word set written as one whitespace-separated string, for readable vocabularies."""
    return frozenset(s.split())
