"""``festplan demo`` end to end: a fresh embedded database with the demo edition, its people and its file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from demo_world import DATA_STEP_BUDGET_SECONDS, DEMO_TEST_PARTICIPANTS, festplan, scalar
from scenario_store_examples import minimal_scenario

from services.demo.run import DemoContext, DemoRefused, DemoStep, DemoStepFailed, data_steps, run_demo
from services.evaluation.tasks import announce_due_surveys
from shared.db import dispose_engines, unit_of_work
from shared.migrate import upgrade
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario
from shared.scenario.parse import parse_scenario
from shared.scenario.store import save_scenario
from shared.settings import Settings, load_settings
from tests.conftest import TEST_SECRET_KEY


def test_demo_succeeds_and_prints_its_steps(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "▸ réinitialiser la base" in out
    assert "16 lieux, 36 salles, 30 partenaires, 80 intervenant·es, 120 sessions" in out
    assert "autres propositions : 10 à l'étude, 8 refusées, 5 retirées" in out
    registered = re.search(r"(\d+) personnes inscrites par le formulaire public", out)
    assert registered
    assert int(registered[1]) == scalar(tmp_path, "SELECT count(*) FROM participants")
    assert re.search(r"enveloppe 50\u202f000,00\u00a0€ : prévu [\d\u202f]+,\d\d\u00a0€", out), out
    assert re.search(r"plafond [\d\u202f]+,00\u00a0€ \(optimisation n° \d+\) : coûts variables", out), out
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
    # the call adds three proposals (one accepted, two declined); in October a partner withdraws one session
    assert scalar(tmp_path, "SELECT count(*) FROM session_proposals WHERE status = 'accepted'") == 120 + 1 - 1
    assert scalar(tmp_path, "SELECT count(*) FROM session_proposals WHERE description IS NULL") == 0
    for status, count in {"submitted": 10, "rejected": 8 + 2, "withdrawn": 5 + 1}.items():
        assert scalar(tmp_path, f"SELECT count(*) FROM session_proposals WHERE status = '{status}'") == count
    # participants exist because they registered through the public form's code, each with a unique address
    participants = scalar(tmp_path, "SELECT count(*) FROM participants")
    assert DEMO_TEST_PARTICIPANTS / 2 <= participants <= DEMO_TEST_PARTICIPANTS  # some only met a full session
    assert scalar(tmp_path, "SELECT count(DISTINCT email) FROM participants") == participants
    assert (
        scalar(
            tmp_path,
            "SELECT count(*) FROM participants WHERE email NOT LIKE '%@example.org' AND email NOT LIKE '%@example.fr'",
        )
        == 0
    )
    assert scalar(tmp_path, "SELECT count(*) FROM participants WHERE locale = 'en'") >= 1
    assert scalar(tmp_path, "SELECT count(*) FROM registrations WHERE status = 'confirmed'") > participants
    # someone was told they were on a full session's waiting list, then that a seat was theirs
    waitlisted = (
        "SELECT count(*) FROM notifications WHERE kind = 'participant.registration_confirmed' "
        "AND idempotency_key LIKE '%:waitlisted'"
    )
    assert scalar(tmp_path, waitlisted) >= 1
    assert "attend, puis prend la place libérée par" in result.stdout
    assert scalar(tmp_path, "SELECT count(*) FROM registrations WHERE status = 'cancelled'") >= 1
    # registrations only for accepted sessions, and for the one its partner withdrew on 2 October: its
    # registrations are kept (its participants were told it is cancelled), never deleted nor moved
    by_status = "SELECT count(*) FROM registrations r JOIN session_proposals p ON p.id = r.proposal_id WHERE p.status"
    assert scalar(tmp_path, f"{by_status} = 'withdrawn'") >= 1
    assert (
        scalar(
            tmp_path,
            f"{by_status} NOT IN ('accepted', 'withdrawn')",
        )
        == 0
    )
    assert scalar(tmp_path, "SELECT count(*) FROM users WHERE email = 'cheffe.projet@puy-de-dome.example'") == 1


def test_demo_writes_the_scenario_of_the_generated_edition(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The generated edition, with the demo's truth fixes: a session named after a town stays in that town."""
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "var" / "demo" / "scenario.json").read_text(encoding="utf-8"))
    assert doc == dump_scenario(parse_scenario(doc))
    generated = dump_scenario(generate_scenario(sessions=120, seed=2023))
    for key in ("edition", "venues", "speakers", "partners"):
        assert doc[key] == generated[key], key
    assert [s["id"] for s in doc["sessions"]] == [s["id"] for s in generated["sessions"]]
    town = {v["id"]: v.get("commune") for v in doc["venues"]}
    for item in doc["sessions"]:
        found = re.search(r"\(([^()]+)\)$", item["title"])
        if found and found.group(1) in set(town.values()):
            assert item.get("allowed_venues"), item["id"]
            assert {town[v] for v in item["allowed_venues"]} == {found.group(1)}, item["id"]


