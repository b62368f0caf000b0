"""`POST /api/v1/imports/{kind}`: the lead's upload, with the CLI's checks, limits of size and type, and roles."""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi.testclient import TestClient

from shared.db import unit_of_work
from shared.models import Partner
from tests.factories import spreadsheets as files


def _upload(client: TestClient, kind: str, name: str, data: bytes, headers: dict[str, str], **params: str):
    return client.post(
        f"/api/v1/imports/{kind}",
        files={"file": (name, data, "application/octet-stream")},
        params=params,
        headers=headers,
    )


def test_lead_imports_then_reimports(client: TestClient, lead: dict[str, str], counts: Callable) -> None:
    data, _ = files.file_bytes(files.VENUES, "cp1252-semicolon")
    dry = _upload(client, "venues", "lieux.csv", data, lead, dry_run="true")
    assert dry.status_code == 200, dry.text
    assert dry.json() == {
        "kind": "venues",
        "file": "lieux.csv",
        "dry_run": True,
        "warnings": [],
        "counts": {"venues": {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0}},
        "invitations": None,
    }
    assert counts()["venues"] == 0
    assert _upload(client, "venues", "lieux.csv", data, lead).json()["counts"]["venues"]["created"] == 2
    assert counts()["venues"] == 2
    xlsx, _ = files.file_bytes(files.ROOMS, "xlsx")
    rooms = _upload(client, "rooms", "salles.xlsx", xlsx, lead)
    assert rooms.status_code == 200, rooms.text
    assert rooms.json()["counts"]["rooms"]["created"] == 2
    again = _upload(client, "venues", "lieux.csv", data, lead).json()
    assert again["counts"]["venues"] == {"created": 0, "updated": 0, "unchanged": 2, "deleted": 0}


def test_a_file_with_errors_is_422_with_every_error(client: TestClient, lead: dict[str, str], counts: Callable) -> None:
    data, _ = files.file_bytes(
        [["Code", "Lieu", "Nom", "Capacité"], ["x", "nulle-part", "X", "dix"], ["y", "nulle-part", "Y", "10"]],
        "utf8bom-comma",
    )
    before = counts()
    response = _upload(client, "rooms", "../../etc/salles.csv", data, lead)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        "salles.csv, ligne 2, colonne « Capacité » : nombre entier attendu, pas « dix »",
        "salles.csv, ligne 3, colonne « Lieu » : lieu inconnu « nulle-part »",
    ]
    assert body["errors_en"][1] == 'salles.csv, line 3, column "Lieu": unknown venue "nulle-part"'
    assert body["detail"].startswith("salles.csv refusé : 2 erreur(s), rien n'a été enregistré / ")
    assert counts() == before


def test_size_and_type_limits(client: TestClient, lead: dict[str, str], counts: Callable) -> None:
    before = counts()
    big = _upload(client, "venues", "lieux.csv", os.urandom(10 * 1024 * 1024 + 1), lead)
    assert big.status_code == 413
    assert big.json()["errors"] == ["lieux.csv : fichier trop volumineux (plus de 10 Mo)"]
    garbage = _upload(client, "venues", "lieux.csv", os.urandom(10 * 1024 * 1024), lead)
    assert garbage.status_code == 415
    assert garbage.json()["errors"] == ["lieux.csv : contenu binaire : ce n'est ni un fichier CSV ni un classeur .xlsx"]
    exe = _upload(client, "venues", "lieux.exe", b"MZ\x90\x00", lead)
    assert exe.status_code == 415
    assert exe.json()["errors"] == [
        "lieux.exe : type de fichier non pris en charge (.exe) : formats acceptés .csv et .xlsx"
    ]
    fake = _upload(client, "venues", "lieux.xlsx", b"Code;Nom\nhd;H\n", lead)
    assert (fake.status_code, fake.json()["errors"]) == (415, ["lieux.xlsx : ce n'est pas un classeur .xlsx valide"])
    assert counts() == before


def test_roles(client: TestClient, lead: dict[str, str], edition: str) -> None:
    from shared.web.auth import issue_personal_link_token

    data, _ = files.file_bytes(files.VENUES, "cp1252-semicolon")
    assert _upload(client, "venues", "lieux.csv", data, {}).status_code == 401
    with unit_of_work() as session:
        from sqlalchemy import select

        from shared.models import Edition

        partner = Partner(edition_id=session.scalar(select(Edition.id)), code="pa-1", name="Médiathèque")
        session.add(partner)
        session.flush()
        _row, raw = issue_personal_link_token(session, role="partner", subject_id=partner.id)
    assert _upload(client, "venues", "lieux.csv", data, {"Authorization": f"Bearer {raw}"}).status_code == 403
    assert _upload(client, "spectacles", "lieux.csv", data, lead).status_code == 422
