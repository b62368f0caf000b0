"""Each back-office form: its happy path (and what it causes), and its errors tied to their field."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import Notification, Partner, Pin, Room, ScheduleVersion, SessionProposal, Speaker, Venue
from tests.e2e.ingest.backoffice.conftest import csrf_of
from tests.factories.backoffice import Backoffice


def _tied(html: str, field: str) -> str:
    """The field's error message, after checking that the field points at it (aria-describedby, aria-invalid)."""
    control = re.search(rf'<(?:input|textarea|select|fieldset)[^>]*id="{field}"[^>]*>', html)
    assert control, f"no control {field}"
    assert f"{field}-erreur" in control.group(0), control.group(0)
    assert 'aria-invalid="true"' in control.group(0), control.group(0)
    message = re.search(rf'<p class="error" id="{field}-erreur">(.*?)</p>', html)
    assert message, f"no error for {field}"
    assert f'href="#{field}"' in html  # the summary links to the field
    return unescape(message.group(1))


def test_accept_a_proposal_emails_the_partner(lead: TestClient, bo: Backoffice) -> None:
    pid = bo.proposals["se-005"]
    token = csrf_of(lead, f"/gestion/propositions/{pid}")
    answer = lead.post(
        f"/gestion/propositions/{pid}/decision",
        data={"csrf": token, "decision": "accepted", "message": "Bienvenue au programme !"},
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("?fait=decided")
    assert "Décision enregistrée" in unescape(lead.get(answer.headers["location"]).text)
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).status == "accepted"
        mail = session.scalar(select(Notification).where(Notification.kind == "partner.decision"))
        assert mail.recipient_email == "clic63@example.org"
        assert mail.payload["message"] == "Bienvenue au programme !"
        assert mail.status == "sent"


def test_decision_errors_are_tied_to_their_fields(lead: TestClient, bo: Backoffice) -> None:
    pid = bo.proposals["se-005"]
    token = csrf_of(lead, f"/gestion/propositions/{pid}")
    none = lead.post(f"/gestion/propositions/{pid}/decision", data={"csrf": token, "message": "?"})
    assert none.status_code == 422
    assert _tied(none.text, "decision") == "Choisissez « Accepter » ou « Refuser »."
    bare = lead.post(f"/gestion/propositions/{pid}/decision", data={"csrf": token, "decision": "rejected"})
    assert bare.status_code == 422
    assert _tied(bare.text, "message") == "Expliquez le refus au partenaire."
    long = lead.post(
        f"/gestion/propositions/{pid}/decision", data={"csrf": token, "decision": "accepted", "message": "x" * 5001}
    )
    assert _tied(long.text, "message") == "5 000 caractères au plus."
    withdrawn = lead.post(
        f"/gestion/propositions/{bo.proposals['se-007']}/decision", data={"csrf": token, "decision": "accepted"}
    )
    assert withdrawn.status_code == 422
    assert "le partenaire a retiré" in unescape(withdrawn.text).lower()
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).status == "submitted"
        assert session.scalar(select(Notification.id)) is None


def test_edit_a_proposal(lead: TestClient, bo: Backoffice) -> None:
    pid = bo.proposals["se-005"]
    path = f"/gestion/propositions/{pid}/modifier"
    token = csrf_of(lead, path)
    data = {
        "csrf": token,
        "title": "Fabriquer sa radio",
        "duration_minutes": "90",
        "kind": "workshop",
        "audience": "family",
        "speakers": ["sp-alice", "sp-bruno"],
        "preferred_venues": ["hd"],
        "preferred_dates": ["2023-10-17"],
        "required_features": ["projector"],
    }
    answer = lead.post(path, data=data)
    assert answer.status_code == 303, answer.text
    with unit_of_work() as session:
        proposal = session.get(SessionProposal, pid)
        assert (proposal.title, proposal.duration_minutes, proposal.preferred_venues, proposal.preferred_dates) == (
            "Fabriquer sa radio",
            90,
            ["hd"],
            ["2023-10-17"],
        )
        assert [s.speaker_id for s in proposal.speakers] == [bo.speakers["sp-alice"], bo.speakers["sp-bruno"]]
        assert session.scalar(select(Notification.id)) is None  # a correction emails nobody


