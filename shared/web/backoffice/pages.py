"""Rendering a back-office page: the shared layout, the reader's language, the navigation, security headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from shared import i18n
from shared.web.backoffice.session import LANG_COOKIE_NAME, PREFIX, LeadSession, remember_choice
from shared.web.backoffice.texts import TEXTS
from shared.web.http import negotiate_locale
from shared.web.templating import make_environment

SHARED_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The menu: catalog key and path, in the order the lead works (review, place, optimise, publish, mail).
NAV: tuple[tuple[str, str], ...] = (
    ("nav_dashboard", f"{PREFIX}/"),
    ("nav_editions", f"{PREFIX}/editions"),
    ("nav_proposals", f"{PREFIX}/propositions"),
    ("nav_places", f"{PREFIX}/lieux"),
    ("nav_speakers", f"{PREFIX}/intervenants"),
    ("nav_partners", f"{PREFIX}/partenaires"),
    ("nav_runs", f"{PREFIX}/optimisations"),
    ("nav_versions", f"{PREFIX}/versions"),
    ("nav_mail", f"{PREFIX}/courriels"),
    ("nav_openagenda", f"{PREFIX}/openagenda"),
    ("nav_network", f"{PREFIX}/reseau"),
)


def instant(value: datetime | None, locale: str, zone: str = "Europe/Paris") -> str:
    """An aware UTC instant (published, sent, failed at…) as the edition's local date and time, in words."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if value.tzinfo else value
    return i18n.format_datetime(local, locale)


def locale_of(request: Request) -> str:
    """``?lang=`` first, then the language the lead chose earlier (cookie), then the browser's."""
    asked = request.query_params.get("lang")
    if asked in i18n.LOCALES:
        return asked
    chosen = request.cookies.get(LANG_COOKIE_NAME)
    if chosen in i18n.LOCALES:
        return chosen
    return negotiate_locale(request)


def _other_url(request: Request, other: str) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "fait")]
    return f"{request.url.path}?{urlencode([*query, ('lang', other)])}"


def _current(path: str, nav_path: str) -> bool:
    if nav_path == f"{PREFIX}/":
        return path == nav_path
    return path == nav_path or path.startswith(nav_path + "/")


class Pages:
    """A service's back-office templates over the shared layout, with its own words merged into the shared ones."""

    def __init__(self, template_dir: Path, catalog: Mapping[str, Mapping[str, str]]) -> None:
        self.env = make_environment(template_dir, SHARED_TEMPLATES)
        self.env.filters["instant"] = instant
        self.catalog: dict[str, Mapping[str, str]] = {**TEXTS, **catalog}

    def translator(self, locale: str) -> Callable[..., str]:
        def t(key: str, **values: object) -> str:
            return i18n.translate(self.catalog, key, locale, **values)

        return t

    def message(
        self, request: Request, *, lead: LeadSession | None, status_code: int, title: str, text: str
    ) -> HTMLResponse:
        """A page that only says something (a refusal, a conflict), with the way back to the dashboard."""
        return self.render(
            request, "backoffice/message.html", lead=lead, status_code=status_code, page_title=title, message=text
        )

    def not_found(self, request: Request, lead: LeadSession | None) -> HTMLResponse:
        """The back office's one 404 page, in the reader's language."""
        said = self.translator(locale_of(request))("not_found")
        return self.message(request, lead=lead, status_code=404, title=said, text=said)

    def render(
        self, request: Request, name: str, *, lead: LeadSession | None, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        """The page, with ``Cache-Control: no-store`` (it shows personal data) and a nonce-based content policy."""
        locale = locale_of(request)
        other = "en" if locale == "fr" else "fr"
        t = self.translator(locale)
        done = request.query_params.get("fait", "")
        flash = t(f"done_{done}") if done and f"done_{done}" in self.catalog else None
        nonce = secrets.token_urlsafe(16)
        path = request.url.path
        html = self.env.get_template(name).render(
            lang=locale,
            other_lang=other,
            other_url=_other_url(request, other),
            t=t,
            lead=lead,
            csrf=lead.csrf if lead else "",
            flash=flash,
            nonce=nonce,
            nav=[{"label": t(key), "href": href, "current": _current(path, href)} for key, href in NAV],
            **context,
        )
        response = HTMLResponse(html, status_code=status_code)
        response.headers.update(
            {
                "Content-Language": locale,
                "Cache-Control": "no-store",
                # framing, referrer and nosniff come from shared.web.security_headers, like every page's
                "Content-Security-Policy": (
                    f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
                ),
            }
        )
        if request.query_params.get("lang") in i18n.LOCALES:
            remember_choice(response, name=LANG_COOKIE_NAME, value=locale)
        return response
