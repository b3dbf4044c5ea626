"""People the statistical model misses or calls organisations: "Renata Tolliver" under a
signature line, "ZACH MAIORCA" in a booking table.

A known first name (US Census 1990 first-name lists, shipped by the ``names`` package)
followed by a capitalised surname is a person. First names that are also everyday words or
places ("Will", "Grant", "Dallas", "Virginia") are left to the model.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.entities.people import TITLE_MODIFIERS, TITLES, word_set

RULE_ID = "rule:first_name"
_AMBIGUOUS = word_set(
    """
    will may june april august grant mark bill frank rose hope joy faith chase page art guy pat
    sue don dawn ivy iris pearl ruby crystal amber summer autumn holly king major royal sterling
    christian charity patience an in so ma son lee van dallas austin houston jackson madison
    phoenix orlando denver lincoln warren marion douglas florence chester troy tyler augusta
    charlotte beverly cleveland columbus eugene savannah sydney virginia georgia carolina kent
    norman raleigh jefferson franklin clinton hamilton monroe jordan victoria camden aurora
    santa sierra del see america johnson my
    """
)
# Words that end a place or an organisation, never a surname right after a first name.
_NOT_SURNAME = (
    word_set(
        """
    county city state department dept office police sheriff court board center centre hospital
    school university college church bank group street avenue road valley river lake park
    beach springs creek heights hills mountain island islands bay harbor port square plaza hall
    building airport station district region north south east west northern southern eastern
    western central national federal international american memorial medical health services
    service program project fund foundation association union company corporation inc llc and
    or of the for to in on at by with from as is was are be will shall may january february
    march april june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday morning evening day week month year street report act
    agreement contract order exhibit code section farms farm industries industry enterprises
    partners holdings systems solutions technologies logistics foods products restaurant hotel
    market markets store stores motors care communications labs media energy capital management
    manufacturing construction transport transportation academy institute clinic pharmacy
    insurance credit santa san del rio
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
    al ak az ar ca co ct de fl ga hi id il ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm
    ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc pr
    """
    )
    | {w for title in TITLES for w in title}
    | TITLE_MODIFIERS
)
# Letters of any script: "González", "ORDOÑEZ" and "Reséndiz" are surnames too.
_TITLE_CASE = re.compile(r"^(?:Mc|Mac|O'|D')?[^\W\d_a-z][^\W\d_A-Z]+(?:'[A-Z][a-z]+)?$")
_UPPER = re.compile(r"^(?:MC|MAC|O'|D')?[^\W\d_a-z]{2,}$")
_INITIAL = re.compile(r"^[A-Z]\.?$")
# A first name after these is part of a place: "San Diego", "St. Louis", "Fort Myers".
_PLACE_PREFIXES = word_set("san santa st st. saint los las el la new fort ft ft. port mount mt mt.")


@lru_cache(maxsize=1)
def census_first_names() -> frozenset[str]:
    """Every first name in the census lists, upper case, "WILL" and "DALLAS" included."""
    import names

    found = set()
    for key in ("first:male", "first:female"):
        with open(names.FILES[key], encoding="ascii") as fh:
            found.update(line.split()[0] for line in fh if line.strip())
    return frozenset(found)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Known first names, upper case, without the ambiguous ones."""
    return frozenset(n for n in census_first_names() if n.lower() not in _AMBIGUOUS)


def _plain_upper(word: str) -> str:
    """ "Angélica" -> "ANGELICA": the census lists are unaccented."""
    decomposed = unicodedata.normalize("NFD", word.upper())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """A first name that is not also a common word or a place: safe to find people by."""
    return _plain_upper(word) in first_names() and (word.istitle() or word.isupper())


def could_be_first_name(word: str) -> bool:
    """Any census first name, ambiguous ones ("Mark", "Will") included."""
    return _plain_upper(word) in census_first_names()


def _surname(tok: Token, upper: bool) -> bool:
    pattern = _UPPER if upper else _TITLE_CASE
    return bool(pattern.match(tok.text)) and tok.lower_ not in _NOT_SURNAME


def name_length(tokens: list[Token]) -> int:
    """How many tokens from the first form "First [M.] Last[-Last] [Last2]", or 0. A second
    surname ("Pamela Reséndiz Trujano", "ANGEL ZEPEDA RIVAS") is taken when a third name-like
    word does not follow it."""
    if not tokens or not is_first_name(tokens[0].text):
        return 0
    upper = tokens[0].text.isupper()
    i = 1
    if i < len(tokens) and _INITIAL.match(tokens[i].text):
        i += 1
    if i >= len(tokens) or not _surname(tokens[i], upper):
        return 0
    i += 1
    if i + 1 < len(tokens) and tokens[i].text == "-" and _surname(tokens[i + 1], upper):
        i += 2
    elif (
        i < len(tokens)
        and _surname(tokens[i], upper)
        and not is_first_name(tokens[i].text)
        and not (i + 1 < len(tokens) and _surname(tokens[i + 1], upper))
    ):
        i += 1
    return i


