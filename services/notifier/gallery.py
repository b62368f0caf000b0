"""The template gallery's data: each kind rendered with a real email of the edition when there is one.

After ``festplan demo`` every kind of email has been sent, so the gallery shows each template with the
demo's data (its people, sessions and venues; the personal links redacted, as the sent rows keep them) in
French and English; on a fresh database, or for a kind nothing has used yet, it falls back to the example
context of :mod:`.domain.examples`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.notifier.delivery.context import build_context
from services.notifier.domain.examples import example_context
from services.notifier.domain.rendering import RenderedEmail, render
from services.notifier.domain.unsubscribe import UNSUBSCRIBABLE_KINDS
from shared.mail_secrets import REDACTED
from shared.models.notification import Notification
from shared.settings import Settings


def gallery_context(session: Session, kind: str, *, settings: Settings) -> tuple[dict[str, Any], bool]:
    """The context of the latest email of ``kind`` that left (True), or the example one (False)."""
    row = session.scalar(
        select(Notification)
        .where(Notification.kind == kind, Notification.status == "sent")
        .order_by(Notification.id.desc())
        .limit(1)
    )
    if row is None:
        return example_context(kind), False
    # a sent row's secret links are already redacted (shared.mail_secrets); the unsubscribe link, signed
    # afresh at each send, is not made here: the gallery shows where each link goes, never a usable one
    link = REDACTED if row.category == "bulk" or row.kind in UNSUBSCRIBABLE_KINDS else None
    try:
        return build_context(session, row, settings=settings, unsubscribe_url=link).context, True
    except Exception:  # a row whose data has gone (an erased participant): the example still shows the template
        return example_context(kind), False


def gallery_previews(
    session: Session, kind: str, *, settings: Settings
) -> tuple[list[tuple[str, RenderedEmail]], bool]:
    """``kind`` in French and English with the same data; whether that data is the edition's own."""
    context, real = gallery_context(session, kind, settings=settings)
    try:
        return [(locale, render(kind, locale, context)) for locale in ("fr", "en")], real
    except Exception:
        example = example_context(kind)
        return [(locale, render(kind, locale, example)) for locale in ("fr", "en")], False
