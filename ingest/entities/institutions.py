"""Clustering spellings of agency and organisation names.

"U.S. Immigration & Customs Enforcement", "US Immigration and Customs Enforcement" and
"the U.S. Immigration and Customs Enforcement" share one key; OCR garbles join their clean
reading (see :mod:`ingest.entities.ocr`); a few prefix/suffix forms join their one longer form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.entities.ocr import Variant, is_garbled, merge_variants
from ingest.entities.textkey import alias_key, words

_AGENCY_ABBREVIATIONS = {
    "dept": "department",
    "depts": "departments",
    "natl": "national",
    "govt": "government",
    "assn": "association",
    "intl": "international",
    "admin": "administration",
}
_ORG_SUFFIXES = {
    "incorporated": "inc",
    "inc": "inc",
    "corporation": "corp",
    "corp": "corp",
    "company": "co",
    "co": "co",
    "limited": "ltd",
    "ltd": "ltd",
    "llc": "llc",
    "lp": "lp",
    "llp": "llp",
    "pllc": "pllc",
    "pc": "pc",
    "plc": "plc",
}
_CONNECTIVES = words("of and the for on in at to")
# "Immigration and Customs Enforcement" joins "U.S. Immigration and Customs Enforcement" but
# "Attorney's Office" must not join "U.S. Attorney's Office": only names this specific do.
_MIN_CONTENT_WORDS_FOR_US_PREFIX = 3


def _base_key(name: str) -> list[str]:
    # "&" first: between spaces alias_key would drop it instead of reading it as "and".
    key = alias_key(name.replace("&", " and ")).replace("'", "")
    key = re.sub(r"(?<=\w)\.(?=\w)", "", key)  # "u.s" -> "us", "l.l.c" -> "llc"
    words = key.replace("-", " ").replace("/", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return words


def agency_key(name: str) -> str:
    words = [_AGENCY_ABBREVIATIONS.get(w, w) for w in _base_key(name)]
    text = " ".join(words)
    text = re.sub(r"\bunited states\b", "us", text)
    return text


def org_key(name: str) -> str:
    words = _base_key(name)
    return " ".join(_ORG_SUFFIXES.get(w, w) if i else w for i, w in enumerate(words))


@dataclass
class _Group:
    key: str
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
        plain = not name.casefold().startswith("the ")
        return (not is_garbled(name), plain, not name.isupper(), names[name], len(name), name)

    return max(group.names, key=rank)


def _cluster(
    names: dict[str, int],
    key_fn: Callable[[str], str],
    shorter_forms: Callable[[str], Iterable[str]],
) -> tuple[dict[str, str], dict[str, _Group]]:
    groups: dict[str, _Group] = {}
    for name, count in names.items():
        key = key_fn(name)
        if not key:
            continue
        g = groups.setdefault(key, _Group(key))
        g.names.append(name)
        g.count += count
    ordered = list(groups.values())
    variants = [
        Variant(g.key, g.count, is_garbled(g.key), (int(not all(n.isupper() for n in g.names)),))
        for g in ordered
    ]
    for i, head in merge_variants(variants).items():
        ordered[i].target = ordered[head]
    longer: dict[str, list[_Group]] = defaultdict(list)
    for g in ordered:
        if g.target is None:
            for short in shorter_forms(g.key):
                longer[short].append(g)
    for g in ordered:
        if g.target is None and len(longer.get(g.key, ())) == 1:
            g.target = longer[g.key][0]
    result = {name: name for name in names}
    for g in ordered:
        canonical = _display(g.root(), names)
        result.update({name: canonical for name in g.names})
    return result, groups


def _agency_shorter(key: str) -> Iterable[str]:
    words = key.split()
    rest = words[1:]
    content = [w for w in rest if w not in _CONNECTIVES]
    if words[:1] == ["us"] and len(content) >= _MIN_CONTENT_WORDS_FOR_US_PREFIX:
        yield " ".join(rest)


def _org_shorter(key: str) -> Iterable[str]:
    words = key.split()
    if len(words) > 1 and words[-1] in _ORG_SUFFIXES.values():
        yield " ".join(words[:-1])


def cluster_agencies(
    names: dict[str, int], acronyms: Iterable[tuple[str, str]] | None = None
) -> dict[str, str]:
    """Map every agency norm (with its mention count) to its canonical spelling.

    ``acronyms``: ``(acronym, full name)`` pairs that documents define (``Mention.acronym``);
    an acronym joins its full name only when every definition points at the same agency.
    """
    result, groups = _cluster(names, agency_key, _agency_shorter)
    expansions: dict[str, set[str]] = defaultdict(set)
    for acronym, full in acronyms or ():
        full_group = groups.get(agency_key(full))
        target = result[full_group.root().names[0]] if full_group else full
        expansions[agency_key(acronym)].add(target)
    for key, targets in expansions.items():
        group = groups.get(key)
        if group is None or len(targets) != 1 or group.root() is not group:
            continue
        target = targets.pop()
        acronym_canonical = result[group.names[0]]
        for name, canonical in result.items():
            if canonical == acronym_canonical:
                result[name] = target
    return result


def cluster_orgs(names: dict[str, int]) -> dict[str, str]:
    """Map every organisation norm to its canonical spelling: "Acme Holdings, L.L.C." and
    "ACME HOLDINGS LLC" are one; "Acme Holdings" joins them when it has no other suffixed form;
    "Inc." and "Corp." stay different companies."""
    result, _ = _cluster(names, org_key, _org_shorter)
    return result
