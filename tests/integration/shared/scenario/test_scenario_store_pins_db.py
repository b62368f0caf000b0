"""The lead's pins stored in the database, read back as format-1 constraints only when asked, on both databases."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from scenario_store_examples import full_scenario
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import Pin, Room, SessionProposal
from shared.scenario.model import Placement, TimeRange
from shared.scenario.parse import parse_scenario
from shared.scenario.store import load_scenario_from_db, save_scenario


def scenario():
    return parse_scenario(full_scenario())


def session_of(s, code):
    return next(x for x in s.sessions if x.id == code)


@pytest.mark.usefixtures("db_env")
def test_pins_in_the_database_are_applied_only_on_request() -> None:
    with unit_of_work() as session:
        save_scenario(session, scenario())
    with unit_of_work() as session:
        proposals = {p.code: p.id for p in session.scalars(select(SessionProposal))}
        rooms = {r.code: r.id for r in session.scalars(select(Room))}
        session.add(
            Pin(
                proposal_id=proposals["se-002"],
                room_id=rooms["riom-auditorium"],
                on_date=date(2023, 10, 19),
                at_time=time(15),
            )
        )
        session.add(Pin(proposal_id=proposals["se-004"], on_date=date(2023, 10, 21)))
    with unit_of_work() as session:
        plain = load_scenario_from_db(session)
        pinned = load_scenario_from_db(session, pins_as_fixed=True)
    assert plain == scenario()
    assert session_of(pinned, "se-002").fixed == Placement(room="riom-auditorium", start=datetime(2023, 10, 19, 15))
    assert session_of(pinned, "se-004").windows == [
        TimeRange(start=datetime(2023, 10, 21), end=datetime(2023, 10, 22)),
    ]
