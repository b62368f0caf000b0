"""HEAD answered like GET, for every route at once.

FastAPI's routes answer only the methods they declare, so link checkers, uptime monitors and caches,
which ask with HEAD, got 405 from every page. This ASGI middleware runs a HEAD request as a GET and
sends the status and headers (``Content-Length`` included) without the body, as RFC 9110 §9.3.2 asks;
a path that has no GET still answers 405 (or 404), as it would to GET.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Serve ``HEAD`` through the ``GET`` route of the same path, dropping the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
