"""The identity festplan gives its calendar data: one PRODID, and one UID per session for its whole life.

The programme's feeds (scheduler) and the .ics files attached to emails (notifier) must agree on both, so
that a calendar that received a session both ways updates one event instead of showing two.
"""

from __future__ import annotations

PRODID = "-//Conseil départemental du Puy-de-Dôme//festplan//FR"


def session_uid(code: str) -> str:
    """The same UID in every feed, every email and every version of the programme."""
    return f"session-{code}@festplan"
