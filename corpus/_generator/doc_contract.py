"""1. The ICE purchase order to the data broker: price schedule and amounts in many formats."""

from __future__ import annotations

from .layout import Column, Heading, Lines, PageBreak, Para, Rule, Table, single_column
from .render import Document

ORDER = "70CMSD26P00000142"

# CLIN, description, quantity, unit, unit price, amount. Cells carry no "$" on purpose:
# the money column is recognisable only from its header.
CLINS = [
    ("0001", "Real-time booking and release data feed, Westmore facilities (12 months)",
     "12", "MO", 62500.00, 750000.00),
    ("0002", "Person-level record queries through web portal and API",
     "800,000", "EA", 0.25, 200000.00),
    ("0003", "Implementation, secure feed setup and onboarding", "1", "LOT", 48500.00, 48500.00),
    ("0004", "Historical booking archive 2019-2025, read-only", "1", "LOT", 212500.00, 212500.00),
    ("0005", "Analyst training, on site, two sessions", "2", "EA", 25000.00, 50000.00),
    ("0006", "Credit: service-level shortfall during December 2025 pilot",
     "1", "LOT", -12500.00, -12500.00),
]  # fmt: skip
TOTAL = sum(row[5] for row in CLINS)


def _cell(value: float) -> str:
    text = f"{abs(value):,.2f}"
    return f"{{M:{value}|({text})}}" if value < 0 else f"{{M:{value}|{text}}}"


def _schedule() -> Table:
    columns = [
        Column("CLIN", 40),
        Column("Description", 188),
        Column("Qty", 52, "right"),
        Column("Unit", 34),
        Column("Unit Price", 72, "right"),
        Column("Amount", 82, "right"),
    ]
    rows = [[c, d, q, u, _cell(p), _cell(a)] for c, d, q, u, p, a in CLINS]
    rows.append(["", "TOTAL AWARD AMOUNT", "", "", "", f"{{M:{TOTAL}|${TOTAL:,.2f}}}"])
    return Table(columns, rows)


def _fields() -> Table:
    rows = [
        ["Order number", ORDER],
        ["Date of order", "January 15, 2026"],
        ["Type of order", "Firm-fixed-price purchase order (FAR Part 12 commercial services)"],
        ["Period of performance", "February 1, 2026 through January 31, 2027"],
        ["Issued by", "{A:ice|ICE} Office of Acquisition Management, Washington, DC"],
        [
            "Requiring activity",
            "{A:ero|Enforcement and Removal Operations (ERO)}, Westmore Field Office",
        ],
        [
            "Contractor",
            "{O:brightline|Brightline Data Solutions LLC}, 1188 Meridian Way, Suite 410, "
            "Fairhaven, Westmore",
        ],
        ["Contracting Officer", "{P:tolliver|Renata J. Tolliver}, (202) 555-0142"],
        ["Total award amount", f"{{M:{TOTAL}|${TOTAL:,.2f}}}"],
    ]
    return Table([Column("Block", 130), Column("Entry", 338)], rows, size=9.5, leading=12)


