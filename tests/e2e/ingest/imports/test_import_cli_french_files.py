"""`festplan import KIND FILE`: every kind, from the three kinds of file French offices send, then again.

Each format imports the whole consistent set (venues … registrations) and the database then holds exactly
what the files say; importing the same files a second time changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import (
    Participant,
    Partner,
    Registration,
    Room,
    SessionProposal,
    Speaker,
    Venue,
)
from tests.factories import spreadsheets as files


def _counts_row(output: str, label: str) -> list[int]:
    """The figures of the report table's row for ``label`` (créés, modifiés, inchangés, supprimés)."""
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line) if c.strip()]
        if cells and cells[0] == label:
            return [int(c) for c in cells[1:]]
    raise AssertionError(f"no row {label!r} in:\n{output}")


@pytest.mark.parametrize("fmt", files.FORMATS)
def test_every_kind_imports_from_each_format_and_reimport_changes_nothing(
    fmt: str, edition: str, festplan: Callable, counts: Callable, tmp_path: Path
) -> None:
    paths = {kind: files.write(tmp_path, kind, rows, fmt) for kind, rows in files.FILES.items()}
    for kind in files.ORDER:
        result = festplan(kind, str(paths[kind]))
        assert result.exit_code == 0, (kind, result.output, result.stderr)
        assert "enregistré" in result.output

    with unit_of_work() as session:
        hd = session.scalar(select(Venue).where(Venue.code == "hd"))
        assert (hd.name, hd.commune, hd.lat, hd.lon) == ("Hôtel du Département", "Clermont-Ferrand", 45.7745, 3.0895)
        assert hd.opening == [{"days": "weekdays", "from": "08:30", "to": "19:00"}]
        riom = session.scalar(select(Venue).where(Venue.code == "riom-mediatheque"))
        assert riom.opening is None
        cassin = session.scalar(select(Room).where(Room.code == "hd-cassin"))
        assert (cassin.venue_id, cassin.capacity, cassin.features, cassin.changeover_minutes) == (
            hd.id,
            150,
            ["wheelchair", "projector", "sound"],
            15,
        )
        partners = {p.code: p for p in session.scalars(select(Partner))}
        assert set(partners) == {"pa-001", "association-numerique-educatif"}
        assert partners["pa-001"].contact_name == "Élise Pérignon"
        helene = session.scalar(select(Speaker).where(Speaker.code == "sp-001"))
        assert (helene.name, helene.max_sessions_per_day, helene.availability_given) == ("Hélène Çelik", 2, True)
        assert [(a.start, a.end) for a in helene.availability] == [
            (datetime(2023, 10, 16, 9), datetime(2023, 10, 16, 12, 30)),
            (datetime(2023, 10, 18, 14), datetime(2023, 10, 19, 0)),
        ]
        proposals = {p.code: p for p in session.scalars(select(SessionProposal))}
        assert set(proposals) == {"se-001", "se-002"}
        first, second = proposals["se-001"], proposals["se-002"]
        assert (first.kind, first.duration_minutes, first.audience, first.priority, first.status) == (
            "round_table",
            90,
            "public",
            2,
            "accepted",
        )
        assert first.allowed_venues == ["hd", "riom-mediatheque"]
        assert first.preferred_dates == ["2023-10-18"]
        assert first.mandatory is False
        assert [s.speaker_id for s in first.speakers] == [
            helene.id,
            session.scalar(select(Speaker.id).where(Speaker.code == "sp-002")),
        ]
        assert (second.title, second.mandatory, second.audience, second.status) == (
            "Atelier « fake news »",
            True,
            "school",
            "submitted",
        )
        anne = session.scalar(select(Participant).where(Participant.email == "anne@example.fr"))
        assert (anne.name, anne.is_professional, anne.accessibility_needs) == ("Anne Lévêque", True, "fauteuil roulant")
        chloe = session.scalar(select(Participant).where(Participant.email == "chloe@example.fr"))
        assert chloe.name == "Chloé Dubœuf"
        seats = {(r.participant_id, r.proposal_id): (r.seats, r.status) for r in session.scalars(select(Registration))}
        assert seats == {
            (anne.id, first.id): (2, "confirmed"),
            (chloe.id, first.id): (1, "confirmed"),
            (anne.id, second.id): (1, "waitlisted"),
        }
        stamps = {p.code: p.updated_at for p in proposals.values()}

    before = counts()
    for kind in files.ORDER:
        result = festplan(kind, str(paths[kind]))
        assert result.exit_code == 0, (kind, result.output, result.stderr)
        figures = _counts_row(result.output, _label(kind))
        assert figures[0] == figures[1] == figures[3] == 0, (kind, result.output)
        assert figures[2] == len(files.FILES[kind]) - 1
    assert counts() == before
    with unit_of_work() as session:
        assert {p.code: p.updated_at for p in session.scalars(select(SessionProposal))} == stamps


def _label(kind: str) -> str:
    from services.ingest.imports.catalogue import kinds

    return kinds()[kind].spec.label_fr


def test_a_filled_template_imports_and_its_help_row_is_skipped(
    edition: str, festplan: Callable, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "modele-lieux.xlsx"
    result = festplan("template", "venues", "--out", str(out))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    sheet = workbook.active
    assert [c.value for c in sheet[1]][:3] == ["Code *", "Nom *", "Commune"]
    assert sheet["A2"].value == "Identifiant court et stable du lieu, ex. hd"
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["B"].width >= 30
    sheet.append(["hd", "Hôtel du Département", "Clermont-Ferrand"])
    workbook.save(out)
    result = festplan("venues", str(out))
    assert result.exit_code == 0, result.stderr
    assert _counts_row(result.output, "lieux") == [1, 0, 0, 0]


def test_the_template_offers_oui_non_drop_downs(festplan: Callable, festplan_env, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "participants.xlsx"
    assert festplan("template", "participants", "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    headers = [c.value for c in sheet[1]]
    letter = "ABCDEFGHIJ"[headers.index("Professionnel")]
    validations = sheet.data_validations.dataValidation
    assert [(v.type, v.formula1) for v in validations] == [("list", '"oui,non"')]
    assert f"{letter}3" in str(validations[0].sqref)


def test_template_refuses_an_unknown_kind_and_a_csv_name(festplan: Callable, festplan_env, tmp_path: Path) -> None:
    result = festplan("template", "spectacles", "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "type inconnu « spectacles »" in result.stderr
    result = festplan("template", "rooms", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert "nommez-le en .xlsx" in result.stderr


def test_import_scenario_and_template_are_still_their_own_commands(festplan: Callable, festplan_env) -> None:
    result = festplan("--help")
    for command in ("scenario", "template", *files.ORDER):
        assert command in result.output
    assert "fichier scénario" in festplan("scenario", "--help").output
