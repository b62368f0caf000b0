"""``/api/v1/programme.{xml,json,ics}``: the published programme for conference apps and calendars, cached.

The routes are ``async``: a cached read (the steady state) runs in the event loop with no thread hop, no
database session and no query; the stamp is re-read and a new document rendered in worker threads.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from services.scheduler.programme.caching import cached_document_async
from services.scheduler.programme.frab import dumps_json, schedule_json, schedule_xml
from services.scheduler.programme.ics import build_calendar
from services.scheduler.programme.model import Programme
from services.scheduler.programme.repository import published_programme, published_programme_async
from shared.settings import get_settings
from shared.web.http import SessionDep

router = APIRouter(prefix="/api/v1", tags=["programme"])

NOT_PUBLISHED = "Aucun programme publié. / No programme published yet."
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json"
ICS_TYPE = "text/calendar; charset=utf-8"


def published(session: SessionDep, edition: str | None = None) -> Programme:
    """The published programme, or 404 when there is none yet."""
    programme = published_programme(session, edition)
    if programme is None:
        raise HTTPException(404, detail=NOT_PUBLISHED)
    return programme


async def published_now(edition: str | None = None) -> Programme:
    """:func:`published` for ``async`` routes (no session while this process's memo of it is fresh)."""
    programme = await published_programme_async(edition)
    if programme is None:
        raise HTTPException(404, detail=NOT_PUBLISHED)
    return programme


@router.get(
    "/programme.xml",
    summary="schedule.xml (frab) du programme publié / published schedule.xml",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}, 304: {}, 404: {}},
)
async def programme_xml(request: Request, edition: str | None = None) -> Response:
    """The frab/pentabarf ``schedule.xml`` of the published version (c3voc XSD)."""
    programme = await published_now(edition)
    base = get_settings().base_url
    return await cached_document_async(
        request,
        stamp=programme.stamp,
        kind="xml",
        media_type=XML_TYPE,
        render=lambda: schedule_xml(programme, base_url=base),
        filename="schedule.xml",
    )


@router.get(
    "/programme.json",
    summary="schedule.json (frab) du programme publié / published schedule.json",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}, 304: {}, 404: {}},
)
async def programme_json(request: Request, edition: str | None = None) -> Response:
    """The frab/pretalx ``schedule.json`` of the published version (c3voc JSON schema, draft-06)."""
    programme = await published_now(edition)
    base = get_settings().base_url
    return await cached_document_async(
        request,
        stamp=programme.stamp,
        kind="json",
        media_type=JSON_TYPE,
        render=lambda: dumps_json(schedule_json(programme, base_url=base)),
        filename="schedule.json",
    )


@router.get(
    "/programme.ics",
    summary="Le programme entier en iCalendar / The whole programme as iCalendar",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}},
)
async def programme_ics(request: Request, edition: str | None = None) -> Response:
    programme = await published_now(edition)
    base = get_settings().base_url
    return await cached_document_async(
        request,
        stamp=programme.stamp,
        kind="ics",
        media_type=ICS_TYPE,
        render=lambda: build_calendar(programme, programme.sessions, name=programme.edition_name, base_url=base),
        filename="programme.ics",
    )