def _guesses(doc: Doc) -> dict[int, Span]:
    """Token index -> the model's own entity covering it; a name found here may replace those
    when it covers them whole ("SEAN" read as an organisation in "SEAN RIORDAN", "JEFF" alone
    in "JEFF GUTKIN")."""
    out = {}
    for e in doc.ents:
        if not e.ent_id_:
            out.update({t.i: e for t in e})
    return out


# "E JOHNSON" in a ledger typed in capitals: a bare initial before a surname. "A" and "I" are
# words in capitals, and after these words the letter names a thing ("SCHEDULE B", "POD C").
_BARE_INITIAL = re.compile(r"^[B-HJ-Z]$")
_LETTER_NAMES = word_set(
    """
    schedule exhibit attachment appendix annex section part article chapter clause item class
    type grade plan option phase tier level group zone unit building block lot floor room pod
    cell wing dorm yard area gate sector form figure table tab line row column step stage round
    category model series version size vitamin hepatitis no number letter
    """
)


def _capital_lines(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the lines that have no lower-case letter."""
    text = doc.text
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and not any(c.islower() for c in line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def initial_surname_length(doc: Doc, i: int, lines: list[tuple[int, int]]) -> int:
    """2 when tokens ``i``, ``i + 1`` are "E JOHNSON" on a line in capitals, else 0."""
    if i + 1 >= len(doc) or not _BARE_INITIAL.match(doc[i].text):
        return 0
    tok, nxt = doc[i], doc[i + 1]
    if not any(a <= tok.idx and nxt.idx + len(nxt) <= b for a, b in lines):
        return 0
    if len(nxt.text) < 3 or not _UPPER.match(nxt.text) or nxt.lower_ in _NOT_SURNAME:
        return 0
    if i > 0 and (doc[i - 1].lower_ in _LETTER_NAMES or doc[i - 1].text in {"&", "/", "-"}):
        return 0
    if i + 2 < len(doc) and doc[i + 2].text in {"&", "/", "-", "."}:
        return 0  # "R & D", "B-2"
    return 2


# Words that open a line before a comma and a first name without being a surname:
# "Thanks, John", "However, Mark".
_NOT_INVERTED = word_set(
    """
    thanks thank hello hi hey dear regards sincerely cheers yes no ok okay note attn attention
    re cc from to sent subject date signed approved by name names
    """
)
_LINE_OPENERS = '\n\t|;"\u201c('
_NAME_ENDS = frozenset({",", ".", ";", "(", ")", "|", "and", "&", ":"})


def _is_stop(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word.lower() in STOP_WORDS


def _opens_entry(doc: Doc, i: int) -> bool:
    """Does token ``i`` start a line, a cell or an entry of a list? Wrapped lines are joined
    before the pipeline (ingest.entities.prep), so a sentence's end or a URL before the word
    counts too: reference lists read '... 2010. https://... Guttin, Andrea. "The ...'."""
    tok = doc[i]
    if not tok.idx or doc.text[tok.idx - 1] in _LINE_OPENERS:
        return True
    prev = doc[i - 1]
    if prev.like_num and (not prev.idx or doc.text[prev.idx - 1] in _LINE_OPENERS):
        return True  # a numbered row: "2 PATEL, Atulkumar"
    return prev.like_url or prev.text in {".", "!", "?", ":"} or "://" in prev.text


_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _surname_part(tok: Token) -> bool:
    """ "Guttin", "CACERES", "CACERES\u2010Maradiaga" (a hyphen other than "-" stays inside
    the token): every part in capitals or title case, none a place, title or common word."""
    parts = re.split("[-\u2010\u2011]", tok.text)
    if not all(_UPPER.match(p) or _TITLE_CASE.match(p) for p in parts):
        return False
    low = tok.lower_
    return low not in _NOT_SURNAME and low not in _NOT_INVERTED and not _is_stop(tok.text)


def _given_part(tok: Token, surname_upper: bool) -> bool:
    if surname_upper:
        return bool(_UPPER.match(tok.text) or _TITLE_CASE.match(tok.text))
    return bool(_TITLE_CASE.match(tok.text))


def inverted_length(doc: Doc, i: int) -> int:
    """How many tokens from ``i`` form "Surname, First [Second|M.]" standing at the start of
    a line, a table cell or a list entry ("Dobbie, Will, Jacob Goldin and ...", "Guttin,
    Andrea. "The Criminal Alien Program ...", "CACERES-Maradiaga, Vicente"), or 0. The first
    given name must be a known first name (an everyday-word one, "Will", only before another
    name of a list); a second one is a known first name, an initial, or a surname-like word
    that ends the name."""
    if not _opens_entry(doc, i) or not _surname_part(doc[i]):
        return 0
    j = i + 1
    if j + 1 < len(doc) and doc[j].text in _HYPHENS and _surname_part(doc[j + 1]):
        j += 2  # "OKAFOR-Brightwater"
    if j + 1 >= len(doc) or doc[j].text != ",":
        return 0
    upper = all(t.text.isupper() for t in doc[i:j] if t.text not in _HYPHENS)
    surname_upper = any(t.text.isupper() for t in doc[i:j] if t.text not in _HYPHENS)
    j += 1
    given = doc[j]
    after = doc[j + 1].text if j + 1 < len(doc) else ""
    if not (is_first_name(given.text) or (could_be_first_name(given.text) and after == ",")):
        return 0
    if not _given_part(given, surname_upper):
        return 0
    if j == i + 2 and is_first_name(doc[i].text) and after == ",":
        return 0  # "Renata, Marcus," greeting two people by their first names
    end = j + 1
    # Up to two more given names ("JIMINEZ-Joseph, Jean Carlos Alfonso"), then an initial
    # ("LOPEZ, Sergio Alonso M").
    for _ in range(2):
        if end < len(doc) and (
            (_given_part(doc[end], surname_upper) and could_be_first_name(doc[end].text))
            or (
                _surname(doc[end], upper) and end + 1 < len(doc) and doc[end + 1].text in _NAME_ENDS
            )
        ):
            end += 1
    if end < len(doc) and _INITIAL.match(doc[end].text):
        end += 1
    if end < len(doc) and not (
        doc[end].lower_ in _NAME_ENDS
        or doc[end].is_space
        or (doc[end].idx and doc.text[doc[end].idx - 1] in "\n\t")
        or doc[end].text[:1].isdigit()
    ):
        return 0
    return end - i


def _guessed_inverted(doc: Doc, i: int, guesses: dict[int, Span]) -> int:
    """3 when the model read exactly "Shahani, Aarti" at the start of an entry (as a person or
    an organisation) and both words are name-like: a given name no list knows."""
    e = guesses.get(i)
    if e is None or e.start != i or e.end != i + 3 or e.label_ not in {"PERSON", "ORG"}:
        return 0
    surname, comma, given = doc[i], doc[i + 1], doc[i + 2]
    if comma.text != "," or not _opens_entry(doc, i) or not _surname_part(surname):
        return 0
    if not _TITLE_CASE.match(given.text) or given.lower_ in _NOT_SURNAME or _is_stop(given.text):
        return 0
    return 3


@Language.component("evidence_first_names")
def tag_first_name_people(doc: Doc) -> Doc:
    """Add PERSON spans (id ``rule:first_name``) where no entity was found, or where the
    model's own guess lies inside the name."""
    taken = {t.i for e in doc.ents for t in e}
    guesses = _guesses(doc)
    added: list[Span] = []
    replaced: set[Span] = set()
    words = [t.text for t in doc]
    bare = any(_BARE_INITIAL.match(w) for w in words)
    lines = _capital_lines(doc) if bare else []
    # Only a first name (or, in a line in capitals, a bare initial) starts a name.
    starts = [
        i for i, w in enumerate(words) if is_first_name(w) or (lines and _BARE_INITIAL.match(w))
    ]
    inverted: set[int] = set()
    for k in range(len(words) - 1):
        comma = words[k + 1] == "," or (k + 3 < len(words) and words[k + 3] == ",")
        if comma and (k not in taken or k in guesses):
            n = inverted_length(doc, k) or _guessed_inverted(doc, k, guesses)
            span_tokens = range(k, k + n)
            if n and not any(t in taken and t not in guesses for t in span_tokens):
                # The model's guesses give way, also one running on from the line before.
                replaced |= {guesses[t] for t in span_tokens if t in guesses}
                added.append(Span(doc, k, k + n, label="PERSON", span_id=RULE_ID))
                inverted.update(span_tokens)
    i = 0
    for start in starts:
        if start < i or start in inverted:
            continue  # inside the name just added
        i = start
        after_place_word = i > 0 and doc[i - 1].lower_ in _PLACE_PREFIXES
        n = 0 if after_place_word else name_length(list(doc[i : i + 5]))
        initial = not n and bool(lines) and bool(n := initial_surname_length(doc, i, lines))
        covered = {guesses[k] for k in range(i, i + n) if k in guesses}
        # A reading of the model's as long as the name stands (spans.py reads an organisation
        # that is a plain name as a person); shorter ones are cut-off names. In a line in
        # capitals the model runs on past the name ("C WEIHS WASHINGTON DC" as one firm).
        inside = all(
            e.start >= i and (e.end <= i + n and len(e) < n or initial and e.label_ != "PERSON")
            for e in covered
        )
        if n and inside and not any(k in taken and k not in guesses for k in range(i, i + n)):
            added.append(Span(doc, i, i + n, label="PERSON", span_id=RULE_ID))
            replaced |= covered
            i += n
    if added:
        doc.ents = [*(e for e in doc.ents if e not in replaced), *added]
    return doc
