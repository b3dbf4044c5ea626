"""Money amounts: ``ingest.entities.money``.

Every example below is made up for these tests; the real-record tests only read
``shared/realdocs`` in place and assert on values.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ingest.entities.money import find_money, format_money, parse_amount

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


def found(text: str, lang: str = "en") -> list[tuple[str, float, str, str | None]]:
    return [(m.text, m.value, m.currency, m.unit) for m in find_money(text, lang)]


# (text, lang, [(surface, value, currency, unit), ...])
POSITIVE = [
    ("Award total $22,100,000.00 to date.", "en", [("$22,100,000.00", 22100000.0, "USD", None)]),
    ("a $22.1 million contract", "en", [("$22.1 million", 22100000.0, "USD", None)]),
    ("budgeted $750K for it", "en", [("$750K", 750000.0, "USD", None)]),
    ("roughly $1.2M", "en", [("$1.2M", 1200000.0, "USD", None)]),
    ("a $4.1 billion program", "en", [("$4.1 billion", 4100000000.0, "USD", None)]),
    ("about $2.5 bn over", "en", [("$2.5 bn", 2500000000.0, "USD", None)]),
    ("USD 48,500 was", "en", [("USD 48,500", 48500.0, "USD", None)]),
    ("US$ 5,000,000 in", "en", [("US$ 5,000,000", 5000000.0, "USD", None)]),
    ("fee of $ 3,400,500 paid", "en", [("$ 3,400,500", 3400500.0, "USD", None)]),
    ("owed 137,171.67 USD now", "en", [("137,171.67 USD", 137171.67, "USD", None)]),
    ("wire of $127087.81 sent", "en", [("$127087.81", 127087.81, "USD", None)]),
    ("just $.50 a copy", "en", [("$.50", 0.5, "USD", None)]),
    ("worth 22 million dollars", "en", [("22 million dollars", 22000000.0, "USD", None)]),
    ("a $3.4 million dollar contract", "en", [("$3.4 million dollar", 3400000.0, "USD", None)]),
    ("released on$5,000 bond", "en", [("$5,000", 5000.0, "USD", None)]),
    ("$2.125 billion bond", "en", [("$2.125 billion", 2125000000.0, "USD", None)]),
    ("only $0.125 left", "en", [("$0.125", 0.125, "USD", None)]),
    ("USD48,500", "en", [("USD48,500", 48500.0, "USD", None)]),
    ("$1.2 M in funding", "en", [("$1.2 M", 1200000.0, "USD", None)]),
    ("fees of S$12,500.00", "en", [("S$12,500.00", 12500.0, "SGD", None)]),
    ("C$ 1,000 rebate", "en", [("C$ 1,000", 1000.0, "CAD", None)]),
    ("about AUD 6,100.50 due", "en", [("AUD 6,100.50", 6100.5, "AUD", None)]),
    # negatives
    ("Adjustment    ($665,950.75)", "en", [("($665,950.75)", -665950.75, "USD", None)]),
    ("Net change: ($1,200.00)", "en", [("($1,200.00)", -1200.0, "USD", None)]),
    ("credit $(665,950.75)", "en", [("$(665,950.75)", -665950.75, "USD", None)]),
    ("refund -$1,200 issued", "en", [("-$1,200", -1200.0, "USD", None)]),
    ("refund $-1,200 issued", "en", [("$-1,200", -1200.0, "USD", None)]),
    ("refund \u2212$1,200 issued", "en", [("\u2212$1,200", -1200.0, "USD", None)]),
    # euros and pounds
    ("€ 1.500,00 huur", "en", [("€ 1.500,00", 1500.0, "EUR", None)]),
    ("1.500,00 € huur", "en", [("1.500,00 €", 1500.0, "EUR", None)]),
    ("EUR 2.750,25 paid", "en", [("EUR 2.750,25", 2750.25, "EUR", None)]),
    ("€1,5 million", "en", [("€1,5 million", 1500000.0, "EUR", None)]),
    ("a £2.3m deal", "en", [("£2.3m", 2300000.0, "GBP", None)]),
    ("500 pounds sterling", "en", [("500 pounds sterling", 500.0, "GBP", None)]),
    ("some 2 million pounds.", "en", [("2 million pounds", 2000000.0, "GBP", None)]),
    ("GBP 12,000 fine", "en", [("GBP 12,000", 12000.0, "GBP", None)]),
    ("15 euros each", "en", [("15 euros each", 15.0, "EUR", "each")]),
    # line breaks between figure and multiplier
    ("a $22.1\nmillion award", "en", [("$22.1\nmillion", 22100000.0, "USD", None)]),
    ("worth 3.7\nmillion dollars.", "en", [("3.7\nmillion dollars", 3700000.0, "USD", None)]),
    # rates keep their unit
    ("$0.25 per query", "en", [("$0.25 per query", 0.25, "USD", "query")]),
    ("$18,500/month", "en", [("$18,500/month", 18500.0, "USD", "month")]),
    ("$95 per hour", "en", [("$95 per hour", 95.0, "USD", "hour")]),
    ("$1.10 each", "en", [("$1.10 each", 1.1, "USD", "each")]),
    ("$131 per day", "en", [("$131 per day", 131.0, "USD", "day")]),
    ("$95/hr", "en", [("$95/hr", 95.0, "USD", "hour")]),
    ("$500 a month", "en", [("$500 a month", 500.0, "USD", "month")]),
    ("$50,000 annually", "en", [("$50,000 annually", 50000.0, "USD", "year")]),
    ("$38.00 PER DETAINEE", "en", [("$38.00 PER DETAINEE", 38.0, "USD", "detainee")]),
    ("$1.875 per unit", "en", [("$1.875 per unit", 1.875, "USD", "unit")]),
    ("$5 per the contract", "en", [("$5", 5.0, "USD", None)]),
    # ranges: two mentions, each end its own span and value
    ("$5,000–$10,000", "en", [("$5,000", 5000.0, "USD", None), ("$10,000", 10000.0, "USD", None)]),
    ("$5,000 - 10,000", "en", [("$5,000", 5000.0, "USD", None), ("10,000", 10000.0, "USD", None)]),
    ("$5–10 million", "en", [("$5", 5e6, "USD", None), ("10 million", 1e7, "USD", None)]),
    ("$5–$10 million", "en", [("$5", 5e6, "USD", None), ("$10 million", 1e7, "USD", None)]),
    ("$2,001 -$9,000", "en", [("$2,001", 2001.0, "USD", None), ("$9,000", 9000.0, "USD", None)]),
    (
        "$5 million—$10 million",
        "en",
        [("$5 million", 5e6, "USD", None), ("$10 million", 1e7, "USD", None)],
    ),
    # words with figures count once; words alone count
    (
        "the sum of Two Hundred Thousand Dollars ($200,000.00) payable",
        "en",
        [("Two Hundred Thousand Dollars ($200,000.00)", 200000.0, "USD", None)],
    ),
    (
        "Two Hundred Thousand and 00/100 Dollars ($200,000.00)",
        "en",
        [("Two Hundred Thousand and 00/100 Dollars ($200,000.00)", 200000.0, "USD", None)],
    ),
    (
        "One Million Two Hundred Thousand Dollars ($1,200,000)",
        "en",
        [("One Million Two Hundred Thousand Dollars ($1,200,000)", 1200000.0, "USD", None)],
    ),
    ("Fifty Thousand ($50,000)", "en", [("Fifty Thousand ($50,000)", 50000.0, "USD", None)]),
    ("Ten Dollars (10.00)", "en", [("Ten Dollars (10.00)", 10.0, "USD", None)]),
    ("Twenty-Two Million Dollars", "en", [("Twenty-Two Million Dollars", 22000000.0, "USD", None)]),
    ("paid five dollars", "en", [("five dollars", 5.0, "USD", None)]),
    # other languages: multiplier words and decimal commas
    ("een contract van $ 22,1 miljoen", "nl", [("$ 22,1 miljoen", 22100000.0, "USD", None)]),
    ("een bedrag van $ 8.4 miljoen", "nl", [("$ 8.4 miljoen", 8400000.0, "USD", None)]),
    ("een subsidie van $ 640,000 voor", "nl", [("$ 640,000", 640000.0, "USD", None)]),
    ("2 miljard euro", "nl", [("2 miljard euro", 2000000000.0, "EUR", None)]),
    ("€ 1.500,00 per maand", "nl", [("€ 1.500,00 per maand", 1500.0, "EUR", "maand")]),
    ("22,1 millones de dólares", "es", [("22,1 millones de dólares", 22100000.0, "USD", None)]),
    ("una multa de $450,000", "es", [("$450,000", 450000.0, "USD", None)]),
    ("unos $300 mil", "es", [("$300 mil", 300000.0, "USD", None)]),
    ("1,5 Millionen Euro", "de", [("1,5 Millionen Euro", 1500000.0, "EUR", None)]),
    ("1,5 Mio. €", "de", [("1,5 Mio. €", 1500000.0, "EUR", None)]),
    ("1.500 Millionen Euro", "de", [("1.500 Millionen Euro", 1500000000.0, "EUR", None)]),
    ("3 Mrd. Euro", "de", [("3 Mrd. Euro", 3000000000.0, "EUR", None)]),
    ("3,2 millions d'euros", "fr", [("3,2 millions d'euros", 3200000.0, "EUR", None)]),
    ("3,2 M€", "fr", [("3,2 M€", 3200000.0, "EUR", None)]),
    ("1 500 000 €", "fr", [("1 500 000 €", 1500000.0, "EUR", None)]),
    ("2 milliards d'euros", "fr", [("2 milliards d'euros", 2000000000.0, "EUR", None)]),
]

NEGATIVE = [
    "$",
    "Section 5",
    "FY2026",
    "7(c)",
    "(b)(6)",
    "2,000 pages",
    "21,000 words",
    "$ signs",
    "version 1.2.3",
    "released v2.10.4 today",
    "(2019)",
    "thirty (30) days",
    "one hundred (100) pounds of marijuana",
    "5 pounds of cocaine",
    "a 200 pounds man",
    "in 2019 dollars",
    "millions of dollars",
    "a million dollar idea",
    "$5th",
    "$750Kx",
    "$5,00",
    "Case No. 21-cv-01234",
    "call (202) 555-0143",
    "Washington, DC 20590",
    "Page 3 of 7",
    "22,1 millones",
    "the 1,500 mile trip",
]


@pytest.mark.parametrize(("text", "lang", "expected"), POSITIVE)
def test_find_money_positive(text, lang, expected):
    assert found(text, lang) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_find_money_negative(text):
    assert find_money(text) == []


@pytest.mark.parametrize(("text", "lang", "expected"), POSITIVE)
def test_mentions_are_exact_sorted_and_disjoint(text, lang, expected):
    mentions = find_money(text, lang)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for left, right in zip(mentions, mentions[1:], strict=False):
        assert left.end <= right.start
    for m in mentions:
        assert m.kind == "money"
        assert m.text == text[m.start : m.end]
        assert m.method == "pattern"


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("$1,248,500", "1248500.00 USD"),
        ("$0.25 per query", "0.25 USD/query"),
        ("€ 1.500,00", "1500.00 EUR"),
        ("$0.125", "0.125 USD"),
        ("($665,950.75)", "-665950.75 USD"),
        ("$4.1 billion", "4100000000.00 USD"),
    ],
)
def test_norm_is_canonical_value_and_currency(text, norm):
    assert [m.norm for m in find_money(text)] == [norm]


def test_english_comma_is_a_thousands_separator():
    assert found("1,500 USD") == [("1,500 USD", 1500.0, "USD", None)]
    assert found("1,500 USD", "nl") == [("1,500 USD", 1500.0, "USD", None)]
    assert found("1,50 USD", "nl") == [("1,50 USD", 1.5, "USD", None)]
    assert found("1,50 USD") == []


def test_language_multipliers_only_apply_in_their_language():
    assert found("$ 22,1 miljoen") == []
    assert found("$300 mil") == [("$300 mil", 300000000.0, "USD", None)]
    assert found("$300 mil", "es") == [("$300 mil", 300000.0, "USD", None)]


def test_decimal_comma_language_accepts_region_suffixes():
    assert found("€ 1.500,00", "nl-NL") == found("€ 1.500,00", "nl")


# --- regressions ------------------------------------------------------------------------------


def test_regression_aside_in_parentheses_is_not_negative():
    assert found("the grant ($2.6 million) was renewed") == [
        ("$2.6 million", 2600000.0, "USD", None)
    ]


def test_regression_words_and_figures_that_disagree_are_both_kept():
    assert found("Five Thousand Dollars ($6,000.00)") == [
        ("Five Thousand Dollars", 5000.0, "USD", None),
        ("$6,000.00", 6000.0, "USD", None),
    ]


def test_regression_range_dash_before_dollar_is_not_a_minus():
    assert [m.value for m in find_money("between $5,000 -$10,000")] == [5000.0, 10000.0]
    assert [m.value for m in find_money("between $5,000-$10,000")] == [5000.0, 10000.0]


def test_regression_range_second_end_must_not_shrink():
    # a bond table row: "$87,000,000 - 12" is an amount, an empty cell and a count
    assert found("Countywide $87,000,000 - 12") == [("$87,000,000", 87000000.0, "USD", None)]


def test_regression_range_second_end_followed_by_a_noun_is_not_money():
    assert found("$5 - 10 people") == [("$5", 5.0, "USD", None)]
    assert found("$5 - 10% off") == [("$5", 5.0, "USD", None)]


def test_regression_code_legend_letter_is_not_a_multiplier():
    text = "K = $12,001-$40,000 L = $40,001-$90,000 M = $90,001-$200,000"
    assert [m.value for m in find_money(text)] == [12001, 40000, 40001, 90000, 90001, 200000]


def test_regression_list_letter_is_not_billions():
    assert [m.value for m in find_money("a) $500 b) $600")] == [500.0, 600.0]


def test_regression_english_dot_thousands_from_ocr():
    # a dollar amount is never written to a tenth of a cent, so "$350.000" is OCR for 350,000
    assert found("= $350.000-$700.000") == [
        ("$350.000", 350000.0, "USD", None),
        ("$700.000", 700000.0, "USD", None),
    ]


def test_regression_ocr_glued_word_after_amount():
    assert found("B = $2,500or more") == [("$2,500", 2500.0, "USD", None)]


def test_regression_currency_code_wrapped_before_its_figure():
    text = "Setup under line 3 is fixed at USD\n61,250 and is payable on acceptance."
    assert found(text) == [("USD\n61,250", 61250.0, "USD", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Fees in USD\n2019 was a quiet year.",  # a year is not a grouped figure
        "Paid in $\n12 instalments.",
    ],
)
def test_wrapped_currency_takes_only_a_grouped_figure(text):
    assert found(text) == []


def test_regression_parenthesised_credit_in_prose_is_negative_money():
    text = "The fee is $4,000.00. Line 7 records a credit of (3,750.00) against the first invoice."
    assert [(m.text, m.value) for m in find_money(text)] == [
        ("$4,000.00", 4000.0),
        ("(3,750.00)", -3750.0),
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("A credit of (3,750.00) was noted.", []),  # no money named on the page
        ("The fee is $40. See figures (3,750) and (12.50) in the annex.", [40.0]),  # no cents
    ],
)
def test_parenthesised_figures_without_money_context_are_not_money(text, values):
    assert [m.value for m in find_money(text)] == values


def test_regression_table_row_with_prose_description_keeps_its_prices():
    text = (
        "Item Description Qty Unit Unit Price Amount\n"
        "0005 Field training, on site, three sessions 3 EA 12,000.00 36,000.00\n"
        "The vendor shall invoice each session after it ends, at 12,000.00\n"
    )
    assert [m.value for m in find_money(text)] == [12000.0, 36000.0]


# --- tables and labelled fields ---------------------------------------------------------------

LAID_OUT = """\
CLIN  Description                 Qty   Unit Price      Amount
0001  Detention services FY2024    12     18,500.00    222,000.00
0002  Transport (per trip)         40        950.00     38,000.00
0003  Credit adjustment             1                  (1,200.00)
      Total                                           258,800.00
