"""What the mail and HTTP benchmarks share: a throwaway PostgreSQL database, a Redis DB of their own,
a published generated edition, percentiles, process CPU and Markdown tables.

Benchmarks measure festplan as it runs in production (PostgreSQL, Redis, real processes); each one
creates its own database and drops it at the end, so they never touch a developer's data.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PG_ADMIN_URL = os.environ.get("FESTPLAN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FESTPLAN_BENCH_REDIS_URL", "redis://127.0.0.1:6379")
#: Redis DB numbers the benchmarks try first, away from the tests' DB 0.
REDIS_DB = {"mail": 11, "http": 12}
CLAIMABLE_DBS = (10, 11, 12, 13, 14, 15)
OWNER_KEY = "festplan:bench:owner"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def fresh_database(label: str) -> Iterator[str]:
    """A PostgreSQL database of this run, migrated to head, dropped (connections and all) at the end."""
    import sqlalchemy as sa

    from shared.db import dispose_engines
    from shared.migrate import upgrade

    name = f"festplan_bench_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_database(purpose: str) -> Iterator[str]:
    """A Redis DB of this run alone, emptied at the end (the broker queues of the run).

    Two benchmark runs at once (``make bench`` and a developer's own run) must not share a broker: each
    claims an empty DB among 10–15 with an atomic ``SET NX`` owner key, and never flushes a DB it did not
    claim. ``purpose`` is the first DB tried (mail 11, http 12).
    """
    import redis

    first = REDIS_DB[purpose]
    for number in [first, *(n for n in CLAIMABLE_DBS if n != first)]:
        client = redis.Redis.from_url(f"{REDIS_URL.rstrip('/')}/{number}")
        if client.dbsize() == 0 and client.set(OWNER_KEY, f"{purpose} {os.getpid()}", nx=True, ex=6 * 3600):
            break
        client.close()
    else:
        raise RuntimeError(f"no free Redis DB among {CLAIMABLE_DBS}: another benchmark run holds them all")
    try:
        yield f"{REDIS_URL.rstrip('/')}/{number}"
    finally:
        client.flushdb()
        client.close()


def use_environment(**values: str) -> None:
    """Point this process (and the processes it starts) at the benchmark's database, broker and folders."""
    from services.wiring import wire
    from shared.bootstrap import bootstrap
    from shared.db import dispose_engines
    from shared.secret_key import use_throwaway_key_if_weak
    from shared.settings import get_settings, reset_settings

    for key, value in values.items():
        os.environ[f"FESTPLAN_{key.upper()}"] = value
    use_throwaway_key_if_weak()
    reset_settings()
    dispose_engines()
    wire()
    bootstrap(get_settings(), migrate=False)


def publish_generated_edition(*, sessions: int, seed: int = 2023) -> tuple[int, int]:
    """The generated edition with its greedy schedule stored as published version 1; (edition id, placed)."""
    from bench.solver.peers_greedy import greedy_schedule
    from shared.db import unit_of_work
    from shared.scenario.generate import generate_scenario
    from shared.scenario.model import PreviousAssignment
    from shared.scenario.store import save_scenario

    scenario = generate_scenario(sessions=sessions, seed=seed)
    schedule = greedy_schedule(scenario)
    # The store's own path for ``previous``: a succeeded run published as version 1.
    scenario.previous = [
        PreviousAssignment(session=a.session, room=a.room, start=a.start) for a in schedule.assignments
    ]
    with unit_of_work() as session:
        edition = save_scenario(session, scenario)
        edition_id = edition.id
    return edition_id, len(schedule.assignments)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of an empty sample")
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def _processes() -> Iterator[tuple[str, list[str]]]:
    """``(command, fields)`` of every live process, from ``/proc/PID/stat``.

    ``fields`` follow ``pid (comm) ``: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    utime stime …, in clock ticks as getrusage counts them.
    """
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        yield raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every live process of a process group."""
    return sum(int(f[11]) + int(f[12]) for _, f in _processes() if int(f[2]) == pgid) / CLOCK_TICKS


def wait_until(predicate, *, timeout: float, interval: float = 0.05, what: str) -> None:  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it is true, or raise naming what was awaited."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not reached within {timeout:.0f} s")
        time.sleep(interval)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, as :mod:`bench.__main__` reads it back."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def named_cpu_seconds(name: str) -> float:
    """User + system CPU of every live process whose command is ``name`` (``postgres``, ``redis-server``)."""
    return sum(int(f[11]) + int(f[12]) for command, f in _processes() if command == name) / CLOCK_TICKS


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot, from ``/proc/stat``: busy share over a span."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, as ``uptime`` shows them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def speed_probe() -> float:
    """Milliseconds a fixed piece of pure Python takes here (the best of three), a reading of the machine's speed.

    The same machine kind was seen running the same code from one to almost two times slower from one
    hour to the next (a shared host): two runs' rates compare only alongside their probes.
    """
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        table: dict[int, str] = {}
        for i in range(200_000):
            table[i & 1023] = str(i)
        best = min(best, time.perf_counter() - began)
    return 1000 * best


def stop_cleanly_on_sigterm() -> None:
    """SIGTERM ends the benchmark like Ctrl-C: its ``finally`` blocks stop the workers and drop the database."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
