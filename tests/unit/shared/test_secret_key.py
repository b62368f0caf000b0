"""No production on the development secret key: every sign of a deployment refuses a missing, example or short key."""

from __future__ import annotations

import pytest

from shared.secret_key import MAKE_ONE, MIN_LENGTH, is_loopback, require_secret_key
from shared.settings import DEV_SECRET_KEY, Settings, SettingsError

STRONG = "Zq3v-8kP_xR2mN5tL9wB4yH7cJ1fD6gA0sE3uI8oK2e"
EMBEDDED = {"database_url": "sqlite:///x.db", "broker_url": "", "base_url": "http://127.0.0.1:8000"}
#: Each one alone takes festplan out of the embedded default.
TRIGGERS = {
    "postgresql": ({"database_url": "postgresql://festplan:pw@db:5432/festplan"}, None),
    "broker": ({"broker_url": "redis://redis:6379/0"}, None),
    "https": ({"base_url": "https://culture-numerique.example.fr"}, None),
    "public bind": ({}, "0.0.0.0"),
    "named bind": ({}, "festplan.example.fr"),
    "ipv6 bind": ({}, "::"),
}
WEAK = {
    "missing": "",
    "development default": DEV_SECRET_KEY,
    "example": "change-me-to-a-long-random-string",
    "compose's old default": "change-me",
    "short": "x" * (MIN_LENGTH - 1),
}


def _settings(**values: str) -> Settings:
    return Settings(**{**EMBEDDED, **values})  # type: ignore[arg-type]


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("weak", WEAK)
def test_a_deployment_refuses_a_weak_key_with_one_line(trigger: str, weak: str) -> None:
    values, bind = TRIGGERS[trigger]
    settings = _settings(**values, secret_key=WEAK[weak])
    with pytest.raises(SettingsError) as caught:
        require_secret_key(settings, bind_host=bind)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("FESTPLAN_SECRET_KEY ")
    assert " hors du mode embarqué " in message
    assert " / FESTPLAN_SECRET_KEY is " in message
    assert MAKE_ONE in message


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_deployment_runs_on_a_long_random_key(trigger: str) -> None:
    values, bind = TRIGGERS[trigger]
    require_secret_key(_settings(**values, secret_key=STRONG), bind_host=bind)


@pytest.mark.parametrize("bind", [None, "127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_the_embedded_default_still_runs_on_the_development_key(bind: str | None) -> None:
    require_secret_key(_settings(), bind_host=bind)
    require_secret_key(_settings(broker_url="memory://"), bind_host=bind)  # tests' in-memory broker


def test_loopback_is_only_this_machine() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.10")
    assert not is_loopback("example.fr")
