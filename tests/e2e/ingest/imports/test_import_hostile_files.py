"""Hostile spreadsheets through the CLI and the API: a clear French refusal (4xx), never a traceback or a 500.

Before issue 17 an entity payload raised a parse error out of openpyxl (500 from the API, a traceback from
the CLI) and a million-row sheet held the process for minutes; the limits come from the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench import hostile_files as hostile


@pytest.fixture
def small_limits(edition: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits a test file can pass quickly (set after the test environment, which clears FESTPLAN_*)."""
    from shared.settings import reset_settings

    monkeypatch.setenv("FESTPLAN_IMPORT_MAX_ROWS", "1000")
    monkeypatch.setenv("FESTPLAN_IMPORT_MAX_UNCOMPRESSED_MB", "5")
    reset_settings()


CASES = [
    (hostile.billion_laughs, 422, "lieux.xlsx : classeur refusé : il déclare une DTD ou des entités XML"),
    (hostile.external_entity, 422, "lieux.xlsx : classeur refusé : il déclare une DTD ou des entités XML"),
    (lambda: hostile.many_rows(20_000), 422, "lieux.xlsx : plus de 1000 lignes de données"),
    (lambda: hostile.zip_bomb(50), 413, "lieux.xlsx : classeur trop volumineux une fois décompressé (plus de 5 Mo"),
    (
        lambda: hostile.giant_cell(3_000_000),
        422,
        "lieux.xlsx : classeur refusé : la partie « xl/worksheets/sheet1.xml »",
    ),
    (lambda: hostile.varied_cell(40_000), 422, "lieux.xlsx : une cellule dépasse 32767 caractères"),
    (lambda: hostile.far_cell("XFD"), 422, "lieux.xlsx : ligne 2 : plus de 200 colonnes"),
]


@pytest.mark.parametrize(("build", "status", "message"), CASES)
def test_api_refuses_hostile_workbooks_in_french(
    small_limits: None,
    client: TestClient,
    lead: dict[str, str],
    counts: Callable,
    build: Callable[[], bytes],
    status: int,
    message: str,
) -> None:
    before = counts()
    response = client.post(
        "/api/v1/imports/venues",
        files={"file": ("lieux.xlsx", build(), "application/octet-stream")},
        params={"dry_run": "true"},
        headers=lead,
    )
    assert response.status_code == status, response.text
    body = response.json()
    assert body["errors"][0].startswith(message)
    assert body["errors_en"][0].startswith("lieux.xlsx : ") or body["errors_en"][0].startswith("lieux.xlsx: ")
    assert counts() == before


@pytest.mark.parametrize(("build", "status", "message"), CASES)
def test_cli_refuses_hostile_workbooks_with_one_clear_line(
    small_limits: None,
    edition: str,
    festplan: Callable,
    tmp_path: Path,
    build: Callable[[], bytes],
    status: int,
    message: str,
) -> None:
    path = tmp_path / "lieux.xlsx"
    path.write_bytes(build())
    result = festplan("venues", str(path), "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(message)
    assert lines[-1] == "lieux.xlsx refusé : 1 erreur(s), rien n'a été enregistré"
