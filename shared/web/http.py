"""What every service's HTTP routes share: one database session per request, the reader's language.

The request is the edge: :func:`get_session` commits when the endpoint returned normally and rolls
back when it raised, so services only ``flush()`` and notifications recorded in the outbox leave
only once the data they speak of is committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from shared.db import unit_of_work
from shared.i18n import LOCALES, normalise_locale
from shared.settings import get_settings
from shared.web.templating import make_environment


def get_session() -> Iterator[Session]:
    """One session per request, the request's unit of work: committed if the endpoint succeeds, rolled back if not."""
    with unit_of_work() as session:
        yield session


#: The request's session, committed when the endpoint returns and *before* the response is sent, so a
#: client never reads back stale data and a failed commit is an error response, not a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def form_data(request: Request) -> FormData:
    """The posted fields of a form page (read here because the endpoints themselves are synchronous)."""
    return await request.form(max_files=0, max_fields=2000)


#: A form page's posted fields, as an endpoint parameter (partners', speakers', venues' and back-office forms).
FormDep = Annotated[FormData, Depends(form_data)]


def negotiate_locale(request: Request) -> str:
    """``?lang=`` first, then the browser's ``Accept-Language`` (by quality), then the configured default."""
    asked = request.query_params.get("lang")
    if asked and asked.split("-")[0].lower() in LOCALES:
        return normalise_locale(asked)
    header = request.headers.get("accept-language", "")
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        short = tag.split("-")[0].strip().lower()
        if short in LOCALES and quality > 0:
            choices.append((-quality, index, short))
    if choices:
        return min(choices)[2]
    return get_settings().locale


class Templates:
    """A Jinja2 environment over a service's ``templates/`` folder that renders straight to an HTML response."""

    def __init__(self, *template_dirs: Path) -> None:
        self.env: Environment = make_environment(*template_dirs)

    def render(
        self, name: str, *, status_code: int = 200, headers: dict[str, str] | None = None, **context: object
    ) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code, headers=headers)
