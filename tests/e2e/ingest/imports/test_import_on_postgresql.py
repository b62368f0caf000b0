"""The whole set of French files on the real PostgreSQL: imported, refused as a whole, re-imported unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.factories import spreadsheets as files


def test_every_kind_on_postgresql(pg_edition: str, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    for kind in files.ORDER:
        result = festplan(kind, str(files.write(tmp_path, kind, files.FILES[kind], "cp1252-semicolon")))
        assert result.exit_code == 0, (kind, result.stderr)
    after = counts()
    assert {
        k: after[k]
        for k in (
            "venues",
            "rooms",
            "partners",
            "speakers",
            "speaker_availability",
            "session_proposals",
            "session_speakers",
            "participants",
            "registrations",
        )
    } == {
        "venues": 2,
        "rooms": 2,
        "partners": 2,
        "speakers": 2,
        "speaker_availability": 3,
        "session_proposals": 2,
        "session_speakers": 3,
        "participants": 3,
        "registrations": 3,
    }

    broken = [row[:] for row in files.REGISTRATIONS]
    broken.append(["se-001", "denis@example.fr", "Denis", "deux", ""])
    result = festplan("registrations", str(files.write(tmp_path, "inscriptions-v2", broken, "xlsx")))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "inscriptions-v2.xlsx, ligne 5, colonne « Places » : nombre entier attendu, pas « deux »"
    )
    assert counts() == after

    for kind in files.ORDER:
        path = files.write(tmp_path, f"{kind}-bis", files.FILES[kind], "xlsx")
        result = festplan(kind, str(path))
        assert result.exit_code == 0, (kind, result.stderr)
    assert counts() == after
