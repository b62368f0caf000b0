"""``festplan token``: a lead token printed once that works, listed without its value, revoked for good."""

from __future__ import annotations

from typer.testing import CliRunner


def test_create_list_revoke_a_lead_token(client, festplan_env):
    from services.cli import _register_services, app

    _register_services()
    runner = CliRunner()
    created = runner.invoke(app, ["token", "create", "--role", "lead", "--label", "poste du chef de projet"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[0]
    assert token.startswith("fpl_")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/editions", headers=headers).status_code == 200
    listed = runner.invoke(app, ["token", "list"])
    assert "poste du chef de projet" in listed.stdout
    assert token not in listed.stdout
    token_id = listed.stdout.split("\t", 1)[0]
    assert runner.invoke(app, ["token", "revoke", token_id]).exit_code == 0
    assert client.get("/api/v1/editions", headers=headers).status_code == 401
    assert runner.invoke(app, ["token", "create", "--role", "admin"]).exit_code == 2
    assert runner.invoke(app, ["token", "create", "--role", "partner", "--subject", "42"]).exit_code == 1
