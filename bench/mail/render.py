"""The rendering measure of the mail benchmark: festplan's own path, timed in one process.

Context from the database (read by batches of :data:`~services.notifier.delivery.send.SEND_BATCH`, as a
worker reads it), Jinja2 templates, then the MIME bytes; the rendered emails are returned too, so the
bare baseline sends exactly the same texts.
"""

from __future__ import annotations

import time
from email.utils import parseaddr
from typing import Any

#: Emails whose templates are timed apart from their database context (a sample is enough).
TEMPLATE_SAMPLE = 2_000


def render_all(ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Time festplan's rendering in this process; return the rows of the table and the emails for the baseline."""
    from sqlalchemy import select

    from services.notifier.delivery.context import BatchMemo, build_context
    from services.notifier.delivery.send import SEND_BATCH
    from services.notifier.domain.message import build_mime, to_bytes
    from services.notifier.domain.rendering import render
    from services.notifier.domain.unsubscribe import unsubscribe_url
    from services.notifier.service import build_email
    from shared.db import unit_of_work
    from shared.models import Notification
    from shared.models.types import utcnow
    from shared.settings import get_settings

    settings = get_settings()
    now = utcnow()
    emails: list[dict[str, str]] = []
    sender_name, sender_address = parseaddr(settings.mail_from)
    with unit_of_work() as session:
        rows = list(session.scalars(select(Notification).where(Notification.id.in_(ids)).order_by(Notification.id)))
        built_seconds = mime_seconds = 0.0
        memo = BatchMemo()
        for position, row in enumerate(rows):
            t0 = time.perf_counter()
            if position % SEND_BATCH == 0:  # as a worker does: one memo per batch of ids
                memo = BatchMemo()
                memo.preload(session, rows[position : position + SEND_BATCH])
            email = build_email(session, row, settings=settings, now=now, memo=memo)
            t1 = time.perf_counter()
            to_bytes(build_mime(email))
            mime_seconds += time.perf_counter() - t1
            built_seconds += t1 - t0
            emails.append(
                {
                    "message_id": email.message_id,
                    "sender": settings.mail_from,
                    "sender_name": sender_name,
                    "sender_address": sender_address,
                    "recipient_email": email.recipient_email,
                    "recipient_name": email.recipient_name or "",
                    "subject": email.subject,
                    "text": email.text,
                    "html": email.html,
                }
            )
        sample = rows[:TEMPLATE_SAMPLE]
        contexts = [
            (
                row,
                build_context(
                    session,
                    row,
                    settings=settings,
                    unsubscribe_url=unsubscribe_url(
                        row.recipient_email, base_url=settings.base_url, secret_key=settings.secret_key
                    ),
                ).context,
            )
            for row in sample
        ]
    began = time.perf_counter()
    for row, context in contexts:
        render(row.kind, row.locale, context)
    template_seconds = time.perf_counter() - began
    n = len(rows)
    table = [
        {
            "measure": "gabarits seuls (contexte en mémoire) / templates only (context in memory)",
            "emails": len(contexts),
            "seconds": template_seconds,
        },
        {
            "measure": "contexte depuis la base + gabarits / context from the database + templates",
            "emails": n,
            "seconds": built_seconds,
        },
        {"measure": "construction MIME (email.message) / MIME building", "emails": n, "seconds": mime_seconds},
        {
            "measure": "rendu complet : contexte + gabarits + MIME / full rendering: context + templates + MIME",
            "emails": n,
            "seconds": built_seconds + mime_seconds,
            "target": True,
        },
    ]
    for entry in table:
        entry["section"] = "render"
        entry["per_second"] = entry["emails"] / entry["seconds"] if entry["seconds"] else float("nan")
    return table, emails
