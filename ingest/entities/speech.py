"""People quoted in other languages' press releases: "zei Pieter van Dalen", "afirmó Xabier
Etxeberria, portavoz", "la alcaldesa Itziar Gorostiza".

Pages not in English get no statistical model, and the first-name lists are American. A
capitalised run of two to four name words (particles such as "van", "de la" inside) right after
a speech verb or a title of that language, or right before ", <title>", is a person. The cue
words are in ``data/speech_cues.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.entities.gazetteer import DATA
from ingest.entities.people import PARTICLES

RULE_ID = "rule:speech"
_NAME_WORD = re.compile(r"^[^\W\d_a-z][^\W\d_A-Z]+(?:-[^\W\d_a-z][^\W\d_A-Z]+)?$")
_ARTICLES = frozenset({"el", "la", "de", "het", "der", "die", "le", "o", "a", "onze", "nuestra"})
_MAX_WORDS = 4
_PARTICLES = PARTICLES | {"los", "las", "ten", "ter"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((DATA / "speech_cues.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _not_name() -> tuple[frozenset[str], tuple[str, ...]]:
    data = _data()
    return frozenset(data["not_name"]), tuple(data["not_name_endings"])


def _body_word(word: str) -> bool:
    words, endings = _not_name()
    lower = word.lower()
    return lower in words or lower.endswith(endings)


@lru_cache(maxsize=1)
def cues() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """(speech verbs, titles) of every language, as lower-case word tuples."""
    data = _data()

    def phrases(group: dict[str, list[str]]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(p.split()) for words in group.values() for p in words)

    return phrases(data["verbs"]), phrases(data["titles"])


def _cue_end(words: list[str], i: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """Where the longest cue phrase starting at token ``i`` ends, or 0."""
    for n in (3, 2, 1):
        if tuple(words[i : i + n]) in phrases:
            return i + n
    return 0


def name_span_length(doc: Doc, i: int) -> int:
    """Tokens from ``i`` that form "Name [particles] Name ...": 2-4 name words, starting and
    ending with a capitalised word, or 0."""
    end, names = i, 0
    while end < len(doc) and end - i < _MAX_WORDS + 2:
        tok = doc[end]
        if _NAME_WORD.match(tok.text) and not tok.text.isupper():
            if _body_word(tok.text):
                return 0  # "Departamento de Seguridad Nacional", "Amerikaanse Immigratiedienst"
            names += 1
            end += 1
        elif tok.lower_ in _PARTICLES and names and end + 1 < len(doc):
            end += 1
        else:
            break
    while end > i and not _NAME_WORD.match(doc[end - 1].text):
        end -= 1  # a trailing particle belongs to what follows
    return end - i if 2 <= names <= _MAX_WORDS else 0


@Language.component("evidence_quoted_people")
def tag_quoted_people(doc: Doc) -> Doc:
    """Add PERSON spans (id ``rule:speech``) after speech verbs and titles and before
    ", <title>", where no entity was found."""
    verbs, titles = cues()
    words = [t.lower_ for t in doc]
    taken = {t.i for e in doc.ents for t in e}
    added: list[Span] = []
    for i in range(len(doc)):
        cue = _cue_end(words, i, verbs) or _cue_end(words, i, titles)
        start = cue
        while cue and start < len(doc) and (words[start] in _ARTICLES or doc[start].is_space):
            start += 1
        if cue and _cue_end(words, i, titles) and start < len(doc) and doc[start].text == ",":
            start += 1  # "De burgemeester, Jorien de Wit, zei"
        if cue and start < len(doc) and _cue_end(words, start, titles):
            start = _cue_end(words, start, titles)  # "dijo la portavoz Ana Ruiz"
        n = name_span_length(doc, start) if cue else 0
        if not n and doc[i].text == "," and i + 1 < len(doc) and _cue_end(words, i + 1, titles):
            # "Ana Ruiz, portavoz": the name ends at the comma.
            begin = i - 1
            while (
                begin > 0
                and i - begin < _MAX_WORDS + 2
                and (_NAME_WORD.match(doc[begin - 1].text) or doc[begin - 1].lower_ in _PARTICLES)
            ):
                begin -= 1
            while begin < i and not _NAME_WORD.match(doc[begin].text):
                begin += 1
            if begin < i and name_span_length(doc, begin) == i - begin:
                start, n = begin, i - begin
        if n and not any(k in taken for k in range(start, start + n)):
            added.append(Span(doc, start, start + n, label="PERSON", span_id=RULE_ID))
            taken.update(range(start, start + n))
    if added:
        doc.ents = [*doc.ents, *added]
    return doc
