"""A proposal from submission to the published programme, and the emails each step records."""

from __future__ import annotations

from datetime import date, datetime

from api_world import PROPOSAL, make_world, publish


def _notifications(kind: str) -> list:
    from shared.db import unit_of_work
    from shared.models import Notification

    with unit_of_work() as session:
        return [
            (n.recipient_email, n.idempotency_key, n.payload)
            for n in session.query(Notification).filter_by(kind=kind).order_by(Notification.id)
        ]


def test_submit_update_decide_publish(client, world):
    created = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h("partner_a"))
    assert created.status_code == 201, created.text
    body = created.json()
    pid = body["id"]
    assert body["code"] == f"se-{pid:04d}"
    assert body["speakers"] == ["sp-001"]
    assert body["preferred_dates"] == ["2023-10-18"]
    assert body["slots"] == []
    assert _notifications("partner.proposal_received") == [
        ("riom@example.org", f"proposal-received:{pid}", {"proposal_id": pid, "partner_id": world.partner_a})
    ]

    updated = client.put(
        f"/api/v1/partner/proposals/{pid}", json=dict(PROPOSAL, duration_minutes=120), headers=world.h("partner_a")
    )
    assert updated.status_code == 200
    assert updated.json()["duration_minutes"] == 120

    decided = client.post(
        f"/api/v1/proposals/{pid}/decision",
        json={"status": "accepted", "message": "Bravo <b>et</b> merci !"},
        headers=world.h("lead"),
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "accepted"
    again = client.post(
        f"/api/v1/proposals/{pid}/decision",
        json={"status": "accepted", "message": "Bravo <b>et</b> merci !"},
        headers=world.h("lead"),
    )
    assert again.status_code == 200
    assert _notifications("partner.decision") == [
        (
            "riom@example.org",
            f"decision:{pid}:accepted",
            {
                "proposal_id": pid,
                "partner_id": world.partner_a,
                "decision": "accepted",
                "message": "Bravo <b>et</b> merci !",
            },
        )
    ]
    seen = client.get(f"/api/v1/partner/proposals/{pid}", headers=world.h("partner_a")).json()
    assert seen["decision_message"] == "Bravo <b>et</b> merci !"
    refused = client.put(f"/api/v1/partner/proposals/{pid}", json=PROPOSAL, headers=world.h("partner_a"))
    assert refused.status_code == 409

    assert client.get("/api/v1/programme").status_code == 404
    publish(world, pid, datetime(2023, 10, 18, 14, 0), datetime(2023, 10, 18, 16, 0))
    slots = client.get(f"/api/v1/partner/proposals/{pid}", headers=world.h("partner_a")).json()["slots"]
    assert slots == [
        {
            "version": 1,
            "venue_code": "hd",
            "venue_name": "Hôtel du Département",
            "commune": "Clermont-Ferrand",
            "room_code": "hd-cassin",
            "room_name": "Hall René-Cassin",
            "start": "2023-10-18T14:00:00",
            "end": "2023-10-18T16:00:00",
        }
    ]
    programme = client.get("/api/v1/programme")
    assert programme.status_code == 200
    document = programme.json()
    assert document["version"] == 1
    assert document["edition"]["code"] == "cn2023"
    assert [(s["code"], s["partner"], s["speakers"], s["room_code"]) for s in document["sessions"]] == [
        (f"se-{pid:04d}", "Médiathèque de Riom", ["Camille Martin"], "hd-cassin")
    ]
    assert client.get("/api/v1/programme?edition=cn2023").json() == document
    assert client.get("/api/v1/programme?edition=autre").status_code == 404


def test_withdraw_and_the_closed_call(client, festplan_env):
    world = make_world(close_on=date(2099, 1, 1))
    pid = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h("partner_a")).json()["id"]
    withdrawn = client.post(f"/api/v1/partner/proposals/{pid}/withdraw", headers=world.h("partner_a"))
    assert withdrawn.json()["status"] == "withdrawn"
    conflict = client.post(f"/api/v1/proposals/{pid}/decision", json={"status": "accepted"}, headers=world.h("lead"))
    assert conflict.status_code == 409
    closed = client.patch(
        f"/api/v1/editions/{world.edition_id}", json={"proposals_close_on": "2023-09-30"}, headers=world.h("lead")
    )
    assert closed.status_code == 200
    late = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h("partner_a"))
    assert late.status_code == 409
    assert "30/09/2023" in late.json()["detail"]
    me = client.get("/api/v1/partner/me", headers=world.h("partner_a")).json()
    assert me["proposals_open"] is False


