"""Email: RFC 822 messages (.eml, and the many saved as .txt or .msg), mbox mailboxes and
Outlook .msg files.

Every message is one page that starts with its header block, so that a search for a sender or a
subject finds the message, and attachments become child documents of their own.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import mimetypes
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from ingest import textnorm
from ingest.extractors.base import ExtractOptions, Extractor, register
from ingest.extractors.html import html_to_text
from ingest.records import Child, Extracted, ExtractError, Page

# Senders and recipients listed in an mbox's metadata, so that one with thousands of messages
# does not produce a metadata value of megabytes.
_MAX_PEOPLE = 50


@dataclass
class Message:
    """One message, whatever file it came from."""

    sender: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(
        default_factory=list
    )  # only in the sender's copy; shown, not indexed as metadata
    date: str = ""
    subject: str = ""
    body: str = ""
    attachments: list[Child] = field(default_factory=list)

    def text(self) -> str:
        header = [
            f"{name}: {value}"
            for name, value in (
                ("From", self.sender),
                ("To", ", ".join(self.to)),
                ("Cc", ", ".join(self.cc)),
                ("Bcc", ", ".join(self.bcc)),
                ("Date", self.date),
                ("Subject", self.subject),
            )
            if value
        ]
        return textnorm.normalise("\n".join(header) + "\n\n" + self.body)

    def metadata(self) -> dict[str, str]:
        values = {
            "sender": self.sender,
            "recipients": ", ".join(self.to + self.cc),
            "cc": ", ".join(self.cc),
            "subject": self.subject,
            "date": self.date,
        }
        return {k: v for k, v in values.items() if v}


def iso_date(value) -> str:
    """ISO 8601 for a header date or a datetime; the header as written when unparseable."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raw = str(value or "").strip()
    if not raw:
        return ""
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return raw


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg[name]
    except Exception:  # a header too malformed to parse: fall back to its raw, decoded form
        value = next((_decoded(v) for k, v in msg.raw_items() if k.lower() == name.lower()), None)
    return " ".join(str(value).split()) if value is not None else ""


def _decoded(raw: str) -> str:
    try:
        return str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError):
        return raw


def addresses(raw: str) -> list[str]:
    """``Name <address>`` for each address in a header value (names may hold commas)."""
    if not raw:
        return []
    pairs = getaddresses([raw])
    formatted = [f"{n} <{a}>" if n and a else (n or a) for n, a in pairs if n or a]
    return formatted or [raw]


