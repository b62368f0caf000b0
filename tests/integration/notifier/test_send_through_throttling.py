"""Mail through a provider's throttling on the embedded default: ``send_due`` and ``festplan notify send``.

The SendGrid stand-in answers 429 (with Retry-After) and 500 in turn for a few seconds, then 202. Before
``send_due`` the first 429 left every email ``pending`` for good; now they all go, each once, or — when
the deadline is shorter than the storm — the report says how many are left and why.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from notifier_servers import record_signin_links, use_settings
from sqlalchemy import func, select

from services.notifier.delivery.backends import close_backends
from services.notifier.delivery.sending import send_due
from services.notifier.domain.policy import message_id
from shared.db import unit_of_work
from shared.models.notification import Notification

COUNT = 30


@pytest.fixture
def sendgrid_env(festplan_env, sendgrid_stand_in, monkeypatch):
    settings = use_settings(
        monkeypatch,
        database_url=festplan_env.database_url,
        email_backend="sendgrid",
        sendgrid_host=sendgrid_stand_in.url,
        sendgrid_api_key="SG.test",
    )
    close_backends()
    yield settings, sendgrid_stand_in
    close_backends()


def _record(count: int) -> list[str]:
    return record_signin_links([f"storm:{n}" for n in range(count)])


def _statuses() -> dict[str, int]:
    with unit_of_work() as session:
        return dict(session.execute(select(Notification.status, func.count()).group_by(Notification.status)).all())


def test_a_storm_is_waited_out_and_every_email_leaves_once(sendgrid_env):
    _, stand_in = sendgrid_env
    stand_in.storm(3.0, retry_after=1)
    keys = _record(COUNT)  # the commit's own hand-over meets the storm: the rows wait for a retry
    assert _statuses().get("sent", 0) < COUNT
    report = send_due(deadline_seconds=120)
    assert report.complete, report
    assert _statuses() == {"sent": COUNT}
    assert stand_in.storm_answers >= 2  # both a 429 and a 500 were met
    assert stand_in.message_ids() == {message_id(k): 1 for k in keys}


def test_a_deadline_shorter_than_the_storm_reports_what_is_left(sendgrid_env):
    _, stand_in = sendgrid_env
    stand_in.storm(600.0, retry_after=2)
    _record(COUNT)
    report = send_due(deadline_seconds=1)
    assert report.deadline_passed
    assert not report.complete
    assert report.left == COUNT
    assert report.sent == 0
    assert report.first_error is not None
    assert report.first_error.startswith("HTTP ")
    assert stand_in.message_ids() == {}


def test_notify_send_drains_on_demand_and_fails_when_mail_is_left(sendgrid_env, tmp_path: Path):
    _settings, stand_in = sendgrid_env
    stand_in.storm(600.0, retry_after=1)
    _record(5)
    festplan = Path(sys.executable).with_name("festplan")
    env = {k: v for k, v in os.environ.items()}
    stuck = subprocess.run(
        [str(festplan), "notify", "send", "--deadline", "1"], capture_output=True, text=True, env=env, timeout=120
    )
    assert stuck.returncode == 1, stuck.stdout + stuck.stderr
    assert "5 courriel(s) dû(s) pas encore parti(s)" in stuck.stderr
    assert "première erreur : HTTP" in stuck.stderr
    stand_in.storm(2.0, retry_after=1)
    done = subprocess.run([str(festplan), "notify", "send"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _statuses() == {"sent": 5}
    assert set(stand_in.message_ids().values()) == {1}
