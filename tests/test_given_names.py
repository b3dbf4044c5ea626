"""A known first name before the surname of one of the document's people is that person in
full, where the model read the name as a place (ingest.entities.givennames). Invented names."""

from __future__ import annotations

import pytest

from ingest.entities.tagger import tag_pages


def people(text: str) -> list[tuple[str, str]]:
    (found,) = tag_pages([text], ["en"])
    return [(" ".join(m.text.split()), m.norm) for m in found if m.kind == "person"]


@pytest.mark.parametrize(
    ("text", "full"),
    [
        (
            "Renata Okafor signed the contract. Director Okafor approved it on March 3.",
            ("Renata Okafor", "Renata Okafor"),
        ),
        (
            "The County Board met on May 4.\nRENATA J. OKAFOR\nDirector\n\nMs. Okafor said.",
            ("RENATA J. OKAFOR", "Renata J. Okafor"),
        ),
    ],
)
def test_regression_name_read_as_a_place_at_a_sentence_start_is_the_documents_person(text, full):
    found = people(text)
    assert full in found
    assert len(found) == 2  # the full name and the titled surname, nothing in between


def test_a_first_name_before_a_surname_nobody_in_the_document_has_adds_nobody():
    assert people("Renata Okafor signed the contract on March 3.") == []


def test_a_company_holding_the_words_keeps_them():
    text = (
        "Director Okafor approved the award to Renata Okafor Consulting LLC on March 3.\n"
        "Renata Okafor Consulting LLC shall invoice monthly."
    )
    assert people(text) == [("Director Okafor", "Okafor")]
