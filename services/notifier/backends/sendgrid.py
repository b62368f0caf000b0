"""SendGrid v3 Mail Send through the official ``sendgrid`` package.

SendGrid has no idempotency key, so deduplication stays festplan's job: the Message-ID header is the
one derived from the row's key, and ``custom_args`` carries the notification id back in webhook events.
"""

from __future__ import annotations

import base64
import json
import urllib.error
from typing import Any

from python_http_client.exceptions import HTTPError
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
    """POST ``/v3/mail/send`` to ``FESTPLAN_SENDGRID_HOST``; the provider id is the ``X-Message-Id`` header."""

    name = "sendgrid"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = SendGridAPIClient(api_key=settings.sendgrid_api_key or "unset", host=settings.sendgrid_host)
        self.client.client.timeout = settings.smtp_timeout

    def send(self, email: OutgoingEmail) -> str:
        body = mail_body(email, sandbox=self.settings.sendgrid_sandbox)
        try:
            response = self.client.client.mail.send.post(request_body=body)
        except HTTPError as exc:
            detail = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body)
            raise classify_http_status(exc.status_code, retry_after=_retry_after(exc.headers), detail=detail) from exc
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise TransientDeliveryError(f"SendGrid unreachable: {type(exc).__name__}: {exc}") from exc
        if response.status_code not in (200, 202):
            raise classify_http_status(response.status_code, detail=json.dumps(response.body)[:200])
        return response.headers.get("X-Message-Id") or email.message_id

    def close(self) -> None:
        """Nothing to close: urllib opens one connection per request."""
