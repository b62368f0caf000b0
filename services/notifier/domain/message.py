"""An email ready to leave, independent of the backend, and its MIME form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.charset import QP, Charset
from email.encoders import encode_base64
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr


@dataclass(frozen=True)
class Attachment:
    """A file joined to the email; a calendar carries its iTIP ``method`` into the Content-Type."""

    filename: str
    content_type: str
    content: bytes
    method: str | None = None


@dataclass(frozen=True)
class OutgoingEmail:
    """Everything a backend needs; ``notification_id`` travels with it to the provider and back."""

    notification_id: int
    message_id: str
    sender: str
    recipient_email: str
    recipient_name: str | None
    subject: str
    text: str
    html: str
    locale: str
    date: datetime
    category: str = "transactional"
    kind: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    @property
    def to_header(self) -> str:
        """``Name <address>``, the name quoted as needed."""
        return formataddr((self.recipient_name or "", self.recipient_email))


def sender_parts(sender: str) -> tuple[str, str]:
    """``("Culture et numérique", "culture-numerique@…")`` from ``Name <address>``."""
    name, address = parseaddr(sender)
    return name, address


#: Text parts in quoted-printable UTF-8: readable in the raw, safe on 7-bit relays.
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP


def _one_line(value: str) -> str:
    """A header value on one line: what a person typed must never start a header of its own."""
    return " ".join(value.splitlines())


def _text_header(field: str, value: str) -> str | Header:
    """ASCII as is; anything else as RFC 2047 encoded words, split so that no line passes 78 characters."""
    value = _one_line(value)
    return value if value.isascii() else Header(value, "utf-8", header_name=field)


def _address_header(field: str, name: str, address: str) -> str | Header:
    """``Name <address>``: a short ASCII name quoted as needed, any other name as encoded words."""
    name = _one_line(name)
    if not name:
        return address
    if name.isascii() and len(name) <= 60:
        return formataddr((name, address))
    header = Header(name, "utf-8", header_name=field)
    header.append(f" <{address}>", "us-ascii")
    return header


def _text_part(content: str, subtype: str) -> MIMEText:
    part = MIMEText(content if content.endswith("\n") else content + "\n", subtype, UTF8_QP)
    del part["MIME-Version"]  # once, on the message itself
    return part


def build_mime(email: OutgoingEmail) -> Message:
    """The RFC 5322 message: text and HTML alternatives, calendar parts, festplan's headers.

    Built with the ``compat32`` classes (``email.mime``) rather than ``EmailMessage``: the latter parses
    and refolds every header through ``email.headerregistry``, which cost ~4x the whole build (and
    encoded the long ``List-Unsubscribe`` URL as encoded words, which mail clients cannot read).
    """
    body = MIMEMultipart("alternative", _subparts=[_text_part(email.text, "plain"), _text_part(email.html, "html")])
    if email.attachments:
        del body["MIME-Version"]
        msg: Message = MIMEMultipart("mixed", _subparts=[body])
        for attachment in email.attachments:
            msg.attach(_attachment_part(attachment))
    else:
        msg = body
    name, address = sender_parts(email.sender)
    msg["From"] = _address_header("From", name, address)
    msg["To"] = _address_header("To", email.recipient_name or "", email.recipient_email)
    msg["Subject"] = _text_header("Subject", email.subject)
    msg["Date"] = format_datetime(email.date)
    msg["Message-ID"] = email.message_id
    msg["Content-Language"] = email.locale
    msg["X-Festplan-Notification"] = str(email.notification_id)
    msg["X-Festplan-Kind"] = email.kind
    for key, value in email.headers.items():
        msg[key] = _text_header(key, value)
    return msg


def _attachment_part(attachment: Attachment) -> Message:
    maintype, subtype = attachment.content_type.split("/", 1)
    if maintype == "text":
        part: Message = _text_part(attachment.content.decode("utf-8"), subtype)
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(attachment.content)
        encode_base64(part)
        del part["MIME-Version"]
    if attachment.method:
        part.set_param("method", attachment.method)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part
