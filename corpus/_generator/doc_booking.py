"""6. Jail booking notifications sent to ICE, as an image-only scan (see render.scanned_pdf).

The booked people have deliberately implausible names; the officials are the same cast as
in the other documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import Column, Lines, PageBreak, Para, Rule, Table, single_column
from .render import Document

SIZE, LEADING = 11.0, 15.0


@dataclass
class Booking:
    number: str
    name: str  # markup, LAST, FIRST M. as jail systems print it
    dob: str
    booked: str
    arresting: str  # markup
    charges: str
    bail: str  # markup
    holds: str  # markup
    release: str
    note: str  # markup; holds this page's distinctive phrase


BOOKINGS = [
    Booking(
        "AVC-2026-004417",
        "{P:sample|SAMPLE, ALEX T.}",
        "01/01/1990",
        "02/16/2026 22:41",
        "{A:mpd|Millbrook Police Department}",
        "Driving on a suspended license; failure to appear",
        "{M:5000|$5,000.00}",
        "None",
        "02/17/2026 14:00",
        "{Q:Release time set automatically by the jail management system.} No detainer "
        "is on file and this notice is not a request to hold.",
    ),
    Booking(
        "AVC-2026-004431",
        "{P:example|EXAMPLE, CASEY R.}",
        "02/02/1985",
        "02/17/2026 03:15",
        "{A:wdoc|Westmore Department of Corrections} (parole agent)",
        "Parole violation, technical",
        "No bail",
        "{A:usms|U.S. Marshals Service}, federal writ pending",
        "02/19/2026 09:30",
        "{Q:Transfer to federal custody is expected before the release time.} The vendor feed "
        "shows the writ as an open hold.",
    ),
    Booking(
        "AVC-2026-004458",
        "{P:testperson|TESTPERSON, MORGAN}",
        "03/03/1979",
        "02/18/2026 16:02",
        "{A:avcso|AVCSO} patrol, bench warrant, {A:court|Alder Valley County Superior Court}",
        "Failure to appear (misdemeanor)",
        "{M:2500|$2,500.00}",
        "None",
        "02/18/2026 20:00",
        "{Q:Cited and released on the same day after posting bail.} The release was "
        "visible in the feed for 3 hours and 58 minutes before it occurred.",
    ),
]


def _page(b: Booking) -> list:
    fields = [
        ["Booking number", b.number],
        ["Name (LAST, FIRST M.)", b.name],
        ["Date of birth", b.dob],
        ["Booked", b.booked],
        ["Arresting agency", b.arresting],
        ["Charges", b.charges],
        ["Bail", b.bail],
        ["Holds", b.holds],
        ["Scheduled release", b.release],
    ]
    return [
        Lines(
            [
                "{A:avcso|ALDER VALLEY COUNTY SHERIFF'S OFFICE}",
                "{A:jail|ALDER VALLEY COUNTY JAIL} - RECORDS UNIT",
            ],
            "Helvetica-Bold",
            12,
            16,
            align="center",
            after=2,
        ),
        Lines(["BOOKING NOTIFICATION"], "Helvetica-Bold", 15, 20, align="center"),
        Rule(),
        Para(
            "To: {A:ice|ICE} {A:ero|ERO} Westmore Field Office, Attn: Field Office Director "
            "{P:mwhitfield|M. Whitfield}",
            size=SIZE,
            leading=LEADING,
            after=2,
        ),
        Para(
            "Via: {O:brightline|Brightline Data Solutions LLC} booking feed",
            size=SIZE,
            leading=LEADING,
            after=10,
        ),
        Table([Column("Field", 170), Column("Entry", 298)], fields, size=SIZE, leading=14),
        Para("Notes: " + b.note, size=SIZE, leading=LEADING, after=18),
        Lines(
            [
                "Prepared by: {P:lindqvist|Sgt. S. Lindqvist}, Records Unit",
                "For: {P:okafor|OKAFOR, DANIEL}, Sheriff",
            ],
            size=SIZE,
            leading=LEADING,
        ),
    ]


def build() -> Document:
    blocks: list = []
    for i, booking in enumerate(BOOKINGS):
        if i:
            blocks.append(PageBreak())
        blocks += _page(booking)
    return Document(
        filename="scanned-booking-notification.pdf",
        title="Booking notifications to ICE ERO (scanned)",
        header_left="Jail Records Unit - Booking Notification",
        header_right="Form AVC-BN-3 (rev. 2025)",
        blocks=blocks,
        frames=single_column,
    )
