"""Settings: FESTPLAN_* variables, sensible embedded defaults, and one clear line when one is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from shared.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("FESTPLAN_"):
            monkeypatch.delenv(key)


def test_embedded_defaults_need_no_service() -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("var/festplan.db")
    assert settings.broker_url == ""
    assert settings.eager
    assert settings.email_backend == "file"
    assert settings.outbox_dir.parts[-2:] == ("var", "outbox")
    assert settings.locale == "fr"


def test_variables_are_read_with_the_festplan_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTPLAN_BROKER_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("FESTPLAN_EMAIL_BACKEND", "sendgrid")
    monkeypatch.setenv("FESTPLAN_SENDGRID_HOST", "http://127.0.0.1:9999")
    monkeypatch.setenv("FESTPLAN_LOCALE", "en")
    settings = load_settings()
    assert settings.broker_url == "redis://127.0.0.1:6379/3"
    assert not settings.eager
    assert settings.email_backend == "sendgrid"
    assert settings.sendgrid_host == "http://127.0.0.1:9999"
    assert settings.locale == "en"


def test_plain_postgresql_urls_use_the_shipped_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTPLAN_DATABASE_URL", "postgresql://festplan:pw@db:5432/festplan")
    assert load_settings().database_url == "postgresql+psycopg://festplan:pw@db:5432/festplan"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("FESTPLAN_EMAIL_BACKEND", "pigeon", "setting FESTPLAN_EMAIL_BACKEND is invalid"),
        ("FESTPLAN_SMTP_PORT", "vingt-cinq", "setting FESTPLAN_SMTP_PORT is invalid"),
        ("FESTPLAN_SMTP_PORT", "70000", "setting FESTPLAN_SMTP_PORT is invalid"),
        ("FESTPLAN_DATABASE_URL", "mysql://x", "setting FESTPLAN_DATABASE_URL is invalid"),
        ("FESTPLAN_BROKER_URL", "amqp://guest@localhost", "setting FESTPLAN_BROKER_URL is invalid"),
        ("FESTPLAN_LOCALE", "de", "setting FESTPLAN_LOCALE is invalid"),
    ],
)
def test_a_malformed_setting_is_one_readable_error(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_the_cli_stops_at_start_with_one_line_on_a_bad_setting(tmp_path) -> None:
    env = {"FESTPLAN_SMTP_PORT": "abc", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "services", "db", "current"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "festplan: setting FESTPLAN_SMTP_PORT is invalid: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]
