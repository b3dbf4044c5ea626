"""Entity resolution: aliases keys, per-document short forms, corpus-wide clustering.

All names are invented for these tests.
"""

from __future__ import annotations

import copy

import pytest

from ingest.entities.nameparts import parse_person
from ingest.entities.resolve import (
    alias_key,
    cluster_agencies,
    cluster_orgs,
    cluster_people,
    resolve_document,
)
from ingest.records import Mention


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Renata J. Tolliver", "renata j tolliver"),
        ("TOLLIVER,  RENATA", "tolliver renata"),
        ("Tol-\nliver", "tolliver"),
        ("Tol\u00adliver", "tolliver"),
        ("Immigration and\nCustoms   Enforcement", "immigration and customs enforcement"),
        ("U.S. Marshals Service", "u.s marshals service"),
        ("Sheriff\u2019s Office", "sheriff's office"),
        ("\u201cQuoted\u201d Name", "quoted name"),
        ("AT&T Inc.", "at&t inc"),
        ("Smith - Jones", "smith jones"),
        ("Castellanos-Reyes", "castellanos-reyes"),
        ("Jos\u00e9 Hern\u00e1ndez", "jose hernandez"),
        ("\ufb01eld of\u00a0study", "field of study"),
        ("(ICE)", "ice"),
        ("  ", ""),
    ],
)
def test_alias_key(raw, key):
    assert alias_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "given", "surname", "suffix"),
    [
        ("Renata J. Tolliver", ("Renata", "J."), "Tolliver", ""),
        ("TOLLIVER, RENATA J.", ("RENATA", "J."), "TOLLIVER", ""),
        ("Sheriff Okafor", (), "Okafor", ""),
        ("Deputy Chief Daniel Okafor", ("Daniel",), "Okafor", ""),
        ("R.J. Tolliver", ("R.", "J."), "Tolliver", ""),
        ("Daniel Okafor Jr.", ("Daniel",), "Okafor", "Jr."),
        ("Okafor, Daniel, Jr.", ("Daniel",), "Okafor", "Jr."),
        ("Maria de la Cruz", ("Maria",), "de la Cruz", ""),
        ("Tolliver\u2019s", (), "Tolliver", ""),
        ("Ms. Judge", (), "Judge", ""),  # a surname that is also a title word
        # regression: "St." belongs to the surname, so "St. Claire" is a short form
        ("Vanessa St. Claire", ("Vanessa",), "St. Claire", ""),
        ("St. Claire", (), "St. Claire", ""),
        ("ST. CLAIRE, VANESSA", ("VANESSA",), "ST. CLAIRE", ""),
    ],
)
def test_parse_person(raw, given, surname, suffix):
    p = parse_person(raw)
    assert p is not None
    assert (p.given, p.surname, p.suffix) == (given, surname, suffix)


@pytest.mark.parametrize("raw", ["", "Sheriff", "Chief Deputy", "1234"])
def test_parse_person_rejects_non_names(raw):
    assert parse_person(raw) is None


def _person(norm: str, text: str | None = None, start: int = 0) -> Mention:
    text = text or norm
    return Mention("person", start, start + len(text), text, norm, "ner")


def _norms(pages: dict[int, list[Mention]]) -> dict[int, list[str]]:
    return {page: [m.norm for m in ms] for page, ms in pages.items()}


@pytest.mark.parametrize(
    ("full_norms", "short", "expected"),
    [
        (["Renata J. Tolliver"], "Tolliver", "Renata J. Tolliver"),
        (["Renata J. Tolliver"], "R. Tolliver", "Renata J. Tolliver"),
        (["Renata J. Tolliver"], "R. J. Tolliver", "Renata J. Tolliver"),
        (["Renata J. Tolliver"], "R.J. Tolliver", "Renata J. Tolliver"),
        (["Renata Tolliver"], "R. J. Tolliver", "Renata Tolliver"),  # middle unknown
        (["Renata J. Tolliver"], "TOLLIVER", "Renata J. Tolliver"),
        (["Daniel Okafor"], "Okafor", "Daniel Okafor"),  # from "Chief Okafor"
        (["Renata Tolliver", "Renata J. Tolliver"], "Tolliver", "Renata J. Tolliver"),
        (["Renata J. Tolliver", "Renata Jane Tolliver"], "R. Tolliver", "Renata Jane Tolliver"),
        # ambiguous or inconsistent: left alone
        (["Thomas Whitfield", "Marcus Whitfield"], "Whitfield", "Whitfield"),
        (["Thomas Whitfield", "Marcus Whitfield"], "T. Whitfield", "Thomas Whitfield"),
        (["Renata J. Tolliver"], "M. Tolliver", "M. Tolliver"),
        (["Renata J. Tolliver"], "R. K. Tolliver", "R. K. Tolliver"),
        (["Renata J. Tolliver", "Renata K. Tolliver"], "R. Tolliver", "R. Tolliver"),
        (["Renata J. Tolliver"], "Okafor", "Okafor"),
        ([], "Tolliver", "Tolliver"),
        # a lone first name signing an email: the one full name it starts
        (["Kevin Marsh", "Renata J. Tolliver"], "Kevin", "Kevin Marsh"),
        (["Kevin Marsh", "Kevin Doyle"], "Kevin", "Kevin"),
        (["Kevin Marsh", "Ann Kevin"], "Kevin", "Ann Kevin"),  # a surname reading comes first
        (["Vanessa St. Claire"], "St. Claire", "Vanessa St. Claire"),
        # a hyphenated surname written with a space after an initial
        (["Simone Hartley-Vance"], "S. Hartley Vance", "Simone Hartley-Vance"),
        (["Simone Hartley-Vance"], "Anna Hartley Vance", "Anna Hartley Vance"),  # a full name
    ],
)
def test_resolve_document_short_forms(full_norms, short, expected):
    pages = {1: [_person(n) for n in full_norms], 3: [_person(short)]}
    out = resolve_document(pages)
    assert _norms(out)[3] == [expected]
    assert _norms(out)[1] == full_norms  # full names are never rewritten here


