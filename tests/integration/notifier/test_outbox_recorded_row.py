"""The row ``record`` returns is the row the database holds, though only its id is read back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect as sa_inspect

from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record


@pytest.mark.parametrize("database", ["festplan_env", "pg_env"])
@pytest.mark.parametrize("held", [False, True])
def test_the_returned_row_has_every_column_as_stored_and_is_part_of_the_session(request, database, held):
    request.getfixturevalue(database)
    planned = utcnow() + timedelta(days=7)
    with unit_of_work() as session:
        row = record(
            session,
            kind="partner.logistics",
            recipient_email="  Partenaire@Exemple.fr ",
            recipient_name="Musée « Lezoux »",
            locale="en-GB",
            payload={"proposal_id": 3, "notes": ["accès PMR", "<b>"]},
            idempotency_key=f"recorded-row:{held}",
            send_after=planned,
            category="transactional",
            held=held,
        )
        assert row is not None
        assert sa_inspect(row).persistent  # in this session, as a loaded row would be
        assert session.get(Notification, row.id) is row
        assert not session.dirty  # nothing more to write at the commit
        returned = {column.name: getattr(row, column.name) for column in Notification.__table__.c}
    with unit_of_work() as session:
        stored = session.get_one(Notification, returned["id"])
        assert returned == {column.name: getattr(stored, column.name) for column in Notification.__table__.c}
    assert (returned["status"], returned["locale"], returned["recipient_email"]) == (
        "held" if held else "pending",
        "en",
        "Partenaire@Exemple.fr",
    )


def test_a_known_key_returns_nothing_and_leaves_the_first_row(festplan_env):
    values = {
        "kind": "lead.signin_link",
        "recipient_email": "lead@example.org",
        "recipient_name": None,
        "locale": "fr",
        "payload": {"link": "https://festplan.example/s/1"},
        "idempotency_key": "recorded-row:twice",
        "held": True,
    }
    with unit_of_work() as session:
        first = record(session, **values)
        assert record(session, **{**values, "payload": {"link": "other"}}) is None
    with unit_of_work() as session:
        assert session.get_one(Notification, first.id).payload == {"link": "https://festplan.example/s/1"}
