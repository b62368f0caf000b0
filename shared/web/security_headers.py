"""Security headers on every response of ``festplan serve``: one policy, set at the door.

Personal links carry their token in the path (``/inscriptions/<jeton>``, ``/surveys/<jeton>``…), so no page may
send its address onward: ``Referrer-Policy: no-referrer``. No page may be framed (clickjacking on a cancel or
unsubscribe button): ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``. No script runs unless it is
ours: the Content-Security-Policy allows same-origin files and the SHA-256 of the inline ``<style>`` blocks
written in festplan's own templates (hashed from the template sources at start, never from a response, so an
injected block is never blessed); pages that run an inline script (the back-office) set their own, nonce-based
policy, which is kept. HSTS is sent only when the base URL is https (a plain-http demo must stay reachable).

FastAPI's interactive docs (``/docs``, ``/redoc``) load Swagger UI and ReDoc from their CDN and run one inline
script that FastAPI writes from the app's own settings; those two pages get a policy naming the CDN and that
script's hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.settings import PROJECT_ROOT, get_settings

#: Where festplan's page templates live (every service's ``templates`` folders and the shared ones).
TEMPLATE_ROOTS = (PROJECT_ROOT / "services", PROJECT_ROOT / "shared")
_INLINE = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.DOTALL) for tag in ("style", "script")}
_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
_JINJA = ("{{", "{%", "{#")
DOCS_CDN = "https://cdn.jsdelivr.net"
HSTS = "max-age=31536000; includeSubDomains"


def source_hash(text: str | bytes) -> str:
    """The CSP source that allows exactly this inline block."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"


def template_inline_hashes(tag: str, roots: Iterable[Path] = TEMPLATE_ROOTS) -> list[str]:
    """The hashes of every literal ``<tag>`` block in the templates under ``roots`` (blocks with Jinja markup
    inside cannot be hashed ahead and are left out: a page using one would break, and the tests would see it)."""
    found: set[str] = set()
    for root in roots:
        for path in root.rglob("templates/**/*.html"):
            for block in _INLINE[tag].findall(path.read_text(encoding="utf-8")):
                if not any(marker in block for marker in _JINJA):
                    found.add(source_hash(block))
    return sorted(found)


def page_policy(*, style_hashes: Iterable[str] = (), script_hashes: Iterable[str] = ()) -> str:
    """The Content-Security-Policy of festplan's own pages."""
    scripts = " ".join(["'self'", *script_hashes])
    styles = " ".join(["'self'", *style_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; "
        "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    )


def docs_policy(script_hashes: Iterable[str]) -> str:
    """The policy of FastAPI's interactive docs: their CDN, their one inline script, their generated styles."""
    scripts = " ".join([f"'self' {DOCS_CDN}", *script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' {DOCS_CDN} https://fonts.googleapis.com "
        "'unsafe-inline'; font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; "
        "worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding the headers to every HTTP response; a header a route set itself is kept."""

    def __init__(self, app: ASGIApp, *, policy: str, https: bool, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.policy = policy
        self.docs_paths = frozenset(docs_paths)
        self.headers: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if https:
            self.headers.append((b"strict-transport-security", HSTS.encode()))

    def _complete(self, raw: list[tuple[bytes, bytes]], policy: str) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in raw}
        added = [(name, value) for name, value in self.headers if name not in present]
        if b"content-security-policy" not in present:
            added.append((b"content-security-policy", policy.encode("latin-1")))
        return [*raw, *added]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path") in self.docs_paths:
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": self._complete(list(message.get("headers") or []), self.policy)}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI's docs page, held until complete so its one inline script (FastAPI's, built from the app's
        settings — no request data) can be hashed into the page's policy."""
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, hold)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        policy = docs_policy(source_hash(block) for block in _SCRIPT.findall(body))
        for message in messages:
            if message["type"] == "http.response.start":
                message = {**message, "headers": self._complete(list(message.get("headers") or []), policy)}
            await send(message)


def install(app: FastAPI) -> None:
    """Put the headers on every response of ``app`` (``festplan serve`` calls this once)."""
    settings = get_settings()
    docs = [path for path in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url) if path]
    policy = page_policy(style_hashes=template_inline_hashes("style"), script_hashes=template_inline_hashes("script"))
    app.add_middleware(
        SecurityHeaders,
        policy=policy,
        https=settings.base_url.lower().startswith("https://"),
        docs_paths=docs,
    )
