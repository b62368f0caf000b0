"""An email ready to leave, independent of the backend, and its MIME form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
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


def build_mime(email: OutgoingEmail) -> EmailMessage:
    """The RFC 5322 message: text and HTML alternatives, calendar parts, festplan's headers."""
    msg = EmailMessage()
    name, address = sender_parts(email.sender)
    msg["From"] = Address(display_name=name, addr_spec=address) if name else address
    msg["To"] = Address(display_name=email.recipient_name or "", addr_spec=email.recipient_email)
    msg["Subject"] = email.subject
    msg["Date"] = format_datetime(email.date)
    msg["Message-ID"] = email.message_id
    msg["Content-Language"] = email.locale
    msg["X-Festplan-Notification"] = str(email.notification_id)
    msg["X-Festplan-Kind"] = email.kind
    for key, value in email.headers.items():
        msg[key] = value
    msg.set_content(email.text, cte="quoted-printable")
    msg.add_alternative(email.html, subtype="html", cte="quoted-printable")
    for attachment in email.attachments:
        maintype, subtype = attachment.content_type.split("/", 1)
        params = {"method": attachment.method} if attachment.method else {}
        if maintype == "text":
            msg.add_attachment(
                attachment.content.decode("utf-8"), subtype=subtype, filename=attachment.filename, params=params
            )
        else:
            msg.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename, params=params
            )
    return msg
