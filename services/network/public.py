"""``/reseau``: the public directory of the network, by intercommunality, filterable, listing only the
organisations that consented to it, with what they did edition after edition. Read at every request (no
cache), so a withdrawn consent takes the organisation off the page at once."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.network import repository as repo
from services.network.domain.directory import KINDS, by_territory, choices, parse_segment
from services.network.texts import TEXTS
from shared.i18n import translate
from shared.web.http import SessionDep, Templates, negotiate_locale

router = APIRouter(include_in_schema=False)
TEMPLATES = Templates(Path(__file__).resolve().parent / "templates")


@router.get("/reseau", response_class=HTMLResponse)
def network_page(request: Request, db: SessionDep) -> HTMLResponse:
    lang = negotiate_locale(request)
    cards = repo.cards(db, listed_only=True)
    params = dict(request.query_params)
    filters = parse_segment(params)
    shown = [card for card in cards if filters.keeps(card)]

    def t(key: str, **values: object) -> str:
        return translate(TEXTS, key, lang, **values)

    other = "en" if lang == "fr" else "fr"
    other_url = "/reseau?" + urlencode([*((k, v) for k, v in params.items() if k != "lang"), ("lang", other)])
    return TEMPLATES.render(
        "network/index.html",
        headers={
            "Cache-Control": "no-store",
            "Content-Language": lang,
            "Content-Security-Policy": "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'none'",
        },
        lang=lang,
        t=t,
        kinds={k: v[lang] for k, v in KINDS.items()},
        groups=by_territory(shown, other=t("other_territory")),
        options=choices(cards),
        chosen={"interco": filters.territory or "", "type": filters.kind or "", "tag": filters.tag or ""},
        count=len(shown),
        other_url=other_url,
        other_lang=other,
    )
