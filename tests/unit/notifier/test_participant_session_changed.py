"""participant.session_changed: before → after or cancelled, in the participant's language, with .ics files.

The payload is the one publishing writes (:mod:`services.scheduler.publish.service`); the context reads no
database for it (no edition or version named here), so the row goes through the real ``build_context``.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from icalendar import Calendar
from sqlalchemy.orm import Session

from services.notifier.delivery.context import build_context
from services.notifier.domain.examples import EXAMPLE_PAYLOADS
from services.notifier.domain.rendering import render
from shared.models.notification import Notification
from shared.settings import get_settings

KIND = "participant.session_changed"


def _facts(code: str, title: str, start: str, end: str, room: str, venue: str) -> dict[str, Any]:
    return {
        "proposal_id": 1,
        "code": code,
        "title": title,
        "start": start,
        "end": end,
        "room": room.lower(),
        "room_name": room,
        "venue": venue.lower(),
        "venue_name": venue,
        "commune": "Riom",
        "address": "1 place de la Fédération",
    }


MOVED = {
    "code": "S017",
    "kind": "moved",
    "what": ["date", "time", "room"],
    "old": _facts("S017", "Atelier IA", "2023-10-18T14:00", "2023-10-18T15:30", "Auditorium", "Médiathèque"),
    "new": _facts("S017", "Atelier IA", "2023-10-20T10:00", "2023-10-20T11:30", "Grande salle", "Salle des fêtes"),
    "registration_status": "confirmed",
}
REMOVED = {
    "code": "S042",
    "kind": "removed",
    "what": [],
    "old": _facts("S042", "Table ronde", "2023-10-19T17:00", "2023-10-19T18:30", "Salle B", "Médiathèque"),
    "new": None,
    "registration_status": "waitlisted",
}


def _built(locale: str, changes: list[dict[str, Any]]):
    row = Notification(
        kind=KIND,
        recipient_email="zoe@example.org",
        recipient_name="Zoé Martin",
        locale=locale,
        payload={"participant_id": 30, "version_number": 2, "sequence": 2, "changes": changes},
    )
    no_database = cast(Session, None)  # nothing of this kind is read back from the database
    built = build_context(no_database, row, settings=get_settings(), unsubscribe_url=None)
    return built, render(KIND, locale, built.context)


@pytest.mark.parametrize(
    ("locale", "before", "after", "cancelled", "waitlist"),
    [
        ("fr", "Avant", "Désormais", "ANNULÉE", "liste d'attente"),
        ("en", "Before", "Now", "CANCELLED", "waiting list"),
    ],
)
def test_the_email_says_before_after_and_cancelled_in_the_participants_language(
    locale, before, after, cancelled, waitlist
) -> None:
    _, email = _built(locale, [MOVED, REMOVED])

    assert "(2)" in email.subject
    for part in (email.text, email.html):
        for fact in ("Atelier IA", "Table ronde", "Salle des fêtes", "1 place de la Fédération"):
            assert fact in part  # the titles, the new place and its address
    for word in (before, after, cancelled, waitlist):
        assert word in email.text


def test_a_moved_session_comes_as_a_request_a_withdrawn_one_as_a_cancel_same_uid_higher_sequence() -> None:
    built, _ = _built("fr", [MOVED, REMOVED])

    by_method = {a.method: Calendar.from_ical(a.content) for a in built.attachments}
    assert set(by_method) == {"REQUEST", "CANCEL"}
    (moved,) = by_method["REQUEST"].walk("VEVENT")
    assert str(moved["uid"]) == "session-S017@festplan"
    assert int(moved["sequence"]) == 2
    assert moved.decoded("dtstart").day == 20
    (cancelled,) = by_method["CANCEL"].walk("VEVENT")
    assert str(cancelled["uid"]) == "session-S042@festplan"
    assert (str(cancelled["status"]), int(cancelled["sequence"])) == ("CANCELLED", 2)
    assert str(moved["attendee"]) == "mailto:zoe@example.org"


def test_a_single_moved_session_keeps_the_registration_and_sends_only_a_request() -> None:
    built, email = _built("en", [MOVED])

    assert [a.method for a in built.attachments] == ["REQUEST"]
    assert "Your registration is kept" in email.text


def test_the_gallery_example_is_shaped_as_publishing_writes_it() -> None:
    example = EXAMPLE_PAYLOADS[KIND]

    assert {"participant_id", "changes", "version_id"} <= set(example)
    assert {c["registration_status"] for c in example["changes"]} == {"confirmed", "waitlisted"}
