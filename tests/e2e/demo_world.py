"""What the demo's end-to-end tests share: running ``festplan`` in a process of its own on a throwaway embedded
database, and reading what the demo left (the database, the .eml outbox)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path

from tests.conftest import TEST_SECRET_KEY

FESTPLAN = Path(sys.executable).with_name("festplan")
DATA_STEP_BUDGET_SECONDS = 15
#: Fewer people than the demo's 400 register in these tests: the story is the same, the run shorter.
DEMO_TEST_PARTICIPANTS = 120


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def festplan(
    tmp_path: Path, *args: str, database_url: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {
        "FESTPLAN_DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'festplan.db'}",
        "FESTPLAN_VAR_DIR": str(tmp_path / "var"),
        "FESTPLAN_OUTBOX_DIR": str(tmp_path / "var" / "outbox"),
        "FESTPLAN_LOCALE": "fr",
        # the steps other services append (optimise and publish) must not make this test slow
        "FESTPLAN_SOLVER_TIME_LIMIT": "5",
    } | (extra_env or {})
    if database_url:  # PostgreSQL is a deployment: a real key, as every process then requires
        env["FESTPLAN_SECRET_KEY"] = TEST_SECRET_KEY
    return subprocess.run([str(FESTPLAN), *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def scalar(tmp_path: Path, sql: str) -> int:
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        return conn.execute(sql).fetchone()[0]


def emails(tmp_path: Path) -> list[EmailMessage]:
    """Every email the demo wrote to its outbox, parsed."""
    outbox = tmp_path / "var" / "outbox"
    return [
        message_from_bytes(path.read_bytes(), policy=email_policy.default)  # type: ignore[misc]
        for path in sorted(outbox.glob("*.eml"))
    ]
