"""The measuring rounds of the mail benchmark: worker processes, a batch delivered flat out, a paced run.

A round is the same for festplan and for the bare baseline: everything is queued while no worker of
that pipeline runs, the workers start, and the rate is read from the receiving server's own clock
(first arrival to last), so neither start-up nor queueing is counted. CPU is the workers' (main
process and pool children) between the first and the last arrival.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.mail.servers import ReceiverProcess
from bench.setup import group_cpu_seconds, machine_busy_ticks, named_cpu_seconds, percentile, wait_until


class WorkerGroup:
    """Celery worker processes in a process group of their own (so CPU and shutdown take the pool too)."""

    def __init__(self, command: list[str], *, log_path: Path) -> None:
        self.command = command
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def festplan(cls, *, log_path: Path, concurrency: int = 2) -> WorkerGroup:
        """``festplan worker -Q mail -c 2``: the production worker command."""
        festplan = str(Path(sys.executable).with_name("festplan"))
        return cls(
            [festplan, "worker", "-Q", "mail", "-c", str(concurrency), "--loglevel", "WARNING"], log_path=log_path
        )

    @classmethod
    def baseline(cls, *, log_path: Path, concurrency: int = 2) -> WorkerGroup:
        """The bare baseline's worker, same pool and concurrency."""
        from bench.mail.baseline import QUEUE

        return cls(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bench.mail.baseline",
                "worker",
                "-Q",
                QUEUE,
                "-c",
                str(concurrency),
                "--pool",
                "prefork",
                "--loglevel",
                "WARNING",
            ],
            log_path=log_path,
        )

    @property
    def pgid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def cpu_seconds(self) -> float:
        return group_cpu_seconds(self.pgid)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the group), then SIGKILL if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            tail = self.log_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise RuntimeError(f"worker exited with code {self.proc.returncode}: " + " / ".join(tail))


@dataclass
class Batch:
    """A batch delivered flat out: rate between first and last arrival, CPU per email, what was missing."""

    emails: int
    delivered: int
    duplicates: int
    seconds: float
    per_second: float
    worker_cpu_ms: float
    receiver_cpu_ms: float


def deliver_batch(*, workers: WorkerGroup, receiver: ReceiverProcess, expected: int, timeout: float) -> Batch:
    """Start ``workers`` on an already queued batch and wait until ``expected`` messages arrived."""
    receiver.take()
    workers.start()

    def arrived(n: int) -> Callable[[], bool]:
        def check() -> bool:
            workers.check_alive()
            return receiver.count() >= n

        return check

    wait_until(arrived(1), timeout=120, interval=0.01, what="first email delivered")
    first_count = receiver.count()
    cpu0, sink0 = workers.cpu_seconds(), receiver.cpu_seconds()
    try:
        wait_until(arrived(expected), timeout=timeout, interval=0.02, what=f"{expected} emails delivered")
    except TimeoutError as exc:
        tail = " / ".join(workers.log_path.read_text(errors="replace").strip().splitlines()[-8:])
        raise TimeoutError(f"{exc}; {receiver.count()} arrived; worker log: {tail}") from exc
    cpu1, sink1 = workers.cpu_seconds(), receiver.cpu_seconds()
    last_count = receiver.count()
    time.sleep(0.5)  # a duplicate would arrive now
    arrivals = receiver.take()
    instants = sorted(t for t, _ in arrivals)
    unique = {mid for _, mid in arrivals}
    seconds = instants[-1] - instants[0]
    measured = max(1, last_count - first_count)
    return Batch(
        emails=expected,
        delivered=len(unique),
        duplicates=len(arrivals) - len(unique),
        seconds=seconds,
        per_second=(len(instants) - 1) / seconds if seconds > 0 else float("nan"),
        worker_cpu_ms=1000 * (cpu1 - cpu0) / measured,
        receiver_cpu_ms=1000 * (sink1 - sink0) / measured,
    )


