"""Publishing on the real PostgreSQL: numbered versions, the outbox rows each one owes, holds, pins, refusals.

The runs' results are stored through the task's own ``mark_running`` / ``store_result`` steps with
hand-made valid schedules, so these tests pin down publication independently of the solver.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from services.scheduler.errors import Conflict, NotFound
from services.scheduler.runs import repository as runs_store
from services.scheduler.runs import service
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.people import Partner
from shared.models.scheduling import OptimisationRun, Pin
from shared.scenario.model import Partner as ScenarioPartner
from shared.scenario.store import load_scenario_from_db, save_scenario
from tests.factories.scenarios import base_scenario, place, schedule, session, speaker

BEFORE_EVENT = datetime(2023, 10, 1, 12, 0, tzinfo=UTC)


def world():
    scenario = base_scenario(
        sessions=[
            session("se-1", partner="pa-1", speakers=["sp-a"], expected_attendance=30),
            session("se-2", partner="pa-1", speakers=["sp-b"], expected_attendance=30),
            session("se-3", partner="pa-2", speakers=["sp-c"], expected_attendance=30),
        ],
        speakers=[speaker(c, f"Intervenant {c}", email=f"{c}@example.org") for c in ("sp-a", "sp-b", "sp-c")],
    )
    scenario.partners = [
        ScenarioPartner(id=c, name=f"Partenaire {c}", email=f"{c}@example.org") for c in ("pa-1", "pa-2")
    ]
    return scenario


@pytest.fixture
def edition(pg_env):
    with unit_of_work() as s:
        save_scenario(s, world())
    return "cn2023"


def finished_run(*placements: tuple[str, str, str]) -> int:
    """A run whose result is the given placements, stored by the task's own steps."""
    with unit_of_work() as s:
        edition_id = service.resolve_edition(s, "cn2023").id
        row = OptimisationRun(
            edition_id=edition_id, status="queued", parameters={"time_limit": 5, "workers": 1}, progress={}
        )
        s.add(row)
        s.flush()
        run_id = row.id
    prepared = runs_store.mark_running(run_id)
    assert prepared is not None
    scenario, _ = prepared
    placed = {code for code, _, _ in placements}
    result = schedule(
        *(place(scenario, code, room, start) for code, room, start in placements),
        unplaced=tuple(s.id for s in scenario.sessions if s.id not in placed),
    )
    runs_store.store_result(run_id, scenario=scenario, result=result, seconds=0.1)
    return run_id


def rows(kind: str | None = None) -> list[Notification]:
    with unit_of_work() as s:
        query = select(Notification).order_by(Notification.id)
        if kind:
            query = query.where(Notification.kind == kind)
        return list(s.scalars(query))


FIRST = (
    ("se-1", "hd-cassin", "2023-10-17T10:00"),
    ("se-2", "hd-cassin", "2023-10-17T14:00"),
    ("se-3", "riom-audito", "2023-10-18T10:00"),
)


def publish(run_id: int, **options) -> int:
    with unit_of_work() as s:
        return service.publish(s, run_id=run_id, now=BEFORE_EVENT, **options).number


def test_first_publication_tells_everyone_and_plans_logistics(edition) -> None:
    run_id = finished_run(*FIRST)

    assert publish(run_id, message="Programme 2023") == 1

    assignments = rows("speaker.assignment")
    assert sorted(r.recipient_email for r in assignments) == [f"{c}@example.org" for c in ("sp-a", "sp-b", "sp-c")]
    slots = {r.recipient_email: r.payload for r in rows("partner.slots")}
    assert [x["code"] for x in slots["pa-1@example.org"]["sessions"]] == ["se-1", "se-2"]
    assert slots["pa-1@example.org"]["message"] == "Programme 2023"
    logistics = rows("partner.logistics")
    assert len(logistics) == 3
    # 7 days before 17 Oct at 09:00 Paris (UTC+2) = 10 Oct 07:00 UTC.
    se1 = next(r for r in logistics if r.payload["session"]["code"] == "se-1")
    assert se1.send_after == datetime(2023, 10, 10, 7, 0, tzinfo=UTC)
    # Eager Celery and the file backend: the commit let every due row leave at once.
    assert {r.status for r in rows()} == {"sent"}


