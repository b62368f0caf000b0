"""The README stays true: its CLI reference names every command, and the two commands are there."""

from __future__ import annotations

from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[3]


def _command_paths() -> list[str]:
    from services.cli import _register_services, app

    _register_services()
    paths: list[str] = []

    def walk(command, path: list[str]) -> None:  # type: ignore[no-untyped-def]
        if hasattr(command, "list_commands"):
            for name in command.list_commands(None):
                walk(command.get_command(None, name), [*path, name])
        else:
            paths.append(" ".join(path))

    walk(typer.main.get_command(app), ["festplan"])
    return paths


def test_the_cli_reference_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path for path in _command_paths() if f"`{path}" not in readme]
    assert missing == []


def test_the_two_commands_are_the_makefile_targets_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "\ndemo:" in makefile
    assert "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
