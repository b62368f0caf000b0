"""The lead's directory: create, read, update, delete, duplicates refused, and invitations for new speakers."""

from __future__ import annotations

from api_world import PROPOSAL


def test_directory_round_trip_and_conflicts(client, world):
    lead = world.h("lead")
    venue = client.post(
        "/api/v1/venues",
        json={"edition_id": world.edition_id, "code": "riom-media", "name": "Médiathèque de Riom", "commune": "Riom"},
        headers=lead,
    )
    assert venue.status_code == 201, venue.text
    vid = venue.json()["id"]
    dup = client.post(
        "/api/v1/venues", json={"edition_id": world.edition_id, "code": "riom-media", "name": "X"}, headers=lead
    )
    assert dup.status_code == 409
    room = client.post(
        "/api/v1/rooms",
        json={"venue_id": vid, "code": "riom-audit", "name": "Auditorium", "capacity": 80, "features": ["wheelchair"]},
        headers=lead,
    )
    assert room.status_code == 201
    assert room.json()["edition_id"] == world.edition_id
    patched = client.patch(f"/api/v1/rooms/{room.json()['id']}", json={"capacity": 90}, headers=lead)
    assert patched.json()["capacity"] == 90
    assert client.patch(f"/api/v1/rooms/{room.json()['id']}", json={"name": None}, headers=lead).status_code == 422
    listed = client.get(f"/api/v1/rooms?edition_id={world.edition_id}", headers=lead).json()
    assert sorted(r["code"] for r in listed) == ["hd-cassin", "riom-audit"]
    assert client.delete(f"/api/v1/venues/{vid}", headers=lead).status_code == 204
    assert client.get(f"/api/v1/rooms/{room.json()['id']}", headers=lead).status_code == 404

    participant = client.post(
        "/api/v1/participants",
        json={"edition_id": world.edition_id, "name": "Zoé Roux", "email": "zoe@example.org"},
        headers=lead,
    )
    assert participant.status_code == 201
    again = client.post(
        "/api/v1/participants",
        json={"edition_id": world.edition_id, "name": "Zoé", "email": "ZOE@example.org"},
        headers=lead,
    )
    assert again.status_code == 409
    pid = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h("partner_a")).json()["id"]
    registration = client.post(
        "/api/v1/registrations",
        json={"participant_id": participant.json()["id"], "proposal_id": pid, "seats": 2},
        headers=lead,
    )
    assert registration.status_code == 201
    cancelled = client.patch(
        f"/api/v1/registrations/{registration.json()['id']}", json={"status": "cancelled"}, headers=lead
    ).json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelled_at"] is not None
    twice = client.post(
        "/api/v1/registrations", json={"participant_id": participant.json()["id"], "proposal_id": pid}, headers=lead
    )
    assert twice.status_code == 409


def test_a_new_speaker_is_sent_a_working_personal_link(client, world):
    from shared.db import unit_of_work
    from shared.models import Notification

    created = client.post(
        "/api/v1/speakers",
        json={"edition_id": world.edition_id, "code": "sp-010", "name": "Inès Garnier", "email": "ines@example.org"},
        headers=world.h("lead"),
    )
    assert created.status_code == 201
    sid = created.json()["id"]
    with unit_of_work() as session:
        note = session.query(Notification).filter_by(idempotency_key=f"invitation:speaker:{sid}").one()
        assert (note.kind, note.recipient_email) == ("speaker.invitation", "ines@example.org")
    from shared.settings import get_settings
    from tests.mailbox import links

    (link,) = links(get_settings().outbox_dir, kind="speaker.invitation", to="ines@example.org")  # as Inès got it
    token = link.rsplit("/", 1)[1]
    me = client.get("/api/v1/speaker/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["code"] == "sp-010"
    fresh = client.post(f"/api/v1/speakers/{sid}/link", headers=world.h("lead")).json()
    assert client.get("/api/v1/speaker/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/api/v1/speaker/me", headers={"Authorization": f"Bearer {fresh['token']}"}).json()["id"] == sid


def test_a_failed_request_writes_nothing(client, world):
    """The edge owns the transaction: a use case refused halfway leaves no row and no email behind."""
    from shared.db import unit_of_work
    from shared.models import Notification, SessionProposal

    bad = dict(PROPOSAL, speakers=["sp-001", "sp-404"])
    assert client.post("/api/v1/partner/proposals", json=bad, headers=world.h("partner_a")).status_code == 422
    with unit_of_work() as session:
        assert session.query(SessionProposal).count() == 0
        assert session.query(Notification).count() == 0
