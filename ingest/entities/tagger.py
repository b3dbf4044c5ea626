"""Tagging the pages of one document with person, agency, organisation and money mentions.

English pages go through the spaCy model (NER after the rules) in batches; other languages
through the rules-only pipeline. Acronyms defined anywhere in the document apply on every
page of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.entities.acronyms import DEFINITIONS
from ingest.entities.columns import apply_columns
from ingest.entities.courts import join_court_seats
from ingest.entities.cutnames import join_cut_names
from ingest.entities.doublesurnames import join_double_surnames
from ingest.entities.facilitytypes import drop_facility_types
from ingest.entities.fields import in_field_label
from ingest.entities.gazetteer import acronyms, lookup_agency
from ingest.entities.givennames import add_given_names
from ingest.entities.initials import inferred_initials
from ingest.entities.lang import detect_language
from ingest.entities.namelists import add_listed_people
from ingest.entities.nlp import load_nlp, load_rules_nlp
from ingest.entities.people import name_parts, normalise_person
from ingest.entities.plausible import (
    cut_at_line_breaks,
    drop_people_heading_organisations,
    drop_unlikely_people,
)
from ingest.entities.prep import Prepared, prepare
from ingest.entities.signatures import add_signers
from ingest.entities.spans import Found, doc_findings, lowercase_words
from ingest.entities.subunits import add_agency_units
from ingest.entities.surnames import add_surname_mentions
from ingest.records import Mention

BATCH_SIZE = 64
MAX_NLP_CHARS = 200_000
_NAME_WORD = re.compile(r"^[A-Z](?:[a-z]+(?:-[A-Z][a-z]+)?|\.)$")


def tag_pages(
    texts: list[str], langs: list[str] | None = None, model: bool = True, cores: int = 1
) -> list[list[Mention]]:
    """Mentions per page, sorted by position, with exact spans into each given text.
    ``model=False`` uses the rules only, as for non-English pages. ``cores``: how many this
    document may use (the run has them to spare)."""
    if langs is None:
        langs = [detect_language(t) for t in texts]
    if len(langs) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
    prepared = [prepare(t) for t in texts]
    # Doc.text is rebuilt from the tokens on every access: use the prepared strings.
    clean = [p.text for p in prepared]
    # spaCy refuses texts over nlp.max_length (1,000,000) and its memory grows with length: a
    # page that long (a log dump, a table exported as one line) gets money rules and the
    # corpus-wide alias sweep only.
    nlp_texts = [t if len(t) <= MAX_NLP_CHARS else "" for t in clean]
    found, defining = _findings(nlp_texts, langs if model else ["und"] * len(langs), cores)
    meanings = _acronym_meanings(found)
    meanings.update(inferred_initials(found, clean, meanings))
    for page, text in enumerate(clean):
        found[page] = _with_acronym_uses(text, defining[page], found[page], meanings)
    _drop_ambiguous_acronyms(found, clean)
    _people_read_as_orgs(found, clean)
    drop_unlikely_people(found, clean)
    cut_at_line_breaks(found, prepared)
    drop_people_heading_organisations(found, clean)
    join_cut_names(found, clean)
    for page, text in zip(found, clean, strict=True):
        add_listed_people(page, text)
        add_signers(page, text)
        join_double_surnames(page, text)
        apply_columns(page, text)
        join_court_seats(page, text)
        add_agency_units(page, text)
        drop_facility_types(page)
    add_given_names(found, clean)
    add_surname_mentions(found, clean)
    return [
        _mentions(text, prep, page_found, lang)
        for text, prep, page_found, lang in zip(texts, prepared, found, langs, strict=True)
    ]


def _is_english(lang: str | None) -> bool:
    return not lang or lang.lower().split("-")[0] == "en"


def _findings(
    clean: list[str], langs: list[str], cores: int = 1
) -> tuple[list[list[Found]], list[set[int]]]:
    """Findings per page, and where each page's acronym definitions put the acronym. Docs
    are dropped as soon as they are read, so a long document does not hold them all. With
    ``cores`` > 1 the English pages are read in that many parts at once (see
    :func:`ingest.workers.map_forked`); each page's findings depend on that page alone."""
    lower_words = set().union(*(lowercase_words(t) for t in clean))
    found: list[list[Found]] = [[] for _ in clean]
    defining: list[set[int]] = [set() for _ in clean]
    english = [i for i, lang in enumerate(langs) if _is_english(lang)]
    others = [i for i, lang in enumerate(langs) if not _is_english(lang)]

    def read(load, pages: list[int]) -> list[tuple[int, list[Found], set[int]]]:
        docs = load().pipe((clean[i] for i in pages), batch_size=BATCH_SIZE)
        return [
            (
                i,
                doc_findings(doc, lower_words, clean[i]),
                {d.acronym_start for d in doc.user_data.get(DEFINITIONS, [])},
            )
            for i, doc in zip(pages, docs, strict=True)
        ]

    parts = _parts(english, clean, cores)
    if len(parts) > 1:
        load_nlp()  # before the copies are made, so that each has it
        from ingest.workers import map_forked

        results = map_forked(lambda pages: read(load_nlp, pages), parts)
    else:
        results = [read(load_nlp, pages) for pages in parts if pages]
    if others:
        results.append(read(load_rules_nlp, others))
    for part in results:
        for i, page_found, page_defining in part:
            found[i], defining[i] = page_found, page_defining
    return found, defining


