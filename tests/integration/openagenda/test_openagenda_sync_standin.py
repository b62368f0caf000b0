"""A sync against the stand-in on the real PostgreSQL: created once, updated as rescheduled/full/cancelled,
refusals recorded while the rest goes on, wrong credentials stop it in one line, 429 is waited out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.openagenda.tasks import synchronise
from shared import events
from shared.db import unit_of_work
from shared.events import VersionPublished
from shared.models.openagenda import OpenAgendaItem, OpenAgendaSync
from shared.models.people import Participant, Registration
from tests.factories.programme import move_session, publish_slots
from tests.integration.openagenda.conftest import point_at


def items(edition_id: int) -> dict[str, OpenAgendaItem]:
    with unit_of_work() as session:
        rows = session.scalars(select(OpenAgendaItem).where(OpenAgendaItem.edition_id == edition_id))
        return {f"{row.kind}:{row.code}": row for row in rows}


def test_first_sync_creates_every_location_and_event_and_a_second_sends_nothing(programme, standin):
    result = synchronise(programme.edition_id)
    assert result.outcome == "done"
    assert standin.state.writes == {"locations.created": 3, "events.created": 4}
    event = standin.state.event_by_ext("cn2023:se-001")
    assert event["timings"] == [{"begin": "2023-10-17T14:00:00+02:00", "end": "2023-10-17T15:30:00+02:00"}]
    assert event["accessibility"] == {"hi": True, "vi": False, "pi": False, "mi": True, "ii": False}
    assert event["registration"] == [{"type": "link", "value": "https://festplan.example/programme/sessions/se-001"}]
    assert event["title"] == {"fr": "Les écrans et les tout-petits"}
    rows = items(programme.edition_id)
    assert {row.state for row in rows.values()} == {"synced"}
    assert rows["event:se-001"].oa_uid == event["uid"]
    assert event["locationUid"] == rows["location:hd"].oa_uid

    again = synchronise(programme.edition_id)
    assert again.outcome == "done"
    assert again.report.unchanged == 7
    assert sum(standin.state.writes.values()) == 7


def test_moved_removed_and_full_sessions_are_updated_never_deleted(programme, standin):
    synchronise(programme.edition_id)
    with unit_of_work() as session:
        move_session(
            session, programme, code="se-001", start=datetime(2023, 10, 20, 14, 0), end=datetime(2023, 10, 20, 15, 30)
        )
        slots = {"se-001": ("hd-cassin", datetime(2023, 10, 20, 14, 0), datetime(2023, 10, 20, 15, 30))}
        slots |= {
            "se-002": ("ambert-salle", datetime(2023, 10, 18, 10, 0), datetime(2023, 10, 18, 12, 0)),
            "se-003": ("riom-audit", datetime(2023, 10, 19, 9, 30), datetime(2023, 10, 19, 11, 0)),
        }
        publish_slots(session, programme, slots)  # se-004 no longer published
        person = Participant(edition_id=programme.edition_id, name="Zoé", email="zoe@example.org")
        session.add(person)
        session.flush()
        session.add(Registration(participant_id=person.id, proposal_id=programme.proposals["se-002"], seats=3))
    result = synchronise(programme.edition_id)
    assert result.outcome == "done"
    assert (result.report.rescheduled, result.report.full, result.report.cancelled) == (1, 1, 1)
    assert standin.state.writes["events.created"] == 4
    assert standin.state.writes["events.updated"] == 3
    assert standin.state.event_by_ext("cn2023:se-001")["status"] == 2
    assert standin.state.event_by_ext("cn2023:se-001")["timings"][0]["begin"] == "2023-10-20T14:00:00+02:00"
    assert standin.state.event_by_ext("cn2023:se-002")["status"] == 5
    assert standin.state.event_by_ext("cn2023:se-004")["status"] == 6
    rows = items(programme.edition_id)
    assert (rows["event:se-004"].state, rows["event:se-004"].oa_status) == ("synced", 6)


def test_a_refused_event_is_recorded_with_the_api_message_and_the_rest_goes_on(programme, standin):
    standin.state.refuse("cn2023:se-003", field_name="title", code="string.toolong", message="max 140")
    result = synchronise(programme.edition_id)
    assert result.outcome == "partial"
    rows = items(programme.edition_id)
    assert rows["event:se-003"].state == "failed"
    assert "title : string.toolong max 140" in rows["event:se-003"].last_error
    assert "HTTP 400" in rows["event:se-003"].last_error
    assert [r.state for k, r in sorted(rows.items()) if k != "event:se-003"] == ["synced"] * 6
    standin.state.refusals.clear()
    assert synchronise(programme.edition_id).outcome == "done"
    assert items(programme.edition_id)["event:se-003"].state == "synced"


def test_wrong_credentials_stop_the_sync_with_one_line(programme, standin, monkeypatch):
    point_at(monkeypatch, standin, secret="not-the-secret")
    result = synchronise(programme.edition_id)
    assert result.outcome == "stopped"
    assert "\n" not in result.message
    assert "OpenAgenda refuse les identifiants" in result.message
    assert "HTTP 401" in result.message
    assert sum(standin.state.writes.values()) == 0
    with unit_of_work() as session:
        row = session.get(OpenAgendaSync, programme.edition_id)
        assert (row.outcome, row.message) == ("stopped", result.message)


def test_429_is_waited_out_as_retry_after_says_and_nothing_is_created_twice(programme, standin):
    standin.state.fail_next(429, count=1, retry_after=2)
    standin.state.fail_next(503, count=1)
    waits: list[float] = []
    result = synchronise(programme.edition_id, sleep=waits.append)
    assert result.outcome == "done"
    assert waits == [2.0, 10.0]  # Retry-After, then the second pass's back-off
    assert standin.state.writes == {"locations.created": 3, "events.created": 4}


def test_nothing_is_sent_unless_configured(programme, standin, monkeypatch):
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_SECRET_KEY", "")
    from shared.settings import reset_settings

    reset_settings()
    assert synchronise(programme.edition_id).outcome == "skipped"
    with unit_of_work() as session:
        publish_slots(session, programme, {})
    assert standin.state.writes == {}


def test_a_publication_enqueues_the_sync_after_its_commit(programme, standin):
    with unit_of_work() as session:
        slots = {"se-002": ("ambert-salle", datetime(2023, 10, 18, 10, 0), datetime(2023, 10, 18, 12, 0))}
        version_id = publish_slots(session, programme, slots)
        events.record(session, VersionPublished(version_id=version_id))  # as the scheduler's publish() does
        assert standin.state.writes == {}  # nothing leaves before the commit
    assert standin.state.writes == {"locations.created": 3, "events.created": 1}
