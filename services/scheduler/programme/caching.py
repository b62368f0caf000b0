"""HTTP caching of the programme's documents: built and gzip-compressed once per stamp, 304 on ``If-None-Match``.

Documents are rendered once per published version (and back-office edit) and kept in this process,
with their gzip form compressed at the same time: a conference app polling ``schedule.json`` every
minute, or a browser opening the programme, costs a dictionary look-up and no rendering, hashing or
compression (:mod:`shared.web.http_cache` chooses the representation and answers 304).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from shared.web.http_cache import BuiltOnce, Encoded, encode, respond

#: Feeds and exchange files: apps poll them; a published change shows within five minutes at most.
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"


def etag_for(stamp: str, kind: str) -> str:
    return '"' + hashlib.sha256(f"{stamp}|{kind}".encode()).hexdigest()[:32] + '"'


_DOCUMENTS: BuiltOnce[tuple[str, str], Encoded] = BuiltOnce(512)


def encoded_document(*, stamp: str, kind: str, render: Callable[[], bytes]) -> Encoded:
    """The document ``kind`` of the programme ``stamp``, rendered and compressed by the first request only."""
    return _DOCUMENTS.get_or_build((stamp, kind), lambda: encode(render(), etag=etag_for(stamp, kind)))


def _headers(cache_control: str, filename: str | None) -> dict[str, str]:
    headers = {"Cache-Control": cache_control}
    if filename:
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return headers


def cached_document(
    request: Request,
    *,
    stamp: str,
    kind: str,
    media_type: str,
    render: Callable[[], bytes],
    cache_control: str = PUBLIC_CACHE,
    filename: str | None = None,
) -> Response:
    """The document ``kind`` of the programme ``stamp``: 304 when the client has it, else the cached body."""
    document = encoded_document(stamp=stamp, kind=kind, render=render)
    return respond(request, document, media_type=media_type, headers=_headers(cache_control, filename))


async def cached_document_async(
    request: Request,
    *,
    stamp: str,
    kind: str,
    media_type: str,
    render: Callable[[], bytes],
    cache_control: str = PUBLIC_CACHE,
    filename: str | None = None,
) -> Response:
    """:func:`cached_document` for ``async`` routes: a cached body is sent from the event loop, a missing one
    is rendered in a worker thread so that the loop keeps serving the other requests meanwhile."""
    document = _DOCUMENTS.get((stamp, kind))
    if document is None:
        document = await run_in_threadpool(encoded_document, stamp=stamp, kind=kind, render=render)
    return respond(request, document, media_type=media_type, headers=_headers(cache_control, filename))