def build() -> Document:
    blocks = [
        Lines(
            [
                "{A:dhs|U.S. DEPARTMENT OF HOMELAND SECURITY}",
                "{A:ice|U.S. Immigration and Customs Enforcement}",
            ],
            font="Helvetica-Bold",
            size=11,
            leading=15,
            align="center",
        ),
        Lines(["ORDER FOR SUPPLIES OR SERVICES"], "Helvetica-Bold", 15, 20, align="center"),
        Rule(),
        _fields(),
        Heading("1. Purpose"),
        Para(
            "This order procures subscription access to {Q:near-real-time jail booking and "
            "release data} compiled by {O:brightline|Brightline Data Solutions LLC} (the "
            '"Contractor") from county detention facilities, for use by {A:ice|ICE} '
            "{A:ero|ERO} officers in locating removable noncitizens at or near the time of "
            "their release from local custody. The {A:ero|ERO} Westmore Field Office, under "
            "Field Office Director {P:mwhitfield|Marcus Whitfield}, is the requiring activity."
        ),
        Heading("2. Background"),
        Para(
            "Since the Westmore Values Act took effect, state and local law enforcement "
            "agencies in Westmore, including the {A:avcso|Alder Valley County Sheriff's "
            "Office}, generally may not share release dates with federal immigration "
            "authorities. {Q:The Contractor aggregates booking records that counties publish "
            "or license to commercial customers}, including records of the {A:jail|Alder "
            "Valley County Jail}, and resells access to them."
        ),
        Heading("3. Estimated value"),
        Para(
            f"The ceiling of this order is {{M:{TOTAL}|${TOTAL:,.2f}}}. Program officials "
            "have described the annual requirement as {Q:approximately {M:1200000|$1.2 "
            "million}}; of that, the base subscription under CLIN 0001 accounts for "
            "{M:750000|$750K}. Questions about this order go to {P:tolliver|Ms. Tolliver}."
        ),
        PageBreak(),
        Heading("SCHEDULE OF SUPPLIES OR SERVICES", before=0),
        Para("All prices are in U.S. dollars. Quantities are estimates for the base period."),
        _schedule(),
        Heading("Pricing notes"),
        Para(
            "CLIN 0002 is priced at {M:0.25|$0.25 per query}; a query is one lookup of one "
            "person, whether or not a record is returned. The unit price holds for the base "
            "period. {Q:Implementation under CLIN 0003 is fixed at {M:48500|USD 48,500}} and "
            "is payable on acceptance of the first live feed."
        ),
        Para(
            "Should the Government add counties outside Westmore, the Contractor shall price "
            "each county onboarding at {M:5000|$5,000}\u2013{M:10000|$10,000}, depending on "
            "record volume, by bilateral modification."
        ),
        Para(
            "CLIN 0006 records a credit of {M:-12500|(12,500.00)} for the service-level "
            "shortfall during the December 2025 pilot, netted against the first invoice."
        ),
        Heading("Funding"),
        Para(
            "Funds in the amount of {M:200000|Two Hundred Thousand Dollars ($200,000.00)} are "
            "obligated at award against CLIN 0002. {Q:Remaining CLINs are funded incrementally} "
            "as appropriations become available."
        ),
        PageBreak(),
        Heading("TERMS AND CONDITIONS", before=0),
        Heading("Use and onward sharing of data", size=10.5),
        Para(
            "Data obtained under this order may be shared within {A:dhs|DHS} with "
            "{A:hsi|Homeland Security Investigations (HSI)} and {A:cbp|U.S. Customs and "
            "Border Protection}, and outside {A:dhs|DHS} with the {A:fbi|Federal Bureau of "
            "Investigation} and the {A:usms|U.S. Marshals Service}, only for a law "
            "enforcement purpose documented in the case file."
        ),
        Para(
            "{Q:Records sealed by order of the {A:court|Alder Valley County Superior Court} "
            "shall be removed from the feed} within 24 hours of notice to the Contractor."
        ),
        Heading("Key personnel", size=10.5),
        Para(
            "Contractor account executive: {P:marsh|Kevin Marsh}. The Contracting Officer's "
            "Representative is designated in writing by {P:tolliver|R. J. Tolliver} and may "
            "not change the price, quantity or scope of this order."
        ),
        Heading("Signatures", size=10.5),
        Lines(
            [
                "FOR THE CONTRACTOR: {O:brightline|BRIGHTLINE DATA SOLUTIONS LLC}",
                "By: /s/ {P:pruitt|Jonah Pruitt}, Chief Executive Officer",
                "Date: January 14, 2026",
            ]
        ),
        Lines(
            [
                "FOR THE UNITED STATES OF AMERICA:",
                "By: /s/ {P:tolliver|TOLLIVER, RENATA J.}, Contracting Officer",
                "{A:ice|ICE} Office of Acquisition Management",
                "Date: January 15, 2026",
            ]
        ),
    ]
    return Document(
        filename=f"award-contract-{ORDER}.pdf",
        title=f"Order {ORDER} (ICE / Brightline Data Solutions LLC)",
        header_left="Order for Supplies or Services",
        header_right=f"Order No. {ORDER}",
        blocks=blocks,
        frames=single_column,
    )
