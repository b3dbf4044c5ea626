"""Filters written as query text, "did you mean" corrections, and document dates."""

from __future__ import annotations

import datetime as dt

import pytest

from index.dates import document_date, parse_date
from index.querysyntax import Filters, build_query, did_you_mean, quote


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        ("booking", Filters(), "booking"),
        ("", Filters(agency=["ICE"]), "agency:ICE"),
        (
            "booking",
            Filters(agency=["U.S. Immigration and Customs Enforcement"]),
            'booking agency:"U.S. Immigration and Customs Enforcement"',
        ),
        (
            "feed",
            Filters(person=["Renata J. Tolliver", "Daniel Okafor"]),
            'feed (person:"Renata J. Tolliver" OR person:"Daniel Okafor")',
        ),
        ("", Filters(types=["pdf"], ocr=True), "type:pdf ocr:true"),
        ("x", Filters(ocr=False), "x ocr:false"),
        ("", Filters(amount_min=500000, amount_max=1000000), "amount:[500000 TO 1000000]"),
        ("", Filters(amount_min=0.25), "amount:>=0.25"),
        ("", Filters(amount_max=1e6), "amount:<=1000000"),
        (
            "",
            Filters(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31)),
            "date:[2026-01-01 TO 2026-03-31]",
        ),
        ("", Filters(date_from=dt.date(2026, 2, 1)), "date:>=2026-02-01"),
        ("a OR b", Filters(org=["Brightline"]), "(a OR b) org:Brightline"),
        ('"this OR that"', Filters(org=["X"]), '"this OR that" org:X'),
        ("  spaced   out ", Filters(), "spaced out"),
    ],
)
def test_build_query(text, filters, expected):
    assert build_query(text, filters) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ICE", "ICE"),
        ("Sheriff's Office", '"Sheriff\'s Office"'),
        ('The "Agency"', '"The Agency"'),
        ("OR", '"OR"'),
        ("Castellanos-Reyes", '"Castellanos-Reyes"'),
    ],
)
def test_quote(value, expected):
    assert quote(value) == expected


def test_filters_written_by_build_query_parse_and_find_pages(corpus_data):
    """Regression: every filter string the app writes must be valid query syntax."""
    from index.search import search

    q = build_query(
        "booking",
        Filters(
            agency=["Alder Valley County Sheriff's Office"],
            types=["pdf"],
            ocr=False,
            amount_min=1,
            date_from=dt.date(1999, 1, 1),
        ),
    )
    result = search(corpus_data, q, limit=50)
    assert result.error is None


@pytest.mark.parametrize(
    ("query", "suggestions", "expected"),
    [
        ("bookng data", ["booking"], ["booking data"]),
        ("bookng agency:ICE", ["booking"], ["booking agency:ICE"]),
        ("(tolliverr OR marsh)", ["tolliver"], ["(tolliver OR marsh)"]),
        ("contrct feee", ["contract", "fee"], ["contract feee", "contrct fee"]),
        ("agency:ICE", ["ice"], []),
        ("booking", ["booking"], []),
    ],
)
def test_did_you_mean_replaces_the_closest_word(query, suggestions, expected):
    assert did_you_mean(query, suggestions) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-03T09:14:00-08:00", dt.datetime(2026, 2, 3, 9, 14)),
        ("2026-02-03", dt.datetime(2026, 2, 3)),
        ("D:20260312101500+00'00'", dt.datetime(2026, 3, 12, 10, 15)),
        ("D:2026", dt.datetime(2026, 1, 1)),
        ("D:20261399", None),
        ("Tue, 03 Feb 2026 09:14:00 -0800", None),  # not ISO: never guessed
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("metadata", "source", "day"),
    [
        ({"date": "2026-02-03T09:14:00", "creationdate": "D:2000"}, "sent", dt.date(2026, 2, 3)),
        ({"created": "2025-12-01T10:00:00"}, "file created", dt.date(2025, 12, 1)),
        ('{"creationdate": "D:20260101"}', "PDF created", dt.date(2026, 1, 1)),
        ({"date": "sometime in spring", "creationdate": "D:20260101"}, "PDF created", None),
        ({"filename": "a.txt"}, None, None),
        ("not json", None, None),
    ],
)
def test_document_date_prefers_the_sent_date(metadata, source, day):
    found = document_date(metadata)
    if source is None:
        assert found is None
        return
    assert found.source == source
    if day is not None:
        assert found.day == day
