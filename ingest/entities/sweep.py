"""The corpus-wide alias sweep: find every occurrence of every known alias in page text.

Matching runs over the page text as :func:`ingest.entities.textkey.normalise` folds it (case,
whitespace, line breaks, line-break hyphenation) with one Aho-Corasick automaton, and every hit
is mapped back to exact character offsets in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

import ahocorasick

from ingest.entities.fields import in_field_label
from ingest.entities.nameparts import (
    PARTICLES,
    SUFFIXES,
    heads_organisation_name,
    is_initial,
    is_title,
)
from ingest.entities.textkey import Normalised, alias_key, normalise, words

# Short all-capital aliases ("ICE", "DHS") match only in capitals: "ice cream" is not ICE.
MAX_CASE_SENSITIVE_LETTERS = 5
MIN_ALIAS_CHARS = 3
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*$")


@dataclass(frozen=True)
class SweepHit:
    start: int
    end: int
    entity_key: str
    kind: str
    text: str
    score: float | None = None  # 0-100 for an approximate match (ingest.entities.fuzzy)


@dataclass(frozen=True)
class _Entry:
    entity_key: str
    kind: str
    # Letter sequences the original span must spell exactly, or None for any case.
    exact: frozenset[str] | None


def _acronym_letters(surface: str) -> str | None:
    s = surface.strip()
    letters = "".join(ch for ch in s if ch.isalpha())
    uppers = sum(ch.isupper() for ch in letters)
    if _ACRONYM.match(s) and uppers >= 2 and len(letters) <= MAX_CASE_SENSITIVE_LETTERS:
        return letters
    return None


# An alias as the sweeper's table needs it: its key followed by the other spellings it
# matches (:func:`_variants`; empty for an alias without letters or digits), and the letters
# it must be spelled with if it is a short capital acronym (else None).
Prepared = tuple[list[str], str | None]


def prepare(surface: str) -> Prepared:
    key = alias_key(surface)
    if not any(ch.isalnum() for ch in key):
        return [], None
    return _variants(key), _acronym_letters(surface)


def _variants(key: str) -> list[str]:
    """Spellings the same alias takes in text that the normalisation cannot fold by itself:
    a hyphenated name split at a line end ("Jean-\\nPierre" -> "jeanpierre"), and initials
    written with or without spaces ("R.J." / "R. J.")."""
    out = {key}
    if " " in key:
        out.add(key.replace("-", ""))
        out.add(key.replace(".", " "))
        out.add(re.sub(r"\b(\w) (?=\w\b)", r"\1.", key))
    out.discard("")
    return sorted(out, key=lambda v: v != key)


class Sweeper:
    """Built once from ``(alias_surface, entity_key, kind)`` triples, then used on every page.

    An alias that two different entities claim is ambiguous and is not swept at all (listed in
    :attr:`ambiguous`): a missed mention is recoverable, a mention on the wrong entity is not.
    """

    def __init__(self, aliases: Iterable[tuple[str, str, str]]):
        self._build((prepare(surface), entity_key, kind) for surface, entity_key, kind in aliases)

    @classmethod
    def from_prepared(cls, rows: Iterable[tuple[Prepared, str, str]]) -> Sweeper:
        """Built from ``(prepared, entity_key, kind)``, each alias as :func:`prepare` made it
        (kept between runs, so a refresh does not normalise every alias again)."""
        sweeper = cls.__new__(cls)
        sweeper._build(rows)
        return sweeper

    def _build(self, rows: Iterable[tuple[Prepared, str, str]]) -> None:
        primary: dict[str, list[_Entry]] = {}
        variant: dict[str, list[_Entry]] = {}
        for (keys, letters), entity_key, kind in rows:
            if not keys:
                continue
            exact = frozenset({letters, letters.upper()}) if letters else None
            entry = _Entry(entity_key, kind, exact)
            for i, v in enumerate(keys):
                (variant if i else primary).setdefault(v, []).append(entry)
        self.ambiguous: set[str] = set()
        self._table: dict[str, _Entry] = {}
        for table, is_primary in ((primary, True), (variant, False)):
            for key, entries in table.items():
                if not is_primary and key in primary:
                    continue
                entry = self._combine(entries)
                if entry is None:
                    self.ambiguous.add(key)
                else:
                    self._table[key] = entry
        self._automaton = ahocorasick.Automaton()
        for key, entry in self._table.items():
            self._automaton.add_word(key, (len(key), entry))
        if self._table:
            self._automaton.make_automaton()

    @staticmethod
    def _combine(entries: list[_Entry]) -> _Entry | None:
        first = entries[0]
        if any((e.entity_key, e.kind) != (first.entity_key, first.kind) for e in entries):
            return None
        if any(e.exact is None for e in entries):
            return _Entry(first.entity_key, first.kind, None)
        return _Entry(first.entity_key, first.kind, frozenset().union(*(e.exact for e in entries)))

    def __len__(self) -> int:
        return len(self._table)

    def entries(self) -> dict[str, tuple[str, str, tuple[str, ...] | None]]:
        """Normalised alias -> (entity key, kind, exact spellings or None): everything that
        decides what :meth:`find` returns on a page whose text has that alias."""
        return {key: self._describe(e) for key, e in self._table.items()}

    def entry(self, key: str) -> tuple[str, str, tuple[str, ...] | None] | None:
        """What :meth:`entries` holds for ``key``; None if nothing is swept under it."""
        e = self._table.get(key)
        return None if e is None else self._describe(e)

    @staticmethod
    def _describe(e: _Entry) -> tuple[str, str, tuple[str, ...] | None]:
        return (e.entity_key, e.kind, None if e.exact is None else tuple(sorted(e.exact)))

    def find(self, text: str, normalised: Normalised | None = None) -> list[SweepHit]:
        """Every alias occurrence at word boundaries, longest first, as exact spans of ``text``
        (``normalised``: ``normalise(text)``, when the caller has it already)."""
        if not self._table or not text:
            return []
        if normalised is None:
            normalised = normalise(text)
        norm, to_orig, joins = normalised.text, normalised.to_orig, normalised.joins
        cands: list[tuple[int, int, _Entry]] = []
        for last, (length, entry) in self._automaton.iter(norm):
            start, end = last - length + 1, last + 1
            # A removed line-break hyphen is a boundary for "ICE-\nled", but a person's name
            # running on ("Tolliver-\nHayes") is someone else.
            soft = entry.kind != "person"
            if start > 0 and norm[start - 1].isalnum() and not (soft and start in joins):
                continue
            if end < len(norm) and norm[end].isalnum() and not (soft and end in joins):
                continue
            cands.append((start, end, entry))
        cands.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(norm))
        hits: list[SweepHit] = []
        for start, end, entry in cands:
            if taken.find(1, start, end) != -1:
                continue
            o_start, o_end = to_orig(start), to_orig(end - 1) + 1
            tokens = _tokens(norm, start, end) if entry.kind == "person" else []
            if not _accept(text, (o_start, o_end), tokens, to_orig, entry):
                continue
            if entry.kind != "person" and in_field_label(text, o_start, o_end):
                continue
            taken[start:end] = b"\x01" * (end - start)
            hits.append(SweepHit(o_start, o_end, entry.entity_key, entry.kind, text[o_start:o_end]))
        hits.sort(key=lambda h: h.start)
        return hits


def _accept(
    text: str,
    span: tuple[int, int],
    tokens: list[tuple[int, str]],
    to_orig: Callable[[int], int],
    entry: _Entry,
) -> bool:
    o_start, o_end = span
    if entry.exact is not None:
        return "".join(ch for ch in text[o_start:o_end] if ch.isalpha()) in entry.exact
    if entry.kind != "person":
        return True
    # "Renata Tolliver-Hayes" is someone else, "Tolliver's" is her.
    if o_end + 1 < len(text) and text[o_end] == "-" and text[o_end + 1].isalpha():
        return False
    if heads_organisation_name(text, o_end):
        return False  # "John F. Kennedy" / "International Airport" is the airport
    # A person's name in running text is capitalised; this keeps the alias "Will Price" off
    # "the vendor will price each item" while "OKAFOR" and "sheriff Okafor" still match.
    return all(
        text[to_orig(pos)].isupper() or token in PARTICLES or is_title(token)
        for pos, token in tokens
    )


def _tokens(norm: str, start: int, end: int) -> list[tuple[int, str]]:
    out = []
    pos = start
    for token in norm[start:end].split(" "):
        out.append((pos, token))
        pos += len(token) + 1
    return out


_CONNECTIVES = words("of and the for on in at to a an")
_GENERIC_AGENCY_WORDS = words("""
    office offices department departments division bureau agency agencies service services
    board commission committee council court courts county city town township village state
    states district police sheriff sheriffs jail jails detention center centre facility
    corrections correctional authority administration unit program section branch field us
    federal national public safety attorney attorneys general superior municipal regional
    force task team enforcement patrol highway clerk clerks treasurer assessor school schools
    works housing finance resources management operations government commissioners
    supervisors trustees directors aldermen staff legal affairs health human law local
    """)
_GENERIC_ORG_WORDS = words("""
    company co inc corp corporation incorporated llc ltd limited lp llp pllc pc plc group
    holdings holding contractor contractors vendor vendors services service solutions systems
    partners associates consulting enterprises international industries management global
    national american firm business
    """)
_EDGE_JUNK = " \t\r\n\"'()[]{},;:"
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s$", re.IGNORECASE)


def _clean(alias: str) -> str:
    s = " ".join(alias.split()).strip(_EDGE_JUNK)
    return _POSSESSIVE.sub("", s).strip(_EDGE_JUNK)


def _letters(token: str) -> int:
    return sum(ch.isalpha() for ch in token)


def _safe_person(alias: str) -> bool:
    parts = [p.strip() for p in alias.split(",") if p.strip()]
    if len(parts) > 1 and parts[-1].casefold().rstrip(".") in SUFFIXES:
        parts.pop()
    if len(parts) == 2:
        last, first = parts
        # "TOLLIVER, RENATA" / "Tolliver, R. J.": a surname word and something given.
        return _letters(last) >= 2 and any(not is_title(t) for t in first.split())
    if len(parts) != 1:
        return False
    tokens = parts[0].split()
    while len(tokens) > 1 and tokens[-1].casefold().rstrip(".") in SUFFIXES:
        tokens.pop()
    titles = 0
    while titles < len(tokens) and is_title(tokens[titles]):
        titles += 1
    rest = tokens[titles:]
    if not rest or any(_letters(t) == 0 for t in rest):
        return False
    surname_ok = not is_initial(rest[-1]) and _letters(rest[-1]) >= 2
    # "Sheriff Okafor" is specific; bare "Okafor" or "Renata" is not.
    return surname_ok and (titles > 0 or len(rest) >= 2)


def _safe_body(kind: str, alias: str, common_words: Container[str] | None) -> bool:
    words = alias_key(alias).split()
    generic = _GENERIC_ORG_WORDS if kind == "org" else _GENERIC_AGENCY_WORDS
    content = [
        w
        for w in words
        if w.replace("'", "") not in generic and w not in _CONNECTIVES and not w.isdigit()
    ]
    if len(words) > 1:
        return bool(content)
    if not content:
        return False
    letters = _acronym_letters(alias)
    if letters is not None:
        return len(letters) >= MIN_ALIAS_CHARS
    word = content[0]
    return common_words is not None and len(word) > 3 and word not in common_words


def sweep_aliases(
    kind: str,
    canonical: str,
    aliases: Iterable[str],
    common_words: Container[str] | None = None,
) -> list[str]:
    """Which of an entity's aliases (canonical first) are safe to sweep across the corpus.

    People: full names, "Title Surname" ("Sheriff Okafor"), "LAST, FIRST"; never a bare
    surname or first name. Agencies/organisations: multi-word names with at least one
    non-generic word ("Bay County Sheriff's Office", not "Sheriff's Office") and capital
    acronyms of 3-5 letters. A single ordinary word ("Raytheon") is only swept when
    ``common_words`` (casefolded words known to be ordinary, e.g. the corpus's lower-case
    vocabulary) is given and does not contain it. Money is never swept. Aliases come back
    cleaned (possessive and edge punctuation removed) and de-duplicated by :func:`alias_key`.
    """
    if kind == "money":
        return []
    out: list[str] = []
    seen: set[str] = set()
    for alias in (canonical, *aliases):
        cleaned = _clean(alias)
        key = alias_key(cleaned)
        if len(cleaned) < MIN_ALIAS_CHARS or not key or key in seen:
            continue
        if kind == "person":
            safe = _safe_person(cleaned)
        else:
            safe = _safe_body(kind, cleaned, common_words)
        if safe:
            out.append(cleaned)
            seen.add(key)
    return out
