"""What the ingest routers share: turning use-case errors into HTTP answers, and the documented errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from fastapi import HTTPException
from pydantic import BaseModel

from services.ingest.errors import IngestError, Invalid

P = ParamSpec("P")
R = TypeVar("R")


class ErrorOut(BaseModel):
    """An error in French then English."""

    detail: str


def as_http(exc: IngestError) -> HTTPException:
    """A use-case error as the HTTP answer; a rule broken by a field looks like FastAPI's own 422."""
    if isinstance(exc, Invalid):
        loc: list[str] = ["body", exc.field] if exc.field else ["body"]
        return HTTPException(
            422, detail=[{"loc": loc, "msg": f"{exc.message_fr} / {exc.message_en}", "type": "value_error"}]
        )
    return HTTPException(exc.status_code, detail=f"{exc.message_fr} / {exc.message_en}")


def http_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap an endpoint so that :class:`IngestError` becomes its HTTP status (signature kept for FastAPI)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except IngestError as exc:
            raise as_http(exc) from None

    return wrapper


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an endpoint: each listed status documented with :class:`ErrorOut`."""
    text = {
        401: "Jeton absent ou invalide / Missing or invalid token",
        403: "Rôle insuffisant / Wrong role",
        404: "Introuvable (ou pas à vous) / Not found (or not yours)",
        409: "Conflit avec l'état actuel / Conflicts with the current state",
        413: "Corps de requête trop grand / Request body too large",
        429: "Trop de requêtes / Too many requests",
    }
    return {code: {"model": ErrorOut, "description": text[code]} for code in codes}


AUTH_ERRORS = errors(401, 403, 413)
