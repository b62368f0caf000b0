"""HTTP endpoints of the notifier: one-click unsubscribe (RFC 8058) and the SendGrid Event Webhook."""

from __future__ import annotations

import json
import logging
import time
from html import escape
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader
from sqlalchemy.orm import Session

from services.notifier import repository
from services.notifier.domain.unsubscribe import read_token
from shared.db import unit_of_work
from shared.models.notification import WebhookEvent
from shared.settings import get_settings
from shared.web.http import SessionDep
from shared.web.ids import parse_db_id
from shared.web.templating import make_environment

log = logging.getLogger(__name__)
router = APIRouter(tags=["notifications"])
_PAGES = make_environment(Path(__file__).resolve().parent / "templates")

#: SendGrid signs the timestamp; older requests are refused so a captured one cannot be replayed.
MAX_WEBHOOK_AGE_SECONDS = 300
SUPPRESSING_EVENTS = {"unsubscribe", "group_unsubscribe", "spamreport"}
RECORDED_EVENTS = {
    "delivered",
    "bounce",
    "dropped",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
    "deferred",
    "processed",
    "open",
    "click",
    "group_resubscribe",
}


def _page(title_fr: str, body_fr: str, title_en: str, body_en: str, *, form_action: str | None = None) -> str:
    """The unsubscribe pages; ``body_*`` are HTML whose variable parts the caller escaped. Styled by the template's
    ``<style>`` block, which the content policy allows by its hash (no ``style`` attributes)."""
    return _PAGES.get_template("unsubscribe_page.html").render(
        title_fr=title_fr, body_fr=Markup(body_fr), title_en=title_en, body_en=Markup(body_en), form_action=form_action
    )


def _address(token: str) -> str:
    email = read_token(token, secret_key=get_settings().secret_key)
    if email is None:
        raise HTTPException(status_code=404, detail="lien de désabonnement invalide / invalid unsubscribe link")
    return email


@router.get("/notifications/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(token: str, request: Request) -> HTMLResponse:
    """Show what the link would do; a GET never unsubscribes (mail scanners follow links)."""
    email = escape(_address(token))
    return HTMLResponse(
        _page(
            "Se désabonner",
            f"Ne plus envoyer à <strong>{email}</strong> les questionnaires, rappels et autres envois groupés de "
            "Culture et numérique ? Les messages de service (changement de vos horaires) continueront d'arriver.",
            "Unsubscribe",
            f"Stop sending surveys, reminders and other bulk email of Culture et numérique to "
            f"<strong>{email}</strong>? Service messages (changes to your sessions) will still reach you.",
            form_action=str(request.url.path),
        )
    )


@router.post("/notifications/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(token: str, session: SessionDep) -> HTMLResponse:
    """Put the address on the suppression list (one-click POST from the mail client, or the page's button).

    The request's session commits before the page is sent: "unsubscribed" is never said of a write that failed.
    """
    email = _address(token)
    repository.suppress(session, email=email, reason="unsubscribe")
    return HTMLResponse(
        _page(
            "Désabonnement confirmé",
            f"<strong>{escape(email)}</strong> ne recevra plus nos envois groupés.",
            "Unsubscribed",
            f"<strong>{escape(email)}</strong> will no longer receive our bulk email.",
        )
    )


@router.post("/webhooks/sendgrid")
async def sendgrid_events(request: Request) -> JSONResponse:
    """Record SendGrid's events once each; bounces, spam reports and unsubscribes suppress the address."""
    settings = get_settings()
    if not settings.sendgrid_webhook_public_key:  # not a fault of the server: this install takes no webhook
        raise HTTPException(
            status_code=404, detail="webhook not enabled: FESTPLAN_SENDGRID_WEBHOOK_PUBLIC_KEY is not set"
        )
    raw = await request.body()
    signature = request.headers.get(EventWebhookHeader.SIGNATURE, "")
    timestamp = request.headers.get(EventWebhookHeader.TIMESTAMP, "")
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        raise HTTPException(status_code=403, detail="missing or malformed timestamp") from None
    if age > MAX_WEBHOOK_AGE_SECONDS:
        raise HTTPException(status_code=403, detail="timestamp too old")
    try:
        valid = EventWebhook(settings.sendgrid_webhook_public_key).verify_signature(
            raw.decode("utf-8"), signature, timestamp
        )
    except Exception:  # malformed base64 or key: not a SendGrid request
        valid = False
    if not valid:
        raise HTTPException(status_code=403, detail="invalid signature")
    try:
        events = json.loads(raw)
    except ValueError:
        raise HTTPException(status_code=400, detail="body is not JSON") from None
    if not isinstance(events, list):
        raise HTTPException(status_code=400, detail="body must be a JSON array of events")
    with unit_of_work() as session:
        recorded, duplicates = record_events(session, events)
    return JSONResponse({"recorded": recorded, "duplicates": duplicates})


def _text(value: object, *, limit: int) -> str | None:
    """A field of an event as text that fits its column, or None: a signed body may still hold anything."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text if text and len(text) <= limit else None


def _notification_id(value: object) -> int | None:
    """The id festplan put in the event's custom args, if it can name a row (ASCII digits, within INTEGER)."""
    return parse_db_id(_text(value, limit=10))


def record_events(session: Session, events: list[object]) -> tuple[int, int]:
    """Store each event once by ``sg_event_id``; suppress addresses that bounced hard or opted out.

    An entry that is not an object, or whose id, kind or address is not text of a sensible length, is
    skipped: SendGrid never sends one, and a 500 would only make the provider send the batch again.
    """
    recorded = duplicates = 0
    for event in events:
        if not isinstance(event, dict):
            continue
        event_id, kind = _text(event.get("sg_event_id"), limit=200), _text(event.get("event"), limit=40)
        if event_id is None or kind not in RECORDED_EVENTS:
            continue
        if repository.event_known(session, event_id):
            duplicates += 1
            continue
        email = _text(event.get("email"), limit=254)
        session.add(
            WebhookEvent(
                provider_event_id=event_id,
                event=kind,
                email=email,
                notification_id=_notification_id(event.get("notification_id")),
                payload=event,
            )
        )
        session.flush()
        recorded += 1
        hard_bounce = kind == "bounce" and event.get("type", "bounce") == "bounce"
        suppressing = bool(email) and (hard_bounce or kind in SUPPRESSING_EVENTS)
        if suppressing and repository.suppress(session, email=email, reason=kind):
            log.info("suppressed %s after a SendGrid %s event", email, kind)
    return recorded, duplicates
