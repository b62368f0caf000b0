"""The seam through which the optimiser gets the variable-cost table of an edition without importing the budget.

The budget service provides the table (travel per session and venue, equipment per session, hire per opened
day); the composition root (``services.web``, ``services.cli``) installs that provider at start-up with
:func:`provide`. When nothing is installed — a scheduler used alone — runs simply have no variable cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

Provider = Callable[..., dict[str, Any] | None]
_providers: list[Provider] = []


def provide(provider: Provider) -> None:
    """Install the function ``provider(session, *, edition_id) -> table | None`` (the last one installed wins)."""
    if provider in _providers:
        _providers.remove(provider)
    _providers.append(provider)


def table_for(session: Session, *, edition_id: int) -> dict[str, Any] | None:
    """The edition's cost table, or ``None`` when no provider is installed or the edition has no budget."""
    if not _providers:
        return None
    return _providers[-1](session, edition_id=edition_id)
