"""The bare baseline of the mail benchmark: what this machine allows with Celery and the standard library alone.

A Celery app of its own (``celery -A bench.mail.baseline worker -Q bench-baseline``)
whose task receives an already rendered email, builds it with ``email.message.EmailMessage`` and
sends it with ``smtplib`` over one connection kept per worker process — or, for the SendGrid
comparison, posts the v3 JSON body with ``http.client`` over one kept-alive connection. It has the
same delivery settings as festplan's app (late acknowledgement, one message prefetched), so the gap
between the two is what festplan adds: the outbox rows, the relay, the templates, the headers.
"""

from __future__ import annotations

import http.client
import json
import os
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from celery import Celery

QUEUE = "bench-baseline"

app = Celery("festplan-bench-baseline")
app.conf.update(
    broker_url=os.environ.get("FESTPLAN_BROKER_URL") or "memory://",
    task_ignore_result=True,
    result_backend=None,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_default_queue=QUEUE,
    task_serializer="json",
    accept_content=["json"],
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)

_smtp: smtplib.SMTP | None = None
_http: http.client.HTTPConnection | None = None


def _smtp_connection() -> smtplib.SMTP:
    global _smtp
    if _smtp is None:
        _smtp = smtplib.SMTP(
            os.environ.get("FESTPLAN_SMTP_HOST", "127.0.0.1"),
            int(os.environ.get("FESTPLAN_SMTP_PORT", "25")),
            timeout=30,
        )
    return _smtp


@app.task(name="baseline.send_smtp")
def send_smtp(email: dict[str, str]) -> None:
    """Build the message with the standard library and send it over this process's one SMTP connection."""
    msg = EmailMessage()
    msg["From"] = email["sender"]
    msg["To"] = formataddr((email["recipient_name"], email["recipient_email"]))
    msg["Subject"] = email["subject"]
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = email["message_id"]
    msg.set_content(email["text"])
    msg.add_alternative(email["html"], subtype="html")
    _smtp_connection().send_message(msg)


def _http_connection() -> http.client.HTTPConnection:
    global _http
    if _http is None:
        target = urlsplit(os.environ.get("FESTPLAN_SENDGRID_HOST", "http://127.0.0.1"))
        _http = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port or 80, timeout=30)
    return _http


@app.task(name="baseline.send_http")
def send_http(email: dict[str, str]) -> None:
    """Post the v3 Mail Send body with ``json`` and ``http.client`` over one kept-alive connection."""
    body = {
        "personalizations": [{"to": [{"email": email["recipient_email"], "name": email["recipient_name"]}]}],
        "from": {"email": email["sender_address"], "name": email["sender_name"]},
        "subject": email["subject"],
        "content": [{"type": "text/plain", "value": email["text"]}, {"type": "text/html", "value": email["html"]}],
        "headers": {"Message-ID": email["message_id"]},
    }
    conn = _http_connection()
    conn.request(
        "POST",
        "/v3/mail/send",
        body=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": "Bearer bench"},
    )
    response = conn.getresponse()
    response.read()
    if response.status != 202:
        raise RuntimeError(f"stand-in answered {response.status}")
