"""3. County Board of Supervisors minutes: attendance list, motions, votes, an approved amount.

Pitfalls on purpose: Supervisor Gordon Price next to the word "price", and Clerk Thomas
Whitfield, who is not ERO's Marcus Whitfield.
"""

from __future__ import annotations

from .layout import Heading, Lines, Para, Rule, single_column
from .render import Document


def _vote(ayes: list[str], noes: list[str], absent: list[str], result: str) -> Para:
    def names(keys: list[str]) -> str:
        surnames = {"castellanos": "Castellanos-Reyes", "lowe": "Lowe", "price": "Price"}
        surnames["dunning"] = "Dunning"
        return ", ".join(f"{{P:{k}|{surnames[k]}}}" for k in keys) or "None"

    return Para(
        f"VOTE: Ayes: {names(ayes)}. Noes: {names(noes)}. Absent: {names(absent)}. {result}",
        font="Helvetica-Bold",
        size=9.5,
    )


def build() -> Document:
    blocks = [
        Lines(
            ["{A:bos|ALDER VALLEY COUNTY BOARD OF SUPERVISORS}"],
            "Helvetica-Bold",
            13,
            17,
            align="center",
            after=0,
        ),
        Lines(
            [
                "MINUTES OF THE REGULAR MEETING",
                "Thursday, March 12, 2026, 9:00 a.m.",
                "Board Chambers, County Administration Building, 410 Courthouse Square, Millbrook",
            ],
            size=10,
            leading=13,
            align="center",
        ),
        Rule(),
        Heading("CALL TO ORDER", before=0),
        Para(
            "Chair {P:castellanos|Elena Castellanos-Reyes} called the meeting to order at "
            "9:02 a.m. and led the Pledge of Allegiance."
        ),
        Heading("ROLL CALL"),
        Para(
            "Present: Supervisor {P:castellanos|Elena Castellanos-Reyes} (Chair), Supervisor "
            "{P:lowe|Hannah Lowe}, Supervisor {P:price|Gordon Price}; Absent: Supervisor "
            "{P:dunning|Walter Dunning}."
        ),
        Para(
            "Also present: Clerk of the Board {P:twhitfield|Thomas Whitfield}; County Counsel "
            "{P:osei|Miriam Osei}; Sheriff {P:okafor|Daniel Okafor}; Chief of Police "
            "{P:ferreira|Luis Ferreira}, {A:mpd|Millbrook Police Department}."
        ),
        Heading("CONSENT CALENDAR"),
        Para(
            "Items 1 through 5 were approved on a single motion. Item 3 approved payment of "
            "{M:84250|$84,250.00} for the jail liability insurance "
            "premium. Clerk {P:twhitfield|Whitfield} noted that the minutes of February 26 "
            "were corrected to show Supervisor {P:dunning|Dunning} as present."
        ),
        _vote(["castellanos", "lowe", "price"], [], ["dunning"], "Motion carried 3-0."),
        Heading("ITEM 7. JAIL RECORDS MANAGEMENT SYSTEM: AMENDMENT NO. 2"),
        Para(
            "Staff recommended Amendment No. 2 to the agreement with {O:kestrel|Kestrel "
            "Analytics, Inc.} for maintenance of the jail records management system at the "
            "{A:jail|Alder Valley County Jail}, increasing the not-to-exceed amount by "
            "{M:312400|$312,400.00} to {M:1064900|$1,064,900.00} through June 30, 2028."
        ),
        Para(
            "Supervisor {P:price|Price} asked whether the price per booking record that "
            "{O:kestrel|Kestrel} charges outside buyers would change. {Q:Sheriff "
            "{P:okafor|Okafor} said the county does not sell booking records} and that the "
            "export to {O:brightline|Brightline Data Solutions LLC} is made under a public "
            "records license that predates the Westmore Values Act."
        ),
        Para(
            "In public comment, {P:ellery|Jordan Ellery} of {O:ledger|The Alder Valley Ledger} "
            "asked whether records sent to the vendor reach {A:ice|U.S. Immigration and "
            "Customs Enforcement}. County Counsel {P:osei|Osei} replied that the county has "
            "no agreement with {A:ice|ICE} covering the records system."
        ),
        Para(
            "MOTION: Supervisor {P:price|Price} moved, seconded by Supervisor {P:lowe|Lowe}, "
            "to approve Amendment No. 2 {Q:with direction to report back on vendor data "
            "licensing within 60 days}.",
            font="Helvetica-Bold",
            size=9.5,
        ),
        _vote(["castellanos", "lowe", "price"], [], ["dunning"], "Motion carried 3-0."),
        Heading("ITEM 8. INDEPENDENT AUDIT OF BOOKING DATA DISCLOSURES"),
        Para(
            "The Board then took up the audit resolution, which was introduced by Chair "
            "{P:castellanos|Castel¬lanos-Reyes}. It would direct an independent audit of every "
            "disclosure of booking data by the "
            "{A:avcso|Alder Valley County Sheriff's Office} since January 1, 2025, at a cost "
            "not to exceed {M:45000|$45,000}, with a report to the Board and to the "
            "{A:court|Alder Valley County Superior Court} presiding judge."
        ),
        Para(
            "Sheriff {P:okafor|OKAFOR} stated that the office already logs every export and "
            "that the {A:wdoc|Westmore Department of Corrections} reviewed the logs in 2025. "
            "Supervisor {P:lowe|Lowe} said an outside audit would duplicate that review."
        ),
        Para(
            "MOTION: Supervisor {P:castellanos|Castellanos-Reyes} moved to adopt the "
            "resolution. Supervisor {P:lowe|Lowe} declined to second; Supervisor "
            "{P:price|Price} seconded.",
            font="Helvetica-Bold",
            size=9.5,
        ),
        _vote(["castellanos"], ["lowe", "price"], ["dunning"], "Motion failed 1-2."),
        Heading("BOARD MEMBER REPORTS"),
        Para(
            "Supervisor {P:lowe|Lowe} reported on the regional library board. Supervisor "
            "{P:price|Gordon Price} reported that the fairgrounds commission has set the "
            "price of vendor permits for the summer season at {M:350|$350} per booth, "
            "unchanged from 2025."
        ),
        Para(
            "Clerk of the Board {P:twhitfield|T. Whitfield} announced that the county will "
            "post agendas on the new public meeting portal beginning in April."
        ),
        Heading("ADJOURNMENT"),
        Para(
            "{Q:There being no further business, the Chair adjourned the meeting at 11:47 a.m.} "
            "The next regular meeting is March 26, 2026."
        ),
        Lines(
            [
                "ATTEST: /s/ {P:twhitfield|THOMAS WHITFIELD}, Clerk of the Board",
                "APPROVED: /s/ {P:castellanos|E. Castellanos-Reyes}, Chair",
            ],
            after=0,
        ),
    ]
    return Document(
        filename="board-minutes-2026-03-12.pdf",
        title="Alder Valley County Board of Supervisors, minutes of March 12, 2026",
        header_left="Board of Supervisors: Minutes",
        header_right="Regular Meeting of March 12, 2026",
        blocks=blocks,
        frames=single_column,
    )
