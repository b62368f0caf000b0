"""SMTP with STARTTLS or implicit TLS and credentials, one connection reused across sends.

Where the server offers PIPELINING (RFC 2920: Postfix, Exim, SendGrid's and most providers' relays
do), an email costs two round trips instead of four: MAIL, RCPT and DATA go out together and only
the message itself waits for the server's go-ahead.
"""

from __future__ import annotations

import contextlib
import logging
import re
import smtplib
import ssl

from services.notifier.domain.message import OutgoingEmail, build_mime, sender_parts, to_bytes
from services.notifier.domain.policy import (
    PermanentDeliveryError,
    TransientDeliveryError,
    classify_smtp_code,
)
from shared.settings import Settings

log = logging.getLogger(__name__)


class SmtpBackend:
    """Keep one SMTP session open and reconnect once when the server dropped it between two sends."""

    name = "smtp"

    def __init__(self, settings: Settings, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._conn: smtplib.SMTP | None = None
        #: Connections opened so far (the tests check that one connection serves a batch).
        self.connections_opened = 0

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=self.ssl_context
            )
        else:
            conn = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        conn.ehlo()
        if s.smtp_security == "starttls":
            conn.starttls(context=self.ssl_context)
            conn.ehlo()
        if s.smtp_user:
            conn.login(s.smtp_user, s.smtp_password)
        self.connections_opened += 1
        return conn

    def _connection(self) -> smtplib.SMTP:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def send(self, email: OutgoingEmail) -> str:
        data = to_bytes(build_mime(email))  # flattened once, CRLF: send_message would copy and flatten again
        _, from_address = sender_parts(email.sender)
        for attempt in (1, 2):
            try:
                conn = self._connection()
                if conn.has_extn("pipelining"):
                    refused = send_pipelined(conn, from_address, email.recipient_email, data)
                else:
                    refused = conn.sendmail(from_address, [email.recipient_email], data)
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                if attempt == 2:
                    raise TransientDeliveryError(f"SMTP server disconnected: {exc}") from exc
                continue  # the reused connection had timed out on the server's side: open a new one
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                raise classify_smtp_code(code, _text(text)) from exc
            except smtplib.SMTPAuthenticationError as exc:
                self._drop()
                raise PermanentDeliveryError(f"SMTP authentication refused: {exc.smtp_code}") from exc
            except smtplib.SMTPResponseException as exc:
                if exc.smtp_code in (421,):
                    self._drop()
                raise classify_smtp_code(exc.smtp_code, _text(exc.smtp_error)) from exc
            except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as exc:
                self._drop()
                raise TransientDeliveryError(f"SMTP connection failed: {type(exc).__name__}: {exc}") from exc
            if refused:
                code, text = next(iter(refused.values()))
                raise classify_smtp_code(code, _text(text))
            return email.message_id
        raise AssertionError("unreachable")  # pragma: no cover

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        """Say QUIT politely and close the connection."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()


#: A line starting with a dot gets a second one (RFC 5321 4.5.2), as smtplib's ``data`` does.
_LEADING_DOT = re.compile(rb"(?m)^\.")


def send_pipelined(conn: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> dict:
    """``conn.sendmail(sender, [recipient], data)`` in two round trips, on a server that offers PIPELINING.

    The three envelope replies are read after the three commands went out; a refusal raises what
    ``sendmail`` raises for it (the caller's error handling is the same for both), after a RSET so
    that the connection serves the next email (or a close, on 421). ``data`` is CRLF-terminated
    lines already (:func:`~services.notifier.domain.message.to_bytes`).
    """
    size = f" SIZE={len(data)}" if conn.has_extn("size") else ""
    conn.putcmd("mail", f"FROM:{smtplib.quoteaddr(sender)}{size}")
    conn.putcmd("rcpt", f"TO:{smtplib.quoteaddr(recipient)}")
    conn.putcmd("data")
    mail, rcpt, ready = conn.getreply(), conn.getreply(), conn.getreply()
    if ready[0] == 354 and (mail[0] != 250 or rcpt[0] not in (250, 251)):
        conn.send(b".\r\n")  # a server that said go ahead without a valid envelope: end the empty message
        conn.getreply()
    if mail[0] != 250:
        _abandon(conn, mail[0])
        raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
    if rcpt[0] not in (250, 251):
        _abandon(conn, rcpt[0])
        raise smtplib.SMTPRecipientsRefused({recipient: rcpt})
    if ready[0] != 354:
        _abandon(conn, ready[0])
        raise smtplib.SMTPDataError(*ready)
    body = _LEADING_DOT.sub(b"..", data)
    conn.send(body + (b"" if body.endswith(b"\r\n") else b"\r\n") + b".\r\n")
    code, text = conn.getreply()
    if code != 250:
        _abandon(conn, code)
        raise smtplib.SMTPDataError(code, text)
    return {}


def _abandon(conn: smtplib.SMTP, code: int) -> None:
    """Forget a refused envelope: RSET, or close when the server is going away (421)."""
    if code == 421:
        conn.close()
        return
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        conn.rset()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
