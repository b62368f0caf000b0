"""Load clients of the HTTP benchmark: ``wrk`` (a C client, light on the shared CPU) or threads of httpx clients.

Each load is bounded twice: a number of requests and a duration, whichever comes first. Both return the
same :class:`Load` figures; an error is a connection failure or a status other than 2xx/3xx.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.setup import percentile

#: wrk reports its figures through this Lua ``done`` hook, as one line starting with ``FESTPLAN``.
WRK_SCRIPT = """
wrk.method = {method}
wrk.body = {body}
{headers}
local limit = {limit}
local count = 0
function response(status, headers, body)
  count = count + 1
  if count >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FESTPLAN %d %d %d %d %.1f %.1f %.1f\\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Load:
    """What one bounded load measured."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else float("nan")


def _lua(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for this text


def wrk_load(
    *,
    url: str,
    method: str,
    headers: dict[str, str],
    body: str | None,
    connections: int,
    duration: float,
    max_requests: int,
    workdir: Path,
) -> Load:
    """One ``wrk`` thread with ``connections`` connections; latency percentiles from wrk's own histogram."""
    script = workdir / "load.lua"
    script.write_text(
        WRK_SCRIPT.format(
            method=_lua(method),
            body=_lua(body) if body is not None else "nil",
            limit=max_requests,
            headers="\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()),
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "10s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=False,
        timeout=duration + 60,
    )
    load = parse_wrk_output(done.stdout)
    if load is None:
        raise RuntimeError(f"wrk gave no figures (code {done.returncode}): {done.stderr.strip()[:300]}")
    return load


def parse_wrk_output(stdout: str) -> Load | None:
    """The figures the Lua ``done`` hook printed (microseconds in, milliseconds out), or None if absent."""
    line = next((x for x in stdout.splitlines() if x.startswith("FESTPLAN ")), None)
    if line is None:
        return None
    requests, status_errors, socket_errors, micros, p50, p99, worst = line.split()[1:]
    return Load(
        requests=int(requests),
        errors=int(status_errors) + int(socket_errors),
        seconds=int(micros) / 1e6,
        p50_ms=float(p50) / 1000,
        p99_ms=float(p99) / 1000,
        max_ms=float(worst) / 1000,
    )


def httpx_load(
    *,
    url: str,
    method: str,
    headers: dict[str, str],
    body: str | None,
    connections: int,
    duration: float,
    max_requests: int,
    workdir: Path,
) -> Load:
    """``connections`` threads, each with its own kept-alive httpx client, until either bound is reached."""
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + duration

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.monotonic() >= deadline:
                return False
            issued += 1
            return True

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=10) as http:
            while take():
                began = time.perf_counter()
                try:
                    ok = http.request(method, url, headers=headers, content=body).status_code < 400
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed * 1000)
                    errors += 0 if ok else 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return Load(
        requests=len(latencies),
        errors=errors,
        seconds=seconds,
        p50_ms=percentile(latencies, 0.5),
        p99_ms=percentile(latencies, 0.99),
        max_ms=max(latencies),
    )
