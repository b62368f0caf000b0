"""``festplan export programme --format {xml,json,ics,xlsx,csv} --out FILE`` on a published programme."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest
import typer
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from shared.db import unit_of_work
from shared.settings import Settings
from tests.factories.programme import HOSTILE_SPEAKER, build_programme


@pytest.fixture
def runner(festplan_env: Settings) -> CliRunner:
    with unit_of_work() as session:
        build_programme(session, hostile=True)
    return CliRunner()


def festplan() -> typer.Typer:
    """The root app with the ingest commands, where ``export programme`` is hooked."""
    from services.ingest import cli as ingest_cli

    app = typer.Typer()
    ingest_cli.register(app)
    return app


def export(runner: CliRunner, fmt: str, out: Path) -> str:
    app = festplan()
    result = runner.invoke(app, ["export", "programme", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_format_is_written_and_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    output = export(runner, "xml", tmp_path / "schedule.xml")
    assert "version n° 1, 5 séance(s), format xml" in output
    assert len(etree.parse(str(tmp_path / "schedule.xml")).xpath("//event")) == 5

    export(runner, "json", tmp_path / "schedule.json")
    document = json.loads((tmp_path / "schedule.json").read_text(encoding="utf-8"))
    assert document["schedule"]["conference"]["acronym"] == "cn2023"

    export(runner, "ics", tmp_path / "programme.ics")
    calendar = icalendar.Calendar.from_ical((tmp_path / "programme.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 5

    export(runner, "csv", tmp_path / "programme.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "programme.csv").read_text(encoding="utf-8-sig"))))
    assert [r["code"] for r in rows] == ["se-001", "se-004", "se-002", "se-003", "se-666"]
    assert next(r for r in rows if r["code"] == "se-666")["intervenant·es"] == "'" + HOSTILE_SPEAKER

    export(runner, "xlsx", tmp_path / "programme.xlsx")
    book = load_workbook(tmp_path / "programme.xlsx")
    assert book.sheetnames == ["Séances", "17-10 hd", "18-10 ambert", "19-10 riom", "20-10 hd"]
    assert book["Séances"].max_row == 6


def test_nothing_published_exits_with_a_message(festplan_env: Settings, tmp_path: Path) -> None:
    args = ["export", "programme", "--format", "json", "--out", str(tmp_path / "x.json")]
    result = CliRunner().invoke(festplan(), args)
    assert result.exit_code == 1
    assert "Aucun programme publié" in result.output
    assert not (tmp_path / "x.json").exists()
