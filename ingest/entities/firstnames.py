"""People the statistical model misses or calls organisations: "Renata Tolliver" under a
signature line, "ZACH MAIORCA" in a booking table.

A known first name (US Census 1990 first-name lists, shipped by the ``names`` package)
followed by a capitalised surname is a person. First names that are also everyday words or
places ("Will", "Grant", "Dallas", "Virginia") are left to the model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.entities.people import COMMON_WORD_SURNAMES, TITLE_MODIFIERS, TITLES, word_set

RULE_ID = "rule:first_name"
_AMBIGUOUS = word_set(
    """
    will may june april august grant mark bill frank rose hope joy faith chase page art guy pat
    sue don dawn ivy iris pearl ruby crystal amber summer autumn holly king major royal sterling
    christian charity patience an in so ma son lee van dallas austin houston jackson madison
    phoenix orlando denver lincoln warren marion douglas florence chester troy tyler augusta
    charlotte beverly cleveland columbus eugene savannah sydney virginia georgia carolina kent
    norman raleigh jefferson franklin clinton hamilton monroe jordan victoria camden aurora
    santa sierra del see america johnson
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
    | COMMON_WORD_SURNAMES
)
_TITLE_CASE = re.compile(r"^(?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:'[A-Z][a-z]+)?$")
_UPPER = re.compile(r"^(?:MC|MAC|O'|D')?[A-Z]{2,}$")
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


def is_first_name(word: str) -> bool:
    """A first name that is not also a common word or a place: safe to find people by."""
    return word.upper() in first_names() and (word.istitle() or word.isupper())


def could_be_first_name(word: str) -> bool:
    """Any census first name, ambiguous ones ("Mark", "Will") included."""
    return word.upper() in census_first_names()


def _surname(tok: Token, upper: bool) -> bool:
    pattern = _UPPER if upper else _TITLE_CASE
    return bool(pattern.match(tok.text)) and tok.lower_ not in _NOT_SURNAME


def name_length(tokens: list[Token]) -> int:
    """How many tokens from the first form "First [M.] Last[-Last]", or 0."""
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
    return i


@Language.component("evidence_first_names")
def tag_first_name_people(doc: Doc) -> Doc:
    """Add PERSON spans (id ``rule:first_name``) where no entity was found."""
    taken = {t.i for e in doc.ents for t in e}
    added = []
    i = 0
    while i < len(doc):
        after_place_word = i > 0 and doc[i - 1].lower_ in _PLACE_PREFIXES
        n = 0 if i in taken or after_place_word else name_length(list(doc[i : i + 5]))
        if n and not any(k in taken for k in range(i, i + n)):
            added.append(Span(doc, i, i + n, label="PERSON", span_id=RULE_ID))
            i += n
        else:
            i += 1
    if added:
        doc.ents = [*doc.ents, *added]
    return doc
