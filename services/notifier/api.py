"""HTTP endpoints of the notifier: one-click unsubscribe (RFC 8058) and the SendGrid Event Webhook."""

from __future__ import annotations

import json
import logging
import time
from html import escape

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader
from sqlalchemy.orm import Session

from services.notifier import repository
from services.notifier.domain.unsubscribe import read_token
from shared.db import unit_of_work
from shared.http import SessionDep
from shared.models.notification import WebhookEvent
from shared.settings import get_settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["notifications"])

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
    form = ""
    if form_action:
        form = (
            f'<form method="post" action="{escape(form_action)}" style="margin:24px 0;">'
            '<button type="submit" style="background-color:#003a70;color:#ffffff;border:0;padding:12px 20px;'
            'font-size:16px;border-radius:4px;">Me désabonner / Unsubscribe</button></form>'
        )
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title_fr)}</title></head>"
        '<body style="font-family:Arial,sans-serif;color:#1a1a1a;background:#ffffff;max-width:640px;margin:0 auto;'
        'padding:24px;line-height:1.5;">'
        f'<h1 style="color:#003a70;">{escape(title_fr)}</h1><p>{body_fr}</p>{form}'
        f'<div lang="en"><h2 style="color:#003a70;">{escape(title_en)}</h2><p>{body_en}</p></div>'
        "</body></html>"
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
    """Put the address on the suppression list (one-click POST from the mail client, or the page's button)."""
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
    if not settings.sendgrid_webhook_public_key:
        raise HTTPException(status_code=503, detail="FESTPLAN_SENDGRID_WEBHOOK_PUBLIC_KEY is not set")
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


def record_events(session: Session, events: list[dict]) -> tuple[int, int]:
    """Store each event once by ``sg_event_id``; suppress addresses that bounced hard or opted out."""
    recorded = duplicates = 0
    for event in events:
        event_id, kind = event.get("sg_event_id"), event.get("event")
        if not event_id or kind not in RECORDED_EVENTS:
            continue
        if repository.event_known(session, str(event_id)):
            duplicates += 1
            continue
        notification_id = event.get("notification_id")
        session.add(
            WebhookEvent(
                provider_event_id=str(event_id),
                event=kind,
                email=event.get("email"),
                notification_id=int(notification_id) if str(notification_id or "").isdigit() else None,
                payload=event,
            )
        )
        session.flush()
        recorded += 1
        email = event.get("email")
        hard_bounce = kind == "bounce" and event.get("type", "bounce") == "bounce"
        suppressing = bool(email) and (hard_bounce or kind in SUPPRESSING_EVENTS)
        if suppressing and repository.suppress(session, email=email, reason=kind):
            log.info("suppressed %s after a SendGrid %s event", email, kind)
    return recorded, duplicates
