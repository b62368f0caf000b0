"""HTTP benchmark of the public programme on PostgreSQL: the 600-session generated edition, published.

``python -m services.scheduler.programme.bench_http [--seconds 10] [--concurrency 8]`` creates a throw-away
database on the PostgreSQL of ``FESTPLAN_BENCH_PG_URL`` (default: the local one the tests use), loads the
generated edition, places it with the greedy baseline (the solver is not what is measured here), publishes
it, starts ``festplan serve`` on a free port and measures req/s, p50 and p99 of the programme page and of
``programme.json`` (full responses, then ``If-None-Match`` revalidations that answer 304).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

ADMIN_URL = os.environ.get("FESTPLAN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TARGET_RPS = 300
TARGET_P99_MS = 100.0


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def publish_generated(database_url: str, *, sessions: int, seed: int) -> int:
    """Load the generated edition, place it greedily, publish it as version 1; returns the placed count."""
    from services.scheduler.domain.greedy import greedy_schedule
    from shared.db import unit_of_work
    from shared.models.edition import Room
    from shared.models.proposal import SessionProposal
    from shared.models.scheduling import Assignment, OptimisationRun, ScheduleVersion
    from shared.models.types import utcnow
    from shared.scenario.generate import generate_scenario
    from shared.scenario_store import save_scenario

    scenario = generate_scenario(sessions=sessions, seed=seed)
    schedule = greedy_schedule(scenario)
    with unit_of_work() as session:
        edition = save_scenario(session, scenario)
        proposals = dict(
            session.execute(
                sa.select(SessionProposal.code, SessionProposal.id).where(SessionProposal.edition_id == edition.id)
            )
            .tuples()
            .all()
        )
        rooms = dict(session.execute(sa.select(Room.code, Room.id).where(Room.edition_id == edition.id)).tuples().all())
        session.execute(
            sa.update(SessionProposal).where(SessionProposal.edition_id == edition.id).values(status="accepted")
        )
        run = OptimisationRun(
            edition_id=edition.id,
            status="succeeded",
            schedule_status="feasible",
            hard_violations=0,
            finished_at=utcnow(),
            triggered_by="bench_http",
        )
        session.add(run)
        session.flush()
        session.add_all(
            [
                Assignment(
                    run_id=run.id, proposal_id=proposals[a.session], room_id=rooms[a.room], start=a.start, end=a.end
                )
                for a in schedule.assignments
            ]
        )
        session.add(
            ScheduleVersion(edition_id=edition.id, number=1, run_id=run.id, message="bench", published_at=utcnow())
        )
    return len(schedule.assignments)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load(url: str, *, name: str, seconds: float, concurrency: int, revalidate: bool) -> Result:
    """``concurrency`` keep-alive clients hammering ``url`` for ``seconds``; latencies of every request."""
    etag = httpx.get(url, timeout=30).headers.get("etag") if revalidate else None
    headers = {"If-None-Match": etag} if etag else {}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        mine: list[float] = []
        bad = 0
        with httpx.Client(timeout=30, headers=headers) as client:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = client.get(url)
                mine.append(time.perf_counter() - started)
                if response.status_code not in (200, 304):
                    bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Result(
        name=name,
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=p99 * 1000,
        errors=errors[0],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sessions", type=int, default=600)
    args = parser.parse_args(argv)

    from shared.db import dispose_engines
    from shared.migrate import upgrade
    from shared.settings import reset_settings

    name = f"festplan_bench_http_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    database_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    env = dict(
        os.environ, FESTPLAN_DATABASE_URL=database_url, FESTPLAN_RATE_LIMIT_PER_MINUTE="0", FESTPLAN_BROKER_URL=""
    )
    os.environ.update(
        {k: env[k] for k in ("FESTPLAN_DATABASE_URL", "FESTPLAN_RATE_LIMIT_PER_MINUTE", "FESTPLAN_BROKER_URL")}
    )
    reset_settings()
    process = None
    try:
        upgrade(database_url)
        placed = publish_generated(database_url, sessions=args.sessions, seed=2023)
        dispose_engines()
        port = free_port()
        festplan = Path(sys.executable).with_name("festplan")
        process = subprocess.Popen(
            [str(festplan), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        for path in ("/programme", "/api/v1/programme.json"):
            httpx.get(base + path, timeout=60)  # warm the programme and the document caches
        results = [
            load(
                f"{base}/programme",
                name="GET /programme (HTML, 600 sessions)",
                seconds=args.seconds,
                concurrency=args.concurrency,
                revalidate=False,
            ),
            load(
                f"{base}/api/v1/programme.json",
                name="GET /api/v1/programme.json (200)",
                seconds=args.seconds,
                concurrency=args.concurrency,
                revalidate=False,
            ),
            load(
                f"{base}/api/v1/programme.json",
                name="GET /api/v1/programme.json (If-None-Match → 304)",
                seconds=args.seconds,
                concurrency=args.concurrency,
                revalidate=True,
            ),
        ]
        print(
            f"HTTP benchmark — {placed} sessions published, PostgreSQL, 1 uvicorn worker, "
            f"{args.concurrency} clients, {args.seconds:.0f} s each, {os.cpu_count()} CPU"
        )
        print(
            f"| endpoint | requests | req/s | p50 ms | p99 ms | errors | target ≥ {TARGET_RPS} req/s, "
            f"p99 < {TARGET_P99_MS:.0f} ms |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in results:
            ok = "yes" if r.rps >= TARGET_RPS and r.p99_ms < TARGET_P99_MS else "no"
            print(f"| {r.name} | {r.requests} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {ok} |")
        return 0
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=15)
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