def test_resolve_document_initial_that_contradicts_a_fuller_name_stays():
    # "Renata K. Tolliver" shows who "Renata Tolliver" probably is, so "R. J." is not her.
    pages = {1: [_person("Renata Tolliver"), _person("Renata K. Tolliver")]}
    pages[2] = [_person("R. J. Tolliver")]
    assert _norms(resolve_document(pages))[2] == ["R. J. Tolliver"]


def test_resolve_document_keeps_spans_other_kinds_and_input():
    money = Mention("money", 40, 47, "$12,500", "12500.0", "pattern", value=12500.0)
    agency = Mention("agency", 0, 3, "ICE", "U.S. Immigration and Customs Enforcement", "ruler")
    short = _person("Tolliver", "Ms. Tolliver", start=20)
    pages = {2: [_person("Renata J. Tolliver")], 5: [agency, short, money], 9: []}
    before = copy.deepcopy(pages)
    out = resolve_document(pages)
    assert pages == before  # input untouched
    assert sorted(out) == [2, 5, 9]
    assert out[5][0] == agency and out[5][2] == money
    resolved = out[5][1]
    assert (resolved.start, resolved.end, resolved.text) == (20, 32, "Ms. Tolliver")
    assert resolved.norm == "Renata J. Tolliver"
    assert out[9] == []


