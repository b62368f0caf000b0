"""Production mode through a storm: a real worker and a real beat on Redis, PostgreSQL, a stand-in SendGrid.

The stand-in answers 429 (Retry-After) and 500 in turn for a few seconds, then 202. Once the storm is
over, every pending email must be out within a minute (retry times from Retry-After, a capped backoff,
the relay's period), each sent exactly once. The deadline below is generous (a loaded machine); the
time-to-drain itself is measured by the mail benchmark.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from notifier_servers import WorkerProcess, point_celery_at, record_signin_links, use_settings
from sqlalchemy import func, select

from services.notifier.delivery.backends import close_backends
from services.notifier.domain.policy import message_id
from shared.db import unit_of_work
from shared.models.notification import Notification

STORM_REDIS_DB = 9
COUNT = 120


class BeatProcess:
    """``festplan beat`` as a subprocess: the relay every 15 s, as in docker-compose."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        festplan = Path(sys.executable).with_name("festplan")
        log = (self.tmp / "beat.log").open("ab")
        self.proc = subprocess.Popen(
            [str(festplan), "beat", "--loglevel", "WARNING"],
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture
def storm_env(pg_env, sendgrid_stand_in, monkeypatch, redis_url, tmp_path):
    broker = redis_url.rsplit("/", 1)[0] + f"/{STORM_REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    settings = use_settings(
        monkeypatch,
        broker_url=broker,
        email_backend="sendgrid",
        sendgrid_host=sendgrid_stand_in.url,
        sendgrid_api_key="SG.test",
        var_dir=str(tmp_path / "var"),
    )
    point_celery_at(settings)
    worker = WorkerProcess(tmp_path / "worker.log")
    beat = BeatProcess(tmp_path)
    yield sendgrid_stand_in, worker, beat
    beat.stop()
    worker.stop()
    close_backends()
    redis.Redis.from_url(broker).flushdb()


def _sent() -> int:
    with unit_of_work() as session:
        return session.scalar(select(func.count()).where(Notification.status == "sent")) or 0


def test_after_a_storm_every_email_leaves_once(storm_env):
    stand_in, worker, beat = storm_env
    (Path(os.environ["FESTPLAN_VAR_DIR"])).mkdir(parents=True, exist_ok=True)
    worker.start()
    beat.start()
    record_signin_links(["storm-prod:warm-up"])  # the worker is up and sending before the storm starts
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _sent() < 1:
        time.sleep(0.3)
    assert _sent() == 1
    storm_ends = stand_in.storm(8.0, retry_after=2)
    keys = [f"storm-prod:{n}" for n in range(COUNT)]
    record_signin_links(keys)
    deadline = storm_ends + 150  # a generous bound; the benchmark measures the real time-to-drain
    while time.monotonic() < deadline and _sent() < COUNT + 1:
        time.sleep(0.5)
    assert _sent() == COUNT + 1
    assert stand_in.storm_answers >= 2
    assert stand_in.message_ids() == {message_id(k): 1 for k in ["storm-prod:warm-up", *keys]}
