"""``festplan serve`` really serves: health, OpenAPI and the interactive docs, from a separate process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_festplan_serve_answers_health_openapi_and_docs(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env.update(
        FESTPLAN_DATABASE_URL=f"sqlite:///{tmp_path / 'festplan.db'}",
        FESTPLAN_VAR_DIR=str(tmp_path / "var"),
        FESTPLAN_OUTBOX_DIR=str(tmp_path / "var" / "outbox"),
    )
    festplan = Path(sys.executable).with_name("festplan")
    process = subprocess.Popen(
        [str(festplan), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read().decode(errors="replace")
                assert time.monotonic() < deadline, "festplan serve did not answer within 60 s"
                time.sleep(0.3)
        assert health.json() == {"status": "ok"}
        spec = httpx.get(f"{base}/openapi.json", timeout=10).json()
        assert "/api/v1/partner/proposals" in spec["paths"]
        assert "/api/v1/programme" in spec["paths"]
        assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
        docs = httpx.get(f"{base}/docs", timeout=10)
        assert docs.status_code == 200
        assert "swagger-ui" in docs.text.lower()
        assert httpx.get(f"{base}/api/v1/programme", timeout=10).status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=20)
