"""The seam through which other services react to a published schedule version, until ``shared/events.py``
carries a ``VersionPublished(version_id=…)`` event.

The scheduler calls :func:`version_published` in the publishing transaction, right after the version row is
written; listeners (installed by the composition root with :func:`listen`) only flush, so their changes are
committed — or rolled back — with the publication itself.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

Listener = Callable[..., None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Install ``listener(session, *, version_id)``; installing the same function twice keeps one."""
    if listener not in _listeners:
        _listeners.append(listener)


def version_published(session: Session, *, version_id: int) -> None:
    for listener in list(_listeners):
        listener(session, version_id=version_id)
