"""``festplan demo`` end to end: a fresh embedded database with the demo edition, its people and its file."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from scenario_store_examples import minimal_scenario

from services.demo import DemoContext, DemoRefused, DemoStep, DemoStepFailed, data_steps, run_demo
from shared.db import dispose_engines, unit_of_work
from shared.migrate import upgrade
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario
from shared.scenario.parse import parse_scenario
from shared.scenario_store import save_scenario
from shared.settings import Settings, load_settings
from tests.conftest import TEST_SECRET_KEY

FESTPLAN = Path(sys.executable).with_name("festplan")
DATA_STEP_BUDGET_SECONDS = 15


def festplan(tmp_path: Path, *args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {
        "FESTPLAN_DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'festplan.db'}",
        "FESTPLAN_VAR_DIR": str(tmp_path / "var"),
        "FESTPLAN_OUTBOX_DIR": str(tmp_path / "var" / "outbox"),
        "FESTPLAN_LOCALE": "fr",
        # the steps other services append (optimise and publish) must not make this test slow
        "FESTPLAN_SOLVER_TIME_LIMIT": "5",
    }
    if database_url:  # PostgreSQL is a deployment: a real key, as every process then requires
        env["FESTPLAN_SECRET_KEY"] = TEST_SECRET_KEY
    return subprocess.run([str(FESTPLAN), *args], capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One ``festplan demo`` for the whole module (it takes seconds, not milliseconds)."""
    tmp_path = tmp_path_factory.mktemp("demo")
    (tmp_path / "festplan.db").write_bytes(b"not a database: the demo must delete this file")
    return tmp_path, festplan(tmp_path, "demo")


def scalar(tmp_path: Path, sql: str) -> int:
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        return conn.execute(sql).fetchone()[0]