def test_resolve_document_is_per_document():
    # The same surname in another document (another call) must not leak in.
    assert _norms(resolve_document({1: [_person("Tolliver")]})) == {1: ["Tolliver"]}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(
            {"Renata J. Tolliver": 4, "TOLLIVER, RENATA J.": 2, "Tolliver, Renata J.": 1},
            {
                "TOLLIVER, RENATA J.": "Renata J. Tolliver",
                "Tolliver, Renata J.": "Renata J. Tolliver",
            },
            id="last-first-forms",
        ),
        pytest.param(
            {"OKAFOR, DANIEL": 3},
            {"OKAFOR, DANIEL": "DANIEL OKAFOR"},
            id="last-first-only-reordered",
        ),
        pytest.param(
            {"Renata Tolliver": 5, "Renata J. Tolliver": 2},
            {"Renata Tolliver": "Renata J. Tolliver"},
            id="missing-middle-initial-joins",
        ),
        pytest.param(
            {"Renata Tolliver": 5, "Renata J. Tolliver": 2, "Renata K. Tolliver": 2},
            {"Renata Tolliver": "Renata Tolliver", "Renata K. Tolliver": "Renata K. Tolliver"},
            id="missing-middle-ambiguous-stays",
        ),
        pytest.param(
            {"Renata Tolliver": 1, "Renata J. Tolliver": 2, "Renata Jane Tolliver": 1},
            {
                "Renata Tolliver": "Renata Jane Tolliver",
                "Renata J. Tolliver": "Renata Jane Tolliver",
            },
            id="most-complete-spelling-wins",
        ),
        pytest.param(
            {"Daniel Okafor": 12, "Danie1 Okafor": 1, "Daniel 0kafor": 2, "Danlel Okafor": 1},
            {
                "Danie1 Okafor": "Daniel Okafor",
                "Daniel 0kafor": "Daniel Okafor",
                "Danlel Okafor": "Daniel Okafor",
            },
            id="ocr-variants-join",
        ),
        pytest.param(
            {"Danie1 Okafor": 6, "Daniel Okafor": 1},
            {"Danie1 Okafor": "Daniel Okafor", "Daniel Okafor": "Daniel Okafor"},
            id="clean-spelling-canonical-even-if-rarer",
        ),
        pytest.param(
            {"Daniel Okafor": 5, "Daniel Okaf9r": 1, "Dan1el 0kafor": 1},
            {"Daniel Okaf9r": "Daniel Okafor", "Dan1el 0kafor": "Daniel Okafor"},
            id="digit-substitutions-join",
        ),
        pytest.param(
            {"Danie1 Okafor": 2, "Dan1el Okafor": 1},
            {"Dan1el Okafor": "Danie1 Okafor"},
            id="only-garbled-spellings-join-each-other",
        ),
        pytest.param(
            {"Neil Okafor": 2, "Nell Okafor": 2, "Ne1l Okafor": 1},
            {
                "Neil Okafor": "Neil Okafor",
                "Nell Okafor": "Nell Okafor",
                "Ne1l Okafor": "Ne1l Okafor",
            },
            id="letter-confusion-without-dominance-stays",
        ),
        pytest.param(
            {"Jon Smith": 9, "Jan Smith": 1},
            {"Jon Smith": "Jon Smith", "Jan Smith": "Jan Smith"},
            id="jon-jan-different-people",
        ),
        pytest.param(
            {"Thomas Whitfield": 3, "Marcus Whitfield": 3, "Whitfield": 4, "T. Whitfield": 1},
            {
                "Thomas Whitfield": "Thomas Whitfield",
                "Marcus Whitfield": "Marcus Whitfield",
                "Whitfield": "Whitfield",
                "T. Whitfield": "Thomas Whitfield",
            },
            id="two-whitfields-kept-apart-initial-joins-the-one-it-fits",
        ),
        pytest.param(
            {"Thomas Whitfield": 3, "Marcus Whitfield": 3, "M. Whitfield": 2, "K. Whitfield": 1},
            {"M. Whitfield": "Marcus Whitfield", "K. Whitfield": "K. Whitfield"},
            id="regression-initial-fitting-one-of-two-bearers-joins-it",
        ),
        pytest.param(
            {"Mark Whitfield": 3, "Marcus Whitfield": 3, "M. Whitfield": 2},
            {"M. Whitfield": "M. Whitfield"},
            id="initial-fitting-two-bearers-stays",
        ),
        pytest.param(
            {"Daniel Okafor": 3, "K. Okafor": 1, "D. Okafor": 2, "Okafor": 4},
            {"D. Okafor": "Daniel Okafor", "K. Okafor": "K. Okafor", "Okafor": "Okafor"},
            id="unfitting-initial-still-blocks-bare-surname",
        ),
        pytest.param(
            {"Daniel Okafor": 3, "Okafor": 7, "D. Okafor": 1, "0kafor": 1},
            {"Okafor": "Daniel Okafor", "D. Okafor": "Daniel Okafor", "0kafor": "Daniel Okafor"},
            id="surname-only-joins-single-bearer",
        ),
        pytest.param(
            {"Daniel Okafor": 3, "M. Okafor": 2, "Okafor": 7},
            {"Okafor": "Okafor", "M. Okafor": "M. Okafor"},
            id="surname-only-blocked-by-another-okafor",
        ),
        pytest.param(
            {"Daniel Okafor": 3, "M. 0kafor": 1, "Okafor": 7},
            {"Okafor": "Okafor", "M. 0kafor": "M. 0kafor"},
            id="surname-only-blocked-by-garbled-other-okafor",
        ),
        pytest.param(
            {"Daniel Okafor Jr.": 2, "Daniel Okafor Sr.": 2, "Daniel Okafor": 1},
            {
                "Daniel Okafor Jr.": "Daniel Okafor Jr.",
                "Daniel Okafor Sr.": "Daniel Okafor Sr.",
                "Daniel Okafor": "Daniel Okafor",
            },
            id="father-and-son-apart",
        ),
        pytest.param(
            {"Jos\u00e9 Hern\u00e1ndez": 3, "Jose Hernandez": 1},
            {"Jose Hernandez": "Jos\u00e9 Hern\u00e1ndez"},
            id="accents",
        ),
        pytest.param(
            {"Sheriff Daniel Okafor": 1, "Daniel Okafor": 2},
            {"Sheriff Daniel Okafor": "Daniel Okafor"},
            id="title-in-norm",
        ),
        pytest.param({"": 1, "12345": 2}, {"": "", "12345": "12345"}, id="unparseable-kept"),
    ],
)
def test_cluster_people(names, expected):
    out = cluster_people(names)
    assert set(out) == set(names)
    for name, canonical in expected.items():
        assert out[name] == canonical, name