def test_rules_of_the_edition_are_422_naming_the_field(client, world):
    cases = {
        "duration_minutes": dict(PROPOSAL, duration_minutes=50),
        "preferred_venues": dict(PROPOSAL, preferred_venues=["nulle-part"]),
        "preferred_dates": dict(PROPOSAL, preferred_dates=["2023-11-30"]),
        "speakers": dict(PROPOSAL, speakers=["sp-999"]),
        "windows": dict(PROPOSAL, windows=[{"start": "2023-10-01T09:00", "end": "2023-10-01T10:00"}]),
    }
    for field, body in cases.items():
        response = client.post("/api/v1/partner/proposals", json=body, headers=world.h("partner_a"))
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["loc"] == ["body", field]
    nul = client.post("/api/v1/partner/proposals", json=dict(PROPOSAL, title="a\u0000b"), headers=world.h("partner_a"))
    assert nul.status_code == 422
    extra = client.post(
        "/api/v1/partner/proposals", json=dict(PROPOSAL, status="accepted"), headers=world.h("partner_a")
    )
    assert extra.status_code == 422


def test_availability_is_merged_checked_and_replaced(client, world):
    url = f"/api/v1/speakers/{world.speaker_a}/availability"
    ranges = [
        {"start": "2023-10-17T14:00", "end": "2023-10-17T18:00"},
        {"start": "2023-10-17T09:00", "end": "2023-10-17T14:00"},
        {"start": "2023-10-20T09:00", "end": "2023-10-20T12:00"},
    ]
    assert client.get(url, headers=world.h("speaker_a")).json() == {"availability_given": False, "ranges": []}
    saved = client.put(url, json={"ranges": ranges}, headers=world.h("speaker_a")).json()
    assert saved == {
        "availability_given": True,
        "ranges": [
            {"start": "2023-10-17T09:00:00", "end": "2023-10-17T18:00:00"},
            {"start": "2023-10-20T09:00:00", "end": "2023-10-20T12:00:00"},
        ],
    }
    outside = client.put(
        url, json={"ranges": [{"start": "2023-10-28T09:00", "end": "2023-10-28T10:00"}]}, headers=world.h("speaker_a")
    )
    assert outside.status_code == 422
    off_grid = client.put(
        url, json={"ranges": [{"start": "2023-10-17T09:07", "end": "2023-10-17T10:00"}]}, headers=world.h("speaker_a")
    )
    assert off_grid.status_code == 422
    reversed_range = client.put(
        url, json={"ranges": [{"start": "2023-10-17T10:00", "end": "2023-10-17T09:00"}]}, headers=world.h("speaker_a")
    )
    assert reversed_range.status_code == 422
    assert client.get(url, headers=world.h("speaker_a")).json()["ranges"] == saved["ranges"]
    contact = client.patch(
        "/api/v1/speaker/me", json={"phone": "04 73 42 20 20", "locale": "en"}, headers=world.h("speaker_a")
    )
    assert contact.status_code == 200
    assert (contact.json()["phone"], contact.json()["locale"], contact.json()["name"]) == (
        "04 73 42 20 20",
        "en",
        "Camille Martin",
    )
    assert client.patch("/api/v1/speaker/me", json={"name": None}, headers=world.h("speaker_a")).status_code == 422
