"""How every service's JSON API documents its error answers (OpenAPI ``responses=``), in French then English."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorOut(BaseModel):
    """An error in French then English."""

    detail: str


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
