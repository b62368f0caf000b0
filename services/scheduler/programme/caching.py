"""HTTP caching of the programme's documents: ETag from the published version, 304 on ``If-None-Match``.

Documents are rendered once per published version and kept in this process, so a conference app
polling ``schedule.json`` every minute costs one small query and no rendering.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

#: Feeds and exchange files: apps poll them; a published change shows within five minutes at most.
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"
_BODIES: dict[tuple[str, str], bytes] = {}
_LOCK = threading.Lock()
_MAX_BODIES = 512


def etag_for(stamp: str, kind: str) -> str:
    return '"' + hashlib.sha256(f"{stamp}|{kind}".encode()).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    """True when the client's ``If-None-Match`` names ``etag`` (weak or strong) or is ``*``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


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
    etag = etag_for(stamp, kind)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if matches(request, etag):
        return Response(status_code=304, headers=headers)
    key = (stamp, kind)
    with _LOCK:
        body = _BODIES.get(key)
    if body is None:
        body = render()
        with _LOCK:
            if len(_BODIES) >= _MAX_BODIES:
                _BODIES.clear()
            _BODIES[key] = body
    if filename:
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return Response(body, media_type=media_type, headers=headers)
