"""SendGrid v3 Mail Send through the official ``sendgrid`` package.

SendGrid has no idempotency key, so deduplication stays festplan's job: the Message-ID header is the
one derived from the row's key, and ``custom_args`` carries the notification id back in webhook events.
"""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import urlsplit

from sendgrid import SendGridAPIClient

from services.notifier.domain.message import OutgoingEmail, sender_parts
from services.notifier.domain.policy import TransientDeliveryError, classify_http_status
from shared.settings import Settings


def mail_body(email: OutgoingEmail, *, sandbox: bool) -> dict[str, Any]:
    """The v3 Mail Send request body for one email (one personalization, one recipient)."""
    from_name, from_address = sender_parts(email.sender)
    recipient: dict[str, str] = {"email": email.recipient_email}
    if email.recipient_name:
        recipient["name"] = email.recipient_name
    sender: dict[str, str] = {"email": from_address}
    if from_name:
        sender["name"] = from_name
    headers = {"Message-ID": email.message_id, "Content-Language": email.locale, **email.headers}
    body: dict[str, Any] = {
        "personalizations": [{"to": [recipient]}],
        "from": sender,
        "subject": email.subject,
        "content": [{"type": "text/plain", "value": email.text}, {"type": "text/html", "value": email.html}],
        "headers": headers,
        "categories": [c for c in ("festplan", email.kind, email.category) if c],
        # an object of strings, as the live API wants (the OpenAPI file says string; see the kit's SOURCES.md)
        "custom_args": {"notification_id": str(email.notification_id), "kind": email.kind},
        "mail_settings": {"sandbox_mode": {"enable": sandbox}},
    }
    if email.attachments:
        body["attachments"] = [
            {
                "content": base64.b64encode(a.content).decode("ascii"),
                "type": a.content_type + (f"; method={a.method}" if a.method else ""),
                "filename": a.filename,
                "disposition": "attachment",
            }
            for a in email.attachments
        ]
    return body


def _retry_after(headers: Any) -> float | None:
    """Seconds the provider asks us to wait, from ``Retry-After`` or ``X-RateLimit-Reset`` (an epoch)."""
    if headers is None:
        return None
    value = headers.get("Retry-After")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
    reset = headers.get("X-RateLimit-Reset")
    if reset:
        import time

        try:
            return max(0.0, float(reset) - time.time())
        except ValueError:
            return None
    return None


class SendGridBackend:
    """POST ``/v3/mail/send`` to ``FESTPLAN_SENDGRID_HOST``; the provider id is the ``X-Message-Id`` header.

    The official client (``SendGridAPIClient``) gives the API host, the authentication and the
    client headers, exactly as SendGrid's own code sends them; the request itself goes over one
    kept-alive HTTP connection per worker, because the client's ``python_http_client`` builds a
    new opener and a new TCP (and TLS) connection for every call — three quarters of the time of a
    send on loopback. A kept-alive connection the server closed while idle is opened again once.
    """

    name = "sendgrid"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = SendGridAPIClient(api_key=settings.sendgrid_api_key or "unset", host=settings.sendgrid_host)
        target = urlsplit(self.client.host)
        self._https = target.scheme == "https"
        self._host = target.hostname or "api.sendgrid.com"
        self._port = target.port
        self._path = target.path.rstrip("/") + "/v3/mail/send"
        self._headers = {**self.client.client.request_headers, "Content-Type": "application/json"}
        self._conn: http.client.HTTPConnection | None = None
        self._reused = False
        #: Connections opened so far (the tests check that one connection serves a batch).
        self.connections_opened = 0

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            timeout = self.settings.smtp_timeout
            if self._https:
                self._conn = http.client.HTTPSConnection(self._host, self._port, timeout=timeout)
            else:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=timeout)
            self._reused = False
            self.connections_opened += 1
        return self._conn

    def send(self, email: OutgoingEmail) -> str:
        body = json.dumps(mail_body(email, sandbox=self.settings.sendgrid_sandbox)).encode("utf-8")
        for attempt in (1, 2):
            conn = self._connection()
            stale_possible = self._reused
            try:
                conn.request("POST", self._path, body=body, headers=self._headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self._drop()
                if stale_possible and attempt == 1:
                    continue  # the server closed the idle kept-alive connection: open a new one
                raise TransientDeliveryError(f"SendGrid unreachable: {type(exc).__name__}: {exc}") from exc
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                self._drop()
                raise TransientDeliveryError(f"SendGrid unreachable: {type(exc).__name__}: {exc}") from exc
            self._reused = True
            if response.will_close:
                self._drop()
            if response.status in (200, 202):
                return response.getheader("X-Message-Id") or email.message_id
            detail = data.decode("utf-8", "replace")[:500]
            raise classify_http_status(response.status, retry_after=_retry_after(response.headers), detail=detail)
        raise AssertionError("unreachable")  # pragma: no cover

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Close the kept-alive connection."""
        self._drop()