def test_demo_succeeds_and_prints_its_steps(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "▸ réinitialiser la base" in out
    assert "16 lieux, 36 salles, 30 partenaires, 80 intervenant·es, 120 sessions" in out
    assert "autres propositions : 10 à l'étude, 8 refusées, 5 retirées" in out
    assert "1500 participant·es" in out
    assert re.search(r"enveloppe 50\u202f000,00\u00a0€ : prévu [\d\u202f]+,\d\d\u00a0€", out), out
    assert re.search(r"plafond [\d\u202f]+,00\u00a0€ \(optimisation n° 3\) : coûts variables", out), out
    assert f"scénario : {tmp_path / 'var' / 'demo' / 'scenario.json'}" in out
    data_names = [step.name for step in data_steps("fr")]
    seconds = {m[1]: float(m[2]) for m in re.finditer(r"▸ (.+) \((\d+\.\d) s\)", out)}
    assert set(data_names) <= set(seconds)
    assert sum(seconds[name] for name in data_names) < DATA_STEP_BUDGET_SECONDS


def test_demo_database_holds_the_edition_and_its_people(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    assert scalar(tmp_path, "SELECT count(*) FROM editions") == 1
    assert scalar(tmp_path, "SELECT count(*) FROM venues WHERE address IS NULL OR postal_code NOT LIKE '63%'") == 0
    assert scalar(tmp_path, "SELECT count(*) FROM venues WHERE contact_email LIKE '%@example.fr'") == 16
    assert scalar(tmp_path, "SELECT count(*) FROM rooms") == 36
    assert scalar(tmp_path, "SELECT count(*) FROM partners WHERE contact_name IS NOT NULL") == 30
    assert scalar(tmp_path, "SELECT count(*) FROM speakers WHERE phone LIKE '06 39 98 %'") == 80
    assert scalar(tmp_path, "SELECT count(*) FROM session_proposals WHERE status = 'accepted'") == 120
    assert scalar(tmp_path, "SELECT count(*) FROM session_proposals WHERE description IS NULL") == 0
    for status, count in {"submitted": 10, "rejected": 8, "withdrawn": 5}.items():
        assert scalar(tmp_path, f"SELECT count(*) FROM session_proposals WHERE status = '{status}'") == count
    assert scalar(tmp_path, "SELECT count(*) FROM participants") == 1500
    assert scalar(tmp_path, "SELECT count(DISTINCT email) FROM participants") == 1500
    assert (
        scalar(
            tmp_path,
            "SELECT count(*) FROM participants WHERE email NOT LIKE '%@example.org' AND email NOT LIKE '%@example.fr'",
        )
        == 0
    )
    assert 200 <= scalar(tmp_path, "SELECT count(*) FROM participants WHERE is_professional") <= 400
    assert scalar(tmp_path, "SELECT count(*) FROM participants WHERE accessibility_needs IS NOT NULL") > 20
    assert scalar(tmp_path, "SELECT count(*) FROM registrations WHERE status = 'confirmed'") > 1500
    # registrations only for accepted sessions, and never more confirmed seats than the expected attendance
    assert (
        scalar(
            tmp_path,
            "SELECT count(*) FROM registrations r JOIN session_proposals p ON p.id = r.proposal_id "
            "WHERE p.status != 'accepted'",
        )
        == 0
    )
    over_booked = (
        "SELECT count(*) FROM (SELECT p.id FROM session_proposals p JOIN registrations r ON r.proposal_id = p.id "
        "WHERE r.status IN ('confirmed', 'cancelled') GROUP BY p.id "
        "HAVING sum(r.seats) > max(p.expected_attendance, 4))"
    )
    assert scalar(tmp_path, over_booked) == 0
    assert scalar(tmp_path, "SELECT count(*) FROM users WHERE email = 'cheffe.projet@puy-de-dome.example'") == 1


def test_demo_writes_the_scenario_of_the_generated_edition(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "var" / "demo" / "scenario.json").read_text(encoding="utf-8"))
    assert doc == dump_scenario(parse_scenario(doc))
    generated = dump_scenario(generate_scenario(sessions=120, seed=2023))
    assert {k: v for k, v in doc.items() if k != "previous"} == generated


def test_demo_refuses_postgresql_without_force(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/festplan_demo_must_not_be_touched"
    result = festplan(tmp_path, "demo", database_url=url)
    assert result.returncode == 2
    assert "refuse" in result.stderr
    assert "--force" in result.stderr


def test_a_failing_step_stops_the_demo_and_is_named(tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", var_dir=tmp_path / "var")
    ran: list[str] = []

    def boom(ctx: DemoContext) -> list[str]:
        raise ValueError("plus de café")

    steps = [
        DemoStep("un", lambda ctx: ran.append("un") or ["ok"]),
        DemoStep("deux", boom),
        DemoStep("trois", lambda ctx: ran.append("trois") or []),
    ]
    with pytest.raises(DemoStepFailed, match="« deux » : ValueError: plus de café"):
        run_demo(DemoContext(settings=settings), steps=steps)
    assert ran == ["un"]


@pytest.fixture
def throwaway_pg(pg_server: str) -> Iterator[str]:
    name = f"festplan_demo_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> Settings:
    from shared.settings import reset_settings

    monkeypatch.setenv("FESTPLAN_DATABASE_URL", url)
    monkeypatch.setenv("FESTPLAN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FESTPLAN_BROKER_URL", "")
    monkeypatch.setenv("FESTPLAN_SECRET_KEY", TEST_SECRET_KEY)
    reset_settings()
    dispose_engines()
    return load_settings()


def test_forced_demo_data_steps_reset_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, throwaway_pg: str
) -> None:
    settings = _settings(tmp_path, monkeypatch, throwaway_pg)
    with pytest.raises(DemoRefused):
        run_demo(DemoContext(settings=settings), steps=data_steps())
    upgrade(throwaway_pg)
    with unit_of_work() as session:
        save_scenario(session, parse_scenario(minimal_scenario()))  # what the reset must wipe
    ctx = DemoContext(settings=settings, force=True)
    run_demo(ctx, steps=data_steps())
    engine = sa.create_engine(settings.database_url)
    with engine.connect() as conn:
        codes = list(conn.execute(sa.text("SELECT code FROM editions")).scalars())
        participants = conn.execute(sa.text("SELECT count(*) FROM participants")).scalar()
    engine.dispose()
    assert (codes, participants) == (["cn2023"], 1500)
    assert ctx.outputs["scénario"].is_file()
