"""Saving over an existing edition on SQLite and PostgreSQL: replaced whole (cascades, published versions),
refused on request, atomic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scenario_store_examples import full_scenario, minimal_scenario
from sqlalchemy import func, select

import shared.models  # noqa: F401  (every table registered)
from shared.db import Base, unit_of_work
from shared.models import (
    Edition,
    Notification,
    Participant,
    Registration,
    ScheduleVersion,
    SessionProposal,
    Venue,
)
from shared.scenario import model as sc
from shared.scenario.parse import parse_scenario
from shared.scenario.store import ScenarioStoreError, load_scenario_from_db, save_scenario


def row_counts() -> dict[str, int]:
    with unit_of_work() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def save(doc: dict, *, replace: bool = True) -> None:
    with unit_of_work() as session:
        save_scenario(session, parse_scenario(doc), replace=replace)


def add_registration_and_mail(edition_code: str) -> None:
    """Rows other services hang on an edition: a participant's registration and a notification of a version."""
    with unit_of_work() as session:
        edition = session.scalars(select(Edition).where(Edition.code == edition_code)).one()
        proposal = session.scalars(select(SessionProposal).where(SessionProposal.edition_id == edition.id)).first()
        version = session.scalars(select(ScheduleVersion).where(ScheduleVersion.edition_id == edition.id)).one()
        person = Participant(edition_id=edition.id, name="Léa Martin", email="lea.martin@example.org")
        session.add(person)
        session.flush()
        assert proposal is not None
        session.add(Registration(participant_id=person.id, proposal_id=proposal.id))
        session.add(
            Notification(
                edition_id=edition.id,
                idempotency_key=f"test:{edition_code}",
                kind="speaker.assignment",
                recipient_email="x@example.org",
                schedule_version_id=version.id,
                send_after=datetime(2023, 10, 1, tzinfo=UTC),
            )
        )


@pytest.mark.usefixtures("db_env")
def test_saving_twice_replaces_the_edition_and_everything_hanging_on_it() -> None:
    save(full_scenario())
    add_registration_and_mail("cn2023")
    first = row_counts()
    changed = full_scenario()
    changed["sessions"] = changed["sessions"][:2]
    changed["previous"] = [p for p in changed["previous"] if p["session"] in {"se-001", "se-002"}]
    save(changed)
    after = row_counts()
    assert after["editions"] == 1
    assert after["session_proposals"] == 2
    assert after["schedule_versions"] == 1
    assert after["optimisation_runs"] == 1
    assert after["assignments"] == 1
    assert after["participants"] == 0
    assert after["registrations"] == 0
    assert after["notifications"] == 0
    assert first["session_proposals"] == 4
    with unit_of_work() as session:
        assert [s.id for s in load_scenario_from_db(session).sessions] == ["se-001", "se-002"]


@pytest.mark.usefixtures("db_env")
def test_replacing_leaves_other_editions_alone() -> None:
    save(full_scenario())
    save(minimal_scenario())
    save(minimal_scenario())
    with unit_of_work() as session:
        assert sorted(session.scalars(select(Edition.code))) == ["cn2023", "mini"]
        assert len(load_scenario_from_db(session, "cn2023").sessions) == 4


@pytest.mark.usefixtures("db_env")
def test_replace_false_refuses_an_existing_code_and_writes_nothing() -> None:
    save(full_scenario())
    before = row_counts()
    with pytest.raises(ScenarioStoreError, match="cn2023"):
        save(full_scenario(), replace=False)
    assert row_counts() == before


@pytest.mark.usefixtures("db_env")
def test_a_dangling_reference_rolls_the_whole_save_back() -> None:
    save(full_scenario())
    before = row_counts()
    scenario = parse_scenario(full_scenario())
    scenario.sessions.append(sc.Session(id="se-999", title="Orpheline", duration_minutes=60, partner="pa-404"))
    with pytest.raises(ScenarioStoreError, match="pa-404"), unit_of_work() as session:
        save_scenario(session, scenario)
    assert row_counts() == before
    with unit_of_work() as session:
        assert len(load_scenario_from_db(session).sessions) == 4


@pytest.mark.usefixtures("db_env")
def test_document_order_is_kept_in_positions() -> None:
    doc = full_scenario()
    doc["venues"].reverse()
    doc["sessions"].reverse()
    save(doc)
    with unit_of_work() as session:
        codes = list(session.scalars(select(Venue.code).order_by(Venue.position)))
        scenario = load_scenario_from_db(session)
    assert codes == ["lezoux-musee", "riom-mediatheque", "hd"]
    assert [s.id for s in scenario.sessions] == ["se-004", "se-003", "se-002", "se-001"]


@pytest.mark.usefixtures("db_env")
def test_unknown_edition_is_a_clear_error() -> None:
    with pytest.raises(ScenarioStoreError, match="aucune édition"), unit_of_work() as session:
        load_scenario_from_db(session)
    save(minimal_scenario())
    with pytest.raises(ScenarioStoreError, match="« nope »"), unit_of_work() as session:
        load_scenario_from_db(session, "nope")
