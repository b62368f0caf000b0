"""The lead's round trip on the command line: import, optimise --wait, runs, diff, publish, pin, re-optimise.

Each command goes through the real ``festplan`` typer app (CliRunner, in-process to keep the test fast)
on an embedded SQLite database with eager Celery and the file outbox; rows are read back with SQL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from sqlalchemy import text
from typer.testing import CliRunner

from services.ingest import cli as ingest_cli
from services.scheduler import cli as scheduler_cli
from shared.db import unit_of_work
from shared.scenario.dump import dump_scenario
from shared.scenario.model import Partner
from tests.factories.scenarios import base_scenario, session, speaker


def world():
    """Six sessions of two partners and four speakers over the three rooms of the factory world."""
    scenario = base_scenario(
        sessions=[
            session(
                f"se-{i}",
                duration=60,
                partner=f"pa-{i % 2}",
                speakers=[f"sp-{i % 4}"],
                expected_attendance=25,
                preferred_dates=None,
            )
            for i in range(1, 7)
        ],
        speakers=[speaker(f"sp-{i}", f"Intervenant {i}", email=f"sp-{i}@example.org") for i in range(4)],
    )
    scenario.partners = [Partner(id=f"pa-{i}", name=f"Partenaire {i}", email=f"pa-{i}@example.org") for i in range(2)]
    return scenario


@pytest.fixture
def cli(festplan_env, tmp_path: Path):
    app = typer.Typer()
    ingest_cli.register(app)
    scheduler_cli.register(app)
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> str:
        done = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        if ok:
            assert done.exit_code == 0, f"festplan {' '.join(args)}\n{done.output}\n{done.exception!r}"
        return done.output

    def query(sql: str, *params: object) -> list[tuple]:
        names = {f"p{i}": value for i, value in enumerate(params)}
        for i in range(len(params)):
            sql = sql.replace("?", f":p{i}", 1)
        with unit_of_work() as session:
            return [tuple(row) for row in session.execute(text(sql), names)]

    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(dump_scenario(world()), ensure_ascii=False), encoding="utf-8")
    run("import", "scenario", str(path))
    return run, query


def recipients(query, version: int) -> set[str]:
    rows = query(
        "SELECT n.recipient_email FROM notifications n JOIN schedule_versions v ON v.id = n.schedule_version_id "
        "WHERE v.number = ? AND n.kind != 'partner.logistics'",
        version,
    )
    return {email for (email,) in rows}


def placement(query, run_id: int, code: str) -> tuple[str, str]:
    ((room, start),) = query(
        "SELECT r.code, a.start FROM assignments a JOIN rooms r ON r.id = a.room_id "
        "JOIN session_proposals p ON p.id = a.proposal_id WHERE a.run_id = ? AND p.code = ?",
        run_id,
        code,
    )
    return room, start


def test_optimise_publish_pin_and_republish(cli) -> None:
    run, query = cli
    assert "aucune version publiée" in run("versions")
    assert "aucune session épinglée" in run("pins")

    out = run("optimise", "--time-limit", "10", "--wait")
    assert "optimisation n° 1" in out
    assert re.search(r"6 placée\(s\), 0 non placée\(s\)", out), out
    assert "n° 1" in run("runs") or " 1 " in run("runs")

    assert "Aucune version publiée" in run("diff", "1")
    assert "version n° 1 publiée" in run("publish", "1", "--message", "Premier programme")
    everyone = {f"sp-{i}@example.org" for i in range(4)} | {"pa-0@example.org", "pa-1@example.org"}
    assert recipients(query, 1) == everyone

    # Re-optimising with nothing changed keeps the published programme: publishing it sends nothing.
    run("optimise", "--time-limit", "10", "--wait")
    diff_out = run("diff", "2")
    assert "0 nouvelle(s), 0 déplacée(s), 0 retirée(s), 6 inchangée(s)." in diff_out
    count = query("SELECT count(*) FROM notifications")[0][0]
    assert "version n° 2 publiée" in run("publish", "2")
    assert query("SELECT count(*) FROM notifications")[0][0] == count
    assert "déjà la version publiée" in run("publish", "2", ok=False)

    # Pin se-1 elsewhere; the next run must put it exactly there and move as little else as it can.
    room, _ = placement(query, 2, "se-1")
    target = ("riom-audito", "2023-10-19", "15:00") if room != "riom-audito" else ("hd-cassin", "2023-10-19", "15:00")
    assert "se-1 épinglée" in run("pin", "se-1", "--room", target[0], "--date", target[1], "--time", target[2])
    assert run("pins").startswith(f"se-1 : salle {target[0]}")
    run("optimise", "--time-limit", "10", "--wait")
    assert placement(query, 3, "se-1") == (target[0], f"{target[1]} {target[2]}:00.000000")
    diff_out = run("diff", "3")
    assert "~ se-1" in diff_out
    assert "sp-1" in diff_out

    run("publish", "3", "--hold-mail")
    told = recipients(query, 3)
    assert "sp-1@example.org" in told  # se-1's speaker
    assert "pa-1@example.org" in told  # se-1's partner
    assert told < everyone  # only the people affected
    statuses = {
        s
        for (s,) in query(
            "SELECT n.status FROM notifications n JOIN schedule_versions v ON v.id = n.schedule_version_id "
            "WHERE v.number = 3"
        )
    }
    assert statuses == {"held"}
    assert "[courriels retenus]" in run("versions")
    assert "n'est plus épinglée" in run("unpin", "se-1")
    assert "aucune session épinglée" in run("pins")
