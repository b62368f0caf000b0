"""Which participants hear of a new version: those registered to a session that moved or was withdrawn."""

from __future__ import annotations

from datetime import datetime

from services.scheduler.domain.announce import Enrolment, plan_participant_notices
from services.scheduler.domain.diff import ChangeKind, SessionFacts, Slot, diff_run


def slot(room: str, start: str, end: str, venue: str = "hd") -> Slot:
    return Slot(room=room, venue=venue, start=datetime.fromisoformat(start), end=datetime.fromisoformat(end))


SESSIONS = {code: SessionFacts(code=code, title=code) for code in ("se-1", "se-2", "se-3", "se-4")}
A = slot("r1", "2023-10-18T10:00", "2023-10-18T11:00")
B = slot("r1", "2023-10-18T14:00", "2023-10-18T15:00")
C = slot("r2", "2023-10-19T10:00", "2023-10-19T11:00", venue="riom")
D = slot("r1", "2023-10-20T10:00", "2023-10-20T11:00")
PUBLISHED = {"se-1": A, "se-2": B, "se-3": C}
#: se-1 unchanged, se-2 moved to D, se-3 withdrawn, se-4 new.
PROPOSED = {"se-1": A, "se-2": D, "se-4": C}


def notices(enrolments, published=PUBLISHED, proposed=PROPOSED):
    diff = diff_run(published=published, proposed=proposed, unplaced={}, sessions=SESSIONS, rooms={}, speaker_limits={})
    return plan_participant_notices(diff=diff, enrolments=enrolments)


def test_a_participant_hears_once_of_all_their_moved_and_withdrawn_sessions_in_programme_order() -> None:
    result = notices(
        [
            Enrolment(participant=7, session="se-3", status="confirmed"),
            Enrolment(participant=7, session="se-1", status="confirmed"),
            Enrolment(participant=7, session="se-2", status="confirmed"),
        ]
    )

    assert len(result) == 1
    notice = result[0]
    assert notice.participant == 7
    assert [(c.session, c.kind) for c in notice.changes] == [("se-3", ChangeKind.removed), ("se-2", ChangeKind.moved)]
    assert (notice.changes[1].old, notice.changes[1].new) == (B, D)
    assert notice.statuses == ("confirmed", "confirmed")


def test_unchanged_and_new_sessions_tell_nobody() -> None:
    assert notices([Enrolment(1, "se-1", "confirmed"), Enrolment(2, "se-4", "confirmed")]) == []


def test_cancelled_registrations_hear_nothing() -> None:
    assert notices([Enrolment(1, "se-2", "cancelled"), Enrolment(1, "se-3", "cancelled")]) == []


def test_a_waiting_list_hears_of_a_withdrawal_not_of_a_move() -> None:
    result = notices([Enrolment(5, "se-2", "waitlisted"), Enrolment(5, "se-3", "waitlisted")])

    assert [(n.participant, [c.session for c in n.changes], n.statuses) for n in result] == [
        (5, ["se-3"], ("waitlisted",))
    ]


def test_one_notice_per_participant_sorted_by_participant() -> None:
    result = notices([Enrolment(9, "se-2", "confirmed"), Enrolment(3, "se-2", "confirmed")])

    assert [n.participant for n in result] == [3, 9]


def test_a_first_publication_or_a_republication_tells_no_participant() -> None:
    assert notices([Enrolment(1, "se-1", "confirmed")], published=None, proposed=PUBLISHED) == []
    assert notices([Enrolment(1, "se-2", "confirmed")], published=PUBLISHED, proposed=PUBLISHED) == []


def test_a_change_of_venue_alone_counts_as_a_move() -> None:
    elsewhere = Slot(room="r9", venue="riom", start=B.start, end=B.end)

    result = notices([Enrolment(1, "se-2", "confirmed")], proposed={**PUBLISHED, "se-2": elsewhere})

    assert [c.kind for c in result[0].changes] == [ChangeKind.moved]