def test_republishing_an_identical_schedule_sends_nothing(edition) -> None:
    publish(finished_run(*FIRST))
    before = len(rows())

    assert publish(finished_run(*FIRST)) == 2

    assert len(rows()) == before


def test_a_later_publication_tells_only_the_people_affected_with_old_and_new(edition) -> None:
    first = finished_run(*FIRST)
    publish(first, hold_mail=True)  # held: the old reminders are still there to be called off
    moved = (FIRST[0], ("se-2", "hd-vercingetorix", "2023-10-19T14:00"), FIRST[2])

    publish(finished_run(*moved), hold_mail=True)

    changes = rows("speaker.schedule_change")
    assert [r.recipient_email for r in changes] == ["sp-b@example.org"]
    change = changes[0].payload["changes"][0]
    assert (change["old"]["start"], change["new"]["start"]) == ("2023-10-17T14:00", "2023-10-19T14:00")
    assert change["what"] == ["date", "room"]
    assert changes[0].status == "held"
    assert [r.payload["version_number"] for r in changes] == [2]
    partner_rows = [r for r in rows("partner.slots") if r.payload["version_number"] == 2]
    assert [r.recipient_email for r in partner_rows] == ["pa-1@example.org"]
    logistics = {
        r.payload["session"]["start"]: r.status
        for r in rows("partner.logistics")
        if r.payload["session"]["code"] == "se-2"
    }
    assert logistics == {"2023-10-17T14:00": "cancelled", "2023-10-19T14:00": "held"}


def test_versions_are_numbered_and_a_run_is_published_once(edition) -> None:
    run_id = finished_run(*FIRST)
    publish(run_id)

    with pytest.raises(Conflict, match="déjà la version publiée n° 1"):
        publish(run_id)
    with unit_of_work() as s:
        assert [v.number for v in service.list_versions(s, edition_code=edition)] == [1]
        assert s.scalar(select(func.count(Notification.id))) == len(rows())


def test_a_failed_or_unknown_run_cannot_be_published(edition) -> None:
    with pytest.raises(NotFound):
        publish(999)
    with unit_of_work() as s:
        row = OptimisationRun(edition_id=service.resolve_edition(s, None).id, status="failed", error="boom")
        s.add(row)
        s.flush()
        failed = row.id
    with pytest.raises(Conflict, match="ne peut pas être publiée"):
        publish(failed)


def test_diff_lists_changes_people_and_warnings(edition) -> None:
    publish(finished_run(*FIRST))
    second = finished_run(FIRST[0], ("se-2", "hd-cassin", "2023-10-17T15:00"))

    with unit_of_work() as s:
        diff = service.diff(s, second)

    assert [c.session for c in diff.moved] == ["se-2"]
    assert [c.session for c in diff.removed] == ["se-3"]
    assert diff.affected_speakers == {"sp-b": ["se-2"], "sp-c": ["se-3"]}
    assert [(w.kind.value, w.subject) for w in diff.warnings] == [("unplaced", "se-3")]


def test_pins_reach_the_scenario_the_next_run_solves(edition) -> None:
    publish(finished_run(*FIRST))
    with unit_of_work() as s:
        service.pin(s, session_code="se-1")  # where it is published: room, date and time
        service.pin(s, session_code="se-3", room="riom-audito")
    with unit_of_work() as s:
        assert s.scalar(select(func.count(Pin.id))) == 2
        scenario = load_scenario_from_db(s, edition, include_previous=True, pins_as_fixed=True)
        fixed = {x.id: x.fixed for x in scenario.sessions}
        assert (fixed["se-1"].room, fixed["se-1"].start) == ("hd-cassin", datetime(2023, 10, 17, 10, 0))
        assert [p.session for p in scenario.previous] == ["se-1", "se-2", "se-3"]
    with unit_of_work() as s:
        assert service.unpin(s, session_code="se-1") is True
        assert service.unpin(s, session_code="se-1") is False
        with pytest.raises(NotFound):
            service.pin(s, session_code="se-3", room="nowhere")


def test_a_partner_without_email_is_skipped_not_an_error(edition) -> None:
    with unit_of_work() as s:
        s.execute(Partner.__table__.update().where(Partner.code == "pa-2").values(email=None))
    publish(finished_run(*FIRST))
    assert sorted(r.recipient_email for r in rows("partner.slots")) == ["pa-1@example.org"]
