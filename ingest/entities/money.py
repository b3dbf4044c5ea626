"""Money amounts in page text.

``find_money`` returns one :class:`~ingest.records.Mention` per amount, with ``text`` exactly
``page_text[start:end]`` so the viewer can highlight it. Values are computed with ``Decimal``
so "$22.1 million" is 22100000.0 and not 22100000.000000004.

Decisions a reader of search results should know:

* Words followed by figures, "Two Hundred Thousand Dollars ($200,000.00)", give ONE mention that
  spans the whole phrase through the closing parenthesis, valued from the figures. When words and
  figures disagree both are kept: the discrepancy is itself evidence.
* Separators are read by shape, then by language. English: "," groups thousands and "." is the
  decimal point. Decimal-comma languages (nl, de, fr, es, ...) and euro amounts: "," is decimal
  unless it is followed by exactly three digits and no multiplier ("$ 640,000" in a Dutch text),
  and "." followed by exactly three digits groups thousands ("1.500,00"). In English too, a bare
  "$350.000" is read as 350,000 (OCR and foreign typing; nobody prices to a tenth of a cent),
  but "$2.125 billion" and "$1.875 per unit" keep their decimals. A number that fits no reading
  ("$5,00" in English, "$4 00,001" split by OCR) is dropped rather than guessed.
* "$" means USD. "pounds" is GBP only as "pounds sterling" or after a multiplier ("2 million
  pounds"), and never before "of", so weights are not money.
* Ranges give two mentions: "$5,000 - 10,000" lends "$" to the bare end, "$5–10 million" lends
  the multiplier to the first end.
* Bare numbers count as money only inside a table whose header names a money column, or after a
  "label: value" whose label does ("Bail Amount: 5000"). They get method "table". Under a
  "Total"/"Value"/"Balance" header only figures with cents count (such columns also hold counts),
  and plain integers only under an explicit "($)" header, never years or zero-padded ids. A
  table read straight across (no column layout) is matched from the right: its money columns
  must be the header's last ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ingest.records import Mention

__all__ = ["find_money", "format_money", "parse_amount"]

_DECIMAL_COMMA_LANGS = frozenset(
    [
        "nl",
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "da",
        "sv",
        "nb",
        "no",
        "fi",
        "pl",
        "cs",
        "sk",
        "sl",
        "hr",
        "ro",
        "hu",
        "tr",
        "ru",
        "uk",
        "el",
        "id",
        "vi",
    ]
)

# Multipliers in every language (English appears in documents of all languages). Single letters
# (k, m, b) are handled apart because they need tighter rules.
_BASE_MULTIPLIERS = {
    "thousand": 3,
    "million": 6,
    "millions": 6,
    "billion": 9,
    "billions": 9,
    "trillion": 12,
    "mm": 6,
    "mn": 6,
    "mln": 6,
    "bn": 9,
    "mil": 6,
}
_LANG_MULTIPLIERS = {
    "nl": {
        "duizend": 3,
        "mln.": 6,
        "miljoen": 6,
        "mld": 9,
        "mld.": 9,
        "mrd": 9,
        "mrd.": 9,
        "miljard": 9,
        "miljarden": 9,
        "biljoen": 12,
    },
    "de": {
        "tsd": 3,
        "tsd.": 3,
        "tausend": 3,
        "mio": 6,
        "mio.": 6,
        "millionen": 6,
        "mrd": 9,
        "mrd.": 9,
        "milliarde": 9,
        "milliarden": 9,
        "billion": 12,
        "billionen": 12,
    },
    "fr": {
        "mille": 3,
        "milliard": 9,
        "milliards": 9,
        "md": 9,
        "mds": 9,
        "mrd": 9,
        "billion": 12,
        "billions": 12,
    },
    "es": {
        "mil": 3,
        "millón": 6,
        "millon": 6,
        "millones": 6,
        "mil millones": 9,
        "millardo": 9,
        "millardos": 9,
        "billón": 12,
        "billon": 12,
        "billones": 12,
    },
}
_LETTER_MULTIPLIERS = {"k": 3, "m": 6, "b": 9}

_DOLLAR_NAMES = {
    "Australian": "AUD",
    "Canadian": "CAD",
    "Singapore": "SGD",
    "New Zealand": "NZD",
    "Hong Kong": "HKD",
    "U.S.": "USD",
    "US": "USD",
    "American": "USD",
}
_DOLLAR_COUNTRIES = "|".join(
    alt
    for name in sorted(_DOLLAR_NAMES, key=len, reverse=True)
    for alt in (
        re.escape(name).replace(r"\ ", "[ ]"),
        re.escape(name.upper()).replace(r"\ ", "[ ]"),
    )
)
_PREFIX_CURRENCIES = {
    **{
        re.sub(r"[\s.]", "", name).upper() + word: code
        for name, code in _DOLLAR_NAMES.items()
        for word in ("DOLLARS", "DOLLAR")
    },
    "DOLLARS": "USD",
    "DOLLAR": "USD",
    "US$": "USD",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "CAD": "CAD",
    "AUD": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "MX$": "MXN",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
}
_BASE_SUFFIX_CURRENCIES = {
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "cad": "CAD",
    "aud": "AUD",
    "€": "EUR",
    "dollars": "USD",
    "dollar": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
}
_LANG_SUFFIX_CURRENCIES = {
    "es": {"dólares": "USD", "dolares": "USD", "dólar": "USD", "dolar": "USD"},
    "de": {"us-dollar": "USD"},
    "fr": {"$": "USD"},
}
_CONNECTORS = {"es": (r"de\s+",), "fr": (r"de\s+", r"d['’]\s?")}
_UNIT_PREPOSITIONS = {"nl": "per", "de": "pro", "fr": "par", "es": "por"}

_UNIT_NAMES = {
    "hr": "hour",
    "hrs": "hour",
    "h": "hour",
    "mo": "month",
    "mos": "month",
    "yr": "year",
    "yrs": "year",
    "annum": "year",
    "annually": "year",
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
    "wk": "week",
    "diem": "day",
    "ea": "each",
    "apiece": "each",
}
# "per the contract", "per cent": the word after "per" is not a unit.
_NOT_UNITS = frozenset(
    [
        "the",
        "a",
        "an",
        "each",
        "every",
        "this",
        "that",
        "our",
        "your",
        "their",
        "its",
        "his",
        "her",
        "cent",
        "se",
    ]
)

_RANGE_FOLLOWERS = frozenset(
    [
        "in",
        "for",
        "to",
        "of",
        "per",
        "each",
        "and",
        "or",
        "a",
        "an",
        "the",
        "at",
        "on",
        "with",
        "from",
        "by",
        "range",
        "respectively",
        "is",
        "was",
        "are",
        "were",
        "will",
        "would",
        "depending",
    ]
)

_SPACES = "[ \t]"
_MINUS = "[-\u2212]"
# A currency wrapped onto the line before its figure ("fixed at USD\n48,500"); only a grouped
# figure may follow, so a header ending "USD" over a row starting "2019" stays apart.
_WRAP_TO_GROUPED = r"[ \t]*\r?\n[ \t]*(?=\d{1,3}[.,]\d{3}(?!\d))"


def _alternation(words, flags: str = "i") -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(piece) for piece in word.split(" ")))
    body = "|".join(parts)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _number_pattern(space_groups: bool) -> str:
    groups = r"(?:,\d{3})+|(?:\.\d{3})+"
    if space_groups:
        groups += r"|(?:[ \u00a0\u202f]\d{3})+"
    return rf"(?:\d{{1,3}}(?:{groups})(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)(?!\d|[.,]\d)"


@dataclass(frozen=True)
class _Lang:
    code: str
    decimal_comma: bool
    multipliers: dict[str, int]
    suffixes: dict[str, str]
    amount: re.Pattern
    range_tail: re.Pattern
    bare_number: re.Pattern
    query: re.Pattern


def _multiplier_pattern(words) -> str:
    # Spelled-out multipliers may follow a line break ("$22.1\nmillion"); a single letter must
    # be attached ("$750K") or, upper-case, one space away and followed by prose ("$1.2 M in"),
    # so "$500 b)" in a list or "$90,000 M = ..." in a legend of codes stays as it is.
    spelled = rf"\s{{0,3}}{_alternation(words)}(?![A-Za-z0-9&])"
    letters = r"[kKmMbB](?![A-Za-z0-9&])|[ \t][KMB](?=[ \t]*(?:\n|\Z)|[.,;!?$€£]|[ \t]+[a-z])"
    return f"(?:{spelled}|{letters})"


_PREFIX = (
    r"(?<![A-Za-z])(?:U\.?S\.?[ ]?\$|USD|EUR|GBP|CAD|AUD|CA\$|AU\$|NZ\$|HK\$|MX\$|[CARS]\$)"
    r"|\$|€|£"
    # The currency's name before the figure, as court orders and contracts abroad write it:
    # "Australian Dollars 6,615,634.23", "the sum of Dollars 429,321".
    rf"|(?<![A-Za-z])(?:(?:{_DOLLAR_COUNTRIES})[ ])?(?:Dollars?|DOLLARS?)"
    # ... before a grouped figure or one with cents only: "Dollars 2019" is a year.
    r"(?=[ ]{1,3}\(?(?:\d{1,3}(?:,\d{3})+|\d+\.\d\d)(?!\d))"
)


def _unit_pattern(code: str) -> str:
    preps = "per" if code == "en" else f"per|{_UNIT_PREPOSITIONS.get(code, 'per')}"
    return rf"""
        (?P<unitpart>
            {_SPACES}*/{_SPACES}?(?P<u_slash>[A-Za-z]{{1,15}})(?![A-Za-z0-9])
          | {_SPACES}+(?i:{preps}){_SPACES}+(?P<u_per>[A-Za-z]{{1,20}})(?![A-Za-z])
          | {_SPACES}+(?P<u_each>(?i:each|apiece))(?![A-Za-z])
          | {_SPACES}+(?i:an?){_SPACES}+(?P<u_a>(?i:hour|day|week|month|year|night))(?![A-Za-z])
          | {_SPACES}+(?P<u_adv>(?i:annually|monthly|weekly|daily|hourly|yearly|per\s+annum))
            (?![A-Za-z])
        )?"""


@lru_cache(maxsize=32)
def _lang(lang: str) -> _Lang:
    code = (lang or "en").lower()[:2]
    decimal_comma = code in _DECIMAL_COMMA_LANGS
    multipliers = {**_BASE_MULTIPLIERS, **_LANG_MULTIPLIERS.get(code, {})}
    suffixes = {**_BASE_SUFFIX_CURRENCIES, **_LANG_SUFFIX_CURRENCIES.get(code, {})}
    number = _number_pattern(space_groups=decimal_comma)
    mult = _multiplier_pattern(multipliers)
    suffix = _alternation(suffixes) + r"(?![A-Za-z])"
    connector = "|".join(_CONNECTORS.get(code, ()))
    connector = f"(?i:{connector})" if connector else "(?!)"
    # The leading look-ahead lets most positions of a page fail on one character test.
    amount = rf"""
        (?=[-\u2212$€£\d.,UCAEGNHMRSD])
        (?P<sign>(?<![\w)]){_MINUS}(?=[$€£\dUCAEGNHMRSD]))?
        (?:
            (?P<pcur>{_PREFIX})(?:{_SPACES}{{0,3}}|{_WRAP_TO_GROUPED})
            (?P<sign2>{_MINUS})?(?P<open>\()?
            (?P<pnum>{number})(?P<pmult>{mult})?(?(open)\))
            (?P<ptail>\s{{0,2}}(?:{connector})?(?P<pcur2>{suffix}))?
          |
            (?<![\w.,])(?P<snum>{number})(?P<smult>{mult})?
            \s{{0,3}}(?P<sconn>{connector})?(?P<scur>{suffix})
        )
        {_unit_pattern(code)}"""
    range_tail = rf"""{_SPACES}*[-–—]{_SPACES}*(?P<rcur>{_PREFIX})?{_SPACES}{{0,3}}
        (?P<rnum>{number})(?P<rmult>{mult})?(?![A-Za-z0-9%])
        (?:{_SPACES}{{0,2}}(?P<rcur2>{suffix}))?"""
    query = rf"""\s*(?P<sign>{_MINUS})?\s*(?P<pcur>{_PREFIX})?\s*(?P<sign2>{_MINUS})?\s*
        (?P<num>{number})(?P<mult>{mult}|\s?[kmb](?![A-Za-z]))?\s*(?P<scur>{suffix})?\s*"""
    return _Lang(
        code=code,
        decimal_comma=decimal_comma,
        multipliers=multipliers,
        suffixes=suffixes,
        amount=re.compile(amount, re.X),
        range_tail=re.compile(range_tail, re.X),
        bare_number=re.compile(number),
        query=re.compile(query, re.X),
    )


# --- numbers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Number:
    value: Decimal
    grouped: bool  # had a thousands separator
    decimals: int  # digits after the decimal separator


def _valid_groups(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _parse_number(
    raw: str, decimal_comma: bool, scaled: bool = False, rate: bool = False, ocr: bool = True
) -> _Number | None:
    """Read one number token, or None when no reading fits. ``scaled`` says a multiplier
    follows, which in decimal-comma languages makes "1,500 Millionen" 1.5 million; ``rate``
    says a unit follows ("$1.875 per unit"), where three decimals are plausible; ``ocr`` allows
    the English "$350.000" reading, which a bare table cell ("FAR 52.212") must not get."""
    s = re.sub(r"[ \u00a0\u202f]", "", raw)
    grouped = s != raw
    if "," in s and "." in s:
        # Both present: the last one is the decimal separator, in every language.
        dec_sep = "," if s.rfind(",") > s.rfind(".") else "."
        group_sep = "." if dec_sep == "," else ","
        whole, frac = s.rsplit(dec_sep, 1)
        if dec_sep in whole or not _valid_groups(whole.split(group_sep)):
            return None
        whole, grouped = whole.replace(group_sep, ""), True
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        parts = s.split(sep)
        if len(parts) > 2:
            if not _valid_groups(parts):
                return None
            whole, frac, grouped = "".join(parts), "", True
        else:
            whole, frac = parts
            three = len(frac) == 3 and 1 <= len(whole) <= 3
            if sep == ",":
                if three and not (decimal_comma and scaled):
                    whole, frac, grouped = whole + frac, "", True
                elif not decimal_comma:
                    return None  # "$5,00" in English: no reading is safe
            elif three and (decimal_comma or (ocr and not (scaled or rate or whole == "0"))):
                # "1.500" and "1.500 Millionen" group thousands; so does "$350.000" in English
                # (OCR or foreign style): a bare dollar amount is never given to a tenth of a cent.
                whole, frac, grouped = whole + frac, "", True
    else:
        whole, frac = s, ""
    if len(whole) > 1 and whole.startswith("0"):
        return None  # "$000" in an "Amount ($000)" header, zero-padded ids
    try:
        value = Decimal(f"{whole or '0'}.{frac or '0'}")
    except InvalidOperation:
        return None
    return _Number(value=value, grouped=grouped, decimals=len(frac))


def _multiplier(text: str | None, lang: _Lang) -> int | None:
    if not text:
        return None
    key = re.sub(r"\s+", " ", text.strip()).lower()
    if key in lang.multipliers:
        return lang.multipliers[key]
    return _LETTER_MULTIPLIERS.get(key)


def _unit(match: re.Match) -> str | None:
    for group in ("u_slash", "u_per", "u_each", "u_a", "u_adv"):
        word = match.group(group)
        if not word:
            continue
        word = re.sub(r"\s+", " ", word.lower())
        if word == "per annum":
            return "year"
        if group in ("u_slash", "u_per") and word in _NOT_UNITS:
            return None
        if word in _UNIT_NAMES:
            return _UNIT_NAMES[word]
        if len(word) > 4 and word.endswith("ies"):
            return word[:-3] + "y"
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us")):
            return word[:-1]
        return word
    return None


# --- amounts with a currency -------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    value: Decimal
    currency: str
    method: str = "pattern"
    unit: str | None = None
    number: Decimal | None = None  # the figure before any multiplier, for ranges
    exponent: int | None = None  # the multiplier as a power of ten; None when there was none


def _scaled(number: Decimal, exponent: int | None) -> Decimal:
    return number.scaleb(exponent) if exponent else number


def _year_like(raw: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", raw))


def _accounting_parens(text: str, open_pos: int, close_end: int) -> bool:
    """Whether "(...)" around an amount marks a negative (a ledger cell) rather than an aside:
    "the grant ($2.6 million) was" is an aside, "Adjustment    ($665.00)" is not."""
    line_start = text.rfind("\n", 0, open_pos) + 1
    line_end = text.find("\n", close_end)
    before = text[line_start:open_pos]
    after = text[close_end : len(text) if line_end == -1 else line_end].rstrip("\r")
    head = before.rstrip(" \t")
    before_ok = (
        not head
        or head[-1] in ":=|)"
        or head[-1].isdigit()
        or len(before) - len(head) >= 2
        or "\t" in before[len(head) :]
    )
    rest = after.lstrip(" \t")
    after_ok = not rest or rest[0] in "|$€£(-" or rest[0].isdigit() or len(after) - len(rest) >= 2
    return before_ok and after_ok


_SPLIT_GROUP = re.compile(r"[ \t](?:[.,]?\d{1,3}[.,]\d|[.,]\d{3}|\d{3}(?!\d))")


def _from_amount_match(text: str, m: re.Match, lang: _Lang) -> _Cand | None:
    prefix = m.group("pcur") is not None
    if prefix:
        currency = _PREFIX_CURRENCIES.get(re.sub(r"[\s.]", "", m.group("pcur")).upper(), "USD")
        raw, mult_text = m.group("pnum"), m.group("pmult")
        end = m.end("pmult") if mult_text else m.end("pnum")
        if m.group("open"):
            end = text.index(")", end) + 1
        tail = m.group("pcur2")
        if tail:
            tail = re.sub(r"\s+", " ", tail.lower())
            # "$3.4 million dollar contract": the redundant currency word belongs to the amount
            if lang.suffixes.get(tail) == currency and not tail.startswith("pound"):
                end = m.end("ptail")
    else:
        word = re.sub(r"\s+", " ", m.group("scur").lower())
        currency = lang.suffixes[word]
        raw, mult_text = m.group("snum"), m.group("smult")
        end = m.end("scur")
    exponent = _multiplier(mult_text, lang)
    if not prefix:
        # "5 pounds of cocaine", "a 200-pound man": only "2 million pounds" is money
        weight = exponent is None or re.match(r"\s+of\b", text[end : end + 4], re.I)
        if word.startswith("pound") and "sterling" not in word and weight:
            return None
        if m.group("sconn") and exponent is None:
            return None
        if exponent is None and _year_like(raw) and word[0].isalpha():
            return None  # "in 2019 dollars" names a price level, not an amount
    unit = None
    if m.group("unitpart") and end == m.start("unitpart"):
        unit = _unit(m)
        if unit:
            end = m.end("unitpart")
    decimal_comma = lang.decimal_comma or currency == "EUR"
    number = _parse_number(raw, decimal_comma, exponent is not None, rate=unit is not None)
    if number is None:
        return None
    plain = not (number.grouped or number.decimals or exponent)
    if prefix and plain and text[end : end + 1].isalnum():
        return None  # "$5th", "$750Kx"; but "$2,500or more" is OCR glue around an amount
    if prefix and plain and len(raw) <= 3 and _SPLIT_GROUP.match(text, end):
        return None  # "$4 00,001", "$12 345": a number split by OCR; no reading is safe
    negative = bool(m.group("sign") or (prefix and (m.group("sign2") or m.group("open"))))
    start = m.start()
    in_parens = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
    if not negative and in_parens and _accounting_parens(text, start - 1, end + 1):
        negative = True
        start, end = start - 1, end + 1
    value = _scaled(number.value, exponent)
    return _Cand(
        start=start,
        end=end,
        value=-value if negative else value,
        currency=currency,
        unit=unit,
        number=number.value,
        exponent=exponent,
    )


def _pattern_candidates(text: str, lang: _Lang) -> list[_Cand]:
    found = []
    for m in lang.amount.finditer(text):
        cand = _from_amount_match(text, m, lang)
        if cand is not None:
            found.append(cand)
    return found


_FOLLOWING_WORD = re.compile(r"[ \t]+([A-Za-z]+)")


def _range_second(
    text: str, first: _Cand, m: re.Match, by_start: dict[int, _Cand], lang: _Lang
) -> tuple[_Cand, bool] | None:
    """The second end of "first – ...": an existing candidate, or a new one for a bare figure.
    Returns (candidate, is_new), or None when what follows the dash is not an amount."""
    if m.group("rcur"):
        second = by_start.get(m.start("rcur"))
        if second is None:
            dash = text.rfind("-", first.end, m.start("rcur"))
            signed = by_start.get(dash)
            if signed is not None and signed.value < 0:
                # "$5,000 -$10,000": the dash separates the two ends, it is not a minus sign
                signed.start, signed.value = m.start("rcur"), -signed.value
                second = signed
        return (second, False) if second else None
    raw = m.group("rnum")
    exponent = _multiplier(m.group("rmult"), lang)
    if exponent is None and _year_like(raw):
        return None
    number = _parse_number(raw, lang.decimal_comma or first.currency == "EUR", exponent is not None)
    follower = _FOLLOWING_WORD.match(text, m.end())
    if number is None or (follower and follower.group(1).lower() not in _RANGE_FOLLOWERS):
        return None  # "$5 - 10 people"
    if exponent is None and number.value < first.value:
        return None  # a range goes up: "$87,000,000 - 12" is a table row, 12 is a count
    second = _Cand(
        start=m.start("rnum"),
        end=m.end(),
        value=_scaled(number.value, exponent),
        currency=first.currency,
        number=number.value,
        exponent=exponent,
    )
    return second, True


def _apply_ranges(text: str, cands: list[_Cand], lang: _Lang) -> list[_Cand]:
    """Ranges: "$5,000 - 10,000" gives the bare second end the first end's currency, and
    "$5–10 million" gives the first end the second end's multiplier."""
    by_start = {c.start: c for c in cands}
    added = []
    for first in sorted(cands, key=lambda c: c.start):
        m = lang.range_tail.match(text, first.end)
        found = _range_second(text, first, m, by_start, lang) if m else None
        if found is None:
            continue
        second, is_new = found
        if is_new:
            added.append(second)
        if (
            first.exponent is None
            and second.exponent is not None
            and first.number is not None
            and second.number is not None
            and 0 <= first.number <= second.number
            and first.value >= 0
        ):
            first.exponent = second.exponent
            first.value = _scaled(first.number, second.exponent)
    return cands + added


