"""Parsing a person's name into given names, surname and suffix, and the comparisons that
decide whether a short form ("R. J. Tolliver", "Tolliver") can be a full one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ingest.entities.textkey import alias_key, words

# Casefolded, without a trailing dot. Stripped from the front of a name; also the words that
# make a "Title Surname" alias specific enough to sweep.
TITLES = words("""
    mr mrs ms miss mx dr prof professor rev reverend fr father sister
    sheriff undersheriff chief deputy officer ofc sgt sergeant lt lieutenant capt captain cpt
    cpl corporal det detective inv investigator agent sa trooper marshal ranger warden
    inspector superintendent supt commander cmdr major maj col colonel gen general
    judge justice magistrate hon honorable honourable attorney atty da ada
    mayor councilmember councilman councilwoman councilor alderman alderwoman alderperson
    commissioner supervisor trustee director dir chair chairman chairwoman chairperson
    president vice secretary treasurer clerk administrator manager assessor comptroller
    senator sen rep representative assemblymember assemblyman assemblywoman delegate
    gov governor lt-gov ambassador secretary-general
    """)
_COURTESY = words("mr mrs ms miss mx dr")
SUFFIXES = words("jr sr ii iii iv esq phd md dds cpa ret")
PARTICLES = words("de del della der den di da du dos das la le van von bin ibn al st")
_SAINT = words("st ste")
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_JOINED_INITIALS = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_POSSESSIVE = re.compile(r"(?:(?<=[^\W\d_])['\u2019]s|(?<=s)['\u2019])$", re.IGNORECASE)


def _bare(token: str) -> str:
    return token.casefold().rstrip(".")


def is_title(token: str) -> bool:
    return _bare(token) in TITLES


def is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """Letters and digits of a name token, casefolded, accents dropped ("O'Brien" -> "obrien")."""
    return "".join(ch for ch in alias_key(token) if ch.isalnum())


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]
    surname: str
    suffix: str = ""

    @property
    def is_full(self) -> bool:
        """A name with a spelled-out first name, the only kind a short form may join."""
        return bool(self.given) and not is_initial(self.given[0])

    @cached_property
    def surname_key(self) -> str:
        return token_key(self.surname)

    @cached_property
    def given_keys(self) -> tuple[str, ...]:
        return tuple(token_key(t) for t in self.given)

    @cached_property
    def key(self) -> tuple[tuple[str, ...], str, str]:
        return self.given_keys, self.surname_key, token_key(self.suffix)

    def display(self) -> str:
        return " ".join([*self.given, self.surname, *([self.suffix] if self.suffix else [])])

    def completeness(self) -> tuple[int, int, int]:
        spelled = sum(1 for t in self.given if not is_initial(t))
        return len(self.given), spelled, int(bool(self.suffix))


def _split_initials(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if _JOINED_INITIALS.match(tok):
            out.extend(f"{ch}." for ch in tok if ch != ".")
        else:
            out.append(tok)
    return out


# Kept: every refresh clusters every person name of the corpus again, and a watcher's refresh
# then finds the names it parsed the run before (PersonName is frozen, so sharing is safe).
@lru_cache(maxsize=65536)
def parse_person(name: str) -> PersonName | None:
    """Parse "Renata J. Tolliver", "TOLLIVER, RENATA J.", "Sheriff Okafor", "R.J. Tolliver Jr."

    Returns ``None`` when nothing name-like is left (empty, only titles, digits only).
    """
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").strip(" \t\r\n,;:")
    s = _POSSESSIVE.sub("", s.strip())
    suffix = ""
    if "," in s:
        parts = [p.strip() for p in s.split(",") if p.strip()]
        if len(parts) > 1 and _bare(parts[-1]) in SUFFIXES:
            suffix = parts.pop()
        if len(parts) == 2:
            last, first = parts
            tokens = _split_initials(first.split()) + [last]
        elif len(parts) == 1:
            tokens = _split_initials(parts[0].split())
        else:
            return None
        surname_given = len(parts) == 2
    else:
        tokens = _split_initials(s.split())
        surname_given = False
    if not tokens:
        return None
    # "Chief Deputy" is no one, but after "Ms." a title word is a surname ("Ms. Judge").
    if all(is_title(t) for t in tokens) and not (len(tokens) > 1 and _bare(tokens[0]) in _COURTESY):
        return None
    while len(tokens) > 1 and is_title(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and not surname_given and _bare(tokens[-1]) in SUFFIXES:
        suffix = tokens.pop()
    surname = tokens.pop()
    # "Maria de la Cruz": lower-case particles belong to the surname, but a lone "Van" left as
    # the only given name is a first name ("Van Morrison").
    while len(tokens) > 1 and tokens[-1].islower() and tokens[-1] in PARTICLES:
        surname = f"{tokens.pop()} {surname}"
    # "St. Pierre" is never a first name and an initial: it is the surname, alone or not.
    if tokens and _bare(tokens[-1]) in _SAINT:
        surname = f"{tokens.pop()} {surname}"
    if not any(ch.isalpha() for ch in surname):
        return None
    return PersonName(tuple(tokens), surname, suffix)


def _tokens_agree(a: str, b: str) -> bool:
    if is_initial(a) or is_initial(b):
        return token_key(a)[:1] == token_key(b)[:1]
    return token_key(a) == token_key(b)


def compatible(a: PersonName, b: PersonName) -> bool:
    """Could ``a`` and ``b`` name the same person? Same surname, suffixes not in conflict,
    given names agreeing position by position (an initial agrees with any name it starts),
    a missing middle name or suffix being no conflict."""
    if a.surname_key != b.surname_key or not a.surname_key:
        return False
    if a.suffix and b.suffix and token_key(a.suffix) != token_key(b.suffix):
        return False
    return all(_tokens_agree(x, y) for x, y in zip(a.given, b.given, strict=False))


def at_least_as_complete(full: PersonName, other: PersonName) -> bool:
    """``full`` says everything ``other`` says (and maybe more); assumes they are compatible."""
    if len(full.given) < len(other.given) or (other.suffix and not full.suffix):
        return False
    return all(
        is_initial(o) or not is_initial(f) for f, o in zip(full.given, other.given, strict=False)
    )


# Words that make a name before them the name of a place or a body: "John F. Kennedy" /
# "International Airport", "Saul Whitcombe Charitable Foundation", "Memorial Okafor" /
# "Hospital", "Hank Fisher Properties, Inc.".
_ORG_HEADS = words("""
    international airport foundation charitable hospital properties memorial university
    college institute school library building courthouse plaza church trust stadium arena
    """)
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[ \t]*(?P<wrap>\r?\n)?[ \t]*(?P<word>[^\W\d_]+)")
_FIRM_TAIL = re.compile(
    r"(?:['\u2019]s)?[ \t]+[A-Z][\w'&-]*,?[ \t]+(?:Inc|LLC|L\.L\.C|Corp|Co|Ltd)\b"
)


def heads_organisation_name(text: str, end: int) -> bool:
    """Does the name ending at ``text[end]`` run on into a body's or a place's name? On the
    next line only when that line has no title: "Dana Okafor" over "Hospital Administrator"
    is a signer."""
    if _FIRM_TAIL.match(text, end):
        return True
    m = _NEXT_WORD.match(text, end)
    if m is None or _bare(m.group("word")) not in _ORG_HEADS:
        return False
    if m.group("wrap") is None:
        return True
    line_end = text.find("\n", m.end())
    line = text[m.start("word") : len(text) if line_end < 0 else line_end]
    return not any(is_title(w.strip(",.;:()")) for w in line.split())