@dataclass
class Paced:
    """Enqueue-to-delivered latencies of emails sent at a steady pace below capacity."""

    emails: int
    delivered: int
    rate: float
    achieved_rate: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    #: Share of the machine's two cores busy during the run (every process: producer, workers, receiver, databases).
    machine_busy: float
    #: CPU milliseconds per email during the run, by process: ``producer`` (this one), ``workers``, ``postgres``
    #: (every local PostgreSQL process), ``redis`` and ``receiver``: where the busy share went.
    cpu_ms: dict[str, float]


#: Producer threads of a paced run: a single one, waiting on its own commit, could not hold 400 emails a
#: second here, and the pace it kept was lower than the one asked; production's producers are concurrent
#: requests.
PRODUCERS = 2


def paced_run(
    *,
    receiver: ReceiverProcess,
    rate: float,
    count: int,
    emit: Callable[[int], str],
    timeout: float,
    producers: int = PRODUCERS,
    workers: WorkerGroup | None = None,
) -> Paced:
    """Call ``emit(i)`` (which queues one email and returns its Message-ID) ``count`` times at ``rate`` per second.

    Email *i* is due at ``i / rate`` seconds; ``producers`` threads share the emails in turn, each
    emitting its next one when due (at once if late), so a slow commit delays that thread only, not
    the pace. The enqueue instant is taken just before ``emit``: for festplan that includes writing
    the outbox row and committing, the producer's whole cost. This process is the producer, for
    festplan and the baseline alike; its heap is settled first, as a ``festplan serve`` worker's is
    (:mod:`shared.heap`), so that a full collection over the 10,000 emails it rendered does not stall
    the emits it times. ``workers``, when given, has its CPU counted apart.
    """
    from shared import heap

    heap.enable()
    receiver.take()
    sent: dict[str, float] = {}
    busy0, total0 = machine_busy_ticks()
    cpu0 = _cpu_by_process(receiver, workers)
    began = time.time() + 0.05  # the threads started

    def produce(first: int) -> None:
        for i in range(first, count, producers):
            pause = began + i / rate - time.time()
            if pause > 0:
                time.sleep(pause)
            at = time.time()
            sent[emit(i)] = at  # one key per thread and email: dict assignment is atomic under the GIL

    threads = [threading.Thread(target=produce, args=(first,), daemon=True) for first in range(producers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    achieved = count / max(1e-9, time.time() - began)
    busy1, total1 = machine_busy_ticks()
    cpu1 = _cpu_by_process(receiver, workers)
    if len(sent) != count:
        raise RuntimeError(f"{count - len(sent)} paced emails were not emitted (a producer thread failed)")
    wait_until(lambda: receiver.count() >= count, timeout=timeout, interval=0.02, what=f"{count} paced emails")
    time.sleep(0.2)
    first_arrival: dict[str, float] = {}
    for at, mid in receiver.take():
        if mid in sent and mid not in first_arrival:
            first_arrival[mid] = at
    latencies = [1000 * (first_arrival[mid] - sent[mid]) for mid in first_arrival]
    return Paced(
        emails=count,
        delivered=len(first_arrival),
        rate=rate,
        achieved_rate=achieved,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        max_ms=max(latencies),
        machine_busy=(busy1 - busy0) / max(1, total1 - total0),
        cpu_ms={who: 1000 * (cpu1[who] - cpu0[who]) / count for who in cpu0},
    )


def _cpu_by_process(receiver: ReceiverProcess, workers: WorkerGroup | None) -> dict[str, float]:
    """CPU seconds so far of the producer (this process, every thread), the workers, the databases, the receiver."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "producer": own.ru_utime + own.ru_stime,
        "workers": workers.cpu_seconds() if workers is not None else float("nan"),
        "postgres": named_cpu_seconds("postgres"),
        "redis": named_cpu_seconds("redis-server"),
        "receiver": receiver.cpu_seconds(),
    }
