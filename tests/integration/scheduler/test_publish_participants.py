"""Publishing tells the participants registered to a session that moved or was withdrawn (real PostgreSQL).

One ``participant.session_changed`` row per participant and version, written in the publication's own
transaction; registrations are kept as they are; cancelled registrations and unchanged sessions hear nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.scheduler.errors import Conflict
from services.scheduler.runs import service
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.people import Participant, Registration
from shared.models.proposal import SessionProposal
from tests.integration.scheduler.test_publish_versions import BEFORE_EVENT, FIRST, finished_run, publish, rows
from tests.integration.scheduler.test_publish_versions import edition as edition

KIND = "participant.session_changed"
#: se-1 unchanged, se-2 moved to another day and room, se-3 withdrawn (no longer placed).
SECOND = (FIRST[0], ("se-2", "hd-vercingetorix", "2023-10-19T14:00"))
#: name → (locale, {session: registration status}).
PEOPLE = {
    "ana": ("fr", {"se-1": "confirmed", "se-2": "confirmed", "se-3": "confirmed"}),
    "ben": ("en", {"se-2": "confirmed"}),
    "chloe": ("fr", {"se-1": "confirmed"}),
    "dan": ("fr", {"se-2": "cancelled", "se-3": "cancelled"}),
    "eve": ("fr", {"se-2": "waitlisted", "se-3": "waitlisted"}),
}


@pytest.fixture
def registered(edition):
    with unit_of_work() as s:
        edition_id = service.resolve_edition(s, edition).id
        ids = dict(s.execute(select(SessionProposal.code, SessionProposal.id)).all())
        for name, (locale, sessions) in PEOPLE.items():
            person = Participant(edition_id=edition_id, name=name.title(), email=f"{name}@example.org", locale=locale)
            s.add(person)
            s.flush()
            for code, status in sessions.items():
                s.add(Registration(participant_id=person.id, proposal_id=ids[code], status=status))
    return edition


def statuses() -> dict[tuple[str, str], str]:
    with unit_of_work() as s:
        query = (
            select(Participant.name, SessionProposal.code, Registration.status)
            .join(Participant, Participant.id == Registration.participant_id)
            .join(SessionProposal, SessionProposal.id == Registration.proposal_id)
        )
        return {(name, code): status for name, code, status in s.execute(query)}


def test_the_registered_participants_of_moved_and_withdrawn_sessions_get_one_email_each(registered) -> None:
    publish(finished_run(*FIRST))
    assert rows(KIND) == []  # a first publication moves nothing anybody registered to
    before = statuses()

    publish(finished_run(*SECOND), hold_mail=True)

    told = {r.recipient_email: r for r in rows(KIND)}
    assert sorted(told) == ["ana@example.org", "ben@example.org", "eve@example.org"]
    ana = told["ana@example.org"].payload
    assert [(c["code"], c["kind"], c["registration_status"]) for c in ana["changes"]] == [
        ("se-3", "removed", "confirmed"),  # programme order: was on the 18th
        ("se-2", "moved", "confirmed"),  # now on the 19th
    ]
    removed, moved = ana["changes"]
    assert (moved["old"]["start"], moved["new"]["start"]) == ("2023-10-17T14:00", "2023-10-19T14:00")
    assert removed["new"] is None
    assert removed["old"]["room"] == "riom-audito"
    assert (ana["version_number"], ana["sequence"]) == (2, 2)
    assert told["ben@example.org"].locale == "en"
    assert [c["code"] for c in told["eve@example.org"].payload["changes"]] == ["se-3"]  # waitlist: withdrawal only
    row = told["ana@example.org"]
    assert (row.status, row.idempotency_key) == (
        "held",
        f"{KIND}:v{row.schedule_version_id}:participant:{ana['participant_id']}",
    )
    assert statuses() == before  # the registrations are kept, seats neither freed nor moved


def test_nothing_is_in_the_outbox_before_the_publication_commits(registered) -> None:
    publish(finished_run(*FIRST))
    second = finished_run(*SECOND)

    with unit_of_work() as s:
        service.publish(s, run_id=second, now=BEFORE_EVENT)
        with unit_of_work() as other:  # another connection sees the committed state only
            assert other.scalar(select(func.count()).where(Notification.kind == KIND)) == 0
        assert s.scalar(select(func.count()).where(Notification.kind == KIND)) == 3

    assert len(rows(KIND)) == 3


def test_publishing_again_is_never_a_second_email(registered) -> None:
    publish(finished_run(*FIRST))
    second = finished_run(*SECOND)
    publish(second)

    with pytest.raises(Conflict):
        publish(second)  # the same run twice: refused, nothing written
    publish(finished_run(*SECOND))  # the same programme as a new version: nothing moved since

    assert len(rows(KIND)) == 3
    assert {r.status for r in rows(KIND)} == {"sent"}  # rendered and sent after the commit (eager Celery, file backend)


def test_a_failed_publication_leaves_no_email(registered) -> None:
    publish(finished_run(*FIRST))
    second = finished_run(*SECOND)

    def publish_then_fail() -> None:
        with unit_of_work() as s:
            service.publish(s, run_id=second, now=BEFORE_EVENT)
            raise RuntimeError("the lead's transaction fails after publishing")

    with pytest.raises(RuntimeError):
        publish_then_fail()

    assert rows(KIND) == []
