"""The round-trip law on SQLite and PostgreSQL: ``dump(load(save(parse(x)))) == x`` for every document, previous
included."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from scenario_store_examples import full_scenario, minimal_scenario, with_previous
from sqlalchemy import func, select

from shared.db import unit_of_work
from shared.models import (
    Assignment,
    OptimisationRun,
    ProposalStatus,
    Room,
    ScheduleVersion,
    SessionProposal,
    SpeakerAvailability,
)
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario
from shared.scenario.parse import parse_scenario
from shared.scenario.store import IMPORT_MESSAGE, load_scenario_from_db, save_scenario


def round_trip(doc: dict[str, Any], **load_options: Any) -> dict[str, Any]:
    with unit_of_work() as session:
        save_scenario(session, parse_scenario(doc))
    with unit_of_work() as session:
        return dump_scenario(load_scenario_from_db(session, doc["edition"]["id"], **load_options))


@pytest.mark.usefixtures("db_env")
@pytest.mark.parametrize(
    "doc",
    [full_scenario(), minimal_scenario(), with_previous(minimal_scenario(), 1)],
    ids=["full", "minimal", "minimal-with-previous"],
)
def test_documents_round_trip_exactly(doc: dict[str, Any]) -> None:
    assert dump_scenario(parse_scenario(doc)) == doc  # the law is about documents the format itself round-trips
    assert round_trip(doc) == doc


@pytest.mark.usefixtures("db_env")
def test_empty_previous_stays_an_empty_published_version() -> None:
    doc = minimal_scenario()
    doc["previous"] = []
    assert round_trip(doc) == doc
    with unit_of_work() as session:
        version = session.scalars(select(ScheduleVersion)).one()
        run = session.get(OptimisationRun, version.run_id)
        assert run is not None
        assert (version.number, version.message, run.status, run.triggered_by) == (
            1,
            IMPORT_MESSAGE,
            "succeeded",
            "import",
        )


@pytest.mark.usefixtures("db_env")
def test_absent_previous_publishes_nothing() -> None:
    assert "previous" not in round_trip(minimal_scenario())
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(ScheduleVersion)) == 0
        assert session.scalar(select(func.count()).select_from(OptimisationRun)) == 0


@pytest.mark.usefixtures("db_env")
def test_previous_can_be_left_out_on_load() -> None:
    doc = full_scenario()
    out = round_trip(doc, include_previous=False)
    assert "previous" not in out
    del doc["previous"]
    assert out == doc


@pytest.mark.usefixtures("db_env")
def test_speaker_availability_keeps_absent_apart_from_empty() -> None:
    round_trip(full_scenario())
    with unit_of_work() as session:
        scenario = load_scenario_from_db(session, "cn2023")
        by_id = {s.id: s for s in scenario.speakers}
        assert len(by_id["sp-001"].availability or []) == 2
        assert by_id["sp-002"].availability == []
        assert by_id["sp-003"].availability is None
        assert session.scalar(select(func.count()).select_from(SpeakerAvailability)) == 2


@pytest.mark.usefixtures("db_env")
def test_only_accepted_proposals_are_sessions_and_previous_follows_them() -> None:
    round_trip(full_scenario())
    with unit_of_work() as session:
        withdrawn = session.scalars(select(SessionProposal).where(SessionProposal.code == "se-004")).one()
        withdrawn.status = ProposalStatus.withdrawn.value
    with unit_of_work() as session:
        scenario = load_scenario_from_db(session, "cn2023")
    assert [s.id for s in scenario.sessions] == ["se-001", "se-002", "se-003"]
    assert [p.session for p in scenario.previous or []] == ["se-001"]


@pytest.mark.usefixtures("db_env")
def test_previous_is_the_latest_published_version() -> None:
    round_trip(full_scenario())
    with unit_of_work() as session:
        edition_id = session.scalar(select(SessionProposal.edition_id).limit(1))
        proposal = session.scalars(select(SessionProposal).where(SessionProposal.code == "se-002")).one()
        room = session.scalars(select(Room).where(Room.code == "riom-auditorium")).one()
        run = OptimisationRun(edition_id=edition_id, status="succeeded", parameters={}, progress={})
        session.add(run)
        session.flush()
        begin = datetime.combine(parse_scenario(full_scenario()).edition.start_date, time(10))
        session.add(Assignment(run_id=run.id, proposal_id=proposal.id, room_id=room.id, start=begin, end=begin))
        session.add(ScheduleVersion(edition_id=edition_id, number=2, run_id=run.id, message="v2"))
    with unit_of_work() as session:
        previous = load_scenario_from_db(session).previous
    assert [(p.session, p.room, p.start.isoformat()) for p in previous or []] == [
        ("se-002", "riom-auditorium", "2023-10-16T10:00:00")
    ]


@pytest.mark.usefixtures("db_env")
@pytest.mark.parametrize(("sessions", "seed"), [(120, 2023), (40, 7)])
def test_generated_scenarios_with_previous_round_trip(sessions: int, seed: int) -> None:
    doc = dump_scenario(generate_scenario(sessions=sessions, seed=seed, with_previous=True))
    assert doc.get("previous")
    assert dump_scenario(parse_scenario(doc)) == doc
    assert round_trip(doc) == doc


@pytest.mark.usefixtures("db_env")
def test_generated_scenario_without_previous_round_trips() -> None:
    doc = dump_scenario(generate_scenario(sessions=60, seed=11))
    assert "previous" not in doc
    assert round_trip(doc) == doc
