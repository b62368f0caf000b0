"""The edge owns the transaction, and nothing leaves before the commit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shared.db import after_commit, unit_of_work
from shared.models import Edition, Room, Venue


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest):
    """Each rule holds on the embedded SQLite and on the real PostgreSQL."""
    return request.getfixturevalue("festplan_env" if request.param == "sqlite" else "pg_env")


def _edition(code: str = "cn2023") -> Edition:
    return Edition(
        code=code, name="Culture et numérique 2023", start_date=date(2023, 10, 16), end_date=date(2023, 10, 27)
    )


def test_a_block_that_succeeds_commits(db) -> None:
    with unit_of_work() as session:
        session.add(_edition())
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Edition)) == 1


def test_a_block_that_raises_rolls_back_and_drops_its_after_commit_callbacks(db) -> None:
    sent: list[str] = []

    def failing_use_case() -> None:
        with unit_of_work() as session:
            session.add(_edition())
            session.flush()
            after_commit(session, lambda: sent.append("email"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_use_case()
    assert sent == []
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Edition)) == 0


def test_after_commit_callbacks_run_only_once_the_data_is_committed(db) -> None:
    seen: list[int] = []

    def count_editions() -> None:
        with unit_of_work() as other:
            seen.append(other.scalar(select(func.count()).select_from(Edition)))

    with unit_of_work() as session:
        session.add(_edition())
        after_commit(session, count_editions)
        session.flush()
        assert seen == []
    assert seen == [1]


def test_room_codes_are_unique_across_the_whole_edition(db) -> None:
    with pytest.raises(IntegrityError):
        _add_two_rooms_with_one_code()
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Edition)) == 0


def _add_two_rooms_with_one_code() -> None:
    with unit_of_work() as session:
        edition = _edition()
        hd = Venue(code="hd", name="Hôtel du Département")
        riom = Venue(code="riom", name="Médiathèque de Riom")
        edition.venues = [hd, riom]
        session.add(edition)
        session.flush()
        session.add_all(
            [
                Room(edition_id=edition.id, venue_id=hd.id, code="salle-1", name="Salle 1", capacity=50),
                Room(edition_id=edition.id, venue_id=riom.id, code="salle-1", name="Salle 1", capacity=30),
            ]
        )


def test_instants_come_back_aware_in_utc_whatever_zone_they_were_given_in(db) -> None:
    paris_summer = timezone(timedelta(hours=2))
    with unit_of_work() as session:
        edition = _edition()
        edition.created_at = datetime(2023, 10, 16, 9, 30, tzinfo=paris_summer)
        session.add(edition)
    with unit_of_work() as session:
        stored = session.scalars(select(Edition)).one().created_at
    assert stored == datetime(2023, 10, 16, 7, 30, tzinfo=UTC)
    assert stored.tzinfo is UTC


def test_an_after_commit_callback_may_use_the_committed_session_again(db) -> None:
    """In eager mode the relay or the solver runs right after the commit, on the caller's own session too."""
    seen: list[int] = []
    with unit_of_work() as session:
        session.add(_edition())
        after_commit(session, lambda: seen.append(session.scalar(select(func.count()).select_from(Edition))))
    assert seen == [1]
