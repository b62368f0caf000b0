"""Importing partners or speakers sends each new person their personal link, as the API does — once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import ApiToken, Partner, Speaker
from shared.models.notification import Notification
from shared.settings import get_settings
from tests.factories import spreadsheets as files
from tests.mailbox import links


def _invitations() -> list[tuple[str, str, str, str]]:
    """(kind, recipient, idempotency key, link as the row keeps it) of every invitation recorded, in a stable order."""
    with unit_of_work() as session:
        rows = session.scalars(
            select(Notification).where(Notification.kind.like("%.invitation")).order_by(Notification.idempotency_key)
        )
        return [(n.kind, n.recipient_email, n.idempotency_key, n.payload["link"]) for n in rows]


def test_a_partners_file_invites_each_new_partner_once(
    pg_edition: str, festplan: Callable, counts: Callable, tmp_path: Path
) -> None:
    path = files.write(tmp_path, "partenaires", files.PARTNERS, "cp1252-semicolon")
    before = counts()
    dry = festplan("partners", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "Invitations qui seraient envoyées : 2" in dry.output
    assert counts() == before
    assert _invitations() == []

    done = festplan("partners", str(path))
    assert done.exit_code == 0, done.stderr
    assert "Invitations enregistrées (lien personnel envoyé par courriel) : 2" in done.output
    with unit_of_work() as session:
        ids = {p.code: p.id for p in session.scalars(select(Partner))}
        tokens = session.scalars(select(ApiToken).where(ApiToken.role == "partner")).all()
        assert sorted(t.subject_id for t in tokens) == sorted(ids.values())
        recorded = session.scalars(select(Notification).where(Notification.kind == "partner.invitation")).all()
        by_email = {n.recipient_email: n for n in recorded}
        assert set(by_email) == {"mediatheque@riom.fr", "contact@ane.fr"}
        assert by_email["mediatheque@riom.fr"].recipient_name == "Élise Pérignon"
        assert by_email["mediatheque@riom.fr"].payload["partner_id"] == ids["pa-001"]
        assert (
            by_email["contact@ane.fr"].idempotency_key == f"invitation:partner:{ids['association-numerique-educatif']}"
        )
    sent = links(get_settings().outbox_dir, kind="partner.invitation", to="contact@ane.fr", part="/formulaires/acces/")
    assert len(sent) == 1
    first = _invitations()

    again = festplan("partners", str(files.write(tmp_path, "partenaires-bis", files.PARTNERS, "xlsx")))
    assert again.exit_code == 0, again.stderr
    assert "Invitations enregistrées (lien personnel envoyé par courriel) : 0" in again.output
    assert _invitations() == first

    grown = [*files.PARTNERS, ["pa-009", "Fablab de Thiers", "fablab@thiers.fr", "", "", "en"]]
    assert (
        "Invitations qui seraient envoyées : 1"
        in festplan("partners", str(files.write(tmp_path, "partenaires-3", grown)), "--dry-run").output
    )
    assert _invitations() == first
    assert festplan("partners", str(files.write(tmp_path, "partenaires-3", grown))).exit_code == 0
    added = [i for i in _invitations() if i not in first]
    assert [(kind, email) for kind, email, _key, _link in added] == [("partner.invitation", "fablab@thiers.fr")]


def test_a_speakers_file_invites_only_those_with_an_address(
    pg_edition: str, festplan: Callable, tmp_path: Path
) -> None:
    result = festplan("speakers", str(files.write(tmp_path, "intervenants", files.SPEAKERS)))
    assert result.exit_code == 0, result.stderr
    assert "Invitations enregistrées (lien personnel envoyé par courriel) : 1" in result.output
    with unit_of_work() as session:
        helene = session.scalar(select(Speaker).where(Speaker.code == "sp-001"))
        expected_key = f"invitation:speaker:{helene.id}"
    assert [(kind, email, key) for kind, email, key, _link in _invitations()] == [
        ("speaker.invitation", "helene@example.fr", expected_key)
    ]


def test_a_refused_file_invites_nobody(pg_edition: str, festplan: Callable, tmp_path: Path) -> None:
    broken = [*files.SPEAKERS, ["sp-003", "Zoé Roux", "zoe@example.fr", "beaucoup"]]
    result = festplan("speakers", str(files.write(tmp_path, "intervenants", broken)))
    assert result.exit_code == 1
    assert _invitations() == []


@pytest.fixture
def client(pg_edition: str) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def test_the_upload_reports_the_invitations_too(client: TestClient) -> None:
    from shared.web.auth import create_lead_token

    with unit_of_work() as session:
        _row, raw = create_lead_token(session, label="tests")
    data, _ = files.file_bytes(files.PARTNERS, "xlsx")

    def upload(**params: str) -> dict:
        response = client.post(
            "/api/v1/imports/partners",
            files={"file": ("partenaires.xlsx", data, "application/octet-stream")},
            params=params,
            headers={"Authorization": f"Bearer {raw}"},
        )
        assert response.status_code == 200, response.text
        return response.json()

    assert upload(dry_run="true")["invitations"] == 2
    assert _invitations() == []
    assert upload()["invitations"] == 2
    assert len(_invitations()) == 2
    assert upload()["invitations"] == 0
    assert len(_invitations()) == 2
