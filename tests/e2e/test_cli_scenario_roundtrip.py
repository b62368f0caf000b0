"""``festplan import scenario`` / ``festplan export scenario`` end to end.

The main paths go through the installed console script in a subprocess; the refusals run the same typer
commands in-process (``CliRunner``) to keep the suite fast.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from scenario_store_examples import full_scenario, minimal_scenario
from typer.testing import CliRunner, Result

from services.ingest import cli as ingest_cli
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario

FESTPLAN = Path(sys.executable).with_name("festplan")
COUNTED = ("editions", "venues", "rooms", "speakers", "partners", "session_proposals", "assignments")


def festplan(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {
        "FESTPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'festplan.db'}",
        "FESTPLAN_VAR_DIR": str(tmp_path / "var"),
        "FESTPLAN_OUTBOX_DIR": str(tmp_path / "var" / "outbox"),
        "FESTPLAN_LOCALE": "fr",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [str(FESTPLAN), *map(str, args)], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def run_in_process(*args: str | Path) -> Result:
    """The ingest commands on a root app of their own, against the ``festplan_env`` settings."""
    app = typer.Typer()
    ingest_cli.register(app)
    return CliRunner().invoke(app, [str(a) for a in args])


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def counts(tmp_path: Path) -> dict[str, int]:
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


def test_import_then_export_gives_the_same_document(tmp_path: Path) -> None:
    doc = full_scenario()
    result = festplan(tmp_path, "import", "scenario", write(tmp_path / "in.json", doc))
    assert result.returncode == 0, result.stderr
    assert "Scénario importé : édition cn2023 « Culture et numérique 2023 »" in result.stdout
    assert "sessions (propositions acceptées)" in result.stdout
    out = tmp_path / "exports" / "out.json"
    result = festplan(tmp_path, "export", "scenario", "--out", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == doc
    assert not list(out.parent.glob(".*.tmp"))  # the atomic write left no temporary file behind


@pytest.mark.usefixtures("festplan_env")
def test_generated_edition_round_trips_and_export_picks_the_edition(tmp_path: Path) -> None:
    generated = dump_scenario(generate_scenario(sessions=60, seed=5, with_previous=True))
    generated["edition"]["id"] = "gen60"
    assert run_in_process("import", "scenario", write(tmp_path / "gen.json", generated)).exit_code == 0
    assert run_in_process("import", "scenario", write(tmp_path / "mini.json", minimal_scenario())).exit_code == 0
    out = tmp_path / "gen-out.json"
    result = run_in_process("export", "scenario", "--out", out, "--edition", "gen60")
    assert result.exit_code == 0, result.output
    assert "Scénario exporté : édition gen60" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == generated
    assert counts(tmp_path)["editions"] == 2


def test_a_format_error_names_the_file_and_path_and_writes_nothing(tmp_path: Path) -> None:
    assert festplan(tmp_path, "import", "scenario", write(tmp_path / "ok.json", full_scenario())).returncode == 0
    before = counts(tmp_path)
    broken = full_scenario()
    broken["sessions"][0]["speakers"] = ["sp-001", "sp-404"]
    broken["edition"]["name"] = "Autre nom"
    bad = write(tmp_path / "bad.json", broken)
    result = festplan(tmp_path, "import", "scenario", bad)
    assert result.returncode == 2
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith(f"{bad}: $.sessions[0].speakers[1]: "), result.stderr
    assert "Traceback" not in result.stderr
    assert counts(tmp_path) == before


@pytest.mark.usefixtures("festplan_env")
def test_invalid_json_is_a_format_error_at_the_root(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    result = run_in_process("import", "scenario", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: $"), result.stderr


@pytest.mark.usefixtures("festplan_env")
def test_no_replace_refuses_and_unknown_edition_fails_cleanly(tmp_path: Path) -> None:
    path = write(tmp_path / "in.json", minimal_scenario())
    assert run_in_process("import", "scenario", path).exit_code == 0
    result = run_in_process("import", "scenario", path, "--no-replace")
    assert result.exit_code == 1
    assert "l'édition « mini » existe déjà" in result.stderr
    result = run_in_process("export", "scenario", "--out", tmp_path / "x.json", "--edition", "nope")
    assert result.exit_code == 1
    assert "aucune édition « nope »" in result.stderr
    assert not (tmp_path / "x.json").exists()
    result = run_in_process("import", "scenario", tmp_path / "absent.json")
    assert result.exit_code == 2
    assert "fichier introuvable" in result.stderr
