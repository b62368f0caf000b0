"""The programme's step of ``festplan demo``: where to look once ``festplan serve`` runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.i18n import translate
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

MESSAGES = {
    "step": {"fr": "adresses du programme publié", "en": "addresses of the published programme"},
    "serve": {"fr": "lancez `festplan serve`, puis ouvrez :", "en": "run `festplan serve`, then open:"},
    "none": {"fr": "aucun programme publié : rien à ouvrir", "en": "no published programme: nothing to open"},
}


def _t(key: str) -> str:
    return translate(MESSAGES, key, get_settings().locale)


def programme_urls() -> list[str]:
    """The public pages and documents of the published programme, with the server's base URL."""
    from services.scheduler.programme.repository import load_programme, published_edition_id
    from shared.db import unit_of_work

    base = get_settings().base_url.rstrip("/")
    with unit_of_work() as session:
        edition_id = published_edition_id(session)
        programme = load_programme(session, edition_id) if edition_id is not None else None
    if programme is None or not programme.sessions:
        return []
    first = programme.sessions[0]
    return [
        f"{base}/programme",
        f"{base}/programme/sessions/{first.code}",
        f"{base}/programme/lieux/{first.venue.code}",
        f"{base}/api/v1/programme.ics",
        f"{base}/api/v1/programme.xml",
        f"{base}/api/v1/programme.json",
    ]


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.run.STEP_MODULES``: print the addresses after the publication step."""
    from shared.demo_steps import DemoStep

    def run(_ctx: DemoContext) -> list[str]:
        urls = programme_urls()
        return [_t("serve"), *(f"  {url}" for url in urls)] if urls else [_t("none")]

    return [DemoStep(name=_t("step"), run=run)]
