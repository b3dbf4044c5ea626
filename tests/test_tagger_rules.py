"""The tagger's rule data and helpers: the agency gazetteer, the EntityRuler pattern files,
text preparation with its offset map, and acronym matching."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import spacy

from ingest.entities.acronyms import acronym_fits, is_acronym
from ingest.entities.gazetteer import (
    AGENCIES_FILE,
    DATA,
    agencies,
    is_case_sensitive,
    lookup_agency,
    name_key,
    ruler_patterns,
)
from ingest.entities.orgnames import clean_agency_name, is_heading_like, looks_like_agency
from ingest.entities.prep import prepare

ICE = "U.S. Immigration and Customs Enforcement"


def test_gazetteer_rows_are_complete_and_consistent():
    rows = [json.loads(line) for line in AGENCIES_FILE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert all(set(r) == {"canonical", "acronym", "aliases", "parent"} for r in rows)
    canonicals = [r["canonical"] for r in rows]
    assert len(canonicals) == len(set(canonicals))
    assert {r["parent"] for r in rows if r["parent"]} <= set(canonicals)
    acronyms = Counter(r["acronym"] for r in rows if r["acronym"])
    assert [a for a, n in acronyms.items() if n > 1] == []


def test_no_spelling_names_two_agencies():
    owners: dict[str, str] = {}
    for agency in agencies():
        for form in (agency.canonical, *agency.aliases):
            key = form if is_case_sensitive(form) else name_key(form)
            assert owners.setdefault(key, agency.canonical) == agency.canonical, form


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("ICE", ICE),
        ("Immigration and Customs Enforcement", ICE),
        ("U.S. Immigration & Customs Enforcement", ICE),
        ("United States Immigration and Customs Enforcement", ICE),
        ("US ICE", ICE),
        ("Immigration and Customs Enforcement (ICE)", ICE),
        ("IMMIGRATION AND CUSTOMS ENFORCEMENT", ICE),
        ("ICE\u2019s", ICE),
        ("ICE ERO", "Enforcement and Removal Operations"),
        ("Enforcement & Removal Operations", "Enforcement and Removal Operations"),
        ("the Department of Homeland Security", "U.S. Department of Homeland Security"),
        ("Homeland Security", "U.S. Department of Homeland Security"),
        ("U.S. Marshals", "U.S. Marshals Service"),
        ("U.S. Attorney\u2019s Office", "U.S. Attorney's Office"),
        ("Dept. of Justice", "U.S. Department of Justice"),
        ("DoD", "U.S. Department of Defense"),
        ("Office of Refugee Resettlement", "Office of Refugee Resettlement"),
    ],
)
def test_lookup_agency(surface, canonical):
    agency = lookup_agency(surface)
    assert agency is not None and agency.canonical == canonical


@pytest.mark.parametrize("surface", ["ice", "Ice", "ICES", "Sheriff Office", "Alder County"])
def test_lookup_agency_misses(surface):
    assert lookup_agency(surface) is None


@pytest.mark.parametrize(
    ("form", "sensitive"),
    [("ICE", True), ("US ICE", True), ("DHS/ICE", True), ("DoD", True), ("U.S. Marshals", False)],
)
def test_case_sensitive_forms(form, sensitive):
    assert is_case_sensitive(form) is sensitive


def test_ruler_patterns_cover_every_form_and_spelling():
    patterns = ruler_patterns(spacy.blank("en").make_doc)
    phrases = {p["pattern"].lower() for p in patterns if isinstance(p["pattern"], str)}
    assert "u.s. immigration & customs enforcement" in phrases
    assert "us dept. of homeland security" in phrases
    tokens = [p["pattern"] for p in patterns if isinstance(p["pattern"], list)]
    assert [{"ORTH": "ICE"}] in tokens
    assert all(p["id"].startswith("gaz:") and p["label"] == "AGENCY" for p in patterns)


@pytest.mark.parametrize("name", ["agency_patterns.jsonl", "person_patterns.jsonl"])
def test_pattern_files_are_valid_entity_ruler_patterns(name):
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["id"].startswith("rule:") for r in rows)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    ruler.add_patterns(rows)  # raises on a malformed pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between U.S. Immigration and\nCustoms Enforcement", "Immigration and Customs"),
        ("signed by Renata Tol-\nliver", "Renata Tolliver"),
        ("Ana Castellanos-\nReyes", "Castellanos-Reyes"),
        ("Sheriff\u2019s Office", "Sheriff's Office"),
    ],
)
def test_prepare_joins_wrapped_text(text, expected):
    long_line = "This line is long enough to be a wrapped paragraph line of a page, "
    prepared = prepare(long_line + text)
    assert expected in prepared.text
    start = prepared.text.index(expected)
    o_start, o_end = prepared.original_span(start, start + len(expected))
    original = (long_line + text)[o_start:o_end]

    def letters(t: str) -> str:
        return "".join(c for c in t.replace("\u2019", "'") if c.isalnum() or c == "'")

    assert letters(original) == letters(expected)


def test_prepare_keeps_short_lines_and_columns_apart():
    text = "SIGNED:\r\nRenata Tolliver\r\nField Office Director      Alder County\tJail"
    prepared = prepare(text)
    assert prepared.text == "SIGNED:\nRenata Tolliver\nField Office Director\nAlder County\nJail"
    for i, ch in enumerate(prepared.text):
        if not ch.isspace():
            assert text[prepared.index[i]] == ch


@pytest.mark.parametrize(
    ("acronym", "name", "fits"),
    [
        ("AVCSO", "Alder Valley County Sheriff's Office", True),
        ("DOJ", "Department of Justice", True),
        ("ICE", "U.S. Immigration and Customs Enforcement", True),
        ("USCIS", "U.S. Citizenship and Immigration Services", True),
        ("BDS", "Brightline Data Solutions LLC", True),
        ("ICE", "Alder Valley County Sheriff's Office", False),
        ("LSRCC", "Ryan Warsing", False),
    ],
)
def test_acronym_fits(acronym, name, fits):
    assert acronym_fits(acronym, name) is fits


@pytest.mark.parametrize(
    ("text", "result"),
    [("AVCSO", True), ("ICE", True), ("DoD", True), ("Ice", False), ("A", False)],
)
def test_is_acronym(text, result):
    assert is_acronym(text) is result


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("ALDER VALLEY COUNTY SHERIFFS OFFICE", "Alder Valley County Sheriff's Office"),
        ("the Marlow Police Dept.", "Marlow Police Department"),
        ("Gilmore County Sheriff Office", "Gilmore County Sheriff's Office"),
        ("Alder County\u2019s", "Alder County"),
        ("CITY AND COUNTY OF MARLOW", "City and County of Marlow"),
    ],
)
def test_clean_agency_name(name, clean):
    assert clean_agency_name(name) == clean


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Chicago Housing Authority", True),
        ("Adams County Coroner", True),
        ("Correctional Services Corp.", False),
        ("Brightline Data Solutions LLC", False),
    ],
)
def test_looks_like_agency(name, agency):
    assert looks_like_agency(name) is agency


@pytest.mark.parametrize(
    ("name", "heading"),
    [("STATEMENT OF WORK", True), ("GENERAL PROVISIONS", True), ("ACME HOLDINGS LLC", False)],
)
def test_heading_like(name, heading):
    assert is_heading_like(name) is heading
