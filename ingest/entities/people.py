"""Normalising a person's name as it appears on a page ("TOLLIVER, RENATA J.", "Sheriff
Tolliver's", "Tol-\\nliver") into the "First M. Last" form used to group mentions."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a text block, for word lists kept as prose."""
    return frozenset(text.split())


# Leading words dropped from a name, as word sequences, casefolded, without trailing dots.
# The titles in data/person_patterns.jsonl must all be here (a test checks it), or a titled
# mention would keep its title in the norm and never group with the bare name.
_TITLE_PHRASES = """
field office director|deputy field office director|assistant field office director
contracting officer|attorney general|special agent in charge|special agent|police chief
chief of police|district attorney|state's attorney|inspector general|executive director
city manager|county manager|county executive|police officer|correctional officer|detention officer
deportation officer|immigration officer|probation officer|deputy sheriff|magistrate judge
district judge|circuit judge|chief judge|chief justice|immigration judge|u.s. attorney
us attorney|united states attorney|vice president|special deputy
""".replace("\n", "|").split("|")
_TITLE_WORDS = word_set(
    """
    sheriff undersheriff chief director superintendent supt commander cmdr captain capt
    lieutenant lt sergeant sgt officer ofc judge justice commissioner supervisor secretary
    deputy detective det agent warden mayor governor gov senator sen rep representative
    councilmember councilman councilwoman alderman alderwoman alderperson administrator
    inspector marshal trooper corporal cpl constable magistrate clerk president chairman
    chairwoman chair chairperson attorney atty professor prof mr mrs ms mx miss dr hon
    honorable acting assistant associate interim senior special supervisory executive
    principal former lead sra srta dhr mevr herr frau
    """
)
TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        {tuple(w.rstrip(".") for w in p.split()) for p in _TITLE_PHRASES if p.strip()}
        | {(w,) for w in _TITLE_WORDS},
        key=len,
        reverse=True,
    )
)
# Words that make a title longer ("Field Office Director", "Police Officer"); titles only when
# a title follows them.
_TITLES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _title in TITLES:
    _TITLES_BY_FIRST.setdefault(_title[0], []).append(_title)

TITLE_MODIFIERS = word_set(
    """
    field office contracting police district immigration correctional detention deportation
    probation magistrate circuit u.s us vice special supervisory deputy acting assistant
    associate interim senior chief executive principal former lead
    """
)
SUFFIXES = word_set("jr sr ii iii iv v esq phd md")
PARTICLES = word_set("de del della der den di da du dos das la le van von ibn")

# Words that cannot be part of a person's name: function words and organisation words.
_NOT_IN_NAME = word_set(
    """
    a an the and or of for to in on at by with from as is are was were be been shall must not
    this that these those it its he she they we you i his her their our your
    contractor government agency department dept office division unit bureau program county
    city state court district federal national police board commission committee council inc llc
    llp ltd corp co company corporation
    group services solutions properties
    my et al per curiam number docket
    appellant appellants appellee appellees plaintiff plaintiffs defendant defendants petitioner
    petitioners respondent respondents intervenor intervenors
    building courts courthouse international airport center centre memorial hospital school
    university college library institute foundation church plaza station terminal prison jail
    dollars dollar kina pesos peso rupees euros yen yuan francs ringgit baht shillings
    """
)
# A cause of death or a diagnosis in a register's cell ("Anoxic Brain Injury", "Congestive
# Heart Failure"): the model reads two capitalised words as a name, and without the first word
# the rest would still pass ("Heart"). No name has these words.
_CONDITION_WORDS = word_set(
    """
    disease diseases syndrome failure injury injuries infarction arrest attack cancer tumor
    carcinoma pneumonia bronchopneumonia sepsis septicemia cirrhosis hemorrhage haemorrhage
    aneurysm embolism thrombosis asphyxia asphyxiation overdose suicide hypertension
    hypertensive diabetes diabetic cardiac cardiovascular cardiopulmonary congestive pulmonary
    respiratory renal hepatic cerebral cerebrovascular coronary myocardial chronic acute
    ischemic atherosclerotic encephalopathy complications toxicity intoxication seizure
    seizures tuberculosis meningitis
    """
)
# A name ending in one of these is an address ("W. Lawrence Avenue", "Harlan Ct", "P.O. Box")
# or a law reporter's abbreviation ("N.C. App", "F. Supp"), not a person.
_STREET_WORDS = word_set(
    """
    avenue ave street st boulevard blvd road rd drive dr highway hwy parkway pkwy suite ste
    ct ln pl cir ter terr trl sq box app supp rptr
    """
)
# Words that are a name only next to another name word ("June Carter", "Larry Page").
_NOT_A_NAME_ALONE = word_set(
    """
    page section article exhibit attachment appendix table figure item agreement contract
    memorandum order report notice statement letter subject re date name signature title total
    amount none may will january february march april june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday
    pub stat supp vol ibid id et al
    yes no precinct ballot ballots solicitor registrar clerk counsel strategies
    """
)
# Of those, the words no title makes a surname: a results table's "REP NO" / "GOVERNOR YES", a
# bulletin's "CLERK PRECINCT", "Deputy Solicitor General", "Justice Strategies" (a firm).
# "Judge Page" and "Sheriff May" stay people.
_NEVER_A_SURNAME = word_set(
    "yes no precinct ballot ballots solicitor registrar counsel strategies regional"
)
# Surnames that are also everyday English words: alone, untitled and at the start of a
# sentence ("Price increases ...", "Will the contractor ..."), they are read as the word.
COMMON_WORD_SURNAMES = word_set(
    """
    price case line brown will bush young black white green gray grey long short little hall
    wood woods stone rice best bell page park love may hope rich strong king cook baker hill
    lane field fields bird fox wolf lamb bass crane swan hunter fisher porter mason weaver
    cooper barber butler bishop pope knight judge marshall sharp wise good small major noble
    rose grant bill chase cash banks bank bond bonds burns cross dean ford frank free gold
    hardy holiday house hunt joy key kind lord mark marsh moody moon north south east west
    oak pace peace pearl penny pike plant pool post power powers pride rain reed rush salt
    savage shepherd silver singer snow spring star steel storm street summer swift tanner
    temple tower trust wall ward warren water waters wells wild winter worth rule law story
    church faith english french german gross fair fine hart hood hope hurt light lucky mayo
    miles mills nice paris pitt rivers rock rogers root ruby sale sales sand sands seal
    sterling stewart strange sweet toll tucker waller walls wing wolfe yard
    """
)

