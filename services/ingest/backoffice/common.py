"""What the ingest back-office routes share: their templates and words, the edition shown, form errors."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from services.ingest.backoffice.texts import TEXTS
from services.ingest.forms.texts import error_text
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import LeadSession

pages = Pages(Path(__file__).resolve().parents[1] / "templates", TEXTS)


def no_edition(request: Request, lead: LeadSession) -> Response:
    """The page shown while the database holds no edition yet."""
    t = pages.translator(locale_of(request))
    return pages.message(request, lead=lead, status_code=404, title=t("site"), text=t("no_edition"))


def validation_errors(exc: ValidationError, locale: str) -> dict[str, str]:
    """Pydantic's errors as one sentence per field, in the reader's language."""
    found: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "_form"
        found.setdefault(field, error_text(error, locale))
    return found
