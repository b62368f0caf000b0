"""Calendar feeds narrower than the whole programme: one session, one venue, one partner, one speaker.

A speaker's feed is behind their personal link: calendar apps cannot send an ``Authorization`` header,
so the signed token is in the address itself and checked with :func:`services.ingest.auth.authenticate`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from services.ingest.auth import authenticate
from services.scheduler.programme.caching import PRIVATE_CACHE, cached_document
from services.scheduler.programme.exchange import ICS_TYPE, published
from services.scheduler.programme.ics import build_calendar
from services.scheduler.programme.model import Programme, ProgrammeSession
from shared.http import SessionDep
from shared.models.people import Speaker
from shared.settings import get_settings

router = APIRouter(prefix="/api/v1/programme", tags=["programme"])
ICS_RESPONSES: dict[int | str, dict[str, object]] = {200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}}


def _feed(
    request: Request,
    programme: Programme,
    *,
    kind: str,
    name: str,
    items: list[ProgrammeSession],
    cache_control: str | None = None,
) -> Response:
    base = get_settings().base_url
    extra = {"cache_control": cache_control} if cache_control else {}
    return cached_document(
        request,
        stamp=programme.stamp,
        kind=kind,
        media_type=ICS_TYPE,
        render=lambda: build_calendar(programme, items, name=name, base_url=base),
        filename=f"{kind.split(':')[0]}.ics",
        **extra,
    )


@router.get(
    "/seances/{code}.ics",
    response_class=Response,
    responses=ICS_RESPONSES,
    summary="Une séance en iCalendar / One session as iCalendar",
)
def session_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    item = programme.session(code)
    if item is None:
        raise HTTPException(404, detail="Séance inconnue. / Unknown session.")
    return _feed(request, programme, kind=f"seance:{code}", name=item.title, items=[item])


@router.get(
    "/lieux/{code}.ics",
    response_class=Response,
    responses=ICS_RESPONSES,
    summary="Les séances d'un lieu / A venue's sessions",
)
def venue_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    venue = programme.venues.get(code)
    if venue is None:
        raise HTTPException(404, detail="Lieu inconnu. / Unknown venue.")
    return _feed(
        request,
        programme,
        kind=f"lieu:{code}",
        name=f"{programme.edition_name} — {venue.name}",
        items=programme.of_venue(code),
    )


@router.get(
    "/partenaires/{code}.ics",
    response_class=Response,
    responses=ICS_RESPONSES,
    summary="Les séances d'un partenaire / A partner's sessions",
)
def partner_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    partner = programme.partners.get(code)
    if partner is None:
        raise HTTPException(404, detail="Partenaire inconnu. / Unknown partner.")
    return _feed(
        request,
        programme,
        kind=f"partenaire:{code}",
        name=f"{programme.edition_name} — {partner.name}",
        items=programme.of_partner(code),
    )


@router.get(
    "/intervenants/{token}.ics",
    response_class=Response,
    responses=ICS_RESPONSES,
    summary="Les séances d'un·e intervenant·e, par son lien personnel / A speaker's sessions, by their link",
)
def speaker_feed(request: Request, session: SessionDep, token: str) -> Response:
    """The sessions of the speaker whose personal-link token is in the address (404 for any other token)."""
    principal = authenticate(session, token)
    speaker = session.get(Speaker, principal.subject_id) if principal and principal.role == "speaker" else None
    if speaker is None or principal is None:
        raise HTTPException(404, detail="Lien inconnu, expiré ou révoqué. / Unknown, expired or revoked link.")
    programme = published(session)
    return _feed(
        request,
        programme,
        kind=f"intervenant:{speaker.code}",
        name=f"{programme.edition_name} — {speaker.name}",
        items=programme.of_speaker(speaker.code),
        cache_control=PRIVATE_CACHE,
    )
