"""A name the model took without its first word at the start of a sentence, where the
document writes it in full (ingest.entities.cutnames). Invented names throughout."""

from __future__ import annotations

import pytest

from ingest.entities.tagger import tag_pages

PREAMBLE = "AGREEMENT between Stanton County and Granite Laundry Services LLC.\n"


def names(text: str) -> list[tuple[str, str, str]]:
    (found,) = tag_pages([text], ["en"])
    return [(m.kind, " ".join(m.text.split()), m.norm) for m in found if m.kind != "money"]


@pytest.mark.parametrize(
    "sentence",
    [
        "12.3 The option period ends at a price of $8,354. Granite\nLaundry Services LLC agrees "
        "to document each payment.",
        "12.3 The price is $8,354. Granite Laundry Services LLC agrees to document each payment.",
    ],
)
def test_regression_company_cut_at_a_sentence_start_is_the_documents_full_name(sentence):
    full = ("org", "Granite Laundry Services LLC", "Granite Laundry Services LLC")
    assert names(PREAMBLE + sentence) == [full, full]


def test_a_cut_name_the_document_never_writes_in_full_stays_as_found():
    text = "The price is $8,354. Granite\nLaundry Services LLC agrees to document each payment."
    assert [n[1] for n in names(text)] == ["Laundry Services LLC"]


def test_punctuation_before_a_short_name_ends_it():
    text = (
        "The Board approved the award to Harbor Point Medical Group Inc. on May 3.\n"
        "Harbor Point Medical Group Inc. shall invoice monthly. Medical Group Inc. was paid."
    )
    assert [n[1] for n in names(text)][-1] == "Medical Group Inc."