def test_cluster_people_canonical_maps_to_itself():
    names = {"Daniel Okafor": 4, "Danie1 Okafor": 1, "Okafor": 2, "Renata Tolliver": 1}
    names["Renata J. Tolliver"] = 1
    out = cluster_people(names)
    for canonical in set(out.values()):
        assert cluster_people({**names, canonical: 1})[canonical] == canonical


AGENCY_SAME = [
    ("U.S. Immigration and Customs Enforcement", "US Immigration & Customs Enforcement"),
    (
        "U.S. Immigration and Customs Enforcement",
        "United States Immigration and Customs Enforcement",
    ),
    ("U.S. Immigration and Customs Enforcement", "the U.S. Immigration and Customs Enforcement"),
    ("U.S. Immigration and Customs Enforcement", "U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT"),
    ("U.S. Immigration and Customs Enforcement", "Immigration and Customs Enforcement"),
    ("U.S. Immigration and Customs Enforcement", "U.S. Imrnigration and Custorns Enforcement"),
    ("U.S. Immigration and Customs Enforcement", "U.S. Immigrati0n and Customs Enforcement"),
    ("Bay County Sheriff's Office", "Bay County Sheriffs Office"),
    ("Bay County Sheriff's Office", "Bay County Sheriff\u2019s Office"),
    ("Bay County Sheriff's Office", "Bay County Sheriffs' Office"),
    ("Department of Homeland Security", "Dept. of Homeland Security"),
]
AGENCY_APART = [
    ("U.S. Attorney's Office", "Attorney's Office"),
    ("U.S. Marshals Service", "Marshals Service"),
    ("Bay County Sheriff's Office", "Clay County Sheriff's Office"),
    ("Clay County Sheriff's Office", "Day County Sheriff's Office"),  # cl/d, no dominance
    ("Department of Corrections", "Department of Commerce"),
]


@pytest.mark.parametrize(("canonical", "variant"), AGENCY_SAME)
def test_cluster_agencies_joins(canonical, variant):
    out = cluster_agencies({canonical: 5, variant: 1})
    assert out == {canonical: canonical, variant: canonical}


@pytest.mark.parametrize(("a", "b"), AGENCY_APART)
def test_cluster_agencies_keeps_apart(a, b):
    assert cluster_agencies({a: 3, b: 3}) == {a: a, b: b}


def test_cluster_agencies_most_frequent_spelling_is_canonical():
    out = cluster_agencies(
        {"US Immigration & Customs Enforcement": 9, "U.S. Immigration and Customs Enforcement": 2}
    )
    assert set(out.values()) == {"US Immigration & Customs Enforcement"}


@pytest.mark.parametrize(
    ("acronyms", "expected"),
    [
        (
            [("ICE", "U.S. Immigration and Customs Enforcement")],
            "U.S. Immigration and Customs Enforcement",
        ),
        ([("DOC", "Department of Corrections"), ("DOC", "Department of Commerce")], "DOC"),
        ([], "ICE"),
        (None, "ICE"),
    ],
)
def test_cluster_agencies_acronyms(acronyms, expected):
    names = {"ICE": 5, "I.C.E.": 1, "U.S. Immigration and Customs Enforcement": 3, "DOC": 2}
    names["Department of Corrections"] = 1
    out = cluster_agencies(names, acronyms=acronyms)
    keys = ["DOC"] if acronyms and acronyms[0][0] == "DOC" else ["ICE", "I.C.E."]
    assert [out[k] for k in keys] == [expected] * len(keys)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            {"Acme Holdings, L.L.C.": 3, "ACME HOLDINGS LLC": 1, "Acme Holdings": 2},
            {
                "ACME HOLDINGS LLC": "Acme Holdings, L.L.C.",
                "Acme Holdings": "Acme Holdings, L.L.C.",
            },
        ),
        (
            {"The Birchwood Group, Inc.": 1, "Birchwood Group Inc": 4},
            {"The Birchwood Group, Inc.": "Birchwood Group Inc"},
        ),
        (
            {"Lantern & Post Company": 2, "Lantern and Post Co.": 1},
            {"Lantern and Post Co.": "Lantern & Post Company"},
        ),
        (
            {"Birch Corp.": 2, "Birch Inc.": 2, "Birch": 1},
            {"Birch Corp.": "Birch Corp.", "Birch Inc.": "Birch Inc.", "Birch": "Birch"},
        ),
        (
            {"Quillon Systems LLC": 5, "Qui11on Systems LLC": 1},
            {"Qui11on Systems LLC": "Quillon Systems LLC"},
        ),
    ],
)
def test_cluster_orgs(names, expected):
    out = cluster_orgs(names)
    assert set(out) == set(names)
    for name, canonical in expected.items():
        assert out[name] == canonical