def test_demo_refuses_postgresql_without_force(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/festplan_demo_must_not_be_touched"
    result = festplan(tmp_path, "demo", database_url=url)
    assert result.returncode == 2
    assert "refuse" in result.stderr
    assert "--force" in result.stderr


def test_a_failing_step_stops_the_demo_and_is_named(tmp_path: Path) -> None:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}", var_dir=tmp_path / "var", outbox_dir=tmp_path / "var" / "outbox"
    )
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


def test_beat_run_on_the_demos_database_adds_nothing(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo records its rounds' SurveyDue on its own clock: beat's announcer, every morning, finds them all."""
    assert demo_run[1].returncode == 0, demo_run[1].stderr
    for file in demo_run[0].glob("festplan.db*"):
        shutil.copy(file, tmp_path / file.name)
    _settings(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'festplan.db'}")
    assert scalar(tmp_path, "SELECT count(*) FROM domain_events WHERE name = 'evaluation.survey_due'") == 4
    counts = "SELECT (SELECT count(*) FROM domain_events) || ' ' || (SELECT count(*) FROM survey_invitations)"
    before = scalar(tmp_path, f"{counts} || ' ' || (SELECT count(*) FROM notifications)")
    start = date.fromisoformat(str(scalar(tmp_path, "SELECT start_date FROM editions")))
    assert sum(announce_due_surveys(now=f"{start + timedelta(days=d)}T09:00:00+00:00") for d in range(-25, 25)) == 0
    assert scalar(tmp_path, f"{counts} || ' ' || (SELECT count(*) FROM notifications)") == before


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
    monkeypatch.setenv("FESTPLAN_OUTBOX_DIR", str(tmp_path / "var" / "outbox"))
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
    assert (codes, participants) == (["cn2023"], 0)  # people register later, through the form's code
    assert ctx.outputs["scénario"].is_file()


def test_demo_publishes_to_openagenda_and_writes_to_the_network(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """The OpenAgenda syncs (against the local stand-in) after versions 1 and 2, and the network step; figures read
    from the database."""
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    out = result.stdout
    accepted = scalar(tmp_path, "SELECT count(*) FROM session_proposals WHERE status IN ('accepted', 'withdrawn')")
    placed = scalar(
        tmp_path,
        "SELECT count(*) FROM assignments a JOIN schedule_versions v ON v.run_id = a.run_id WHERE v.number = 1",
    )
    first = re.search(r"en base : 16 lieu\(x\), (\d+) événement\(s\) \((\d+) programmé\(s\), 0 reprogrammé", out)
    assert first is not None, out
    assert int(first[1]) == int(first[2]) == placed <= accepted
    # version 2 moved a session (rescheduled) and withdrew one (cancelled, never deleted)
    assert scalar(tmp_path, "SELECT count(*) FROM openagenda_items WHERE kind = 'event' AND oa_status = 6") == 1
    assert scalar(tmp_path, "SELECT count(*) FROM openagenda_items WHERE kind = 'event' AND oa_status = 2") >= 1
    assert scalar(tmp_path, "SELECT count(*) FROM openagenda_items WHERE state != 'synced'") == 0
    assert "30 acteur(s) au réseau, 20 sur /reseau" in out
    # the message to the segment was held for review, then released by the lead, and left once per person
    sent = scalar(tmp_path, "SELECT count(*) FROM notifications WHERE kind = 'network.news' AND status = 'sent'")
    assert sent == 19
    assert scalar(
        tmp_path, "SELECT count(DISTINCT recipient_email) FROM notifications WHERE kind = 'network.news'"
    ) == scalar(tmp_path, "SELECT count(*) FROM notifications WHERE kind = 'network.news'")
