"""Turning per-page mentions into entities: which spellings name the same person or body.

Storage-free: the index layer hands in norms (with counts) and stores what comes back.
Every rule here prefers leaving two spellings apart to merging two different people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ingest.entities.institutions import cluster_agencies, cluster_orgs
from ingest.entities.nameparts import (
    PersonName,
    at_least_as_complete,
    compatible,
    is_initial,
    parse_person,
    token_key,
)
from ingest.entities.ocr import Variant, is_garbled, merge_variants, reads_as
from ingest.entities.textkey import alias_key
from ingest.records import Mention

__all__ = [
    "alias_key",
    "cluster_agencies",
    "cluster_orgs",
    "cluster_people",
    "resolve_document",
]


def _unique_completion(
    short: PersonName, fulls: Iterable[PersonName], fuller_only: bool = False
) -> PersonName | None:
    """The one full name ``short`` can stand for, or ``None`` if none or several.

    ``fuller_only``: only strictly more complete names qualify (for full names, so that
    "Renata Tolliver" points at "Renata J. Tolliver" and never the other way round).
    """
    fulls = [f for f in fulls if f.key != short.key]
    cands = [f for f in fulls if compatible(short, f)]
    if fuller_only:
        cands = [
            f
            for f in cands
            if at_least_as_complete(f, short) and not at_least_as_complete(short, f)
        ]
    if not cands:
        return None
    best = max(cands, key=lambda f: (f.completeness(), f.key))
    # Every candidate must be a less complete spelling of ``best``: "Renata Tolliver" and
    # "Renata J. Tolliver" are one person, "Thomas Whitfield" and "Marcus Whitfield" are two.
    if not all(compatible(best, f) and at_least_as_complete(best, f) for f in cands):
        return None
    # "R. J. Tolliver" must not take "Renata Tolliver" when "Renata K. Tolliver" shows who
    # that probably is.
    if any(compatible(best, f) and not compatible(short, f) for f in fulls):
        return None
    return best


def _first_name_of(single: PersonName, fulls: list[PersonName]) -> PersonName | None:
    """ "Kevin" signing an email in a thread with "Kevin Marsh": the one full name in the
    document that it starts, when no name in the document has it as a surname."""
    if single.given or single.suffix:
        return None
    word = single.surname_key
    if any(f.surname_key == word for f in fulls):
        return None
    cands = [f for f in fulls if f.given_keys[:1] == (word,)]
    return cands[0] if len(cands) == 1 else None


def _hyphen_dropped(short: PersonName, fulls: list[PersonName]) -> PersonName | None:
    """ "S. Martin Newberry" beside "Simone Martin-Newberry": the surname's hyphen left out
    makes its first half look like a middle name."""
    if len(short.given) < 2 or is_initial(short.given[-1]):
        return None
    joined = replace(short, given=short.given[:-1], surname=f"{short.given[-1]}-{short.surname}")
    if not any(f.surname_key == joined.surname_key for f in fulls):
        return None
    return _unique_completion(joined, fulls)


def resolve_document(mentions_by_page: dict[int, list[Mention]]) -> dict[int, list[Mention]]:
    """Within one document, point surname-only and initial forms at the full name they abbreviate.

    "Tolliver", "Ms. Tolliver", "R. J. Tolliver" get the norm "Renata J. Tolliver" when that is
    the only compatible full name in the document. Returns new lists; the input is not changed.
    """
    norm_counts = Counter(
        m.norm for ms in mentions_by_page.values() for m in ms if m.kind == "person"
    )
    parsed = {norm: parse_person(norm) for norm in norm_counts}
    full_norm: dict[tuple, str] = {}
    for norm, _ in sorted(norm_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        p = parsed[norm]
        if p is not None and p.is_full:
            full_norm.setdefault(p.key, norm)
    fulls = [parsed[n] for n in full_norm.values()]
    rewrite: dict[str, str] = {}
    for norm, p in parsed.items():
        if p is None or p.is_full:
            continue
        target = (
            _unique_completion(p, fulls) or _first_name_of(p, fulls) or _hyphen_dropped(p, fulls)
        )
        if target is not None:
            rewrite[norm] = full_norm[target.key]
    return {
        page: [
            replace(m, norm=rewrite[m.norm]) if m.kind == "person" and m.norm in rewrite else m
            for m in mentions
        ]
        for page, mentions in mentions_by_page.items()
    }


@dataclass
class _Group:
    """All input spellings that parse to one exact name key."""

    parsed: PersonName
    names: list[str] = field(default_factory=list)
    count: int = 0
    target: _Group | None = None

    def root(self) -> _Group:
        g = self
        while g.target is not None:
            g = g.target
        return g


def _display(group: _Group, names: dict[str, int]) -> str:
    def rank(name: str) -> tuple:
        return (not is_garbled(name), "," not in name, not name.isupper(), names[name], name)

    best = max(group.names, key=rank)
    parsed = parse_person(best)
    return parsed.display() if parsed is not None else best


def _person_variant(g: _Group) -> Variant:
    p = g.parsed
    flat = " ".join([*p.given_keys, p.surname_key, token_key(p.suffix)]).strip()
    caps = int(not any(name.isupper() for name in g.names))
    return Variant(flat, g.count, is_garbled(flat), (*p.completeness(), caps))


def _merge_ocr(fulls: list[_Group]) -> None:
    for i, head in merge_variants([_person_variant(g) for g in fulls]).items():
        fulls[i].target = fulls[head]


def _merge_incomplete(heads: list[_Group]) -> None:
    """Join "Renata Tolliver" to "Renata J. Tolliver" when that is its only completion."""
    by_surname: dict[str, list[_Group]] = defaultdict(list)
    for g in heads:
        by_surname[g.parsed.surname_key].append(g)
    for same in by_surname.values():
        parsed = [g.parsed for g in same]
        by_key = {g.parsed.key: g for g in same}
        for g in same:
            best = _unique_completion(g.parsed, parsed, fuller_only=True)
            if best is not None:
                g.target = by_key[best.key]


def _bearers(short: PersonName, by_surname: dict[str, list[_Group]]) -> list[_Group]:
    """The people whose surname ``short`` spells, directly or as a garbled OCR reading."""
    found = list(by_surname.get(short.surname_key, ()))
    if not found and is_garbled(short.surname_key):
        found = [
            g
            for key, groups in by_surname.items()
            if reads_as(short.surname_key, key)
            for g in groups
        ]
    return found


def _attach_short_forms(shorts: list[_Group], roots: list[_Group]) -> None:
    """Initials join the one bearer of the surname whose given names they fit ("M. Whitfield"
    is Marcus when the other Whitfield is Thomas); bare surnames join a person only when that
    person is the corpus's only bearer of the surname, and an unresolved "K. Okafor" counts as
    a bearer too."""
    by_surname: dict[str, list[_Group]] = defaultdict(list)
    for r in roots:
        by_surname[r.parsed.surname_key].append(r)
    unresolved_initials: set[str] = set()
    for g in sorted(shorts, key=lambda g: not g.parsed.given):
        bearers = _bearers(g.parsed, by_surname)
        surnames = {b.parsed.surname_key for b in bearers} or {g.parsed.surname_key}
        if g.parsed.given:
            fits = [b for b in bearers if _short_fits(g.parsed, b.parsed)]
            if len(fits) == 1:
                g.target = fits[0]
            else:
                unresolved_initials |= surnames
        elif len(bearers) == 1 and not surnames & unresolved_initials:
            g.target = bearers[0]


def _short_fits(short: PersonName, person: PersonName) -> bool:
    return compatible(replace(short, surname=person.surname), person)


def cluster_people(names: dict[str, int]) -> dict[str, str]:
    """Map every person norm in the corpus (with its mention count) to its canonical name.

    Same parsed name (also "TOLLIVER, RENATA J.") -> one person; a missing middle initial joins
    the one fuller spelling; OCR garbles join their clean reading (see :mod:`ocr`); initials and
    bare surnames join only the corpus's single bearer of that surname.
    """
    result = {name: name for name in names}
    groups: dict[tuple, _Group] = {}
    for name, count in names.items():
        parsed = parse_person(name)
        if parsed is None:
            continue
        g = groups.setdefault(parsed.key, _Group(parsed))
        g.names.append(name)
        g.count += count
    fulls = [g for g in groups.values() if g.parsed.is_full]
    shorts = [g for g in groups.values() if not g.parsed.is_full]
    _merge_ocr(fulls)
    _merge_incomplete([g for g in fulls if g.target is None])
    roots = [g for g in fulls if g.root() is g]
    _attach_short_forms(shorts, roots)
    for g in groups.values():
        canonical = _display(g.root(), names)
        for name in g.names:
            result[name] = canonical
    return result
