"""2. The county-ICE data-sharing agreement, typeset in two columns.

Tests reading order (a sentence runs from the bottom of the left column to the top of the
right one) and hyphen joining (words broken with a hyphen at line ends).
"""

from __future__ import annotations

from .layout import FillTo, FrameBreak, Heading, Layout, Lines, Para, Rule, two_columns
from .markup import span_text
from .render import Document

SIZE, LEADING = 9.5, 12.0

CROSS_COLUMN_SENTENCE = (
    "{Q:Neither party shall treat the re-licensing of booking records by a vendor as a "
    "request from {A:ice|ICE} to the {A:avcso|AVCSO}, and no officer of the {A:avcso|AVCSO} "
    "shall delay, schedule or coordinate the release of any person in custody to "
    "facilitate a transfer to {A:ero|ERO}, whether or not the release time was visible "
    "to {A:ero|ERO} through the vendor feed before that person left the {A:jail|Alder "
    "Valley County Jail}.}"
)


def _p(src: str) -> Para:
    return Para(src, size=SIZE, leading=LEADING, after=5)


def _h(src: str) -> Para:
    return Heading(src, size=10, before=6)


def _spans_column_break(lay: Layout) -> None:
    """The cross-column sentence must start in the left column and end in the right one."""
    for span in lay.table.spans:
        if span.kind == "phrase" and span_text(lay.table, span.id).startswith("Neither party"):
            frames = {frame for _, frame in lay.places[span.id]}
            if frames != {1, 2} or lay.pages_of(span.id) != {0}:
                raise ValueError(f"cross-column sentence landed in {lay.places[span.id]}")
            return
    raise ValueError("cross-column sentence missing")


