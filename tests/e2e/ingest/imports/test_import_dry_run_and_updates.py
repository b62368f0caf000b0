"""`--dry-run` reports what an import would create, update, leave or remove, and writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import SessionProposal, Speaker, Venue
from tests.factories import spreadsheets as files


def _figures(output: str, label: str) -> list[int]:
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line) if c.strip()]
        if cells and cells[0] == label:
            return [int(c) for c in cells[1:]]
    raise AssertionError(f"no row {label!r} in:\n{output}")


def test_dry_run_counts_and_writes_nothing(edition: str, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(tmp_path, "lieux", files.VENUES)
    before = counts()
    result = festplan("venues", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "simulation : rien n'a été enregistré" in result.output
    assert _figures(result.output, "lieux") == [2, 0, 0, 0]
    assert counts() == before

    assert _figures(festplan("venues", str(path)).output, "lieux") == [2, 0, 0, 0]
    changed = [row[:] for row in files.VENUES]
    changed[1][1] = "Hôtel du Département du Puy-de-Dôme"
    changed.append(["lezoux-musee", "Musée de la céramique", "Lezoux", "", "", "", "", "", ""])
    path = files.write(tmp_path, "lieux-v2", changed, "xlsx")
    snapshot = counts()
    result = festplan("venues", str(path), "--dry-run")
    assert _figures(result.output, "lieux") == [1, 1, 1, 0]
    assert counts() == snapshot
    with unit_of_work() as session:
        assert session.scalar(select(Venue.name).where(Venue.code == "hd")) == "Hôtel du Département"

    result = festplan("venues", str(path))
    assert _figures(result.output, "lieux") == [1, 1, 1, 0]
    with unit_of_work() as session:
        assert session.scalar(select(Venue.name).where(Venue.code == "hd")) == "Hôtel du Département du Puy-de-Dôme"
        assert session.scalar(select(Venue.position).where(Venue.code == "lezoux-musee")) == 2


def test_a_column_absent_from_the_file_leaves_the_stored_value(
    edition: str, festplan: Callable, tmp_path: Path
) -> None:
    festplan("speakers", str(files.write(tmp_path, "intervenants", files.SPEAKERS)))
    renamed = files.write(tmp_path, "noms", [["Code", "Nom"], ["sp-001", "Hélène Çelik-Martin"]])
    assert _figures(festplan("speakers", str(renamed)).output, "intervenants") == [0, 1, 0, 0]
    with unit_of_work() as session:
        helene = session.scalar(select(Speaker).where(Speaker.code == "sp-001"))
        assert (helene.name, helene.email, helene.max_sessions_per_day) == (
            "Hélène Çelik-Martin",
            "helene@example.fr",
            2,
        )


def test_availability_file_replaces_each_listed_speakers_ranges(
    edition: str, festplan: Callable, tmp_path: Path
) -> None:
    festplan("speakers", str(files.write(tmp_path, "intervenants", files.SPEAKERS)))
    festplan("availability", str(files.write(tmp_path, "dispos", files.AVAILABILITY)))
    fewer = files.write(
        tmp_path, "dispos-v2", [files.AVAILABILITY[0], files.AVAILABILITY[1], ["sp-001", "19/10/2023", "9h", "11h"]]
    )
    result = festplan("availability", str(fewer), "--dry-run")
    assert _figures(result.output, "disponibilités") == [1, 0, 1, 1]
    result = festplan("availability", str(fewer))
    assert _figures(result.output, "disponibilités") == [1, 0, 1, 1]
    with unit_of_work() as session:
        helene = session.scalar(select(Speaker).where(Speaker.code == "sp-001"))
        assert [(a.start.day, a.start.hour, a.end.hour) for a in helene.availability] == [(16, 9, 12), (19, 9, 11)]
        jerome = session.scalar(select(Speaker).where(Speaker.code == "sp-002"))
        assert len(jerome.availability) == 1  # not in the file: untouched
    assert _figures(festplan("availability", str(fewer)).output, "disponibilités") == [0, 0, 2, 0]


def test_changing_only_a_proposals_speakers_is_an_update(edition: str, festplan: Callable, tmp_path: Path) -> None:
    for kind in ("venues", "partners", "speakers", "proposals"):
        assert festplan(kind, str(files.write(tmp_path, kind, files.FILES[kind]))).exit_code == 0
    swapped = [row[:] for row in files.PROPOSALS]
    swapped[1][11] = "sp-002, sp-001"
    path = files.write(tmp_path, "propositions-v2", swapped)
    assert _figures(festplan("proposals", str(path)).output, "propositions") == [0, 1, 1, 0]
    with unit_of_work() as session:
        proposal = session.scalar(select(SessionProposal).where(SessionProposal.code == "se-001"))
        ids = dict(session.execute(select(Speaker.id, Speaker.code)).all())
        assert [ids[s.speaker_id] for s in proposal.speakers] == ["sp-002", "sp-001"]
    assert _figures(festplan("proposals", str(path)).output, "propositions") == [0, 0, 2, 0]