def test_proposal_edit_errors(lead: TestClient, bo: Backoffice) -> None:
    pid = bo.proposals["se-005"]
    path = f"/gestion/propositions/{pid}/modifier"
    token = csrf_of(lead, path)
    empty = lead.post(path, data={"csrf": token, "title": "", "duration_minutes": "abc"})
    assert empty.status_code == 422
    assert _tied(empty.text, "title")
    assert _tied(empty.text, "duration_minutes")
    off_grid = lead.post(path, data={"csrf": token, "title": "Radio", "duration_minutes": "50"})
    assert _tied(off_grid.text, "duration_minutes") == "la durée doit être un multiple de 15 minutes"
    assert 'value="Radio"' in off_grid.text  # what was typed is kept
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).title != "Radio"


def test_edit_venue_room_speaker_partner(lead: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        venue_id = session.scalar(select(Venue.id).where(Venue.code == "riom"))
        room_id = session.scalar(select(Room.id).where(Room.code == "riom-audito"))
    token = csrf_of(lead, "/gestion/")
    posts = [
        (
            f"/gestion/lieux/{venue_id}",
            {
                "name": "Médiathèque Georges-Sand",
                "commune": "Riom",
                "territory": "RLV",
                "contact_email": "accueil@riom.example",
                "postal_code": "63200",
            },
        ),
        (
            f"/gestion/salles/{room_id}",
            {"name": "Auditorium", "capacity": "90", "features": "wheelchair, sound", "changeover_minutes": "10"},
        ),
        (
            f"/gestion/intervenants/{bo.speakers['sp-bruno']}",
            {"name": "Bruno Diallo", "email": "b@example.org", "locale": "en", "max_sessions_per_day": "1"},
        ),
        (
            f"/gestion/partenaires/{bo.partners['pa-clic']}",
            {"name": "Clic 63", "email": "", "locale": "fr", "contact_name": "Yasmine"},
        ),
    ]
    for path, data in posts:
        answer = lead.post(path, data={"csrf": token, **data})
        assert answer.status_code == 303, path
        assert answer.headers["location"] == f"{path}?fait=saved", path
    with unit_of_work() as session:
        venue, room = session.get(Venue, venue_id), session.get(Room, room_id)
        assert (venue.name, venue.territory, venue.address) == ("Médiathèque Georges-Sand", "RLV", None)
        assert (room.capacity, room.features, room.changeover_minutes) == (90, ["wheelchair", "sound"], 10)
        speaker = session.get(Speaker, bo.speakers["sp-bruno"])
        assert (speaker.email, speaker.locale, speaker.max_sessions_per_day) == ("b@example.org", "en", 1)
        partner = session.get(Partner, bo.partners["pa-clic"])
        assert (partner.name, partner.email, partner.contact_name) == ("Clic 63", None, "Yasmine")


def test_directory_form_errors(lead: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        room_id = session.scalar(select(Room.id).where(Room.code == "riom-audito"))
    token = csrf_of(lead, "/gestion/")
    room = lead.post(f"/gestion/salles/{room_id}", data={"csrf": token, "name": "", "capacity": "0"})
    assert room.status_code == 422
    assert _tied(room.text, "name")
    assert _tied(room.text, "capacity")
    speaker = lead.post(
        f"/gestion/intervenants/{bo.speakers['sp-alice']}",
        data={"csrf": token, "name": "Alice", "email": "pas-un-courriel", "locale": "fr", "max_sessions_per_day": "99"},
    )
    assert _tied(speaker.text, "email")
    assert _tied(speaker.text, "max_sessions_per_day")
    partner = lead.post(
        f"/gestion/partenaires/{bo.partners['pa-clic']}",
        data={"csrf": token, "name": "Clic", "phone": "appelez-moi", "locale": "fr"},
    )
    assert _tied(partner.text, "phone")
    with unit_of_work() as session:
        assert session.get(Room, room_id).capacity == 80
        assert session.get(Speaker, bo.speakers["sp-alice"]).email == "alice@example.org"


def test_start_run_errors(lead: TestClient) -> None:
    token = csrf_of(lead, "/gestion/optimisations")
    for bad in ("0", "abc", "5000", ""):
        answer = lead.post("/gestion/optimisations", data={"csrf": token, "time_limit": bad})
        assert answer.status_code == 422, bad
        assert _tied(answer.text, "time_limit") == "Saisissez un nombre de secondes entre 1 et 3600."


def _run(lead: TestClient, token: str) -> int:
    started = lead.post("/gestion/optimisations", data={"csrf": token, "time_limit": "2"})
    assert started.status_code == 303
    return int(started.headers["location"].split("/")[3].split("?")[0])


def test_pin_publish_release_and_retry(lead: TestClient, bo: Backoffice) -> None:
    token = csrf_of(lead, "/gestion/optimisations")
    run_id = _run(lead, token)
    pinned = lead.post("/gestion/epingles", data={"csrf": token, "session": "se-003", "run": str(run_id)})
    assert pinned.status_code == 303
    assert "fait=pinned" in pinned.headers["location"]
    assert "Désépingler se-003" in unescape(lead.get(f"/gestion/optimisations/{run_id}").text)
    with unit_of_work() as session:
        assert session.scalar(select(Pin.room_id)) is not None
    long = lead.post(f"/gestion/optimisations/{run_id}/publication", data={"csrf": token, "message": "x" * 2001})
    assert long.status_code == 422
    assert _tied(long.text, "message") == "2 000 caractères au plus."
    published = lead.post(
        f"/gestion/optimisations/{run_id}/publication", data={"csrf": token, "message": "Première version", "hold": "1"}
    )
    assert published.status_code == 303
    outbox = unescape(lead.get(published.headers["location"]).text)
    assert "Courriels de la version n° 1" in outbox
    assert "Première version" in outbox
    with unit_of_work() as session:
        statuses = set(session.scalars(select(Notification.status)))
        version_id = session.scalar(select(ScheduleVersion.id))
    assert statuses == {"held"}
    again = lead.post(f"/gestion/optimisations/{run_id}/publication", data={"csrf": token})
    assert again.status_code == 409
    assert "déjà la version publiée" in unescape(again.text)
    released = lead.post(f"/gestion/courriels/versions/{version_id}/liberer", data={"csrf": token})
    assert released.status_code == 303
    with unit_of_work() as session:
        assert set(session.scalars(select(Notification.status))) == {"sent"}
        session.execute(Notification.__table__.update().values(status="failed", last_error="550 mailbox unavailable"))
    mail = unescape(lead.get("/gestion/courriels?statut=failed").text)
    assert "550 mailbox unavailable" in mail
    assert "courriel(s) en échec" in mail
    retried = lead.post("/gestion/courriels/relancer", data={"csrf": token})
    assert retried.headers["location"].endswith("fait=retried")
    with unit_of_work() as session:
        assert set(session.scalars(select(Notification.status))) == {"sent"}
    unpinned = lead.post("/gestion/epingles/retrait", data={"csrf": token, "session": "se-003", "run": str(run_id)})
    assert unpinned.status_code == 303
    with unit_of_work() as session:
        assert session.scalar(select(Pin.id)) is None


def test_the_lead_edits_time_windows_and_a_post_without_them_keeps_them(lead: TestClient, bo: Backoffice) -> None:
    pid = bo.proposals["se-005"]
    path = f"/gestion/propositions/{pid}/modifier"
    page = lead.get(path).text
    assert "<legend>Plages horaires possibles</legend>" in page
    assert '<label for="windows">Jour</label>' in page
    token = csrf_of(lead, path)
    base = {"csrf": token, "title": "Fabriquer sa radio", "duration_minutes": "90"}
    windows = {"windows": "2023-10-17", "windows-0-start": "14:00", "windows-0-end": "17:30"}
    assert lead.post(path, data=base | windows).status_code == 303
    stored = [{"start": "2023-10-17T14:00", "end": "2023-10-17T17:30"}]
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).windows == stored
    shown = lead.get(path).text
    assert 'id="windows-0-end" name="windows-0-end" value="17:30"' in shown

    assert lead.post(path, data=base | {"title": "Radio libre"}).status_code == 303  # no window field posted
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).windows == stored

    backwards = lead.post(
        path, data=base | {"windows": "2023-10-17", "windows-0-start": "18:00", "windows-0-end": "09:00"}
    )
    assert backwards.status_code == 422
    assert _tied(backwards.text, "windows") == "Plage 1 : l'heure de fin doit suivre l'heure de début."
    cleared = {"windows": "", "windows-0-start": "", "windows-0-end": ""}
    assert lead.post(path, data=base | cleared).status_code == 303
    with unit_of_work() as session:
        assert session.get(SessionProposal, pid).windows is None
