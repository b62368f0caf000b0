"""Attendance comes in three ways: the venue's personal form, the API (lead or venue token), a spreadsheet import."""

from __future__ import annotations

from pathlib import Path

from evaluation_world import EvaluationWorld, build_world
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.evaluation.attendance.service import issue_venue_link
from shared.db import unit_of_work
from shared.models import AttendanceCount, SessionProposal, Venue
from shared.settings import Settings
from shared.web.auth import create_lead_token


def _counts() -> dict[str, tuple[int, str | None]]:
    with unit_of_work() as session:
        rows = session.execute(
            select(SessionProposal.code, AttendanceCount.count, AttendanceCount.note).join(
                AttendanceCount, AttendanceCount.proposal_id == SessionProposal.id
            )
        ).tuples()
        return {code: (count, note) for code, count, note in rows}


def _venue_token(code: str) -> str:
    with unit_of_work() as session:
        return issue_venue_link(session, venue=session.scalar(select(Venue).where(Venue.code == code)))


def test_venue_form_lists_its_sessions_and_saves_counts(festplan_env: Settings, app_client: TestClient) -> None:
    with unit_of_work() as session:
        build_world(session, attendance=False)
    token = _venue_token("hd")
    page = app_client.get(f"/presence/{token}")
    assert page.status_code == 200
    assert "Les écrans et les tout-petits" in page.text
    assert "Apéro numérique" in page.text
    assert "Atelier FALC" not in page.text  # another venue's session
    assert '<label class="visually-hidden" for="n-se-001">' in page.text
    assert "Hall René-Cassin (150)" in page.text

    wrong = app_client.post(f"/presence/{token}", data={"n-se-001": "beaucoup", "n-se-004": "12"})
    assert wrong.status_code == 422
    assert 'aria-describedby="e-se-001"' in wrong.text
    assert _counts() == {}  # nothing saved when one figure is wrong

    saved = app_client.post(f"/presence/{token}", data={"n-se-001": "87", "n-se-004": ""})
    assert saved.status_code == 200
    assert "1 chiffre(s) enregistré(s)" in saved.text
    assert _counts() == {"se-001": (87, None)}
    assert app_client.get(f"/presence/{token[:-2]}xx").status_code == 404


def test_api_takes_the_lead_or_the_venue_of_the_session(festplan_env: Settings, app_client: TestClient) -> None:
    with unit_of_work() as session:
        build_world(session, attendance=False)
        _row, lead = create_lead_token(session, label="test")
    venue = _venue_token("riom")
    url = "/api/v1/sessions/{code}/attendance"

    assert app_client.put(url.format(code="se-003"), json={"count": 40}).status_code == 401
    by_venue = app_client.put(
        url.format(code="se-003"), json={"count": 41, "note": "pluie"}, headers={"Authorization": f"Bearer {venue}"}
    )
    assert by_venue.status_code == 200
    assert by_venue.json() == {"session": "se-003", "count": 41, "note": "pluie", "registered": 1, "capacity": 60}
    elsewhere = app_client.put(
        url.format(code="se-001"), json={"count": 10}, headers={"Authorization": f"Bearer {venue}"}
    )
    assert elsewhere.status_code == 403
    by_lead = app_client.put(
        url.format(code="se-001"), json={"count": 120}, headers={"Authorization": f"Bearer {lead}"}
    )
    assert by_lead.status_code == 200
    assert by_lead.json()["registered"] == 3
    assert (
        app_client.put(
            url.format(code="se-001"), json={"count": -1}, headers={"Authorization": f"Bearer {lead}"}
        ).status_code
        == 422
    )
    assert (
        app_client.put(
            url.format(code="se-999"), json={"count": 1}, headers={"Authorization": f"Bearer {lead}"}
        ).status_code
        == 404
    )
    assert _counts() == {"se-001": (120, None), "se-003": (41, "pluie")}


def test_import_attendance_file_checks_everything_first(festplan_env: Settings, festplan_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work() as session:
        build_world(session, attendance=False)
    bad = tmp_path / "presences.csv"
    bad.write_text("Séance;Présents;Remarque\nse-001;88;\nse-404;3;\nse-002;trois;\n", encoding="utf-8")
    refused = festplan_cli("import", "attendance", bad)
    assert refused.exit_code == 1
    assert "presences.csv, ligne 3, colonne « Séance » : séance inconnue « se-404 »" in refused.output
    assert "ligne 4, colonne « Présents »" in refused.output
    assert _counts() == {}

    good = tmp_path / "frequentation.csv"
    good.write_text("session,attended,note\nse-001,88,\nse-002,3,complet\n", encoding="utf-8")
    done = festplan_cli("import", "attendance", good)
    assert done.exit_code == 0, done.output
    assert _counts() == {"se-001": (88, None), "se-002": (3, "complet")}
    again = festplan_cli("import", "attendance", good)
    assert again.exit_code == 0
    assert _counts() == {"se-001": (88, None), "se-002": (3, "complet")}


def test_attendance_links_command_prints_one_link_per_venue(eval_world: EvaluationWorld, festplan_cli) -> None:  # type: ignore[no-untyped-def]
    result = festplan_cli("attendance", "links")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Hôtel du Département : http://127.0.0.1:8000/presence/")


def test_api_answers_hostile_input_without_server_errors_on_postgresql(pg_env: Settings) -> None:
    from services.web import create_app

    with unit_of_work() as session:
        build_world(session, attendance=False)
        _row, lead = create_lead_token(session, label="test")
    headers = {"Authorization": f"Bearer {lead}"}
    with TestClient(create_app()) as client:
        assert (
            client.put(
                "/api/v1/sessions/se-001/attendance", json={"count": 5, "note": "a\x00b"}, headers=headers
            ).status_code
            == 422
        )
        assert client.put("/api/v1/sessions/se%00/attendance", json={"count": 5}, headers=headers).status_code == 404
        assert (
            client.put(
                "/api/v1/sessions/se-001/attendance?edition=x%00", json={"count": 5}, headers=headers
            ).status_code
            == 404
        )
        assert (
            client.put("/api/v1/sessions/se-001/attendance", json={"count": 2**40}, headers=headers).status_code == 422
        )
        assert client.get("/presence/%00").status_code == 404
        assert client.post("/surveys/%00", data={"comment": "x"}).status_code == 404
    assert _counts() == {}


def test_venue_form_refuses_odd_digits_without_a_server_error(festplan_env: Settings, app_client: TestClient) -> None:
    with unit_of_work() as session:
        build_world(session, attendance=False)
    token = _venue_token("hd")
    for odd in ("²", "9" * 5000, "١٢"):  # str.isdigit() said yes to each; int() then raised or read Arabic digits
        answer = app_client.post(f"/presence/{token}", data={"n-se-001": odd})
        assert answer.status_code == 422, odd
    assert _counts() == {}
