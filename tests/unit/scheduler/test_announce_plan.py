"""Who hears of a publication: everyone the first time, only the people affected afterwards, and when."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduler.domain.announce import logistics_send_after, plan_announcements, plan_logistics
from services.scheduler.domain.diff import SessionFacts, Slot, diff_run


def slot(room: str, start: str, end: str) -> Slot:
    return Slot(room=room, venue="hd", start=datetime.fromisoformat(start), end=datetime.fromisoformat(end))


SESSIONS = {
    "se-1": SessionFacts(code="se-1", title="Un", speakers=("sp-a",), partner="pa-1"),
    "se-2": SessionFacts(code="se-2", title="Deux", speakers=("sp-b",), partner="pa-1"),
    "se-3": SessionFacts(code="se-3", title="Trois", speakers=("sp-c",), partner="pa-2"),
}
A = slot("r1", "2023-10-18T10:00", "2023-10-18T11:00")
B = slot("r1", "2023-10-18T14:00", "2023-10-18T15:00")
C = slot("r1", "2023-11-08T10:00", "2023-11-08T11:00")


def plan(published, proposed):
    diff = diff_run(published=published, proposed=proposed, unplaced={}, sessions=SESSIONS, rooms={}, speaker_limits={})
    return plan_announcements(diff=diff, proposed=proposed, sessions=SESSIONS)


def test_first_publication_tells_every_speaker_and_partner_all_their_slots() -> None:
    result = plan(None, {"se-1": A, "se-2": B, "se-3": C})

    assert [(a.kind, a.recipient, a.sessions) for a in result] == [
        ("speaker.assignment", "sp-a", ("se-1",)),
        ("speaker.assignment", "sp-b", ("se-2",)),
        ("speaker.assignment", "sp-c", ("se-3",)),
        ("partner.slots", "pa-1", ("se-1", "se-2")),
        ("partner.slots", "pa-2", ("se-3",)),
    ]


def test_later_publications_tell_only_the_people_whose_sessions_changed() -> None:
    result = plan({"se-1": A, "se-2": B, "se-3": C}, {"se-1": A, "se-2": C, "se-3": C})

    assert [(a.kind, a.recipient) for a in result] == [("speaker.schedule_change", "sp-b"), ("partner.slots", "pa-1")]
    change = result[0].changes[0]
    assert (change.session, change.old, change.new) == ("se-2", B, C)
    assert result[1].sessions == ("se-1", "se-2")  # the partner's whole programme comes with the change


def test_republishing_the_same_schedule_plans_nothing() -> None:
    assert plan({"se-1": A, "se-3": C}, {"se-1": A, "se-3": C}) == []


def test_logistics_are_due_at_nine_local_seven_days_before_whatever_the_season() -> None:
    # 18 Oct 2023: Paris is on summer time (UTC+2) on the 11th → 07:00 UTC.
    assert logistics_send_after(start=A.start, timezone="Europe/Paris") == datetime(2023, 10, 11, 7, 0, tzinfo=UTC)
    # 8 Nov 2023 → 1 Nov, after the clocks went back on 29 Oct (UTC+1) → 08:00 UTC.
    assert logistics_send_after(start=C.start, timezone="Europe/Paris") == datetime(2023, 11, 1, 8, 0, tzinfo=UTC)


def test_logistics_skip_started_sessions_and_are_due_now_when_late() -> None:
    now = datetime(2023, 10, 15, 12, 0, tzinfo=UTC)
    proposed = {"se-1": A, "se-3": C, "se-2": slot("r1", "2023-10-15T09:00", "2023-10-15T10:00")}

    reminders = plan_logistics(proposed=proposed, sessions=SESSIONS, timezone="Europe/Paris", now=now)

    assert [(r.session, r.partner, r.send_after) for r in reminders] == [
        ("se-1", "pa-1", now),  # the 11th is past: due at once
        ("se-3", "pa-2", datetime(2023, 11, 1, 8, 0, tzinfo=UTC)),
    ]
