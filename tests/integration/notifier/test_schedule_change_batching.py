"""Several changes to one person within the window make one email; an unchanged republish sends nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.notifier import service
from services.notifier.changes import notify_schedule_change
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow


def _slot(day: int, room: str = "A") -> dict:
    return {
        "start": f"2023-10-{day}T10:00:00",
        "end": f"2023-10-{day}T11:00:00",
        "room_name": room,
        "venue_name": "Médiathèque",
        "venue_address": "1 rue X, Clermont-Ferrand",
    }


def _notify(changes, *, version: int, now):
    with unit_of_work() as session:
        row = notify_schedule_change(
            session,
            recipient_email="ana@example.org",
            recipient_name="Ana",
            locale="fr",
            changes=changes,
            schedule_version_id=None,
            version_number=version,
            now=now,
        )
        return row.id if row is not None else None


def test_changes_within_the_window_merge_into_one_email(festplan_env):
    start = utcnow()
    first = _notify([{"code": "S1", "title": "Atelier", "old": _slot(18), "new": _slot(19)}], version=2, now=start)
    second = _notify(
        [
            {"code": "S2", "title": "Table ronde", "old": _slot(20), "new": None},
            {"code": "S1", "title": "Atelier", "old": _slot(19), "new": _slot(21)},
        ],
        version=3,
        now=start + timedelta(minutes=5),
    )
    assert first == second
    assert list(festplan_env.outbox_dir.glob("*.eml")) == []  # still inside the window
    sent: list[int] = []
    service.relay(enqueue=sent.append, now=start + timedelta(minutes=16))
    assert sent == [first]
    assert service.deliver(first).status == "sent"
    files = list(festplan_env.outbox_dir.glob("*.eml"))
    assert len(files) == 1
    content = files[0].read_bytes()
    assert b"METHOD:REQUEST" in content
    assert b"METHOD:CANCEL" in content
    assert b"SEQUENCE:3" in content
    # after the window, a new change opens a new email
    third = _notify(
        [{"code": "S3", "title": "Expo", "old": None, "new": _slot(23)}], version=4, now=start + timedelta(minutes=20)
    )
    assert third != first


def test_unchanged_republish_and_round_trip_send_nothing(festplan_env):
    start = utcnow()
    assert (
        _notify([{"code": "S1", "title": "Atelier", "old": _slot(18), "new": _slot(18)}], version=2, now=start) is None
    )
    row = _notify([{"code": "S1", "title": "Atelier", "old": _slot(18), "new": _slot(19)}], version=3, now=start)
    _notify(
        [{"code": "S1", "title": "Atelier", "old": _slot(19), "new": _slot(18)}],
        version=4,
        now=start + timedelta(minutes=1),
    )
    with unit_of_work() as session:
        assert session.get(Notification, row).status == "cancelled"
        assert len(list(session.scalars(select(Notification)))) == 1
