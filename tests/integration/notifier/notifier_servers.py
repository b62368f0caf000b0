"""Real servers on loopback for the notifier tests: an SMTP sink (aiosmtpd) and a SendGrid v3 stand-in."""

from __future__ import annotations

import collections
import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from shared.settings import get_settings, reset_settings

KIT = Path(__file__).resolve().parents[4] / "shared"


def kit_file(*parts: str) -> Path:
    """A file of the kit beside the repo (``../shared``), or skip saying it is absent."""
    path = KIT.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the festplan kit (../shared) is not beside this checkout")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    """Keeps every message received, counts sessions, and can be told to refuse the next messages.

    It offers PIPELINING (RFC 2920) in its EHLO reply, as production relays do, unless told not to
    (``pipelining = False`` before the client connects); aiosmtpd answers pipelined commands in order.
    """

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.message_ids: collections.Counter[str] = collections.Counter()
        self.sessions: set[int] = set()
        self.refuse: list[tuple[int, str]] = []
        self.refuse_recipients: list[tuple[int, str]] = []
        self.pipelining = True
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            code, text = self.refuse_recipients.pop(0)
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.sessions.add(id(session))
            if self.refuse:
                code, text = self.refuse.pop(0)
                return f"{code} {text}"
            content = envelope.original_content or envelope.content
            self.messages.append(content)
            msg = message_from_bytes(content, policy=policy.default)
            self.message_ids[str(msg["Message-ID"])] += 1
        return "250 OK queued"

    def parsed(self):
        return [message_from_bytes(m, policy=policy.default) for m in self.messages]


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (STARTTLS / SSL tests)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"festplan" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SinkHandler, int]]:
    """A plain SMTP server on loopback."""
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def starttls_sink(tmp_path: Path) -> Iterator[tuple[SinkHandler, int, Path]]:
    """An SMTP server that requires STARTTLS and then AUTH LOGIN/PLAIN (festplan / s3cret)."""
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = SinkHandler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    )
    controller.start()
    yield handler, port, cert
    controller.stop()


def use_settings(monkeypatch: pytest.MonkeyPatch, **values: object):
    """Change FESTPLAN_* settings for the rest of the test."""
    for key, value in values.items():
        monkeypatch.setenv(f"FESTPLAN_{key.upper()}", str(value))
    reset_settings()
    return get_settings()


def record_signin_links(keys: list[str]) -> list[str]:
    """One sign-in link email per key (alternately French and English), in one transaction; the keys back."""
    from shared.db import unit_of_work
    from shared.outbox import record

    with unit_of_work() as session:
        for n, key in enumerate(keys):
            record(
                session,
                kind="lead.signin_link",
                recipient_email=f"p{n}@example.org",
                recipient_name=f"P {n}",
                locale="fr" if n % 2 else "en",
                payload={"link": f"https://f.example/{n}"},
                idempotency_key=key,
            )
    return keys


class SendGridStandIn:
    """``POST /v3/mail/send`` validating each body against SendGrid's OpenAPI description."""

    def __init__(self, schema_path: Path) -> None:
        from jsonschema import Draft202012Validator

        doc = json.loads(schema_path.read_text(encoding="utf-8"))
        body = doc["components"]["requestBodies"]["PostMailSend"]["content"]["application/json"]["schema"]
        # SOURCES.md: the description types the top-level custom_args as a string; the live API wants an object.
        body["properties"]["custom_args"] = {"type": "object", "additionalProperties": {"type": "string"}}
        root = {**doc, "$ref": "#/components/requestBodies/PostMailSend/content/application~1json/schema"}
        self.validator = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self.bodies: list[dict] = []
        self.invalid: list[str] = []
        self.script: list[tuple[int, dict[str, str]]] = []
        self.authorizations: list[str] = []
        self.lock = threading.Lock()
        self.counter = 0
        #: A storm (:meth:`storm`): until this ``time.monotonic()``, 429 with Retry-After and 500 in turn.
        self.storm_until: float | None = None
        self.storm_retry_after = 1
        self.storm_answers = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, headers = stand_in.answer(self.path, raw, self.headers.get("Authorization", ""))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                payload = b"" if status == 202 else json.dumps({"errors": [{"message": f"status {status}"}]}).encode()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def storm(self, seconds: float, *, retry_after: int = 1) -> float:
        """Answer 429 (``Retry-After``) and 500 in turn for ``seconds`` from now; return when it ends (monotonic)."""
        with self.lock:
            self.storm_until = time.monotonic() + seconds
            self.storm_retry_after = retry_after
        return self.storm_until

    def message_ids(self) -> collections.Counter[str]:
        """How many times each Message-ID was accepted (202)."""
        with self.lock:
            return collections.Counter(body["headers"]["Message-ID"] for body in self.bodies)

    def answer(self, path: str, raw: bytes, authorization: str) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.authorizations.append(authorization)
            if path != "/v3/mail/send":
                return 404, {}
            try:
                body = json.loads(raw)
            except ValueError:
                self.invalid.append("not JSON")
                return 400, {}
            errors = sorted(self.validator.iter_errors(body), key=lambda e: list(e.path))
            if errors:
                self.invalid.extend(f"{list(e.path)}: {e.message}" for e in errors)
                return 400, {}
            if self.script:
                return self.script.pop(0)
            if self.storm_until is not None and time.monotonic() < self.storm_until:
                self.storm_answers += 1
                if self.storm_answers % 2:
                    return 429, {"Retry-After": str(self.storm_retry_after)}
                return 500, {}
            self.bodies.append(body)
            self.counter += 1
            return 202, {"X-Message-Id": f"sg-{self.counter:06d}"}


@pytest.fixture
def sendgrid_stand_in() -> Iterator[SendGridStandIn]:
    stand_in = SendGridStandIn(kit_file("spec", "external", "sendgrid-mail-v3.openapi.json"))
    stand_in.thread.start()
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


class WorkerProcess:
    """``festplan worker`` as a real subprocess (its own process group, so SIGKILL takes the pool too)."""

    def __init__(self, log_path: Path, *, concurrency: int = 2) -> None:
        self.log_path = log_path
        self.concurrency = concurrency
        self.proc = None

    def start(self) -> None:
        import os
        import subprocess
        import sys

        festplan = Path(sys.executable).with_name("festplan")
        level = os.environ.get("FESTPLAN_TEST_WORKER_LOGLEVEL", "WARNING")
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [str(festplan), "worker", "-Q", "mail", "-c", str(self.concurrency), "--loglevel", level],
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool children, no goodbye."""
        import os
        import signal

        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        import os
        import signal

        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except Exception:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


class RedisServer:
    """A ``redis-server`` of the test's own on a free port, without persistence (a restart loses its queues)."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.tmp = tmp
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import subprocess
        import time

        import redis

        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def point_celery_at(settings) -> None:
    """Configure Celery for ``settings`` and drop its pooled broker connections (they keep the old URL)."""
    from shared.bootstrap import bootstrap
    from shared.celery_app import celery

    bootstrap(settings, migrate=False)
    if celery._pool is not None:
        celery._pool.force_close_all()
        celery._pool = None
    celery.amqp._producer_pool = None
