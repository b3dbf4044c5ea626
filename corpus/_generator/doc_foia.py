"""4. The ICE FOIA Office's final response letter: case number, exemptions, fees."""

from __future__ import annotations

from .layout import Heading, Lines, Para, Rule, Spacer, single_column
from .render import Document

CASE = "2026-ICFO-04120"


def build() -> Document:
    blocks = [
        Lines(
            [
                "{A:dhs|U.S. Department of Homeland Security}",
                "{A:ice|U.S. Immigration and Customs Enforcement}",
            ],
            "Helvetica-Bold",
            11,
            14,
            align="center",
            after=0,
        ),
        Lines(["Freedom of Information Act Office", "Washington, DC"], align="center"),
        Rule(),
        Lines(["April 20, 2026"], after=10),
        Lines(
            [
                "{P:ellery|Jordan Ellery}",
                "{O:ledger|The Alder Valley Ledger}",
                "88 Mill Street",
                "Millbrook, Westmore",
            ],
            after=10,
        ),
        Lines([f"RE: {{A:ice|ICE}} FOIA Case Number {CASE}"], "Helvetica-Bold", after=10),
        Para("Dear {P:ellery|Jordan Ellery}:"),
        Para(
            "This is the final response to your Freedom of Information Act (FOIA) request to "
            "{A:ice|U.S. Immigration and Customs Enforcement} ({A:ice|ICE}), dated February 9, "
            "2026 and received on February 11, 2026. You asked for the award file for order "
            "70CMSD26P00000142 with {O:brightline|Brightline Data Solutions LLC}, "
            "communications between {A:ero|ERO} Westmore and the {A:avcso|Alder Valley "
            "County Sheriff's Office} about booking data, and any data-sharing agreement "
            "between them."
        ),
        Para(
            "{Q:A search of the Office of Acquisition Management and of {A:ero|ERO} located 214 "
            "pages of responsive records.} Of those, 131 pages are released in full, 77 pages are "
            "released in part and 6 pages are withheld in full under Exemptions (b)(4), "
            "(b)(6), (b)(7)(C) and (b)(7)(E), as explained below. {A:hsi|Homeland Security "
            "Investigations} was not searched, because the order names no program of that office."
        ),
        Heading("Exemptions applied"),
        Para(
            "Exemption (b)(4) protects trade secrets and commercial information that is "
            "obtained from a person and is privileged or confidential. It was applied to the "
            "contractor's internal cost build-up, not to the prices the Government agreed to "
            "pay."
        ),
        Para(
            "Exemption (b)(6) protects information in personnel and similar files when "
            "disclosure would be a clearly unwarranted invasion of personal privacy. "
            "{Q:Exemption (b)(7)(C) protects records compiled for law enforcement purposes} "
            "whose release could reasonably be expected to be an unwarranted invasion of "
            "personal privacy. {A:ice|ICE} applied both to the names, telephone numbers and "
            "email addresses of employees below the level of Field Office Director, and to the "
            "names of people whose booking records appear in sample data."
        ),
        Para(
            "The names of the Contracting Officer, {P:tolliver|Ms. Tolliver}, and of the Field "
            "Office Director, {P:mwhitfield|M. Whitfield}, are released because both signed "
            "the records in an official capacity."
        ),
        Para(
            "Exemption (b)(7)(E) protects techniques and procedures for law enforcement "
            "investigations. It was applied to query screenshots that show search fields."
        ),
    ]
    page_two = [
        Heading("Referrals"),
        Para(
            "Nine pages originated with {A:cbp|U.S. Customs and Border Protection} and four "
            "with the {A:usms|U.S. Marshals Service}. {Q:Those pages were referred to the "
            "originating agencies for direct response to you.}"
        ),
        Heading("Fees"),
        Para(
            "As a representative of the news media you are charged for duplication only. "
            "Duplication of 214 pages at {M:0.10|$0.10 per page} comes to "
            "{M:21.40|$21.40}, which is below the {M:25|$25.00} threshold at which fees are "
            "billed, so no fee is charged. A commercial requester would also have paid for "
            "6.5 hours of search and review at {M:46|$46.00 per hour}, or {M:299|$299.00}."
        ),
        Heading("Appeal rights"),
        Para(
            "You may appeal this response within 90 working days of the date of this letter. "
            'Mark the envelope or email subject line "FOIA Appeal" and cite case number '
            f"{CASE}. {{Q:The appeal must be received by the deadline, not merely sent.}}"
        ),
        Para(
            "If you have questions about this response, contact the FOIA Public Liaison at "
            f"the address above and cite case number {CASE}."
        ),
        Spacer(6),
        Lines(
            [
                "Sincerely,",
                "",
                "/s/ {P:raman|Priya Raman}",
                "FOIA Officer",
                "{A:ice|ICE} Freedom of Information Act Office",
            ],
            after=14,
        ),
        Lines(
            [
                f"Enclosures: 208 pages, Bates {CASE}-0001 to {CASE}-0208",
                f"Reference: {{P:raman|RAMAN, PRIYA}} / {CASE}",
            ],
            size=8.5,
            leading=11,
        ),
    ]
    return Document(
        filename="foia-response-2026-0412.pdf",
        title=f"ICE FOIA final response, case {CASE}",
        header_left="Freedom of Information Act Office",
        header_right=f"FOIA Case {CASE}",
        blocks=blocks + page_two,
        frames=single_column,
    )