STATE_CODES = word_set(
    """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR
    """
)
_PLACE_AFTER_COMMA = re.compile(r",\s*(?:ST|St|FT|Ft|MT|Mt)\.?$")
_HYPHEN_BREAK = re.compile(r"([^\W\d_])-[ \t]*\r?\n\s*([^\W\d_])")
_POSSESSIVE = re.compile(r"(?:(?<=[^\W\d_])['\u2019][sS]|(?<=[sS])['\u2019])$")
_NAME_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\-.])*$")
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_EDGE_PUNCT = " \t\n,;:()[]{}\"'\u2018\u2019\u201c\u201d*\u2022-"


def _key(token: str) -> str:
    return token.casefold().rstrip(".")


def is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


def is_suffix(token: str) -> bool:
    return _key(token) in SUFFIXES


def _join_breaks(text: str) -> str:
    # A break before a lower-case letter is hyphenation ("Tol-\nliver"); before a capital it
    # is a hyphenated name that happens to wrap ("Castellanos-\nReyes").
    def repl(m: re.Match) -> str:
        return m.group(1) + ("" if m.group(2).islower() else "-") + m.group(2)

    return _HYPHEN_BREAK.sub(repl, text)


def _title_length(keys: list[str]) -> int:
    """How many leading words form a title: modifiers ("Field Office", "Police") count only
    when a title follows them, so "Police Deputy Director" is one title but "Police" is not."""
    mods = 0
    while mods < len(keys) and keys[mods] in TITLE_MODIFIERS:
        mods += 1
    return max(
        (
            start + len(title)
            for start in range(min(mods + 1, len(keys)))
            for title in _TITLES_BY_FIRST.get(keys[start], ())
            if tuple(keys[start : start + len(title)]) == title
        ),
        default=0,
    )


def is_title_word(token: str) -> bool:
    """Is ``token`` a title on its own ("Superintendent", "Lt.", "MAYOR")?"""
    return _key(token) in _TITLE_WORDS


def strip_titles(tokens: list[str]) -> tuple[list[str], bool]:
    """Drop leading titles ("Acting Field Office Director", "Mr."); says whether any was found."""
    found = False
    while tokens:
        n = _title_length([_key(t) for t in tokens])
        if not n:
            break
        tokens = tokens[n:]
        found = True
    return tokens, found


def fix_case_token(token: str) -> str:
    """Case one all-capital or all-lower-case name token: "MCDONALD" -> "McDonald",
    "O'NEILL" -> "O'Neill", "CASTELLANOS-REYES" -> "Castellanos-Reyes", "JR." -> "Jr."."""
    if is_initial(token):
        return token[0].upper() + "."
    if _key(token) in {"ii", "iii", "iv", "v"}:
        return token.upper()
    return "-".join(_fix_part(p) for p in token.split("-"))


def _fix_part(part: str) -> str:
    low = part.lower()
    if not low:
        return part
    if re.match(r"^[^\W\d_]'[^\W\d_]", low):  # O'Neill, D'Angelo
        return low[0].upper() + "'" + low[2:3].upper() + low[3:]
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    return low[0].upper() + low[1:]


