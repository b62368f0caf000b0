"""The mail benchmark's storm: a SendGrid stand-in answers 429 (Retry-After) and 500 for N seconds, then 202.

``python -m bench.mail.storm [--emails N] [--storm SECONDS] [--quick]``

Measured on both modes, with the same emails and the same storm:

* production — PostgreSQL, Redis, ``festplan worker -Q mail -c 2`` and ``festplan beat`` (relay every 15 s);
* embedded default — SQLite, no broker, :func:`services.notifier.delivery.sending.send_due` in this process.

For each: time-to-drain (from the storm's end to the last email accepted), emails accepted, duplicates
(Message-IDs accepted more than once; must be 0) and the storm's answers. Target: drained within 60 s.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.setup import fresh_database, redis_database, stop_cleanly_on_sigterm, use_environment

DRAIN_TARGET_SECONDS = 60.0
RETRY_AFTER_SECONDS = 2


class StormySendGrid:
    """``POST /v3/mail/send``: 429 with Retry-After and 500 in turn until :attr:`storm_until`, then 202."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.storm_until = 0.0
        self.storm_answers = 0
        self.accepted: list[tuple[float, str]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                """Quiet."""

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, headers = stand_in.answer(raw)
                payload = b"" if status == 202 else json.dumps({"errors": [{"message": str(status)}]}).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, raw: bytes) -> tuple[int, dict[str, str]]:
        with self.lock:
            if time.monotonic() < self.storm_until:
                self.storm_answers += 1
                if self.storm_answers % 2:
                    return 429, {"Retry-After": str(RETRY_AFTER_SECONDS)}
                return 500, {}
            message_id = str(json.loads(raw).get("headers", {}).get("Message-ID", ""))
            self.accepted.append((time.monotonic(), message_id))
            return 202, {"X-Message-Id": f"storm-{len(self.accepted):08d}"}

    def storm(self, seconds: float) -> float:
        with self.lock:
            self.storm_until = time.monotonic() + seconds
            self.storm_answers = 0
            self.accepted = []
        return self.storm_until

    def figures(self, *, storm_end: float, expected: int) -> dict[str, Any]:
        with self.lock:
            counts = collections.Counter(mid for _, mid in self.accepted)
            last = max((at for at, _ in self.accepted), default=storm_end)
            return {
                "accepted": len(counts),
                "expected": expected,
                "duplicates": sum(c - 1 for c in counts.values()),
                "drain_seconds": max(0.0, last - storm_end),
                "storm_answers": self.storm_answers,
            }

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def record_emails(count: int, tag: str) -> None:
    """``count`` emails in one transaction (more than the direct hand-over takes: the relay sends them)."""
    from shared.db import unit_of_work
    from shared.outbox import record

    with unit_of_work() as session:
        for n in range(count):
            record(
                session,
                kind="lead.signin_link",
                recipient_email=f"storm{n}@example.org",
                recipient_name=f"Personne {n}",
                locale="fr" if n % 5 else "en",
                payload={"link": f"https://festplan.example/gestion/connexion/{tag}-{n}"},
                idempotency_key=f"storm:{tag}:{n}",
            )


def _sent() -> int:
    from sqlalchemy import func, select

    from shared.db import unit_of_work
    from shared.models.notification import Notification

    with unit_of_work() as session:
        return session.scalar(select(func.count()).where(Notification.status == "sent")) or 0


def _spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    festplan = str(Path(sys.executable).with_name("festplan"))
    with log.open("ab") as out:
        return subprocess.Popen(
            [festplan, *args], env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    import signal

    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def production(*, emails: int, storm: float, tmp: Path, stand_in: StormySendGrid) -> dict[str, Any]:
    """Worker + beat on Redis and PostgreSQL through the storm."""
    with fresh_database("storm") as url, redis_database("mail") as broker:
        use_environment(
            database_url=url,
            broker_url=broker,
            var_dir=str(tmp),
            email_backend="sendgrid",
            sendgrid_host=stand_in.url,
            sendgrid_api_key="SG.bench",
        )
        worker = _spawn(["worker", "-Q", "mail", "-c", "2", "--loglevel", "WARNING"], tmp / "worker.log")
        beat = _spawn(["beat", "--loglevel", "WARNING"], tmp / "beat.log")
        try:
            record_emails(1, "warm-up")  # the worker is up and sending before the storm starts
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and _sent() < 1:
                time.sleep(0.2)
            storm_end = stand_in.storm(storm)
            record_emails(emails, "production")
            deadline = storm_end + 600
            while time.monotonic() < deadline and _sent() < emails + 1:
                time.sleep(0.2)
            return {"mode": "production", **stand_in.figures(storm_end=storm_end, expected=emails)}
        finally:
            _stop(beat)
            _stop(worker)


def embedded(*, emails: int, storm: float, tmp: Path, stand_in: StormySendGrid) -> dict[str, Any]:
    """SQLite, no broker: the commit's own hand-over meets the storm, then ``send_due`` waits it out."""
    from services.notifier.delivery.backends import close_backends
    from services.notifier.delivery.sending import send_due

    use_environment(
        database_url=f"sqlite:///{tmp / 'embedded.db'}",
        broker_url="",
        var_dir=str(tmp),
        email_backend="sendgrid",
        sendgrid_host=stand_in.url,
        sendgrid_api_key="SG.bench",
        mail_drain_seconds="600",
    )
    from shared.bootstrap import bootstrap
    from shared.settings import get_settings

    bootstrap(get_settings(), migrate=True)
    close_backends()
    storm_end = stand_in.storm(storm)
    record_emails(emails, "embedded")
    report = send_due()
    close_backends()
    return {"mode": "embedded", "complete": report.complete, **stand_in.figures(storm_end=storm_end, expected=emails)}


def run(*, emails: int, storm: float) -> list[dict[str, Any]]:
    stand_in = StormySendGrid()
    try:
        with tempfile.TemporaryDirectory(prefix="festplan-bench-storm-") as tmp:
            return [
                production(emails=emails, storm=storm, tmp=Path(tmp), stand_in=stand_in),
                embedded(emails=emails, storm=storm, tmp=Path(tmp), stand_in=stand_in),
            ]
    finally:
        stand_in.stop()


def report(results: list[dict[str, Any]], *, storm: float) -> str:
    lines = [
        f"Tempête / storm: {storm:.0f} s of 429 (Retry-After {RETRY_AFTER_SECONDS} s) and 500 in turn, then 202.",
        "",
        "| mode | emails | accepted | duplicates | time-to-drain after the storm | storm answers | target ≤ 60 s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ok = r["accepted"] == r["expected"] and r["duplicates"] == 0 and r["drain_seconds"] <= DRAIN_TARGET_SECONDS
        lines.append(
            f"| {r['mode']} | {r['expected']} | {r['accepted']} | {r['duplicates']} | {r['drain_seconds']:.1f} s "
            f"| {r['storm_answers']} | {'✅' if ok else '❌'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Courriels dans une tempête de 429/500 / mail through a storm.")
    parser.add_argument("--emails", type=int, default=None, help="courriels (défaut 2 000, --quick 300)")
    parser.add_argument("--storm", type=float, default=None, help="durée de la tempête en s (défaut 30, --quick 10)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    stop_cleanly_on_sigterm()
    emails = args.emails or (300 if args.quick else 2000)
    storm = args.storm or (10.0 if args.quick else 30.0)
    print(report(run(emails=emails, storm=storm), storm=storm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
