"""HTTP load benchmark (issues 4 and 7): ``festplan serve`` on PostgreSQL with the 600-session edition published.

``python -m bench.http [--quick] [--workers N] [--connections N]``

A database and a Redis DB of its own; the generated 600-session edition saved with its greedy schedule
published as version 1; ``festplan serve`` in its own process group; then, one endpoint after the
other, a bounded load from a client process on loopback — ``wrk`` when installed (``apt-get install wrk``:
it costs the shared CPU far less than a Python client), else threads of httpx clients — and the
figures: requests per second, p50 and p99 latency, errors. The request-rate limit is switched off
(``FESTPLAN_RATE_LIMIT_PER_MINUTE=0``) and so is uvicorn's access log (``--no-access-log``): the
benchmark measures capacity, not the limiter or a log file. Reads send ``Accept-Encoding: gzip`` as
browsers and conference apps do, so the programme travels compressed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.http_client import Load, httpx_load, wrk_load
from bench.setup import (
    fresh_database,
    load_average,
    markdown_table,
    publish_generated_edition,
    redis_database,
    stop_cleanly_on_sigterm,
    use_environment,
    wait_until,
)

SESSIONS = 600
TARGET_RPS, TARGET_P99_MS = 300.0, 100.0
#: What every read sends, as browsers and conference apps do (``--identity``: nothing, uncompressed bodies).
GZIP_HEADERS = {"Accept-Encoding": "gzip"}
#: A proposal as a partner submits it through the API.
PROPOSAL = {
    "title": "Atelier « Fake news » : démêler le vrai du faux",
    "description": "Un atelier pour apprendre à vérifier une information en ligne.",
    "kind": "workshop",
    "duration_minutes": 90,
    "expected_attendance": 30,
    "audience": "public",
    "accessibility": "accès de plain-pied",
}


@dataclass(frozen=True)
class Endpoint:
    """One thing to load: its label, method, path, body and whether it is a programme read (with a target)."""

    label: str
    method: str
    path: str
    read: bool
    body: dict[str, Any] | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def partner_token(edition_id: int) -> tuple[int, str]:
    """A personal-link token of the edition's first partner (it is also their API bearer token)."""
    from sqlalchemy import select

    from shared.db import unit_of_work
    from shared.models import Partner
    from shared.web.auth import issue_personal_link_token

    with unit_of_work() as session:
        partner_id = session.scalar(select(Partner.id).where(Partner.edition_id == edition_id).order_by(Partner.id))
        _, raw = issue_personal_link_token(session, role="partner", subject_id=partner_id)
    return partner_id, raw


class Server:
    """``festplan serve`` as a subprocess in its own process group."""

    def __init__(self, *, port: int, workers: int, log_path: Path) -> None:
        self.port = port
        self.workers = workers
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import httpx

        festplan = str(Path(sys.executable).with_name("festplan"))
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [festplan, "serve", "--port", str(self.port), "--workers", str(self.workers), "--no-access-log"],
                env=os.environ.copy(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def healthy() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"festplan serve exited: {self.log_path.read_text(errors='replace')[-500:]}")
            try:
                return httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(healthy, timeout=120, interval=0.2, what="festplan serve healthy")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def endpoints(base_url: str) -> list[Endpoint]:
    """The programme reads that exist in this app, and the partner's proposal submission."""
    import httpx

    candidates = [
        Endpoint("GET /api/v1/programme", "GET", "/api/v1/programme", read=True),
        Endpoint("GET /programme", "GET", "/programme", read=True),
        Endpoint("GET /api/v1/programme.json", "GET", "/api/v1/programme.json", read=True),
    ]
    present = [e for e in candidates if httpx.get(base_url + e.path, timeout=30).status_code == 200]
    return [
        *present,
        Endpoint("POST /api/v1/partner/proposals", "POST", "/api/v1/partner/proposals", read=False, body=PROPOSAL),
    ]