def _needs_case_fix(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and (token.isupper() or token.islower())


def _split_comma(text: str) -> tuple[str, list[str]] | None:
    """Handle commas: trailing titles ("Tolliver, Director") and suffixes ("Smith, Jr.") are
    set apart; "LAST, FIRST M." is reordered. None when the commas make it a list."""
    suffixes: list[str] = []
    kept: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        words = part.split()
        if not words or not strip_titles(words)[0]:
            continue  # empty, or a trailing ", Director"
        if all(is_suffix(w) for w in words):
            suffixes.extend(words)
        else:
            kept.append(part)
    if len(kept) > 2:
        return None
    return " ".join(reversed(kept)), suffixes


def names_a_condition(surface: str) -> bool:
    """Does the text hold a diagnosis's word ("Congestive Heart", "Brain Injury")?"""
    return any(w.strip(".,;:()/").lower() in _CONDITION_WORDS for w in re.split(r"[\s/]+", surface))


def normalise_person(surface: str) -> str | None:
    """ "TOLLIVER, RENATA J." -> "Renata J. Tolliver"; "Sheriff Tolliver's" -> "Tolliver".

    None for things that are not a person's name: a title alone, single common words,
    numbers, more than five name words."""
    text = surface.replace("\u2019", "'").replace("\u2018", "'")
    text = _join_breaks(text.replace("\u2010", "-").replace("\u2011", "-"))
    text = " ".join(text.split()).strip(_EDGE_PUNCT.replace("-", ""))
    if not text or any(c.isdigit() for c in text):
        return None
    text = _POSSESSIVE.sub("", text).strip(_EDGE_PUNCT)
    if _PLACE_AFTER_COMMA.search(text):
        return None  # "SPRINGFIELD, ST LOUIS" cut at "ST": places, not "LAST, FIRST"
    split = _split_comma(text)
    if split is None:
        return None
    text, suffixes = split
    tokens, titled = strip_titles([t for t in text.split() if t not in {"&", "-"}])
    while tokens and is_suffix(tokens[-1]) and len(tokens) > 1:
        suffixes.insert(0, tokens.pop())
    tokens = [_POSSESSIVE.sub("", t) for t in tokens]
    if not tokens or len(tokens) > 5 or all(is_initial(t) for t in tokens):
        return None
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    keys = [_key(t) for t in tokens]
    # A capital letter alone is an initial ("DEREK A ARMER", "Daniel I. Hall"), not "a" or "I".
    words = [k for t, k in zip(tokens, keys, strict=True) if not (len(k) == 1 and t[0].isupper())]
    if any(part in _NOT_IN_NAME for k in words for part in k.split("-")):
        return None
    if len(tokens) == 1 and not titled and keys[0] in _NOT_A_NAME_ALONE:
        return None
    if any(k in _NEVER_A_SURNAME for k in keys):
        return None  # "State's Attorney Regional Organized Crime", "GENERAL YES": not names
    if all(k in TITLE_MODIFIERS for k in keys):
        return None  # "Contracting", "Field Office": the start of a title
    if keys[-1] in _STREET_WORDS:
        return None
    if len(tokens) > 1 and tokens[-1] in STATE_CODES:
        return None  # "AMARILLO TX": a city and its state
    if any(re.fullmatch(r"[a-z]\.?", t) for t in tokens):
        return None  # "N. c. App", "P. o. Box": abbreviations, not initials
    if len(tokens) == 2 and not titled and is_initial(tokens[1]) and not is_initial(tokens[0]):
        return None  # "Charles M.": a name cut before its surname
    fixed = []
    for i, tok in enumerate(tokens):
        if _needs_case_fix(tok):
            particle = keys[i] in PARTICLES and i + 1 < len(tokens)
            # "DE LA CRUZ" -> "de la Cruz", but "VAN MORRISON" -> "Van Morrison"
            if particle and (i > 0 or keys[i + 1] in PARTICLES):
                tok = tok.lower()
            else:
                tok = fix_case_token(tok)
        elif "-" in tok and any(_needs_case_fix(p) for p in tok.split("-")):
            # "CACERES-Maradiaga": a table's capitals for the first surname only
            tok = "-".join(fix_case_token(p) if _needs_case_fix(p) else p for p in tok.split("-"))
        elif len(tok) == 1:
            tok = tok.upper() + "."
        fixed.append(tok)
    fixed.extend(fix_case_token(s) if _needs_case_fix(s) else s for s in suffixes)
    return " ".join(fixed)


def name_parts(norm: str) -> tuple[str, str, str]:
    """(first, middle initials, last) of a normalised name, for comparing short and full
    forms: "Renata J. Tolliver" -> ("Renata", "J", "Tolliver"); "R. Tolliver" ->
    ("R", "", "Tolliver") (a one-letter first name is an initial); "Maria de la Cruz" ->
    ("Maria", "", "de la Cruz"); "Tolliver" -> ("", "", "Tolliver"). Suffixes are dropped."""
    tokens = norm.split()
    while len(tokens) > 1 and is_suffix(tokens[-1]):
        tokens.pop()
    if not tokens:
        return "", "", ""
    last_start = len(tokens) - 1
    # Only lower-case particles belong to the surname: "Van Morrison" is a first name.
    while last_start > 0 and tokens[last_start - 1] in PARTICLES:
        last_start -= 1
    last = " ".join(tokens[last_start:])
    given = tokens[:last_start]
    if not given:
        return "", "", last
    first = given[0].rstrip(".") if is_initial(given[0]) else given[0]
    middle = "".join(t[0].upper() for t in given[1:])
    return first, middle, last
