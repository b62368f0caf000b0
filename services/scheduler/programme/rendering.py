"""What every programme page shares: the Jinja2 environment, the reader's language, links that keep it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from services.scheduler.programme import texts
from services.scheduler.programme.model import ACCESSIBILITY_FEATURES, Programme
from shared.i18n import format_datetime
from shared.web.http import Templates, negotiate_locale
from shared.web.http_cache import BuiltOnce, Encoded, encode, respond

TEMPLATES = Templates(Path(__file__).resolve().parent / "templates")
#: Public pages may be kept by browsers and proxies for a short while; registrations change seats left.
PAGE_CACHE = "public, max-age=30"


def page_locale(request: Request) -> str:
    return negotiate_locale(request)


def other_language_url(request: Request, lang: str) -> str:
    """The same page in the other language (``?lang=`` set, every other parameter kept)."""
    other = "en" if lang == "fr" else "fr"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    params.append(("lang", other))
    return f"{quote(request.url.path)}?{urlencode(params)}"


def updated_line(programme: Programme | None, lang: str) -> str:
    """« Version n° 2, publiée le … »: pages say when the programme last changed."""
    if programme is None:
        return ""
    local = programme.published_at.astimezone(_zone(programme.timezone))
    return texts.t("updated", lang, number=programme.version_number, when=format_datetime(local, lang))


def _zone(name: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def render(
    request: Request,
    name: str,
    *,
    programme: Programme | None,
    status_code: int = 200,
    cache: str | None = PAGE_CACHE,
    **context: object,
) -> HTMLResponse:
    """A programme page in the reader's language, with the shared helpers every template uses."""
    lang = page_locale(request)

    def url(path: str) -> str:
        target = quote(path, safe="/:")
        return f"{target}?lang=en" if lang == "en" else target

    headers = {"Content-Language": lang, "Vary": "Accept-Language"}
    if cache:
        headers["Cache-Control"] = cache
    return TEMPLATES.render(
        name,
        status_code=status_code,
        headers=headers,
        lang=lang,
        other_lang="en" if lang == "fr" else "fr",
        other_url=other_language_url(request, lang),
        t=lambda key, **values: texts.t(key, lang, **values),
        label=lambda value: texts.label(value, lang),
        url=url,
        edition_name=programme.edition_name if programme else "Culture et numérique",
        updated=updated_line(programme, lang),
        features=ACCESSIBILITY_FEATURES,
        **context,
    )


def not_found(request: Request, programme: Programme | None) -> HTMLResponse:
    lang = page_locale(request)
    return render(
        request,
        "programme/message.html",
        programme=programme,
        status_code=404,
        cache=None,
        heading=texts.t("not_found", lang),
        text=texts.t("not_found_text", lang),
    )


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A rendered page kept with its gzip form and the headers it was rendered with."""

    document: Encoded
    headers: dict[str, str]

    def respond(self, request: Request) -> Response:
        return respond(request, self.document, media_type="text/html", headers=self.headers)


_PAGES: BuiltOnce[tuple[object, ...], CachedPage] = BuiltOnce(256)


def remembered_page(key: tuple[object, ...]) -> CachedPage | None:
    """A page rendered earlier for the same programme, language, query and seats (rendering 600 sessions is slow)."""
    return _PAGES.get(key)


def remember_page(key: tuple[object, ...], build: Callable[[], HTMLResponse]) -> CachedPage:
    """The page ``key``, rendered (and compressed) by the first request that asks; the others wait for it."""

    def make() -> CachedPage:
        response = build()
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        etag = '"' + hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest() + '"'
        return CachedPage(document=encode(bytes(response.body), etag=etag), headers=headers)

    return _PAGES.get_or_build(key, make)