# --- amounts in words --------------------------------------------------------------------------

_SMALL_WORDS = {
    word: i
    for i, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALE_WORDS = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_LEADING_WORD = _alternation([*_SMALL_WORDS, *_TENS_WORDS], flags="")
_ANY_WORD = _alternation([*_SMALL_WORDS, *_TENS_WORDS, *_SCALE_WORDS], flags="")
# A spelled amount starts with a number word, never with a scale: "million dollars" alone (as in
# "3.7\nmillion dollars") is the tail of a figure, not an amount of its own.
_WORDS_RE = re.compile(
    rf"\b(?=[efnostz])(?<![A-Za-z-]){_LEADING_WORD}(?:(?:[ \t]*-[ \t]*|\s+(?:and\s+)?){_ANY_WORD})*"
    r"(?![A-Za-z-])",
    re.I,
)
_WORDS_TAIL = re.compile(
    r"""(?:\s+and\s+(?:(?P<cents>\d{1,2})|no|xx)\s*/\s*100(?:ths)?)?
        (?:\s+(?P<cur>(?:U\.?S\.?\s+)?dollars?|euros?|pounds(?:\s+sterling)?)(?![A-Za-z]))?""",
    re.I | re.X,
)
_OPEN_PAREN = re.compile(r"\s{0,3}\(\s?")
_CLOSE_PAREN = re.compile(r"\s?\)")


def _words_value(words: str) -> Decimal:
    total, current = 0, 0
    for word in re.findall(r"[a-z]+", words.lower()):
        if word in _SMALL_WORDS:
            current += _SMALL_WORDS[word]
        elif word in _TENS_WORDS:
            current += _TENS_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALE_WORDS:
            total += (current or 1) * 10 ** _SCALE_WORDS[word]
            current = 0
    return Decimal(total + current)


def _paren_figure(text: str, pos: int, lang: _Lang) -> tuple[_Cand, int] | None:
    """The "($200,000.00)" after an amount in words, and where its ")" ends."""
    m = _OPEN_PAREN.match(text, pos)
    if not m:
        return None
    inner = lang.amount.match(text, m.end())
    cand = _from_amount_match(text, inner, lang) if inner else None
    if cand is None:
        bare = lang.bare_number.match(text, m.end())
        number = _parse_number(bare.group(), lang.decimal_comma) if bare else None
        if number is None:
            return None
        cand = _Cand(bare.start(), bare.end(), number.value, "")
    close = _CLOSE_PAREN.match(text, cand.end)
    return (cand, close.end()) if close else None


def _words_currency(cur_word: str, value: Decimal, text: str, after: int) -> str:
    cur_word = cur_word.lower()
    if not cur_word:
        return ""
    if cur_word.startswith("euro"):
        return "EUR"
    if cur_word.startswith("pound"):
        weighty = value < 1000 or re.match(r"\s+of\b", text[after : after + 4], re.I)
        return "GBP" if "sterling" in cur_word or not weighty else ""
    return "USD"


def _word_candidates(text: str, lang: _Lang) -> list[_Cand]:
    found = []
    for m in _WORDS_RE.finditer(text):
        tail = _WORDS_TAIL.match(text, m.end())
        value = _words_value(m.group())
        if tail.group("cents"):
            value += Decimal(tail.group("cents")) / 100
        currency = _words_currency(tail.group("cur") or "", value, text, tail.end())
        words_end = tail.end() if currency else m.end()
        figure = _paren_figure(text, words_end, lang)
        if figure is not None:
            fig, close_end = figure
            # "thirty (30) days" is not money: words or figure must name a currency
            if (currency or fig.currency) and abs(abs(fig.value) - value) < Decimal("0.005"):
                currency = fig.currency or currency
                found.append(_Cand(m.start(), close_end, abs(fig.value), currency))
                continue
        if currency:
            found.append(_Cand(m.start(), words_end, value, currency))
    return found


# --- bare numbers in tables and labelled fields ------------------------------------------------

_WEAK, _STRONG, _EXPLICIT = 1, 2, 3
_HEADER_STRONG = (
    "unit price|unit cost|extended price|extended amount|extended cost|extended total|"
    "ext price|ext. price|ext. amount|total price|total amount|total cost|total obligated|"
    "amount obligated|obligated amount|amount paid|amount due|amount awarded|award amount|"
    "contract amount|contract value|net amount|gross amount|dollar amount|invoice amount|"
    "payment amount|bid amount|base amount|fee amount|bail amount|bond amount|"
    "amount|amt|price|prices|cost|costs|extended|obligated|obligation|obligations|fee|fees|"
    "salary|budget|payment|payments|expenditure|expenditures|bail|bond|restitution|"
    "bedrag|prijs|kosten|betrag|preis|montant|prix|coût|cout|importe|monto|precio|costo|coste"
)
# Words that head money columns but also columns of counts ("Total" deaths, "Value" scores):
# under these only figures with cents count.
_HEADER_WEAK = (
    "grand total|line total|sub-total|subtotal|total|totals|balance|value|award|funding|fine|"
    "totaal|gesamt|summe"
)
_HEADER_EXPLICIT = (
    r"\(\s*(?:\$|usd|eur|€|£|gbp)\s*(?:000|k|m|mm|thousands?|millions?)?\s*\)"
    r"|\(\s*in\s+(?:thousands|millions)\s+of\s+(?:dollars|euros)\s*\)"
    r"|(?<!\S)[$€£](?!\S)|dollars|euros|usd|eur"
)
_HEADER_KW = re.compile(
    rf"(?<![A-Za-z])(?:(?P<explicit>{_HEADER_EXPLICIT})"
    rf"|(?P<strong>{_alternation(_HEADER_STRONG.split('|'), flags='')})"
    rf"|(?P<weak>{_alternation(_HEADER_WEAK.split('|'), flags='')}))(?![A-Za-z])",
    re.I,
)
_HEADER_CELL = re.compile(r"\S+(?: \S+)*")  # cells of a laid-out line are 2+ spaces apart
_HEADER_WORD = re.compile(r"[^\W\d_][\w'./-]*")
_AMOUNT_IN_LINE = re.compile(r"\d,\d{3}|\d\.\d\d(?!\d)")
_TOKEN = re.compile(r"[^\s|]+")
_PROSE = re.compile(r"(?:\b[a-z]+\b[ ,;]+){4}[a-z]")
_CELL_NUMBER = re.compile(
    rf"(?P<open>\()?(?P<sign>{_MINUS})?(?P<cur>[$€£])?(?P<num>[\d.,]*\d)(?(open)\))"
)
_CURRENCY_SYMBOLS = ("$", "€", "£")
_REFERENCE_WORDS = frozenset(
    [
        "section",
        "sec.",
        "article",
        "art.",
        "§",
        "§§",
        "chapter",
        "clause",
        "paragraph",
        "para.",
        "rule",
        "part",
        "page",
        "p.",
        "pp.",
        "no.",
        "version",
        "v.",
        "far",
        "dfars",
    ]
)
_MAX_GAP_LINES = 8  # lines without figures (wrapped descriptions) before a table is over
_MAX_COLUMN_DRIFT = 6


@dataclass(frozen=True)
class _Column:
    start: int  # offsets within the header line
    end: int
    strength: int  # 0: not a money column
    currency: str | None = None
    exponent: int | None = None  # "Amount ($000)" columns are in thousands


def _column(start: int, end: int, label: str, hits: list[re.Match]) -> _Column:
    strength = max(
        (_EXPLICIT if h["explicit"] else _STRONG if h["strong"] else _WEAK for h in hits), default=0
    )
    if not strength:
        return _Column(start, end, 0)
    lower = label.lower()
    currency = None
    if "€" in lower or "eur" in lower:
        currency = "EUR"
    elif "£" in lower or "gbp" in lower:
        currency = "GBP"
    elif "$" in lower or "usd" in lower or "dollar" in lower:
        currency = "USD"
    exponent = None
    if "(" in lower and re.search(r"000|thousand|\(\s*\$\s*k\s*\)", lower):
        exponent = 3
    elif "(" in lower and re.search(r"million|\(\s*\$\s*mm?\s*\)", lower):
        exponent = 6
    return _Column(start, end, strength, currency, exponent)


_VOCABULARY = frozenset(
    word
    for phrase in (_HEADER_STRONG + "|" + _HEADER_WEAK + "|dollars|euros|usd|eur").split("|")
    for word in re.findall(r"[^\W\d_]+", phrase)
)
_WORD = re.compile(r"[^\W\d_]+")


def _may_head(text: str) -> bool:
    """Cheap test before the header regex (a long alternation, slow to run over a whole page):
    does the text use any word of a money header, or a currency symbol?"""
    if "$" in text or "€" in text or "£" in text:
        return True
    return not _VOCABULARY.isdisjoint(w.lower() for w in _WORD.findall(text))


def _is_header(line: str) -> bool:
    """A short, mostly capitalised line without amounts on it (that would be a total row)."""
    if len(line) > 200 or _PROSE.search(line) or _AMOUNT_IN_LINE.search(line):
        return False
    words = _HEADER_WORD.findall(line)
    if not words or len(words) > 25:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.6 * len(words)


def _header_hits(label: str) -> list[re.Match]:
    # In a header the money word is capitalised ("Amount", "AMOUNT"); lower-case ones are prose.
    return [h for h in _HEADER_KW.finditer(label) if not h.group()[0].islower()]


@dataclass(frozen=True)
class _Header:
    line: str
    columns: tuple[_Column, ...]
    layout: bool  # the text keeps column positions (cells 2+ spaces apart)


def _parse_header(line: str) -> _Header | None:
    if not _is_header(line):
        return None
    cells = list(_HEADER_CELL.finditer(line))
    if len(cells) > 1:
        columns = [_column(c.start(), c.end(), c.group(), _header_hits(c.group())) for c in cells]
    else:
        columns = _keyword_columns(line)
    if not any(c.strength for c in columns):
        return None
    return _Header(line, tuple(columns), layout=len(cells) > 1)


def _keyword_columns(line: str) -> list[_Column]:
    """Columns of a header read straight across: one per keyword, with "Amount ($)" joined."""
    columns: list[_Column] = []
    hits_of: list[list[re.Match]] = []
    for hit in _header_hits(line):
        joins = (
            hit.group()[0] in "($€£" and columns and not line[columns[-1].end : hit.start()].strip()
        )
        if joins:
            hits_of[-1].append(hit)
            start = columns[-1].start
            columns[-1] = _column(start, hit.end(), line[start : hit.end()], hits_of[-1])
        else:
            hits_of.append([hit])
            columns.append(_column(hit.start(), hit.end(), hit.group(), [hit]))
    return columns


def _trailing_columns(header: _Header) -> list[_Column]:
    """The money columns that end a header read straight across, rightmost first."""
    trailing: list[_Column] = []
    limit = len(header.line.rstrip())
    for col in reversed(header.columns):
        if header.line[col.end : limit].strip() or not col.strength:
            break
        trailing.append(col)
        limit = col.start
    return trailing


def _nearest_column(columns: tuple[_Column, ...], start: int, end: int) -> _Column | None:
    """The header column a token sits under: the one it overlaps most, else the closest within
    a few characters (figures are often right-aligned past a short header such as "Amount")."""
    best, best_score = None, -_MAX_COLUMN_DRIFT
    for col in columns:
        score = min(end, col.end + 1) - max(start, col.start - 1)
        if score > best_score:
            best, best_score = col, score
    return best


def _row_cells(tokens: list[re.Match], header: _Header):
    """Pair a row's tokens with money columns: by position when the text keeps the layout,
    else from the right, since a table read straight across ends with its money columns
    ("Qty Unit Price Amount" over "12 18,500.00 222,000.00")."""
    if header.layout:
        for token in tokens:
            col = _nearest_column(header.columns, token.start(), token.end())
            if col is not None and col.strength:
                yield token, col
        return
    row = [t for t in tokens if t.group() not in _CURRENCY_SYMBOLS]
    for col, index in zip(_trailing_columns(header), range(len(row) - 1, -1, -1), strict=False):
        token = row[index]
        if not _CELL_NUMBER.fullmatch(token.group()):
            break
        if index and row[index - 1].group().lower() in _REFERENCE_WORDS:
            break  # "Section 4.10" is a heading that happens to follow a table
        yield token, col


def _cell_value(raw_token: str, col: _Column, lang: _Lang, row_like: bool) -> _Cand | None:
    m = _CELL_NUMBER.fullmatch(raw_token)
    if not m or m.group("cur"):
        return None  # a figure with its own currency sign is the pattern finder's
    raw = m.group("num")
    number = _parse_number(raw, lang.decimal_comma or col.currency == "EUR", ocr=False)
    if number is None:
        return None
    if number.decimals == 2:
        ok = True
    elif number.grouped and number.decimals == 0:
        ok = col.strength >= _STRONG
    else:
        # Plain integers are ids, years, quantities and page numbers far more often than money.
        plain_ok = number.decimals > 0 or (not raw.startswith("0") and not _year_like(raw))
        ok = col.strength == _EXPLICIT and row_like and plain_ok
    if not ok:
        return None
    value = _scaled(number.value, col.exponent)
    negative = bool(m.group("open") or m.group("sign"))
    return _Cand(0, 0, -value if negative else value, col.currency or "", method="table")


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _ends_in_cents(tokens: list[re.Match]) -> bool:
    """A row whose long description reads like prose still ends in its price cells
    ("Analyst training, on site, two sessions 2 EA 25,000.00 50,000.00"); a sentence does not
    end in two figures with cents in a row."""
    if len(tokens) < 2:
        return False
    last = [_CELL_NUMBER.fullmatch(t.group()) for t in tokens[-2:]]
    return all(m is not None and re.search(r"\.\d\d\)?$", m.group()) for m in last)


def _table_candidates(text: str, lang: _Lang) -> list[_Cand]:
    found: list[_Cand] = []
    header: _Header | None = None
    gap = 0
    for offset, line in _lines(text):
        # A tab is a block break of unknown width (:mod:`ingest.layout`), not a fixed-width
        # column: the row reads straight across. Same length, so offsets hold.
        line = line.replace("\t", " ")
        new_header = _parse_header(line) if _may_head(line) else None
        if new_header is not None:
            header, gap = new_header, 0
            continue
        if header is None:
            continue
        tokens = list(_TOKEN.finditer(line))
        if not any(_CELL_NUMBER.fullmatch(t.group()) for t in tokens):
            gap += 1
            if gap > _MAX_GAP_LINES:
                header = None
            continue
        row_like = not _PROSE.search(line)
        if not row_like and not header.layout and not _ends_in_cents(tokens):
            gap += 1  # a sentence ending in a figure is not a table row
            continue
        gap = 0
        for token, col in _row_cells(tokens, header):
            cand = _cell_value(token.group(), col, lang, row_like)
            if cand is not None:
                cand.start, cand.end = offset + token.start(), offset + token.end()
                found.append(cand)
    return found


_LABEL_VALUE = re.compile(
    rf"[:=|][ \t]*(?P<value>\(?{_MINUS}?[\d.,]*\d\)?)(?=[ \t]{{2,}}|[ \t]*\r?$)", re.M
)


def _label_candidates(text: str, lang: _Lang) -> list[_Cand]:
    """Labelled fields: "Bail Amount: 5000", "total_obligated_amount: 7746.24" (a spreadsheet
    row as text)."""
    found = []
    for m in _LABEL_VALUE.finditer(text):
        label = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip().replace("_", " ")
        if not label or len(label) > 60 or len(label.split()) > 6 or any(c in label for c in ":=|"):
            continue
        hits = list(_HEADER_KW.finditer(label))
        if not hits:
            continue
        col = _column(0, 0, label, hits)
        # A label names one value, so after a money label even a plain integer is an amount.
        if col.strength == _STRONG:
            col = _Column(0, 0, _EXPLICIT, col.currency, col.exponent)
        cand = _cell_value(m.group("value"), col, lang, row_like=True)
        if cand is not None:
            cand.start, cand.end = m.start("value"), m.end("value")
            found.append(cand)
    return found


_PAREN_CREDIT = re.compile(r"(?<![\w$€£(])\((?P<num>\d{1,3}(?:[.,]\d{3})+[.,]\d\d)\)(?![\w)])")


def _credit_candidates(text: str, lang: _Lang) -> list[_Cand]:
    """Ledger notation in running text: "a credit of (12,500.00)" is minus 12,500. Only grouped
    figures with cents in parentheses, and only on pages that already name money."""
    found = []
    for m in _PAREN_CREDIT.finditer(text):
        number = _parse_number(m.group("num"), lang.decimal_comma, ocr=False)
        if number is None or number.decimals != 2 or not number.grouped:
            continue
        found.append(_Cand(m.start(), m.end(), -number.value, ""))
    return found


# Words that make a page (or a sentence) about money: a figure with cents at the end of each
# row of a list on such a page is an amount even where no header names the column.
_MONEY_CONTEXT = re.compile(
    r"(?i)\b(?:checks?|cheques?|payees?|vendors?|paid|payments?|invoices?|amounts?|totals?|"
    r"balances?|debits?|credits?|deposits?|registers?|ledgers?|expenditures?|disbursements?|"
    r"warrants?|purchases?|costs?|price[sd]?|fees?|charges?|dollars?)\b|[$€£]"
)
_ROW_END = re.compile(
    rf"(?:^|[ \t])(?P<cell>(?P<open>\()?(?P<sign>{_MINUS})?"
    r"(?P<num>\d{1,3}(?:,\d{3})+\.\d\d|\d+\.\d\d)(?(open)\)))[ \t]*$"
)
_ROW_LABEL = re.compile(r"[^\W\d_]{2,}|\d{1,2}/\d{1,2}/\d{2,4}")
_MIN_LEDGER_ROWS = 3


def _ledger_candidates(text: str, lang: _Lang) -> list[_Cand]:
    """Registers and payment lists without a money header (a scanned check register whose
    header OCR lost): in a run of at least three rows that each end in a figure with cents
    after a payee, description or date, those figures are amounts; "(1,250.00)" is negative.
    Only on pages that speak of money (:data:`_MONEY_CONTEXT`)."""
    if lang.decimal_comma or not _MONEY_CONTEXT.search(text):
        return []
    found: list[_Cand] = []
    run: list[_Cand] = []
    for offset, line in _lines(text):
        if not line.strip():
            continue  # OCR puts blank lines between the rows of a register
        m = _ROW_END.search(line)
        if m and _ROW_LABEL.search(line, 0, m.start()) and not _PROSE.search(line):
            number = _parse_number(m.group("num"), False, ocr=False)
            if number is not None:
                negative = bool(m.group("open") or m.group("sign"))
                value = -number.value if negative else number.value
                start, end = (offset + i for i in m.span("cell"))
                run.append(_Cand(start, end, value, "", method="table"))
                continue
        if len(run) >= _MIN_LEDGER_ROWS:
            found.extend(run)
        run = []
    if len(run) >= _MIN_LEDGER_ROWS:
        found.extend(run)
    return found


# "approved 6.5 million for the contract": a scaled figure without a currency is money when
# its sentence speaks of money; "6.5 million residents" is not.
_BARE_SCALED = re.compile(
    r"(?<![$€£\w.,])(?P<num>\d{1,3}(?:\.\d{1,3})?)[ \t]+(?P<scale>million|billion)\b"
    r"(?![ \t]+(?:dollars?|euros?|pounds?|USD|EUR))"
)
_SCALED_CONTEXT = re.compile(
    r"(?i)\b(?:contracts?|grants?|budgets?|awards?|awarded|paid|pay|paying|payments?|costs?|"
    r"funds?|funding|funded|worth|approved|spen[dt]|spending|revenues?|prices?|fees?|fines?|"
    r"settlements?|bonds?|appropriat\w+|allocat\w+|invest\w*|purchase[ds]?|deal|valued|"
    r"sale|sold|bought|raised|owed|debt|savings|deficit)\b"
)
_NOT_MONEY_AFTER = re.compile(
    r"[ \t]+(?:people|persons|residents|records|pages|documents|files|users|customers|"
    r"visitors|views|miles|acres|tons|hours|square|years|times|cases|arrests|bookings|"
    r"queries|lookups|rows|inmates|immigrants|votes|voters|members|students|units)\b",
    re.IGNORECASE,
)


def _scaled_candidates(text: str, lang: _Lang) -> list[_Cand]:
    if lang.decimal_comma:
        return []
    found = []
    for m in _BARE_SCALED.finditer(text):
        if _NOT_MONEY_AFTER.match(text, m.end()):
            continue
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n\n", 0, m.start())) + 1
        stop = [i for i in (text.find(". ", m.end()), text.find("\n\n", m.end())) if i != -1]
        sentence = text[start : min(stop) if stop else len(text)]
        if not _SCALED_CONTEXT.search(sentence):
            continue
        number = _parse_number(m.group("num"), False, scaled=True, ocr=False)
        if number is None:
            continue
        exponent = 6 if m.group("scale").lower() == "million" else 9
        found.append(
            _Cand(m.start(), m.end(), _scaled(number.value, exponent), "", exponent=exponent)
        )
    return found


# OCR puts a space after a thousands comma ("$14, 502.88"); the dollar reading alone would be
# "$14". Only with cents, so that "$14, 502 times" (a list) stays apart.
_OCR_SPLIT_GROUPS = re.compile(
    r"(?P<cur>\$)[ \t]?(?P<num>\d{1,3}(?:,[ \t]?\d{3})*,[ \t]\d{3}(?:,[ \t]?\d{3})*\.\d\d)(?!\d)"
)


def _split_group_candidates(text: str, lang: _Lang) -> list[_Cand]:
    if lang.decimal_comma:
        return []
    found = []
    for m in _OCR_SPLIT_GROUPS.finditer(text):
        number = _parse_number(re.sub(r"[ \t]", "", m.group("num")), False, ocr=False)
        if number is not None:
            found.append(_Cand(m.start(), m.end(), number.value, "USD"))
    return found


# --- assembly ----------------------------------------------------------------------------------


def _choose(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping, longest first; a pattern beats a table reading of the same span."""
    taken: list[tuple[int, int]] = []  # sorted, disjoint spans already chosen
    chosen = []
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.method != "pattern", c.start)):
        i = bisect_left(taken, (cand.start, cand.end))
        if i > 0 and taken[i - 1][1] > cand.start:
            continue
        if i < len(taken) and taken[i][0] < cand.end:
            continue
        taken.insert(i, (cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _norm(value: Decimal, currency: str, unit: str | None) -> str:
    places = max(2, -value.normalize().as_tuple().exponent)
    text = f"{value:.{places}f} {currency}"
    return f"{text}/{unit}" if unit else text


def find_money(text: str, lang: str = "en") -> list[Mention]:
    """Money mentions in one page's text, sorted by start and non-overlapping."""
    if not text:
        return []
    language = _lang(lang)
    cands = _pattern_candidates(text, language)
    cands = _apply_ranges(text, cands, language)
    cands += _word_candidates(text, language)
    cands += _split_group_candidates(text, language)
    # Bare figures take the currency the page writes out most, usually "$".
    counts = Counter(c.currency for c in cands).most_common(1)
    default = counts[0][0] if counts else "USD"
    if cands:
        for cand in _credit_candidates(text, language):
            cand.currency = default
            cands.append(cand)
    for cand in _ledger_candidates(text, language) + _scaled_candidates(text, language):
        cand.currency = default
        cands.append(cand)
    if _may_head(text):
        for cand in _table_candidates(text, language) + _label_candidates(text, language):
            cand.currency = cand.currency or default
            cands.append(cand)
    return [
        Mention(
            kind="money",
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            norm=_norm(c.value, c.currency, c.unit),
            method=c.method,
            value=float(c.value),
            currency=c.currency,
            unit=c.unit,
        )
        for c in _choose(cands)
    ]


def parse_amount(s: str, lang: str = "en") -> tuple[float, str] | None:
    """Read one amount a user typed: "1.2M", "$750K", "1,000,000", "€1.500,00", "-$1,200".
    Without a currency marker the currency is USD. None when ``s`` is not one amount."""
    language = _lang(lang)
    m = language.query.fullmatch(s)
    if not m or (m.group("pcur") and m.group("scur")) or (m.group("sign") and m.group("sign2")):
        return None
    if m.group("pcur"):
        currency = _PREFIX_CURRENCIES.get(re.sub(r"[\s.]", "", m.group("pcur")).upper(), "USD")
    elif m.group("scur"):
        currency = language.suffixes[re.sub(r"\s+", " ", m.group("scur").lower())]
    else:
        currency = "USD"
    exponent = _multiplier(m.group("mult"), language)
    number = _parse_number(
        m.group("num"), language.decimal_comma or currency == "EUR", exponent is not None
    )
    if number is None:
        return None
    value = _scaled(number.value, exponent)
    return float(-value if m.group("sign") or m.group("sign2") else value), currency


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(value: float, currency: str) -> str:
    """ "$1,248,500.00", "€1,500.00", "-$1,200.00"; other currencies as "CAD 1,500.00"."""
    sign = "-" if value < 0 else ""
    symbol = _SYMBOLS.get(currency)
    amount = f"{abs(value):,.2f}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{currency} {amount}"