def _part_text(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        return html_to_text(content)[0]
    return str(content)


def _attachment_name(part, index: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return Path(name.replace("\\", "/")).name or f"attachment-{index}"
    ext = ".eml" if part.get_content_type() == "message/rfc822" else None
    ext = ext or mimetypes.guess_extension(part.get_content_type()) or ".bin"
    return f"attachment-{index}{ext}"


def _attachment_data(part) -> bytes | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes(policy=policy.default) if hasattr(inner, "as_bytes") else None
    if part.is_multipart():
        return None
    return part.get_payload(decode=True)


def parse_rfc822(data: bytes) -> Message:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = _part_text(body_part) if body_part is not None else ""
    if body_part is None and not msg.is_multipart() and msg.get_content_maintype() == "text":
        body = _part_text(msg)
    attachments = []
    if not msg.is_multipart() and msg.get_content_maintype() != "text":
        # A message that is nothing but a file (a scanner's "send to email", say).
        payload = _attachment_data(msg)
        if payload:
            attachments.append(Child(_attachment_name(msg, 1), payload))
    for index, part in enumerate(msg.iter_attachments(), start=1):
        if part is body_part:
            continue
        payload = _attachment_data(part)
        if payload:
            attachments.append(Child(_attachment_name(part, index), payload))
    return Message(
        sender=", ".join(addresses(_header(msg, "From"))),
        to=addresses(_header(msg, "To")),
        cc=addresses(_header(msg, "Cc")),
        bcc=addresses(_header(msg, "Bcc")),
        date=iso_date(_header(msg, "Date")),
        subject=_header(msg, "Subject"),
        body=body,
        attachments=attachments,
    )


def _page(message: Message, number: int, options: ExtractOptions, label: str | None) -> Page:
    return Page(number=number, text=message.text()[: options.max_page_chars], label=label)


@register
class EmailExtractor(Extractor):
    name = "email"
    kinds = ("email",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        message = parse_rfc822(path.read_bytes())
        return Extracted(
            pages=[_page(message, 1, options, None)],
            doctype="email",
            title=message.subject or None,
            metadata=message.metadata(),
            children=message.attachments,
        )


@register
class MboxExtractor(Extractor):
    name = "mbox"
    kinds = ("mbox",)

    def extract(self, path: Path, options: ExtractOptions) -> Extracted:
        box = mailbox.mbox(str(path), create=False)
        pages: list[Page] = []
        children: list[Child] = []
        messages: list[Message] = []
        try:
            for key in box.iterkeys():
                message = parse_rfc822(box.get_bytes(key))
                number = len(pages) + 1
                pages.append(_page(message, number, options, f"message {number}"))
                children += [
                    Child(f"message {number} - {c.name}", c.data) for c in message.attachments
                ]
                messages.append(message)
        finally:
            box.close()
        if not messages:
            raise ExtractError("empty: the mailbox has no messages")
        return Extracted(
            pages=pages,
            doctype="mbox",
            title=messages[0].subject or None,
            metadata=_mailbox_metadata(messages),
            children=children,
        )


def _mailbox_metadata(messages: list[Message]) -> dict[str, str]:
    """The first message's subject and date; everyone who wrote or received any message."""
    senders = _unique(m.sender for m in messages)
    recipients = _unique(r for m in messages for r in m.to + m.cc)
    cc = _unique(c for m in messages for c in m.cc)
    first = messages[0]
    values = {
        "sender": senders,
        "recipients": recipients,
        "cc": cc,
        "subject": first.subject,
        "date": first.date,
    }
    return {k: v for k, v in values.items() if v}


def _unique(values) -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    more = len(seen) - _MAX_PEOPLE
    listed = ", ".join(seen[:_MAX_PEOPLE])
    return listed + (f" and {more} more" if more > 0 else "")


def parse_outlook(path: Path) -> Message:
    """An Outlook .msg file (an OLE compound file of MAPI properties)."""
    import extract_msg
    from extract_msg.enums import ErrorBehavior

    try:
        msg = extract_msg.openMsg(str(path), strict=False, errorBehavior=ErrorBehavior.SUPPRESS_ALL)
    except Exception as err:  # extract_msg raises many types for damaged files
        raise ExtractError(f"not a readable Outlook message: {str(err)[:200]}") from err
    try:
        return _outlook_message(msg)
    finally:
        msg.close()


def _outlook_message(msg) -> Message:
    body = getattr(msg, "body", None) or ""
    if not body.strip():
        html = getattr(msg, "htmlBody", None)
        if html:
            body = html_to_text(html)[0]
    attachments = []
    for index, att in enumerate(getattr(msg, "attachments", None) or [], start=1):
        child = _outlook_attachment(att, index)
        if child is not None:
            attachments.append(child)
    return Message(
        sender=_clean(getattr(msg, "sender", None)),
        to=_split_outlook(getattr(msg, "to", None) or _display(msg, "0E04")),
        cc=_split_outlook(getattr(msg, "cc", None) or _display(msg, "0E03")),
        bcc=_split_outlook(getattr(msg, "bcc", None) or _display(msg, "0E02")),
        date=iso_date(getattr(msg, "date", None)),
        subject=_clean(getattr(msg, "subject", None)),
        body=body,
        attachments=attachments,
    )


def _clean(value) -> str:
    # Some writers store strings with their NUL terminator.
    return " ".join(str(value or "").replace("\x00", " ").split())


def _display(msg, prop: str) -> str | None:
    """A PR_DISPLAY_TO/CC/BCC property: the recipients' names, for messages whose recipient
    tables extract_msg finds empty."""
    try:
        return msg.getStringStream(f"__substg1.0_{prop}")
    except Exception:  # a damaged stream: the recipients are unknown, the message still reads
        return None


def _split_outlook(value) -> list[str]:
    # Outlook joins display recipients with semicolons.
    return [_clean(part) for part in str(value or "").split(";") if _clean(part)]


def _outlook_attachment(att, index: int) -> Child | None:
    data = getattr(att, "data", None)
    name = _clean(getattr(att, "longFilename", None) or getattr(att, "shortFilename", None))
    if isinstance(data, bytes | bytearray):
        return Child(Path(str(name or f"attachment-{index}.bin")).name, bytes(data))
    if hasattr(data, "exportBytes"):  # an embedded message
        inner = name or getattr(data, "subject", None) or f"attachment-{index}"
        return Child(f"{Path(str(inner)).name}.msg", data.exportBytes())
    return None  # web links and unsupported attachment kinds hold no file


def extract_outlook(path: Path, options: ExtractOptions) -> Extracted:
    message = parse_outlook(path)
    return Extracted(
        pages=[_page(message, 1, options, None)],
        doctype="msg",
        title=message.subject or None,
        metadata=message.metadata(),
        children=message.attachments,
    )
