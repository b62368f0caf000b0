"""The public ``/api/v1/programme`` document rendered from the programme's read model (no database)."""

from __future__ import annotations

import json

from services.scheduler.programme.schemas import ProgrammeOut, programme_out
from tests.factories.programme import programme_in_memory


def test_the_document_follows_its_schema_in_start_then_room_order() -> None:
    programme = programme_in_memory()
    body = programme_out(programme)
    document = json.loads(body)
    assert ProgrammeOut.model_validate_json(body).version == 1
    assert document["edition"] == {
        "code": "cn2023",
        "name": "Culture et numérique 2023",
        "start_date": "2023-10-16",
        "end_date": "2023-10-27",
        "timezone": "Europe/Paris",
    }
    sessions = document["sessions"]
    assert len(sessions) == len(programme.sessions)
    assert [(s["start"], s["room_code"]) for s in sessions] == sorted((s["start"], s["room_code"]) for s in sessions)
    first = next(s for s in sessions if s["code"] == programme.sessions[0].code)
    item = programme.sessions[0]
    assert first["speakers"] == [p.name for p in item.speakers]
    assert first["partner"] == (item.partner.name if item.partner else None)
    assert (first["venue_code"], first["venue_name"], first["commune"]) == (
        item.venue.code,
        item.venue.name,
        item.venue.commune,
    )
    assert "phone" not in body.decode()  # no contact detail reaches the public document
