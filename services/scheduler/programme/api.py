"""``/api/v1/programme``: the published programme as the public JSON API document, cached with every other format.

The route is ``async``: while this process's memo of the published version is fresh
(:func:`~services.scheduler.programme.repository.published_programme_async`) the cached bytes are sent
from the event loop with no session and no query; the check and a new document run in worker threads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from services.scheduler.programme.caching import cached_document_async
from services.scheduler.programme.exchange import JSON_TYPE, published_now
from services.scheduler.programme.schemas import ProgrammeOut, programme_out
from shared.web.api_docs import errors
from shared.web.security import rate_limited

router = APIRouter(prefix="/api/v1", tags=["public"])

#: Browsers and proxies keep the public document a minute.
PROGRAMME_CACHE = "public, max-age=60"


@router.get(
    "/programme",
    response_model=ProgrammeOut,
    dependencies=[Depends(rate_limited)],
    responses=errors(404, 429),
    summary="Programme publié / Published programme",
)
async def programme(
    request: Request,
    edition: Annotated[
        str | None,
        Query(
            max_length=64,
            pattern=r"^[A-Za-z0-9._-]+$",
            description="Code de l'édition (la dernière publiée par défaut)",
        ),
    ] = None,
) -> Response:
    """The latest published version of the programme; no token needed (gzip when the client accepts it)."""
    published = await published_now(edition)
    return await cached_document_async(
        request,
        stamp=published.stamp,
        kind="api",
        media_type=JSON_TYPE,
        render=lambda: programme_out(published),
        cache_control=PROGRAMME_CACHE,
    )
