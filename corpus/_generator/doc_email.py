"""5. An email thread printed to PDF, and its first message as an RFC 822 ``.eml`` file.

The first message quotes text that looks like HTML/script, so the app can prove it shows
such text escaped rather than rendering it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

from .cast import PEOPLE
from .gold import page_record
from .layout import Lines, Rule, single_column
from .markup import SpanTable, parse, plain, strip_phrases
from .render import FOOTER, Document

SUBJECT = "{A:avcso|AVCSO} booking feed - go-live and query volumes"  # markup
EML_NAME = "email-booking-feed.eml"

ADDRESSES = {
    "marsh": "kevin.marsh@brightlinedata.example",
    "tolliver": "renata.tolliver@ice.dhs.example",
    "mwhitfield": "marcus.whitfield@ice.dhs.example",
    "boone": "alicia.boone@ice.dhs.example",
}


@dataclass
class Message:
    sender: str
    to: list[str]
    date_shown: str  # as a mail client prints it
    date_rfc: str  # as the Date: header carries it
    subject: str
    body: list[str]  # markup, one entry per plain-text line
    cc: list[str] = field(default_factory=list)


def _who(key: str) -> str:
    return f"{{P:{key}}} <{ADDRESSES[key]}>"


def _quote(msg: Message, keep: int | None = None) -> list[str]:
    """A reply's quote of ``msg`` (its first ``keep`` lines when trimmed). Entity tags are
    kept, since the quote names those people again; phrase tags are dropped, and phrases are
    only placed on lines no reply quotes, so that each phrase is on one page only."""
    intro = [f"On {msg.date_shown}, {{P:{msg.sender}}}", f"<{ADDRESSES[msg.sender]}> wrote:"]
    body = msg.body if keep is None else [*msg.body[:keep], "[...]"]
    quoted = [">" + ("" if not line or line.startswith(">") else " ") + line for line in body]
    return ["", *intro, *(strip_phrases(line) for line in quoted)]


FIRST = Message(
    sender="marsh",
    to=["tolliver"],
    cc=["mwhitfield"],
    date_shown="Tue, Feb 3, 2026 at 9:14 AM",
    date_rfc="Tue, 03 Feb 2026 09:14:00 -0800",
    subject=SUBJECT,
    body=[
        "{P:tolliver|Renata}, {P:mwhitfield|Marcus},",
        "",
        "The Alder Valley feed went live on Feb 1. Bookings from the",
        "{A:jail|Alder Valley County Jail} now reach the portal within 15 minutes",
        "of intake, and release times are refreshed every 5 minutes.",
        "",
        "{Q:Query volume for the first 48 hours was 3,114 queries}, billed at",
        "{M:0.25|$0.25 per query} under CLIN 0002.",
        "",
        "One issue: the county's records system let a clerk paste this into the",
        "free-text charge field on two records, so your viewers will show it as",
        "text. We are cleaning it up on our side:",
        "",
        "    <script>alert('x')</script>",
        "    <img src=x onerror=alert(1)>",
        "",
        "{P:marsh|Kevin}",
        "--",
        "{P:marsh|Kevin Marsh} | Account Executive, Public Sector",
        "{O:brightline|Brightline Data Solutions LLC}",
        "(555) 010-4477 | kevin.marsh@brightlinedata.example",
    ],
)

SECOND = Message(
    sender="mwhitfield",
    to=["marsh"],
    cc=["tolliver", "boone"],
    date_shown="Tue, Feb 3, 2026 at 11:02 AM",
    date_rfc="Tue, 03 Feb 2026 11:02:00 -0800",
    subject="RE: " + SUBJECT,
    body=[
        "{P:marsh|Kevin} - thanks. {P:okafor|Sheriff Okafor}'s staff asked us not to call",
        "the jail about release times, so the feed is our only source for Alder Valley.",
        "Please confirm that the 14:00 release batch is included.",
        "",
        "{P:boone|Alicia} ({A:hsi|HSI}) needs read-only access for two cases; see",
        "{P:tolliver|Ms. Tolliver} about cost.",
        "",
        "{P:mwhitfield|Marcus Whitfield}",
        "Field Office Director, {A:ero|ERO} Westmore",
        "{A:ice|U.S. Immigration and Customs Enforcement}",
    ],
)
SECOND.body += _quote(FIRST, keep=5)

THIRD = Message(
    sender="tolliver",
    to=["mwhitfield", "marsh"],
    date_shown="Wed, Feb 4, 2026 at 8:30 AM",
    date_rfc="Wed, 04 Feb 2026 08:30:00 -0500",
    subject="RE: " + SUBJECT,
    body=[
        "{Q:Adding {A:hsi|HSI} users is within scope at no added cost.} Additional",
        "counties would be priced at {M:5000|$5,000}-{M:10000|$10,000} each under the",
        "order and need a modification; nothing is authorized until I sign one.",
        "",
        "{P:tolliver|R. J. Tolliver}",
        "Contracting Officer | {A:ice|ICE} Office of Acquisition Management",
    ],
)
THIRD.body += _quote(SECOND)

FOURTH = Message(
    sender="marsh",
    to=["tolliver", "mwhitfield"],
    cc=["boone"],
    date_shown="Wed, Feb 4, 2026 at 10:05 AM",
    date_rfc="Wed, 04 Feb 2026 10:05:00 -0800",
    subject="RE: " + SUBJECT,
    body=[
        "Confirmed: the 14:00 release batch is in the feed, and the nightly",
        "reconciliation catches late edits. {Q:{P:boone|Alicia}'s account is set up}",
        "as read-only.",
        "",
        "{P:marsh|Kevin}",
        "[Quoted text hidden]",
    ],
)

THREAD = [FIRST, SECOND, THIRD, FOURTH]


def _headers(msg: Message) -> list[str]:
    lines = [f"From: {_who(msg.sender)}", "To: " + ", ".join(_who(k) for k in msg.to)]
    if msg.cc:
        lines.append("Cc: " + ", ".join(_who(k) for k in msg.cc))
    return [*lines, f"Date: {msg.date_shown}", f"Subject: {msg.subject}"]


def build_pdf() -> Document:
    blocks = [
        Lines(["RE: " + SUBJECT], "Helvetica-Bold", 13, 17, after=0),
        Lines([f"{len(THREAD)} messages"], size=9, leading=12, after=4),
    ]
    for msg in THREAD:
        blocks += [
            Rule(before=0, after=6),
            Lines(_headers(msg), size=9, leading=11.5, after=8),
            Lines(msg.body, "Courier", 9, 11, after=10, keep_together=False),
        ]
    return Document(
        filename="email-thread-booking-feed.pdf",
        title="RE: " + plain(parse(SUBJECT, SpanTable())),
        header_left="Mail - printed thread",
        header_right="Printed Mar 2, 2026",
        blocks=blocks,
        frames=single_column,
    )


def build_eml() -> tuple[str, bytes, dict]:
    """The first message as an RFC 822 file, with its gold record (page 1 = the message)."""
    table = SpanTable()
    msg = EmailMessage(policy=SMTP)

    def address(key: str) -> Address:
        parse(f"{{P:{key}}}", table)  # header names count as mentions, as in the PDF
        return Address(PEOPLE[key], addr_spec=ADDRESSES[key])

    msg["From"] = address(FIRST.sender)
    msg["To"] = [address(k) for k in FIRST.to]
    msg["Cc"] = [address(k) for k in FIRST.cc]
    msg["Date"] = FIRST.date_rfc
    msg["Subject"] = plain(parse(FIRST.subject, table))
    msg["Message-ID"] = "<20260203091400.AV0381@brightlinedata.example>"
    msg["X-Synthetic"] = "demo message generated by corpus/generate.py; not a real record"
    body = [plain(parse(line, table)) for line in FIRST.body]
    msg.set_content("\n".join([*body, "", FOOTER]) + "\n", cte="8bit")
    record = page_record(EML_NAME, 1, table, [s.id for s in table.spans])
    return EML_NAME, msg.as_bytes(), record