def build() -> Document:
    blocks = [
        Lines(["DATA-SHARING AGREEMENT"], "Helvetica-Bold", 15, 20, align="center"),
        Lines(
            [
                "between the {A:avcso|Alder Valley County Sheriff's Office}",
                "and {A:ice|U.S. Immigration and Customs Enforcement}",
                "Agreement No. DSA-2026-014 \u00b7 Effective February 1, 2026",
            ],
            size=10.5,
            leading=14,
            align="center",
        ),
        Rule(before=0, after=0),
        FrameBreak(),
        _h("1. PARTIES"),
        _p(
            'This Data-Sharing Agreement (the "Agreement") is entered into by the '
            "{A:avcso|Alder Valley County Sheriff's Office} ({A:avcso|AVCSO}), which operates the "
            "{A:jail|Alder Valley County Jail}, and {A:ice|U.S. Immigration and Customs "
            "Enforcement} ({A:ice|ICE}), acting through the Westmore Field Office of "
            "{A:ero|Enforcement and Removal Operations} ({A:ero|ERO}), a component of the "
            "{A:dhs|U.S. Department of Homeland Security}."
        ),
        _h("2. PURPOSE"),
        _p(
            "The Westmore Values Act limits what state and local agencies may share with "
            "federal immigration authorities. This Agreement documents the flow of booking "
            "data that the {A:avcso|AVCSO} makes available to its records vendor, "
            "{O:brightline|Brightline Data Solutions LLC}, and the terms on which that vendor "
            "may re-license the data to {A:ice|ICE}."
        ),
        _h("3. DEFINITIONS"),
        _p(
            '"Booking record" means the record the jail management system creates when a '
            'person is received into custody. "Vendor feed" means the electronic export '
            "of booking records to the vendor, and every copy of those records the vendor "
            'makes. "Release time" means the date and time at which the jail management '
            "system schedules a person to leave custody."
        ),
        _h("4. DATA ELEMENTS"),
        _p(
            "Each record contains the booking number, name, date of birth, charges, bail, "
            "housing unit, arresting agency (for example the {A:mpd|Millbrook Police "
            "Department}), holds placed by the {A:usms|U.S. Marshals Service} or the "
            "{A:wdoc|Westmore Department of Corrections}, and the scheduled release date."
        ),
        _p(
            "Records do not include Social Security numbers, medical information, or any "
            "field that states or implies a person's immigration status or place of birth."
        ),
        FillTo(5, LEADING),
        _h("5. NO REQUEST TO HOLD"),
        _p(CROSS_COLUMN_SENTENCE),
        _h("6. NOTIFICATION"),
        _p(
            "The {A:avcso|AVCSO} shall transmit each booking notifi¬cation to the vendor feed "
            "within fifteen minutes of intake. {Q:A release notification is sent when the jail "
            "management system schedules the release}, and again when the person leaves."
        ),
        _h("7. USE LIMITS"),
        _p(
            "{A:ice|ICE} shall not use the data to request that the {A:avcso|AVCSO} hold any "
            "person beyond the scheduled release time. Nothing in this Agreement authorizes "
            "access by the {A:fbi|FBI} or by {A:hsi|HSI} except through {A:ice|ICE} case "
            "files, and no data shall be disclosed to {A:cbp|CBP} for border screening."
        ),
        _h("8. RETENTION"),
        _p(
            "Records of persons whose charges are dismissed by the {A:court|Alder Valley "
            "County Superior Court} shall be deleted from every copy within thirty days of "
            "the dismissal, including copies held by the vendor."
        ),
        _h("9. AUDIT"),
        _p(
            "Sheriff {P:okafor|Okafor}'s designee may audit the vendor's disclosure logs "
            "once per quarter. The audit covers the identity of each querying officer, the "
            "time of each query and the record returned."
        ),
        _h("10. POINTS OF CONTACT"),
        _p(
            "For the {A:avcso|AVCSO}: {P:lindqvist|Sgt. Sarah Lindqvist}, Records Unit. For "
            "{A:ero|ERO}: Field Office Director {P:mwhitfield|Whitfield} or a deputy he "
            "designates. Questions about vendor pricing and invoices go to Contracting "
            "Officer {P:tolliver|Renata J. Tol¬liver}, who administers the order."
        ),
        _h("11. COSTS"),
        _p(
            "No funds pass between the parties. {Q:The vendor pays the county a records "
            "license fee of {M:18000|$18,000} per year}, set by the county's fee schedule, "
            "and bears the cost of the feed. {A:ice|ICE} pays the vendor under its own order, "
            "which is not part of this Agreement."
        ),
        _h("12. SECURITY AND PUBLIC RECORDS"),
        _p(
            "The vendor shall keep the data in the United States, encrypted at rest and in "
            "transit, and shall report any unauthorized access to both parties within 24 "
            "hours. This Agreement is a public record and may be released on request, "
            "except for system credentials and network diagrams."
        ),
        _h("13. TERM AND TERMINATION"),
        _p(
            "This Agreement runs for one year from its effective date. {Q:Either party may "
            "terminate it on thirty days' written notice}; sections 7 and 8 survive "
            "termination for as long as any party or the vendor holds the data."
        ),
        _h("14. SIGNATURES"),
        Lines(
            [
                "/s/ {P:okafor|DANIEL OKAFOR}",
                "Sheriff, {A:avcso|AVCSO}",
                "Date: January 28, 2026",
            ],
            size=SIZE,
            leading=LEADING,
            after=10,
        ),
        Lines(
            [
                "/s/ {P:mwhitfield|MARCUS WHITFIELD}",
                "Field Office Director",
                "{A:ero|ERO} Westmore Field Office, {A:ice|ICE}",
                "Date: January 30, 2026",
            ],
            size=SIZE,
            leading=LEADING,
        ),
    ]
    return Document(
        filename="data-sharing-agreement-county-ice.pdf",
        title="Data-Sharing Agreement DSA-2026-014",
        header_left="Data-Sharing Agreement",
        header_right="Agreement No. DSA-2026-014",
        blocks=blocks,
        frames=two_columns(title_height=78),
        checks=[_spans_column_break],
    )