Contract No. 70CDCR24C00000012   Phone (202) 555-0143   Zip 20536   Page 3 of 7
"""

STRAIGHT_ACROSS = """\
CLIN Description Qty Unit Price Amount
0001 Detention services FY2024 12 18,500.00 222,000.00
0002 Transport per trip 40 950.00 38,000.00
0003 Credit adjustment 1 (1,200.00)
Total 258,800.00
Page 3 of 7
"""

TABLE_VALUES = [18500.0, 222000.0, 950.0, 38000.0, -1200.0, 258800.0]


@pytest.mark.parametrize("text", [LAID_OUT, STRAIGHT_ACROSS], ids=["layout", "straight"])
def test_table_money_column(text):
    mentions = find_money(text)
    assert [m.value for m in mentions] == TABLE_VALUES
    assert {m.method for m in mentions} == {"table"}
    assert {m.currency for m in mentions} == {"USD"}
    assert [m.text for m in mentions][-2:] == ["(1,200.00)", "258,800.00"]


def test_table_explicit_dollar_column_takes_plain_integers_but_not_years_or_ids():
    text = (
        "Vendor Award ID Fiscal Year Obligated ($)\n"
        "County of Somewhere 70CDCR19P00000014 2019 7746\n"
        "City of Elsewhere 70CDCR20P00000099 2020 120500\n"
        "Town of Nowhere 70CDCR21P00000001 2021 2020\n"
        "Case 21-cv-01234 filed 01/02/2020\n"
    )
    assert [(m.text, m.value, m.method) for m in find_money(text)] == [
        ("7746", 7746.0, "table"),
        ("120500", 120500.0, "table"),
    ]


def test_table_thousands_column_is_scaled():
    text = "Program      Obligated ($000)\nDetention           1,248\nTransport             310\n"
    assert [m.value for m in find_money(text)] == [1248000.0, 310000.0]


def test_table_right_aligned_figures_past_a_short_header():
    text = "Description                 Amount\nGuard services                   1,234,567.00\n"
    assert [m.value for m in find_money(text)] == [1234567.0]


def test_regression_section_number_after_table_is_not_money():
    text = (
        "Item Description Amount\n1 Guard services 12,000.00\nSection 4.10\nFAR 52.212\n"
        "Total 12,000.00\n"
    )
    assert [m.value for m in find_money(text)] == [12000.0, 12000.0]


def test_regression_thousands_header_is_not_a_zero_amount():
    assert find_money("Program      Obligated ($000)\n") == []


def test_table_of_counts_under_total_is_not_money():
    text = "County    Deaths    Total\nHarris       12      1,234\nDallas        3        876\n"
    assert find_money(text) == []


def test_table_in_decimal_comma_language_with_euro_header():
    text = "Omschrijving                Bedrag (€)\nHuur kantoor                1.250,00\nCorrectie                   (300,50)\n"
    assert found(text, "nl") == [
        ("1.250,00", 1250.0, "EUR", None),
        ("(300,50)", -300.5, "EUR", None),
    ]


def test_table_bare_numbers_take_the_page_currency():
    text = "Item  Price\nDesk  €450.00\nChair  120.00\n"
    assert [(m.text, m.currency) for m in find_money(text)] == [
        ("€450.00", "EUR"),
        ("120.00", "EUR"),
    ]


def test_prose_after_a_table_is_not_money():
    text = (
        "Item   Amount\nAudit   4,500.00\n"
        + "The audit found the following in section\n" * 10
        + "We counted 12.50 hours\n"
    )
    assert [m.value for m in find_money(text)] == [4500.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bail Amount: 5000", [("5000", 5000.0)]),
        ("Bond Amount: 25,000", [("25,000", 25000.0)]),
        ("total_obligated_amount: 7746.24", [("7746.24", 7746.24)]),
        ("fine_amt: 6000.0", [("6000.0", 6000.0)]),
        ("Total: 3", []),
        ("Booking Number: 2024001234", []),
        ("Phone: 555-1234", []),
        ("Amount Due: 2019", []),
    ],
)
def test_labelled_money_fields(text, expected):
    mentions = find_money(text)
    assert [(m.text, m.value) for m in mentions] == expected
    assert all(m.method == "table" for m in mentions)


# --- parse_amount and format_money ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1.2M", "en", (1200000.0, "USD")),
        ("$750K", "en", (750000.0, "USD")),
        ("1,000,000", "en", (1000000.0, "USD")),
        ("5k", "en", (5000.0, "USD")),
        ("1.2 m", "en", (1200000.0, "USD")),
        ("22 million", "en", (22000000.0, "USD")),
        ("€1.500,00", "en", (1500.0, "EUR")),
        ("1500 EUR", "en", (1500.0, "EUR")),
        ("£2.3m", "en", (2300000.0, "GBP")),
        ("-$1,200", "en", (-1200.0, "USD")),
        ("$.50", "en", (0.5, "USD")),
        (" $ 3,400,500 ", "en", (3400500.0, "USD")),
        ("1,5 miljoen", "nl", (1500000.0, "USD")),
        ("1.000.000", "nl", (1000000.0, "USD")),
        ("abc", "en", None),
        ("", "en", None),
        ("$", "en", None),
        ("$5 €", "en", None),
        ("1,2345", "en", None),
        ("1.2.3", "en", None),
    ],
)
def test_parse_amount(text, lang, expected):
    assert parse_amount(text, lang) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (1248500, "USD", "$1,248,500.00"),
        (1500.0, "EUR", "€1,500.00"),
        (2300000.0, "GBP", "£2,300,000.00"),
        (-1200.0, "USD", "-$1,200.00"),
        (0.5, "USD", "$0.50"),
        (1500.0, "CAD", "CAD 1,500.00"),
    ],
)
def test_format_money(value, currency, expected):
    assert format_money(value, currency) == expected


# --- speed ------------------------------------------------------------------------------------


def _page(i: int) -> str:
    words = [
        "the",
        "county",
        "sheriff",
        "office",
        "signed",
        "an",
        "agreement",
        "for",
        "detention",
        "services",
        "and",
        "transport",
        "under",
        "section",
        "5",
        "of",
        "the",
        "act",
        "in",
        "FY2026",
        "with",
        "21,000",
        "words",
        "over",
        "2,000",
        "pages",
    ]
    out = []
    for n in range(500):
        out.append(words[(n * 7 + i) % len(words)])
        if n % 50 == 0:
            out.append(f"${(n + 1) * 1013 + i:,}.{n % 100:02d}")
        if n % 12 == 11:
            out.append("\n")
    return " ".join(out)


def test_two_hundred_pages_run_well_under_seconds():
    pages = [_page(i) for i in range(200)]
    find_money(pages[0])
    started = time.perf_counter()
    total = sum(len(find_money(page)) for page in pages)
    elapsed = time.perf_counter() - started
    assert total == 200 * 10
    assert elapsed < 2.0, f"{elapsed:.2f}s for 200 pages"


# --- real records (read in place, never copied) -----------------------------------------------


def _realdoc(relative: str) -> str:
    path = REALDOCS / relative
    if not path.exists():
        pytest.skip(f"{relative} not available")
    from ingest import textnorm

    return textnorm.normalise(path.read_text(encoding="utf-8", errors="replace"))


def _one(pattern: str) -> str:
    if not REALDOCS.exists():
        pytest.skip("shared/realdocs not available")
    matches = sorted(REALDOCS.glob(pattern))
    if not matches:
        pytest.skip(f"{pattern} not available")
    return str(matches[0].relative_to(REALDOCS))


def test_realdocs_grant_press_release_finds_1_2_million():
    values = [
        m.value for m in find_money(_realdoc(_one("prosecutor-press-releases/*GangUnitGrant*.txt")))
    ]
    assert 1200000.0 in values


def test_realdocs_amount_split_across_lines():
    values = [
        m.value for m in find_money(_realdoc(_one("prosecutor-press-releases/*PonziScheme*.txt")))
    ]
    assert values == [4900000.0]


def test_realdocs_bail_amounts_including_glued_dollar_sign():
    text = _realdoc(_one("prosecutor-press-releases/2014_11_13_*.txt"))
    values = [m.value for m in find_money(text)]
    assert 700000.0 in values and 24000.0 in values
    assert values.count(1000000.0) == 2


def test_realdocs_spanish_release():
    text = _realdoc(_one("prosecutor-press-releases/*Spanish*.txt"))
    assert [m.value for m in find_money(text, "es")] == [300000.0, 800000.0]


def test_realdocs_dutch_release_with_miljoen():
    text = _realdoc("press-release-nl/ice-data-brokers-press-release-nl.txt")
    assert [(m.value, m.currency) for m in find_money(text, "nl")] == [
        (22100000.0, "USD"),
        (750000.0, "USD"),
    ]


def _pdf_pages(relative: str) -> list[str]:
    path = REALDOCS / relative
    if not path.exists():
        pytest.skip(f"{relative} not available")
    import pypdfium2

    from ingest import textnorm

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [textnorm.normalise(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_realdocs_expenditure_table_every_row_amount_found():
    (text,) = _pdf_pages("pdfplumber-tests/senate-expenditures.pdf")
    row_amounts = [
        float(m.group(1).replace(",", ""))
        for m in re.finditer(r"\s(\d{1,3}(?:,\d{3})*\.\d\d)$", text, re.M)
    ]
    mentions = find_money(text)
    assert len(row_amounts) > 20
    assert [m.value for m in mentions] == row_amounts
    assert {m.method for m in mentions} == {"table"}


def test_realdocs_disclosure_code_legends_have_no_absurd_values():
    for text in _pdf_pages("freelawproject-doctor/2003-judicial-watch.pdf"):
        assert all(abs(m.value) <= 50_000_001 for m in find_money(text))


def test_realdocs_finance_notice_counts_are_not_money():
    pages = _pdf_pages("city-bureau-city-scrapers/il_finance_authority.pdf")
    values = [m.value for page in pages for m in find_money(page)]
    assert 32000000.0 in values and 100000000.0 in values
    assert all(v >= 1_000_000 for v in values)
