"""Precision on contract lines that write names side by side (ingest.entities.joins): each
party is its own entity, and a body's own "and" stays. Invented names throughout."""

from __future__ import annotations

import pytest

from ingest.entities.tagger import tag_pages


def names(text: str) -> list[tuple[str, str]]:
    (found,) = tag_pages([text], ["en"])
    return [(m.kind, m.text) for m in found if m.kind != "money"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "This Agreement is made between Zephyr County Department of Corrections and "
            "Meridian Laundry Solutions Corp. for laundry services.",
            [("agency", "Zephyr County Department of Corrections"),
             ("org", "Meridian Laundry Solutions Corp.")],
        ),
        (
            "The Northam County Department of Corrections and Tillman County Sheriff's Office "
            "share booking data.",
            [("agency", "Northam County Department of Corrections"),
             ("agency", "Tillman County Sheriff's Office")],
        ),
        (
            "Records go to the Jessup County Department of Corrections and U.S. Department of "
            "Homeland Security each month.",
            [("agency", "Jessup County Department of Corrections"),
             ("agency", "Department of Homeland Security")],
        ),
        (
            "Copies go to the Greystone County Department of Corrections and Enforcement and "
            "Removal Operations.",
            [("agency", "Greystone County Department of Corrections"),
             ("agency", "Enforcement and Removal Operations")],
        ),
    ],
)  # fmt: skip
def test_regression_contract_preamble_parties_joined_by_and_are_apart(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Department of Health and Human Services",
        "Department of Corrections and Rehabilitation",
        "Department of Fish and Wildlife",
        "City and County of Marlow",
    ],
)
def test_a_bodys_own_and_joins_topics_and_stays(name):
    assert names(f"The {name} signed the agreement.") == [("agency", name)]


def test_regression_a_heading_after_a_spaced_dash_is_not_part_of_the_agency():
    text = "Federal Bureau of Prisons - Contract 70CDCR0000023\nSection 1. Property\n"
    assert names(text) == [("agency", "Federal Bureau of Prisons")]


def test_regression_an_agency_name_does_not_end_in_a_connective():
    text = (
        "Copies will be provided to Larkspur Regional Detention Authority and Enforcement "
        "and Removal\nOperations. The Provider shall retain all records."
    )
    assert ("agency", "Larkspur Regional Detention Authority") in names(text)
    assert not any(t.endswith(" and") for _, t in names(text))


@pytest.mark.parametrize(
    "text, org",
    [
        ("8.4 Copperfield Laundry Solutions Corp. shall maintain insurance.",
         "Copperfield Laundry Solutions Corp."),
        ("18.5 Notices to Harbor Laundry Partners LLC shall be sent by mail.",
         "Harbor Laundry Partners LLC"),
    ],
)  # fmt: skip
def test_regression_section_numbers_and_heading_words_before_a_company_are_not_its_name(text, org):
    assert ("org", org) in names(text)
    assert all(o == org for k, o in names(text) if k == "org")


def test_regression_a_signer_of_a_company_is_not_part_of_the_company():
    found = names("Percival Ashdale of Cobalt Health Group Inc. is the project manager.")
    assert ("org", "Cobalt Health Group Inc.") in found
    assert not any("Ashdale" in t for k, t in found if k == "org")
    # A bank's own "of" stays.
    assert names("Royal Bank of Scotland Group plc agreed.") == [
        ("org", "Royal Bank of Scotland Group plc")
    ]


def test_an_and_before_the_next_lines_agency_stays_in_the_name():
    text = (
        "For the agency:\nPress Office\nOffice of Press Relations and Internal Outreach\n"
        "U.S. Department of Homeland Security\n"
    )
    assert ("agency", "Office of Press Relations and Internal Outreach") in names(text)


def test_an_ampersand_joins_one_companys_name():
    found = names("The meeting was held at Copper Kettle Bar & Board on Monday.")
    assert not any(t == "Board" for _, t in found)


@pytest.mark.parametrize(
    "text", ["14.2 Copies of each certification go to the agency.", "signed by the Treasurer of"]
)
def test_regression_a_numbered_headings_word_or_a_title_before_of_is_no_organisation(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Section 7. Background Checks\n7.1 All staff shall be screened.", []),
        ("CONFIDENTIAL Section 4 applies to the staff.", []),
        ("Section 4. Beacon Health Group Inc. shall staff the unit.",
         [("org", "Beacon Health Group Inc.")]),
    ],
)  # fmt: skip
def test_regression_a_documents_part_and_its_heading_are_no_organisation(text, expected):
    assert names(text) == expected
