"""docker-compose.yml: a valid Compose file whose every festplan command really exists.

There is no Docker engine on the CI machines, so the file is validated with `docker compose config` when the
Compose plugin answers, and otherwise against the Compose specification's own JSON schema (kit copy).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import kit_file

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "docker-compose.yml"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _docker_compose_available() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


def test_the_compose_file_is_valid() -> None:
    if _docker_compose_available():
        result = subprocess.run(
            ["docker", "compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return
    import jsonschema

    schema = json.loads(kit_file("spec", "external", "compose-spec.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(_compose())]
    assert errors == []


def test_production_mode_has_every_process_of_the_architecture() -> None:
    services = _compose()["services"]
    assert {"postgres", "redis", "api", "worker-solver", "worker-mail", "beat", "mailpit", "migrate"} <= set(services)
    for name in ("api", "worker-solver", "worker-mail", "beat", "migrate"):
        build = services[name]["build"]
        assert build["dockerfile"].startswith("infra/")
        assert (ROOT / build["dockerfile"]).is_file()
        env = services[name]["environment"]
        assert env["FESTPLAN_DATABASE_URL"].startswith("postgresql://")
        assert env["FESTPLAN_BROKER_URL"].startswith("redis://")


def test_long_running_services_have_health_checks_and_wait_for_their_dependencies() -> None:
    services = _compose()["services"]
    for name in ("postgres", "redis", "mailpit", "api", "worker-solver", "worker-mail"):
        assert "healthcheck" in services[name], name
    for name in ("api", "worker-solver", "worker-mail", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def _festplan_commands() -> list[list[str]]:
    """Every command line the compose file hands to the festplan image's entry point."""
    services = _compose()["services"]
    return [s["command"] for s in services.values() if s.get("build") and "command" in s]


@pytest.mark.parametrize("argv", _festplan_commands(), ids=lambda a: " ".join(a))
def test_every_compose_command_is_a_real_festplan_command(argv: list[str]) -> None:
    from services.cli import _register_services, app

    _register_services()
    result = CliRunner().invoke(app, [*_subcommand(argv), "--help"])
    assert result.exit_code == 0, result.output
    # Options used in the compose file must be options of that command.
    for option in (a for a in argv if a.startswith("--")):
        assert option in result.output, f"{option} is not an option of `festplan {' '.join(_subcommand(argv))}`"


def _subcommand(argv: list[str]) -> list[str]:
    words = []
    for word in argv:
        if word.startswith("-"):
            break
        words.append(word)
    return words


def test_the_dockerfile_installs_the_project_and_runs_festplan() -> None:
    dockerfile = (ROOT / "infra" / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11" in dockerfile
    assert "pip install ." in dockerfile
    assert 'ENTRYPOINT ["festplan"]' in dockerfile


def test_every_festplan_process_requires_a_secret_key_without_default() -> None:
    """`${VAR:?message}`: Compose refuses to start without the key; `${VAR:-default}` would hand out a known one."""
    services = _compose()["services"]
    for name in ("api", "worker-solver", "worker-mail", "beat", "migrate"):
        value = services[name]["environment"]["FESTPLAN_SECRET_KEY"]
        assert value.startswith("${FESTPLAN_SECRET_KEY:?"), (name, value)
        assert value.endswith("}"), (name, value)
        assert ":-" not in value
        assert "secrets.token_urlsafe" in value
    example = (ROOT / "infra" / "festplan.env.example").read_text(encoding="utf-8")
    assert "\nFESTPLAN_SECRET_KEY=\n" in example
