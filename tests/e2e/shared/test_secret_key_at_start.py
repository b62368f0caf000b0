"""Every festplan process stops at start on a weak key outside the embedded default: CLI, serve, worker, beat,
``celery -A services.worker`` and the web app's factory — with one line on stderr, before touching anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.settings import SettingsError, load_settings
from tests.conftest import PG_ADMIN_URL, TEST_SECRET_KEY

FESTPLAN = str(Path(sys.executable).with_name("festplan"))
ROOT = Path(__file__).resolve().parents[3]


def _run(argv: list[str], tmp_path: Path, **values: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {"FESTPLAN_VAR_DIR": str(tmp_path / "var"), "FESTPLAN_DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}"}
    env |= {f"FESTPLAN_{k.upper()}": v for k, v in values.items()}
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)


def _assert_refused(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("festplan: FESTPLAN_SECRET_KEY ")
    assert "secrets.token_urlsafe(48)" in lines[0]


@pytest.mark.parametrize(
    ("argv", "values"),
    [
        (["db", "current"], {"database_url": PG_ADMIN_URL}),
        (["db", "current"], {"database_url": PG_ADMIN_URL, "secret_key": "change-me"}),
        (["db", "current"], {"database_url": PG_ADMIN_URL, "secret_key": "too-short-a-key"}),
        (["worker"], {"broker_url": "redis://127.0.0.1:6379/15"}),
        (["beat"], {"broker_url": "redis://127.0.0.1:6379/15"}),
        (["notify", "status"], {"base_url": "https://culture-numerique.example.fr"}),
        (["serve", "--host", "0.0.0.0", "--port", "1"], {}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else ",".join(f"{k}={x}" for k, x in v.items()),
)
def test_a_deployment_on_a_weak_key_stops_at_start(argv: list[str], values: dict[str, str], tmp_path: Path) -> None:
    _assert_refused(_run([FESTPLAN, *argv], tmp_path, **values))
    assert not (tmp_path / "f.db").exists()  # nothing migrated, nothing written


def test_the_plain_celery_entry_point_stops_too(tmp_path: Path) -> None:
    result = _run([sys.executable, "-c", "import services.worker"], tmp_path, broker_url="redis://127.0.0.1:6379/15")
    _assert_refused(result)


def test_the_web_app_factory_refuses_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from shared.bootstrap import bootstrap

    with pytest.raises(SettingsError, match=r"^FESTPLAN_SECRET_KEY "):
        bootstrap(load_settings(database_url=PG_ADMIN_URL, secret_key=""), migrate=False)


def test_the_embedded_default_runs_on_the_development_key(tmp_path: Path) -> None:
    result = _run([FESTPLAN, "db", "current"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # the embedded database was migrated to a revision


def test_a_deployment_with_a_real_key_starts(pg_database: str, tmp_path: Path) -> None:
    result = _run([FESTPLAN, "db", "current"], tmp_path, database_url=pg_database, secret_key=TEST_SECRET_KEY)
    assert result.returncode == 0, result.stderr