# Below this many characters of English text a document is read in one part even with cores
# to spare: making a copy of the reader and handing its findings back cost more than the part
# saves.
MIN_SPLIT_CHARS = 12_000


def _parts(pages: list[int], clean: list[str], cores: int) -> list[list[int]]:
    """``pages`` in at most ``cores`` runs of consecutive pages of about equal length."""
    total = sum(len(clean[i]) for i in pages)
    if cores < 2 or len(pages) < 2 or total < MIN_SPLIT_CHARS:
        return [pages]
    parts: list[list[int]] = [[]]
    done = 0
    for i in pages:
        if parts[-1] and done >= total * len(parts) / cores and len(parts) < cores:
            parts.append([])
        parts[-1].append(i)
        done += len(clean[i])
    return parts


def _acronym_meanings(found: list[list[Found]]) -> dict[str, tuple[str, str]]:
    """Defined acronym -> (kind, norm) of what it stands for; the first definition wins."""
    meanings: dict[str, tuple[str, str]] = {}
    for page in found:
        for f in page:
            if f.acronym and f.acronym not in meanings:
                meanings[f.acronym] = (f.kind, f.norm)
    return meanings


def _with_acronym_uses(
    text: str, defining: set[int], found: list[Found], meanings: dict[str, tuple[str, str]]
) -> list[Found]:
    """Fill in uses the acronym component tagged, and add uses on pages other than the
    defining one (or that the gazetteer read another way: the document's meaning wins)."""
    resolved = []
    for f in found:
        if f.ref is None:
            resolved.append(f)
        elif f.ref in meanings:
            f.kind, f.norm = meanings[f.ref]
            resolved.append(f)
    by_start = {f.start: f for f in resolved}
    for acr, (kind, norm) in meanings.items():
        for start, end in _occurrences(acr, text):
            if start in defining or in_field_label(text, start, end):
                continue
            existing = by_start.get(start)
            if existing is not None and existing.end == end:
                if existing.norm != norm and existing.method in {"gazetteer", "ner"}:
                    existing.kind, existing.norm, existing.method = kind, norm, "acronym"
                continue
            if not any(f.start < end and start < f.end for f in resolved):
                hit = Found(kind, start, end, norm, "acronym")
                resolved.append(hit)
                by_start[start] = hit
    return resolved


def _occurrences(word: str, text: str) -> Iterator[tuple[int, int]]:
    for m in re.finditer(rf"(?<![\w&]){re.escape(word)}(?![\w&])", text):
        yield m.span()


def _expansion_pattern(acr: str) -> re.Pattern:
    joiner = r"\s+(?:(?:of|and|for|the|&)\s+)*"
    return re.compile(r"\b" + joiner.join(rf"{ch}[a-z]+" for ch in acr) + r"\b")


def _drop_ambiguous_acronyms(found: list[list[Found]], texts: list[str]) -> None:
    """A gazetteer acronym means something else when the document spells out another name
    with those initials ("Special Service Area" for SSA) and never names the agency."""
    bare: dict[str, str] = {}
    for page, text in zip(found, texts, strict=True):
        for f in page:
            surface = text[f.start : f.end]
            if f.method == "gazetteer" and surface in acronyms() and surface.isalpha():
                bare[surface] = f.norm
    full_named = {
        f.norm
        for page, text in zip(found, texts, strict=True)
        for f in page
        if f.kind == "agency" and text[f.start : f.end] not in acronyms()
    }
    ambiguous = set()
    for acr, canonical in bare.items():
        if canonical in full_named or not acr.isupper():
            continue
        pattern = _expansion_pattern(acr)
        for text in texts:
            m = pattern.search(text)
            agency = lookup_agency(m.group()) if m else None
            if m and (agency is None or agency.canonical != canonical):
                ambiguous.add(acr)
                break
    if not ambiguous:
        return
    for page, text in zip(found, texts, strict=True):
        page[:] = [
            f for f in page if not (f.method == "gazetteer" and text[f.start : f.end] in ambiguous)
        ]


def _people_read_as_orgs(found: list[list[Found]], texts: list[str]) -> None:
    """The model sometimes calls a person in a list an organisation ("Zach Maiorca (motion)").
    A plain two- or three-word name whose surname the document uses for a person is one."""
    surnames = {name_parts(f.norm)[2] for page in found for f in page if f.kind == "person"}
    for page, text in zip(found, texts, strict=True):
        for f in page:
            if f.kind != "org" or f.method != "ner":
                continue
            words = text[f.start : f.end].split()
            if not 2 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
                continue
            norm = normalise_person(" ".join(words))
            if norm and name_parts(norm)[2] in surnames:
                f.kind, f.norm = "person", norm


def _money(text: str, lang: str) -> list[Mention]:
    # Imported lazily: the money finder is optional for this module and its tests.
    try:
        from ingest.entities.money import find_money
    except ModuleNotFoundError as err:
        if err.name != "ingest.entities.money":
            raise
        return []
    return find_money(text, lang or "en")


def _mentions(text: str, prep: Prepared, found: list[Found], lang: str) -> list[Mention]:
    mentions = []
    for f in found:
        start, end = prep.original_span(f.start, f.end)
        mentions.append(
            Mention(f.kind, start, end, text[start:end], f.norm, f.method, acronym=f.acronym)
        )
    mentions.extend(_money(text, lang))
    return sorted(mentions, key=lambda m: (m.start, m.end))
