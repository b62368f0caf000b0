"""``festplan edition new --from CODE`` on the real PostgreSQL, with the school calendar read offline."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from services.cli import _register_services, app
from services.editions.school_calendar import CalendarUnknown, public_holidays, toussaint_days
from services.editions.service import EditionError, new_edition_from
from services.network import repository
from services.network import service as network
from services.network.seeding import add_partners_of
from shared.db import unit_of_work
from shared.models.edition import Edition, Room, TravelTime, Venue
from shared.models.people import Partner, Speaker
from tests.factories.programme import build_programme

runner = CliRunner()
_register_services()


def test_the_school_calendar_is_read_offline(monkeypatch):
    def no_network(*_args, **_kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert (toussaint_days(2024)[0], toussaint_days(2024)[-1]) == (date(2024, 10, 19), date(2024, 11, 3))
    assert public_holidays(2024)[date(2024, 11, 1)] == "Toussaint"
    with pytest.raises(CalendarUnknown, match="vacances-scolaires-france"):
        toussaint_days(2100)


@pytest.fixture
def source(pg_env):
    with unit_of_work() as session:
        made = build_programme(session)
        session.add(TravelTime(edition_id=made.edition_id, from_venue_id=1, to_venue_id=2, minutes=25))
        for partner in session.scalars(select(Partner)):
            partner.email = f"{partner.code}@example.org"
        add_partners_of(session, edition_code="cn2023")
        org = repository.organisation_by_code(session, "pa-001")
        person = org.contacts[0]
        network.record_consent(session, organisation=org, contact=person, purpose="news", granted=True, source="t")
    return made


def test_new_edition_carries_places_and_people_with_their_consent(source):
    with unit_of_work() as session:
        report = new_edition_from(session, source_code="cn2023")
    assert (report.code, report.start, report.end) == ("cn2024", date(2024, 10, 14), date(2024, 10, 25))
    assert (report.venues, report.rooms, report.partners, report.speakers) == (3, 4, 2, 2)
    assert (report.with_contacts, report.without_contacts) == (1, 3)
    with unit_of_work() as session:
        new = session.scalar(select(Edition).where(Edition.code == "cn2024"))
        assert new.school_holidays == [{"start": "2024-10-19", "end": "2024-11-03"}]
        assert session.scalar(select(func.count(Venue.id)).where(Venue.edition_id == new.id)) == 3
        assert session.scalar(select(func.count(Room.id)).where(Room.edition_id == new.id)) == 4
        assert session.scalar(select(func.count()).select_from(TravelTime).where(TravelTime.edition_id == new.id)) == 1
        partners = {p.code: p for p in session.scalars(select(Partner).where(Partner.edition_id == new.id))}
        assert partners["pa-001"].email == "pa-001@example.org"  # consented to hear from the network
        assert partners["pa-002"].email is None
        speakers = list(session.scalars(select(Speaker).where(Speaker.edition_id == new.id)))
        assert {s.email for s in speakers} == {None}
        assert not any(s.availability_given for s in speakers)
    with unit_of_work() as session, pytest.raises(EditionError, match="existe déjà"):
        new_edition_from(session, source_code="cn2023")


def test_cli_prints_dates_and_refuses_an_unknown_source(source):
    result = runner.invoke(app, ["edition", "new", "--from", "cn2023", "--year", "2026", "--code", "cn26"])
    assert result.exit_code == 0, result.output
    assert "édition cn26 « Culture et numérique 2026 »" in result.output
    assert "2026-10-17 → 2026-11-01" in result.output
    bad = runner.invoke(app, ["edition", "new", "--from", "nope"])
    assert bad.exit_code == 1
    assert "aucune édition « nope » à reprendre" in bad.stderr
