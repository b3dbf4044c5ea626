"""Person-name normalisation: titles, case, order, possessives, line breaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.entities.people import name_parts, normalise_person

PATTERNS = Path(__file__).resolve().parents[1] / "ingest" / "data" / "person_patterns.jsonl"


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Renata Tolliver", "Renata Tolliver"),
        ("TOLLIVER, RENATA J.", "Renata J. Tolliver"),
        ("Tolliver, Renata J.", "Renata J. Tolliver"),
        ("JONES, Anthony", "Anthony Jones"),
        ("Sheriff Tolliver's", "Tolliver"),
        ("Sheriff Tolliver\u2019s", "Tolliver"),
        ("Commissioner Hodges'", "Hodges"),
        ("Mr. JONES\u2019", "Jones"),
        ("Field Office Director Renata Tolliver", "Renata Tolliver"),
        ("Acting Deputy Field Office Director R. J. Tolliver", "R. J. Tolliver"),
        ("Contracting Officer Dana Wu", "Dana Wu"),
        ("Attorney General Miriam Okafor", "Miriam Okafor"),
        ("Special Agent in Charge Luis Ferreira", "Luis Ferreira"),
        ("Capt. Ana Castellanos-Reyes", "Ana Castellanos-Reyes"),
        ("Lt. Omar Haddad", "Omar Haddad"),
        ("Police Deputy Director Jane Okoro", "Jane Okoro"),
        ("Renata Tolliver, Director", "Renata Tolliver"),
        ("Tol-\nliver", "Tolliver"),
        ("Renata Tol-\n  liver", "Renata Tolliver"),
        ("Castellanos-\nReyes", "Castellanos-Reyes"),
        ("MCDONALD", "McDonald"),
        ("McDonald", "McDonald"),
        ("O'NEILL", "O'Neill"),
        ("d'angelo", "D'Angelo"),
        ("CASTELLANOS-REYES, ANA", "Ana Castellanos-Reyes"),
        ("Maria DE LA CRUZ", "Maria de la Cruz"),
        ("DE LA CRUZ, MARIA", "Maria de la Cruz"),
        ("de la Cruz", "de la Cruz"),
        ("VAN MORRISON", "Van Morrison"),
        ("ROBERT L. SMITH III", "Robert L. Smith III"),
        ("SMITH, JOHN, JR.", "John Smith Jr."),
        ("John Smith Jr.", "John Smith Jr."),
        ("Renata J Tolliver", "Renata J. Tolliver"),
        ("  Renata \n  Tolliver  ", "Renata Tolliver"),
        ("Officer Will Smith", "Will Smith"),
        ("Theresa May", "Theresa May"),
        ("Larry Page", "Larry Page"),
        ("Sheriff Young", "Young"),
    ],
)
def test_normalise_person(surface, expected):
    assert normalise_person(surface) == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("HOLLOWAY, DENISE A", "Denise A. Holloway"),  # "A" is her middle initial
        ("Martin I. Crane", "Martin I. Crane"),  # "I." is not the pronoun
        ("CORLEW, J MARTIN", "J. Martin Corlew"),
        ("Vanessa St. Claire", "Vanessa St. Claire"),
    ],
)
def test_regression_single_capital_is_an_initial_not_a_word(surface, expected):
    assert normalise_person(surface) == expected


@pytest.mark.parametrize(
    "surface",
    [
        "Plaintiffs-Appellees",  # parties' roles
        "Appellee",
        "ROMAN, ET",  # "ROMAN, ET AL." cut short
        "Per Curiam",
        "S. Maybrook Dr",  # an address
        "Harbor St",
        "Case Number",  # a form label
        "Nadine Holt Courts Building",  # a building named after someone
        "John F. Kennedy International",  # an airport
        "MY RESPONSIBILITY",
        "SPRINGFIELD, ST",  # "SPRINGFIELD, ST LOUIS": two places
        "AMARILLO TX",  # a city and its state
    ],
)
def test_regression_places_roles_and_buildings_are_not_names(surface):
    assert normalise_person(surface) is None


@pytest.mark.parametrize(
    "surface",
    [
        "Sheriff",
        "Field Office Director",
        "Chief Executive Officer",
        "12345",
        "Renata 2nd",
        "a b c d e f",
        "Anna Maria Lucia Teresa de Souza Lima",
        "the Department",
        "Alder County",
        "Police",
        "Agreement",
        "May",
        "Page",
        "J. R.",
        "Smith, Jones, Brown",
        "W. Lawrence Avenue",
        "",
        "   ",
    ],
)
def test_not_a_name(surface):
    assert normalise_person(surface) is None


@pytest.mark.parametrize(
    ("norm", "parts"),
    [
        ("Renata J. Tolliver", ("Renata", "J", "Tolliver")),
        ("Renata Tolliver", ("Renata", "", "Tolliver")),
        ("R. J. Tolliver", ("R", "J", "Tolliver")),
        ("R. Tolliver", ("R", "", "Tolliver")),
        ("Tolliver", ("", "", "Tolliver")),
        ("Maria de la Cruz", ("Maria", "", "de la Cruz")),
        ("de la Cruz", ("", "", "de la Cruz")),
        ("Van Morrison", ("Van", "", "Morrison")),
        ("Robert L. K. Smith III", ("Robert", "LK", "Smith")),
        ("Ana Castellanos-Reyes", ("Ana", "", "Castellanos-Reyes")),
        ("", ("", "", "")),
    ],
)
def test_name_parts(norm, parts):
    assert name_parts(norm) == parts


def _pattern_titles() -> set[str]:
    """Every title word the person patterns accept before a name."""
    titles: set[str] = set()
    with open(PATTERNS, encoding="utf-8") as fh:
        for line in fh:
            first = json.loads(line)["pattern"]
            for token in first:
                values = token.get("LOWER")
                if isinstance(values, dict) and "IN" in values and token.get("OP") != "*":
                    titles.update(values["IN"])
    return titles


def test_every_pattern_title_is_stripped_from_the_norm():
    """Guards the sync between data/person_patterns.jsonl and people.TITLES: a title the
    patterns accept but the normaliser keeps would split one person into two."""
    titles = _pattern_titles()
    assert {"sheriff", "director", "capt", "mr.", "judge"} <= titles
    for title in titles:
        surface = f"{title.capitalize()} Renata Tolliver"
        assert normalise_person(surface) == "Renata Tolliver", surface


def test_title_modifiers_in_patterns_are_stripped():
    with open(PATTERNS, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    modifiers = {
        word
        for row in rows
        for token in row["pattern"]
        if token.get("OP") == "*"
        for word in token["LOWER"]["IN"]
    }
    assert {"acting", "field", "office", "contracting"} <= modifiers
    for mod in modifiers:
        assert normalise_person(f"{mod.capitalize()} Director Renata Tolliver") == (
            "Renata Tolliver"
        ), mod


def test_multi_word_pattern_titles_are_stripped():
    with open(PATTERNS, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    phrases = set()
    for row in rows:
        words = []
        for token in row["pattern"]:
            if set(token) != {"LOWER"} or not isinstance(token["LOWER"], str):
                break
            words.append(token["LOWER"])
        if words:
            phrases.add(" ".join(words).replace(" 's", "'s").replace(" \u2019s", "\u2019s"))
    assert {"attorney general", "special agent in charge"} <= phrases
    for phrase in phrases:
        assert normalise_person(f"{phrase.title()} Renata Tolliver") == "Renata Tolliver", phrase


@pytest.mark.parametrize(
    "surface",
    ["N. c. App", "P. o. Box", "Charles M.", "Papua New Guinea Kina", "Australian Dollars"],
)
def test_abbreviations_cut_names_and_currencies_are_no_person(surface):
    """Guards precision on court orders and transcripts: a lower-case one-letter token is an
    abbreviation, a first name and an initial alone is a name cut before its surname, and a
    currency's name is no one's."""
    assert normalise_person(surface) is None
