"""A real Celery worker subprocess on the test's broker and database, for the integration tests that need one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def worker_process(
    *,
    broker: str,
    queues: str,
    name: str,
    tmp_path: Path,
    concurrency: int = 2,
    extra_env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """``celery worker -Q queues`` with this test's settings (only the ``FESTPLAN_*`` given), stopped at the end."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_") or k.startswith("FESTPLAN_TEST_")}
    env.update(
        FESTPLAN_BROKER_URL=broker,
        FESTPLAN_DATABASE_URL=os.environ["FESTPLAN_DATABASE_URL"],
        FESTPLAN_SECRET_KEY=os.environ["FESTPLAN_SECRET_KEY"],  # a deployment's worker refuses to start without
        FESTPLAN_VAR_DIR=str(tmp_path / "worker-var"),
        FESTPLAN_OUTBOX_DIR=str(tmp_path / "worker-outbox"),
        **(extra_env or {}),
    )
    command = [sys.executable, "-m", "celery", "-A", "services.worker", "worker", "-Q", queues, "-c", str(concurrency)]
    command += ["--pool", "prefork", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    command += ["-n", f"{name}-{os.getpid()}@%h"]
    with (tmp_path / "worker.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
