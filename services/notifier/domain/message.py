"""An email ready to leave, independent of the backend, and its MIME form."""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from email.charset import QP, Charset
from email.encoders import encode_base64
from email.generator import BytesGenerator
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.policy import Compat32
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from io import BytesIO


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


@lru_cache(maxsize=16)
def sender_parts(sender: str) -> tuple[str, str]:
    """``("Culture et numérique", "culture-numerique@…")`` from ``Name <address>`` (parsed once per sender)."""
    name, address = parseaddr(sender)
    return name, address


class _QuotedPrintableUtf8(Charset):
    """UTF-8 in quoted-printable, encoded by :func:`binascii.b2a_qp` (C) instead of ``email.quoprimime``.

    ``quoprimime`` walks the body one character at a time in Python: it was a third of the cost of
    an email. ``b2a_qp`` implements the same RFC 2045 rules (``=`` and 8-bit bytes escaped, trailing
    whitespace escaped, soft line breaks before 76 characters), so the parts decode the same.
    """

    def __init__(self) -> None:
        super().__init__("utf-8")
        self.body_encoding = QP

    def body_encode(self, string: str | bytes) -> str:  # type: ignore[override]
        if not string:
            return string  # type: ignore[return-value]
        data = string.encode("utf-8") if isinstance(string, str) else string
        return binascii.b2a_qp(data, istext=True).decode("ascii")


class _UnfoldedAscii(Compat32):
    """``compat32`` that writes a short (or unbreakable) ASCII header as it is instead of refolding it.

    ``compat32`` runs every header through ``email.header.Header`` to fold it, which was the largest
    cost of building a message. A pure-ASCII value that fits in 78 characters, or that has no space to
    fold at (a long URL), comes out of that unchanged anyway; anything else still goes the long way.
    """

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if isinstance(value, _Folded):  # encoded words festplan folded itself
            return f"{name}: {value.replace(chr(10), self.linesep)}{self.linesep}"
        plain = isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value
        if plain and (len(name) + 2 + len(value) <= 78 or (" " not in value and len(name) + 2 + len(value) <= 998)):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)  # type: ignore[misc]


#: Text parts in quoted-printable UTF-8: readable in the raw, safe on 7-bit relays.
UTF8_QP = _QuotedPrintableUtf8()
#: How festplan's messages are written: ``compat32`` semantics, CRLF on the wire.
WIRE_POLICY = _UnfoldedAscii(linesep="\r\n")
FILE_POLICY = _UnfoldedAscii()


def _boundary() -> str:
    """A multipart boundary that cannot occur in festplan's parts, so the generator need not search for it.

    ``=_`` never appears in quoted-printable text (``=`` is always escaped) nor in base64, the only two
    encodings festplan's parts use; without a preset boundary the generator compiles a regular expression
    per message to check its random one.
    """
    return "=_festplan_" + secrets.token_hex(12)


def _one_line(value: str) -> str:
    """A header value on one line: what a person typed must never start a header of its own."""
    return " ".join(value.splitlines())


class _Folded(str):
    """A header value already folded by :func:`_encoded_words`: ASCII lines joined by ``\\n`` and a space."""


def _encoded_words(field: str, text: str, tail: str = "") -> _Folded:
    """``text`` as RFC 2047 base64 encoded words in UTF-8, one per line, none of the lines past 76 characters.

    ``email.header.Header`` does the same through a general folding algorithm that measured a third
    of the time of building a message. Each word holds whole characters (a UTF-8 sequence is never
    split across words, RFC 2047 §5), ends after a space where it can (decoders that wrongly keep the
    folding space between two words then show two spaces, not a word cut in two) and holds at most as
    many bytes as fit in the first line after ``Field: ``; ``tail`` (`` <address>``) follows the last
    word, on a line of its own if needed.
    """
    room = (76 - len(field) - 2 - len("=?utf-8?b??=")) // 4 * 3  # bytes a word holds, the first line's
    words: list[str] = []
    chunk = bytearray()
    for char in text:
        data = char.encode("utf-8")
        if len(chunk) + len(data) > room:
            cut = chunk.rfind(b" ") + 1 or len(chunk)  # after a space where there is one: a word stays whole
            words.append(base64.b64encode(chunk[:cut]).decode("ascii"))
            chunk = chunk[cut:]
        chunk += data
    if chunk:
        words.append(base64.b64encode(chunk).decode("ascii"))
    lines = [f"=?utf-8?b?{word}?=" for word in words]
    if tail:
        limit = 76 - len(field) - 2 if len(lines) == 1 else 75
        if len(lines[-1]) + len(tail) <= limit:
            lines[-1] += tail
        else:
            lines.append(tail.lstrip())
    return _Folded("\n ".join(lines))


def _text_header(field: str, value: str) -> str:
    """ASCII as is; anything else as RFC 2047 encoded words, split so that no line passes 76 characters."""
    value = _one_line(value)
    return value if value.isascii() else _encoded_words(field, value)


def _address_header(field: str, name: str, address: str) -> str:
    """``Name <address>``: a short ASCII name quoted as needed, any other name as encoded words."""
    name = _one_line(name)
    if not name:
        return address
    if name.isascii() and len(name) <= 60:
        return formataddr((name, address))
    return _encoded_words(field, name, tail=f" <{address}>")


def _text_part(content: str, subtype: str) -> Message:
    """A ``text/*`` part in UTF-8 quoted-printable, its headers written directly.

    ``MIMEText`` sets the same three headers through ``set_charset``/``set_param``, which parse and
    rewrite ``Content-Type`` each time: a tenth of the cost of a message.
    """
    part = Message()
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(UTF8_QP.body_encode(content if content.endswith("\n") else content + "\n"))
    return part


def build_mime(email: OutgoingEmail) -> Message:
    """The RFC 5322 message: text and HTML alternatives, calendar parts, festplan's headers.

    Built with the ``compat32`` classes (``email.mime``) rather than ``EmailMessage``: the latter parses
    and refolds every header through ``email.headerregistry``, which cost ~4x the whole build (and
    encoded the long ``List-Unsubscribe`` URL as encoded words, which mail clients cannot read).
    """
    body = MIMEMultipart(
        "alternative", boundary=_boundary(), _subparts=[_text_part(email.text, "plain"), _text_part(email.html, "html")]
    )
    if email.attachments:
        del body["MIME-Version"]
        msg: Message = MIMEMultipart("mixed", boundary=_boundary(), _subparts=[body])
        for attachment in email.attachments:
            msg.attach(_attachment_part(attachment))
    else:
        msg = body
    msg.policy = FILE_POLICY  # as_bytes() and the generators take the fast header path too
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


def to_bytes(msg: Message, *, linesep: str = "\r\n") -> bytes:
    """The message flattened once: CRLF line ends by default (what SMTP wants), a file's own with ``linesep``."""
    buffer = BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=WIRE_POLICY if linesep == "\r\n" else FILE_POLICY).flatten(msg)
    return buffer.getvalue()


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
