"""The receiving end of the mail benchmark: an SMTP server and a SendGrid v3 stand-in, each in its own process.

Both only note, for every message, the instant it arrived and its ``Message-ID``; the benchmark asks
them over a pipe how many arrived and for the list. They run in a process of their own (spawned,
not forked) so that their CPU is theirs, and measured apart from the workers'.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class Arrivals:
    """``(instant, Message-ID)`` of every message received, shared by the server's threads and the pipe."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def add(self, message_id: str) -> None:
        with self.lock:
            self.items.append((time.time(), message_id))

    def serve(self, conn: Connection) -> None:
        """Answer the benchmark: ``count``, ``take`` (the list, emptied) or ``stop``."""
        while True:
            command = conn.recv()
            if command == "stop":
                conn.send("stopped")
                return
            with self.lock:
                if command == "count":
                    conn.send(len(self.items))
                elif command == "take":
                    taken, self.items = self.items, []
                    conn.send(taken)


class SmtpSink:
    """aiosmtpd handler: accept every message, keep only when it came and its Message-ID.

    Its EHLO reply offers PIPELINING, as the relays festplan sends through in production do (Postfix,
    Exim, the providers' SMTP relays); aiosmtpd answers pipelined commands in order. The baseline's
    ``smtplib.sendmail`` does not pipeline and is unaffected.
    """

    def __init__(self, arrivals: Arrivals) -> None:
        self.arrivals = arrivals

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        session.host_name = hostname
        responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        content = envelope.original_content or envelope.content
        head = content[: content.find(b"\r\n\r\n")] if isinstance(content, bytes) else content.encode()
        found = MESSAGE_ID.search(head)
        self.arrivals.add(found.group(1).decode("ascii", "replace") if found else "")
        return "250 OK queued"


def _smtp_main(conn: Connection, port: int) -> None:
    from aiosmtpd.controller import Controller

    arrivals = Arrivals()
    # The festplan emails are ~10 kB; the default 32 MiB ceiling is left as is.
    controller = Controller(SmtpSink(arrivals), hostname="127.0.0.1", port=port)
    controller.start()
    conn.send("ready")
    try:
        arrivals.serve(conn)
    finally:
        controller.stop()


def _sendgrid_main(conn: Connection, port: int) -> None:
    arrivals = Arrivals()
    counter = iter(range(1, 10**9))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive for clients that reuse their connection

        def log_message(self, *args: object) -> None:
            """Quiet: thousands of requests."""

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, payload = 202, b""
            if self.path != "/v3/mail/send":
                status, payload = 404, b'{"errors":[{"message":"not found"}]}'
            else:
                try:
                    body = json.loads(raw)
                    arrivals.add(str(body.get("headers", {}).get("Message-ID", "")))
                except (ValueError, AttributeError):
                    status, payload = 400, b'{"errors":[{"message":"body is not a JSON object"}]}'
            self.send_response(status)
            if status == 202:
                self.send_header("X-Message-Id", f"bench-{next(counter):08d}")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    conn.send("ready")
    try:
        arrivals.serve(conn)
    finally:
        server.shutdown()
        server.server_close()


class ReceiverProcess:
    """One receiving server (``smtp`` or ``sendgrid``) in a spawned process, driven over a pipe."""

    def __init__(self, kind: str, port: int) -> None:
        if kind not in ("smtp", "sendgrid"):
            raise ValueError(f"unknown receiver {kind!r}")
        self.kind = kind
        self.port = port
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        target = _smtp_main if kind == "smtp" else _sendgrid_main
        self.process = context.Process(target=target, args=(child, port), daemon=True, name=f"bench-{kind}")

    def start(self) -> None:
        self.process.start()
        if not self._conn.poll(60) or self._conn.recv() != "ready":
            raise RuntimeError(f"the {self.kind} receiver did not start")

    def count(self) -> int:
        self._conn.send("count")
        return int(self._conn.recv())

    def take(self) -> list[tuple[float, str]]:
        """Every arrival since the last ``take``, and forget them."""
        self._conn.send("take")
        return list(self._conn.recv())

    def cpu_seconds(self) -> float:
        """User + system CPU the receiver's process has used so far."""
        from bench.setup import CLOCK_TICKS

        raw = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = raw[raw.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self._conn.send("stop")
                self._conn.poll(10)
            except OSError:  # the receiver was interrupted with us (Ctrl-C reaches the whole group)
                pass
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
