"""The scenario ⇄ database mapping on the real PostgreSQL: round-trips, replacement, demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from scenario_store_examples import full_scenario, minimal_scenario
from sqlalchemy import func, select

from services.demo.data import add_demo_data
from shared.db import unit_of_work
from shared.models import Participant, Registration, ScheduleVersion, SessionProposal, User
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario
from shared.scenario.parse import parse_scenario
from shared.scenario.store import load_scenario_from_db, save_scenario


def round_trip(doc: dict[str, Any]) -> dict[str, Any]:
    with unit_of_work() as session:
        save_scenario(session, parse_scenario(doc))
    with unit_of_work() as session:
        return dump_scenario(load_scenario_from_db(session, doc["edition"]["id"]))


@pytest.mark.usefixtures("pg_env")
@pytest.mark.parametrize("make", [full_scenario, minimal_scenario], ids=["full", "minimal"])
def test_documents_round_trip_on_postgres(make: Callable[[], dict[str, Any]]) -> None:
    doc = make()
    assert round_trip(doc) == doc


@pytest.mark.usefixtures("pg_env")
def test_generated_scenario_with_previous_round_trips_and_replaces_on_postgres() -> None:
    doc = dump_scenario(generate_scenario(sessions=120, seed=2023, with_previous=True))
    assert round_trip(doc) == doc
    # a second import over the first deletes the published version too (its run is ON DELETE RESTRICT)
    assert round_trip(doc) == doc
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(ScheduleVersion)) == 1
        assert session.scalar(select(func.count()).select_from(SessionProposal)) == len(doc["sessions"])


@pytest.mark.usefixtures("pg_env")
def test_demo_data_loads_on_postgres() -> None:
    with unit_of_work() as session:
        edition = save_scenario(session, generate_scenario(sessions=120, seed=2023))
        report = add_demo_data(session, edition_id=edition.id, seed=2023, participants=300)
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 300
        assert session.scalar(select(func.count()).select_from(Registration)) == sum(report.registrations.values())
        assert session.scalar(select(func.count()).select_from(User)) == 1
        # the scenario still holds the 120 accepted sessions only
        assert len(load_scenario_from_db(session).sessions) == 120
