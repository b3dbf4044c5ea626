"""A person's surname alone, where the same document names them in full.

Reports, opinions and press releases name a person once ("Will Dobbie", "Barbara Herrmann")
and then by surname only ("Dobbie et al. find ...", "Herrmann's counsel"): the model rarely
reads one capitalised word as a person, and a researcher asking for every page that names them
wants those pages too. A surname is taken alone when it is written in title case or capitals,
belongs to exactly one person of the document, is no everyday word (the document never writes
it in lower case and it is not a common-word surname such as "Price"), and does not run on into
another capitalised word ("Trump Tower").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from ingest.entities.firstnames import could_be_first_name
from ingest.entities.people import COMMON_WORD_SURNAMES, name_parts, word_set
from ingest.entities.spans import Found, lowercase_words

METHOD = "ruler"
_MIN_LETTERS = 3
_COMMON_SURNAMES = 300


@lru_cache(maxsize=1)
def _most_common_surnames() -> frozenset[str]:
    """The census list's most frequent surnames (it is ordered by frequency)."""
    import names

    with open(names.FILES["last"], encoding="ascii") as fh:
        lines = itertools.islice(fh, _COMMON_SURNAMES)
        return frozenset(line.split()[0] for line in lines)


def _plain_upper(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.upper())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def is_lone_surname(last: str) -> bool:
    """One word of at least three letters: a surname a rule may look for on its own."""
    return len(last) >= _MIN_LETTERS and " " not in last


def no_everyday_words(surnames: set[str], texts: list[str]) -> set[str]:
    """The surnames that are no everyday word: the document never writes them in lower case
    and they are not common-word surnames such as "Price"."""
    lower = set().union(*(lowercase_words(t) for t in texts))
    return {
        last
        for last in surnames
        if last.lower() not in lower and last.lower() not in COMMON_WORD_SURNAMES
    }


def forms_alternation(surnames: set[str]) -> str:
    """A regex alternation of the surnames as written in title case and in capitals, longest
    first."""
    forms = sorted({f for last in surnames for f in (last, last.upper())}, key=len, reverse=True)
    return "|".join(map(re.escape, forms))


def _surnames(found: list[list[Found]]) -> dict[str, str]:
    """Surname -> the one full name that has it, over all pages of a document."""
    owners: dict[str, set[str]] = {}
    for page in found:
        for f in page:
            if f.kind != "person":
                continue
            first, _, last = name_parts(f.norm)
            if not first or not is_lone_surname(last):
                continue
            if not (could_be_first_name(first) or len(first) == 1):
                continue  # only a name a known first name vouches for is spread ("Aoa Max")
            if _plain_upper(last) in _most_common_surnames():
                continue  # "Garcia" alone in a list of many people is anyone's
            owners.setdefault(last, set()).add(f.norm)
    return {last: next(iter(norms)) for last, norms in owners.items() if len(norms) == 1}


def add_surname_mentions(found: list[list[Found]], texts: list[str]) -> None:
    """Add, in place, a person mention for each lone use of a surname of the document's
    people (see the module doc)."""
    surnames = _surnames(found)
    if not surnames:
        return
    keep = no_everyday_words(set(surnames), texts)
    if not keep:
        return
    pattern = re.compile(
        r"(?<![\w.'\u2019-])(" + forms_alternation(keep) + r")(?![\w-])(?![ \t]+[A-Z][a-z])"
    )
    by_form = {f: last for last in keep for f in (last, last.upper())}
    for page, text in zip(found, texts, strict=True):
        spans = [(f.start, f.end) for f in page]
        guessed = {(f.start, f.end): f for f in page if f.kind == "org" and f.method == "ner"}
        added = []
        for m in pattern.finditer(text):
            start, end = m.span(1)
            org = guessed.get((start, end))
            if org is not None:
                # The model's "organisation" that is exactly the surname: the person.
                org.kind, org.norm = "person", by_form[m.group(1)]
                continue
            if any(a < end and start < b for a, b in spans):
                continue
            if re.search(r"[A-Z][\w'.-]*[ \t]+$", text[max(0, start - 30) : start]):
                # "Judge Dobbie" is read by the title rules; "Mary Dobbie" is someone else
                prev = text[max(0, start - 30) : start].split()[-1]
                if prev.rstrip(".").lower() not in _TITLE_LEADS:
                    continue
            added.append(Found("person", start, end, by_form[m.group(1)], METHOD))
        page.extend(added)


# Words before a surname that still leave it the document's person: titles, and words that
# start a sentence.
_TITLE_LEADS = word_set(
    """
    mr mrs ms dr judge justice sheriff chief officer detective deputy lieutenant lt sergeant sgt
    captain capt commissioner director secretary senator representative rep governor mayor
    president professor prof attorney counsel agent inspector warden the and but see in
    """
)
