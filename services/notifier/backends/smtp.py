"""SMTP with STARTTLS or implicit TLS and credentials, one connection reused across sends."""

from __future__ import annotations

import contextlib
import logging
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


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
