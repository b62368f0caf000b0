"""What the ingest routers share: turning use-case errors into HTTP answers (documented ones: shared.web.api_docs)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from fastapi import HTTPException

from services.ingest.errors import IngestError, Invalid

P = ParamSpec("P")
R = TypeVar("R")


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