def count_proposals(edition_id: int) -> tuple[int, int]:
    """Submitted proposals and their acknowledgement emails in the outbox (every 201 wrote both)."""
    from sqlalchemy import func, select

    from shared.db import unit_of_work
    from shared.models import Notification, SessionProposal

    with unit_of_work() as session:
        proposals = session.scalar(
            select(func.count()).where(SessionProposal.edition_id == edition_id, SessionProposal.status == "submitted")
        )
        emails = session.scalar(select(func.count()).where(Notification.kind == "partner.proposal_received"))
    return proposals or 0, emails or 0


def run(
    quick: bool,
    *,
    workers: int | None = None,
    connections: int = 16,
    client: str | None = None,
    identity: bool = False,
) -> list[dict]:
    """Serve the published edition and load each endpoint in turn; one dict per endpoint (plus notes)."""
    read_headers = {} if identity else GZIP_HEADERS
    workers = workers or os.cpu_count() or 1
    duration = 4.0 if quick else 15.0
    # A safety bound, set above what the time allows: wrk reports its whole duration even when a thread
    # stops at the bound, so a load cut short by it would read as a lower rate than was served.
    max_requests = 50_000 if quick else 200_000
    max_posts = 1_000 if quick else 5_000
    client = client or ("wrk" if shutil.which("wrk") else "httpx")
    results: list[dict[str, Any]] = [{"section": "load", "when": "start", "load": load_average()}]
    with (
        tempfile.TemporaryDirectory(prefix="festplan-bench-http-") as tmp,
        fresh_database("http") as url,
        redis_database("http") as broker,
    ):
        var = Path(tmp)
        # The broker receives the acknowledgement emails' relay tasks; no worker runs: they stay queued.
        use_environment(
            database_url=url,
            broker_url=broker,
            var_dir=str(var),
            outbox_dir=str(var / "outbox"),
            rate_limit_per_minute="0",
        )
        began = time.perf_counter()
        edition_id, placed = publish_generated_edition(sessions=SESSIONS)
        results.append(
            {
                "section": "setup",
                "sessions": SESSIONS,
                "placed": placed,
                "seconds": time.perf_counter() - began,
                "workers": workers,
                "client": client,
                "connections": connections,
                "duration": duration,
                "encoding": "identity" if identity else "gzip",
            }
        )
        _, token = partner_token(edition_id)
        server = Server(port=free_port(), workers=workers, log_path=var / "serve.log")
        server.start()
        try:
            for endpoint in endpoints(server.url):
                headers = (
                    {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                    if endpoint.method == "POST"
                    else read_headers
                )
                body = json.dumps(endpoint.body) if endpoint.body is not None else None
                limit = max_requests if endpoint.read else max_posts
                conns = connections if endpoint.read else max(1, connections // 2)
                loader = wrk_load if client == "wrk" else httpx_load
                if endpoint.read:  # warm every uvicorn worker's caches first: a cold start is not a steady read
                    # A new connection per request: the workers race to accept each one, so every worker gets
                    # some (kept-alive connections can all land on one worker, leaving the other cold).
                    loader(
                        url=server.url + endpoint.path,
                        method="GET",
                        headers={**read_headers, "Connection": "close"},
                        body=None,
                        connections=conns,
                        duration=3.0,  # each worker builds its read model, renders and compresses once
                        max_requests=2_000,
                        workdir=var,
                    )
                load = loader(
                    url=server.url + endpoint.path,
                    method=endpoint.method,
                    headers=headers,
                    body=body,
                    connections=conns,
                    duration=duration,
                    max_requests=limit,
                    workdir=var,
                )
                results.append(entry(endpoint, load, connections=conns))
        finally:
            server.stop()
        proposals, emails = count_proposals(edition_id)
        results.append({"section": "check", "proposals": proposals, "emails": emails})
    results.append({"section": "load", "when": "end", "load": load_average()})
    return results


def entry(endpoint: Endpoint, load: Load, *, connections: int) -> dict[str, Any]:
    return {
        "section": "endpoint",
        "endpoint": endpoint.label,
        "read": endpoint.read,
        "connections": connections,
        "requests": load.requests,
        "errors": load.errors,
        "seconds": load.seconds,
        "per_second": load.per_second,
        "p50_ms": load.p50_ms,
        "p99_ms": load.p99_ms,
        "max_ms": load.max_ms,
    }


def report(results: list[dict[str, Any]]) -> str:
    """Markdown: one row per endpoint, the targets with their verdict, the setup and the load average."""
    rows = [r for r in results if r["section"] == "endpoint"]
    setup = next(r for r in results if r["section"] == "setup")
    out = [
        markdown_table(
            [
                "point d'accès / endpoint",
                "connexions / connections",
                "requêtes / requests",
                "erreurs / errors",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "objectif / target",
            ],
            [
                [
                    r["endpoint"],
                    r["connections"],
                    r["requests"],
                    r["errors"],
                    f"{r['per_second']:.0f}",
                    f"{r['p50_ms']:.1f}",
                    f"{r['p99_ms']:.1f}",
                    f"{r['max_ms']:.1f}",
                    (
                        (
                            "atteint / met"
                            if r["per_second"] >= TARGET_RPS and r["p99_ms"] < TARGET_P99_MS and not r["errors"]
                            else "non atteint / missed"
                        )
                        + " (≥ 300 req/s, p99 < 100 ms)"
                    )
                    if r["read"]
                    else "—",
                ]
                for r in rows
            ],
        )
    ]
    check = next((r for r in results if r["section"] == "check"), None)
    loads = {r["when"]: r["load"] for r in results if r["section"] == "load"}
    out += [
        "",
        f"Édition générée de {setup['sessions']} sessions, {setup['placed']} placées par l'ordonnanceur glouton et "
        f"publiées (version 1), préparée en {setup['seconds']:.0f} s ; `festplan serve --workers {setup['workers']}` "
        f"sur PostgreSQL ; client `{setup['client']}` sur la boucle locale, au plus {setup['duration']:.0f} s par "
        f"point d'accès ; lectures {_reads_fr(setup)} ; limite de débit et journal d'accès "
        f"désactivés. / Generated {setup['sessions']}-session edition, "
        f"{setup['placed']} placed by the greedy scheduler and published (version 1); `festplan serve --workers "
        f"{setup['workers']}` on PostgreSQL; `{setup['client']}` client on loopback, at most "
        f"{setup['duration']:.0f} s per endpoint; reads {_reads_en(setup)}; rate limit and access log off.",
    ]
    if check is not None:
        out.append(
            f"Propositions reçues en base : {check['proposals']}, accusés de réception dans la boîte d'envoi : "
            f"{check['emails']} / proposals stored: {check['proposals']}, acknowledgements in the outbox: "
            f"{check['emails']}"
        )
    out.append(
        f"Charge de la machine (1, 5, 15 min) au début : {loads.get('start', '?')} ; à la fin : "
        f"{loads.get('end', '?')} / machine load at start: {loads.get('start', '?')}; at end: "
        f"{loads.get('end', '?')}"
    )
    return "\n".join(out)


def _reads_fr(setup: dict[str, Any]) -> str:
    if setup.get("encoding") == "identity":
        return "sans `Accept-Encoding` (corps non compressés)"
    return "avec `Accept-Encoding: gzip`, comme les navigateurs"


def _reads_en(setup: dict[str, Any]) -> str:
    if setup.get("encoding") == "identity":
        return "send no `Accept-Encoding` (uncompressed bodies)"
    return "send `Accept-Encoding: gzip` as browsers do"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Charge HTTP / HTTP load benchmark (issues 4 and 7).")
    parser.add_argument("--quick", action="store_true", help="4 s par point d'accès / 4 s per endpoint")
    parser.add_argument("--workers", type=int, default=None, help="processus uvicorn (défaut : un par cœur)")
    parser.add_argument("--connections", type=int, default=16, help="connexions simultanées (lectures)")
    parser.add_argument("--client", choices=("wrk", "httpx"), default=None, help="client de charge")
    parser.add_argument(
        "--identity", action="store_true", help="lectures sans Accept-Encoding / reads without Accept-Encoding"
    )
    args = parser.parse_args(argv)
    stop_cleanly_on_sigterm()
    results = run(
        args.quick, workers=args.workers, connections=args.connections, client=args.client, identity=args.identity
    )
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
