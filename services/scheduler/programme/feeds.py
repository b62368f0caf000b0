"""Calendar feeds narrower than the whole programme: one session, one venue, one partner, one speaker.

A speaker's feed is behind their personal link: calendar apps cannot send an ``Authorization`` header,
so the signed token is in the address itself and checked with :func:`shared.web.auth.authenticate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from fastapi.types import DecoratedCallable

from services.scheduler.programme.caching import PRIVATE_CACHE, PUBLIC_CACHE, cached_document
from services.scheduler.programme.exchange import ICS_TYPE, published
from services.scheduler.programme.ics import build_calendar
from services.scheduler.programme.model import Programme, ProgrammeSession
from shared.models.people import Speaker
from shared.settings import get_settings
from shared.web.auth import authenticate
from shared.web.http import SessionDep

router = APIRouter(prefix="/api/v1/programme", tags=["programme"])
ICS_RESPONSES: dict[int | str, dict[str, object]] = {200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}}

_Found = TypeVar("_Found")


def _ics_route(path: str, summary: str) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """Every feed is declared alike (an iCalendar body, or a 304, or a 404) and differs only by its address
    and the bilingual summary the OpenAPI document shows for it."""
    return router.get(path, response_class=Response, responses=ICS_RESPONSES, summary=summary)


def _known(found: _Found | None, detail: str) -> _Found:
    """What the address names, or a 404 whose bilingual ``detail`` says what was not found."""
    if found is None:
        raise HTTPException(404, detail=detail)
    return found


def _feed(
    request: Request,
    programme: Programme,
    *,
    kind: str,
    code: str,
    name: str,
    items: list[ProgrammeSession],
    cache_control: str = PUBLIC_CACHE,
) -> Response:
    """The calendar of ``items``, built once per published version and feed (``kind:code``) and saved as
    ``kind.ics``: calendar apps poll feeds, so a poll should cost a look-up, not a rendering."""
    base = get_settings().base_url
    return cached_document(
        request,
        stamp=programme.stamp,
        kind=f"{kind}:{code}",
        media_type=ICS_TYPE,
        render=lambda: build_calendar(programme, items, name=name, base_url=base),
        filename=f"{kind}.ics",
        cache_control=cache_control,
    )


def _feed_of(
    request: Request,
    programme: Programme,
    *,
    kind: str,
    code: str,
    owner: str,
    sessions: Callable[[str], list[ProgrammeSession]],
    cache_control: str = PUBLIC_CACHE,
) -> Response:
    """The sessions of one venue, partner or speaker, in a calendar named « edition — owner » so that
    someone who subscribes to several feeds tells them apart in their calendar app."""
    return _feed(
        request,
        programme,
        kind=kind,
        code=code,
        name=f"{programme.edition_name} — {owner}",
        items=sessions(code),
        cache_control=cache_control,
    )


@_ics_route("/seances/{code}.ics", "Une séance en iCalendar / One session as iCalendar")
def session_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    item = _known(programme.session(code), "Séance inconnue. / Unknown session.")
    return _feed(request, programme, kind="seance", code=code, name=item.title, items=[item])


@_ics_route("/lieux/{code}.ics", "Les séances d'un lieu / A venue's sessions")
def venue_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    venue = _known(programme.venues.get(code), "Lieu inconnu. / Unknown venue.")
    return _feed_of(request, programme, kind="lieu", code=code, owner=venue.name, sessions=programme.of_venue)


@_ics_route("/partenaires/{code}.ics", "Les séances d'un partenaire / A partner's sessions")
def partner_feed(request: Request, session: SessionDep, code: str) -> Response:
    programme = published(session)
    partner = _known(programme.partners.get(code), "Partenaire inconnu. / Unknown partner.")
    return _feed_of(request, programme, kind="partenaire", code=code, owner=partner.name, sessions=programme.of_partner)


@_ics_route(
    "/intervenants/{token}.ics",
    "Les séances d'un·e intervenant·e, par son lien personnel / A speaker's sessions, by their link",
)
def speaker_feed(request: Request, session: SessionDep, token: str) -> Response:
    """The sessions of the speaker whose personal-link token is in the address (404 for any other token)."""
    principal = authenticate(session, token)
    speaker = _known(
        session.get(Speaker, principal.subject_id) if principal and principal.role == "speaker" else None,
        "Lien inconnu, expiré ou révoqué. / Unknown, expired or revoked link.",
    )
    programme = published(session)
    return _feed_of(
        request,
        programme,
        kind="intervenant",
        code=speaker.code,
        owner=speaker.name,
        sessions=programme.of_speaker,
        cache_control=PRIVATE_CACHE,
    )
