"""The public programme pages: by day with filters, one page per session, venue and speaker (no JavaScript)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from services.scheduler.programme import texts
from services.scheduler.programme.jsonld import event_data, script_json
from services.scheduler.programme.model import Programme, by_day, parse_filters, seats_left
from services.scheduler.programme.rendering import not_found, page_locale, remember_page, remembered_page, render
from services.scheduler.programme.repository import (
    published_programme,
    published_programme_async,
    seats_now_async,
    seats_taken_now,
)
from shared.settings import get_settings
from shared.web.http import SessionDep

router = APIRouter(include_in_schema=False)


def current_programme(session: SessionDep) -> Programme | None:
    """The programme the public sees: the latest version of the edition published last."""
    return published_programme(session)


def seats_map(session: SessionDep, programme: Programme, proposal_ids: list[int] | None = None) -> dict[int, int]:
    """Seats left per proposal id, for every session of ``programme`` (or only ``proposal_ids``)."""
    return seats_left_of(programme, seats_taken_now(session, programme.edition_id), proposal_ids)


def seats_left_of(programme: Programme, taken: dict[int, int], proposal_ids: list[int] | None = None) -> dict[int, int]:
    return {
        s.proposal_id: seats_left(s.capacity, taken.get(s.proposal_id, 0))
        for s in programme.sessions
        if proposal_ids is None or s.proposal_id in proposal_ids
    }


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/programme", status_code=303)


@router.get("/programme", response_class=HTMLResponse)
async def programme_page(request: Request) -> Response:
    """The programme by day, filtered by the GET form (commune, intercommunality, venue, audience, kind, access).

    ``async`` with no session: the page is kept per programme stamp, language, query and seats, so a
    read while nothing changed is a look-up in the event loop; a new page is rendered in a worker thread.
    """
    programme = await published_programme_async(request.query_params.get("edition") or None)
    if programme is None:
        lang = page_locale(request)
        return render(
            request,
            "programme/message.html",
            programme=None,
            cache=None,
            heading=texts.t("programme", lang),
            text=texts.t("not_published", lang),
        )
    seats = await seats_now_async(programme.edition_id)
    key = (programme.stamp, page_locale(request), request.scope.get("query_string", b""), seats.stamp)
    page = remembered_page(key)
    if page is None:
        page = await run_in_threadpool(remember_page, key, lambda: _programme_listing(request, programme, seats.taken))
    return page.respond(request)


def _programme_listing(request: Request, programme: Programme, taken: dict[int, int]) -> HTMLResponse:
    filters = parse_filters(request.query_params, request.query_params.getlist("acces"))
    kept = [s for s in programme.sessions if filters.keeps(s)]
    return render(
        request,
        "programme/index.html",
        programme=programme,
        groups=by_day(kept),
        count=len(kept),
        filters=filters,
        choices=programme.choices(),
        seats=seats_left_of(programme, taken),
    )


def session_page_response(
    request: Request,
    session: SessionDep,
    *,
    programme: Programme,
    code: str,
    status_code: int = 200,
    outcome: str | None = None,
    outcome_problem: bool = False,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    """A session's page, also re-rendered by the registration form with its outcome or errors."""
    item = programme.session(code)
    if item is None:
        return not_found(request, programme)
    left = seats_map(session, programme, [item.proposal_id]).get(item.proposal_id, item.capacity)
    url = f"{get_settings().base_url.rstrip('/')}/programme/sessions/{item.code}"
    data = event_data(programme, item, url=url, seats_left=left)
    return render(
        request,
        "programme/session.html",
        programme=programme,
        status_code=status_code,
        cache=None if form is not None else "public, max-age=30",
        item=item,
        seats_left=left,
        max_seats=max_seats_per_registration(item.capacity),
        jsonld=script_json(data),
        outcome=outcome,
        outcome_problem=outcome_problem,
        errors=errors or {},
        form=form or {"nom": "", "courriel": "", "places": "1", "besoins": "", "attente": ""},
    )


def max_seats_per_registration(capacity: int) -> int:
    """One person books for a family or a small group, not for a whole room."""
    return max(1, min(10, capacity))


@router.get("/programme/sessions/{code}", response_class=HTMLResponse)
def session_page(request: Request, session: SessionDep, code: str) -> Response:
    programme = current_programme(session)
    if programme is None:
        return not_found(request, None)
    return session_page_response(request, session, programme=programme, code=code)


@router.get("/programme/lieux/{code}", response_class=HTMLResponse)
def venue_page(request: Request, session: SessionDep, code: str) -> Response:
    programme = current_programme(session)
    venue = programme.venues.get(code) if programme else None
    if programme is None or venue is None:
        return not_found(request, programme)
    items = programme.of_venue(code)
    rooms = sorted({s.room.code: s.room for s in items}.values(), key=lambda r: r.name)
    return render(
        request,
        "programme/venue.html",
        programme=programme,
        venue=venue,
        rooms=rooms,
        groups=by_day(items),
        seats=seats_map(session, programme),
    )


@router.get("/programme/intervenants/{code}", response_class=HTMLResponse)
def speaker_page(request: Request, session: SessionDep, code: str) -> Response:
    programme = current_programme(session)
    person = programme.speakers.get(code) if programme else None
    if programme is None or person is None:
        return not_found(request, programme)
    return render(
        request,
        "programme/speaker.html",
        programme=programme,
        person=person,
        groups=by_day(programme.of_speaker(code)),
        seats=seats_map(session, programme),
    )
