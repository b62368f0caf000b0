"""A local stand-in for OpenAgenda's REST API v2: a small real HTTP server, for the demo and the tests.

It lives in the package (not under tests/) because ``festplan demo`` syncs against it: nothing may
reach the real OpenAgenda from a demo. It follows ``../shared/spec/openagenda-v2.md`` and is stricter
where the API is unconfirmed: multilingual fields must be objects, timings must carry an offset,
``PUT`` on uid routes and ``PATCH`` on event ext routes answer 405. It answers 401 ``{"error": …}`` for
any authentication failure, and its faults (429 with ``Retry-After``, 5xx, a refused event) are set by
the caller, which also reads what it received (counts of writes, the most requests served at once).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

TOKEN_SECONDS = 3600
LIMITS = {"title": 140, "description": 200, "longDescription": 10_000, "conditions": 255}
LOCATION_LIMITS = {"name": 100, "address": 255}
FLAGS = {"hi", "vi", "pi", "mi", "ii"}
_EXT = re.compile(r"^/agendas/(?P<agenda>[^/]+)/(?P<what>events|locations)/ext/(?P<key>[^/]+)/(?P<value>[^/]+)$")
_UID = re.compile(r"^/agendas/(?P<agenda>[^/]+)/(?P<what>events|locations)/(?P<uid>\d+)$")


@dataclass
class Fault:
    status: int
    remaining: int
    retry_after: int | None = None
    body: dict[str, Any] = field(default_factory=lambda: {"message": "too many requests"})


class StandinState:
    """What the stand-in holds and was asked, shared by its request threads."""

    def __init__(self, *, agenda_uid: str, secret_key: str, public_key: str, delay: float = 0.0) -> None:
        self.agenda_uid = agenda_uid
        self.secret_key = secret_key
        self.public_key = public_key
        self.delay = delay
        self.lock = threading.Lock()
        self.tokens: set[str] = set()
        self.locations: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.next_uid = 10_000_000
        self.writes: Counter[str] = Counter()
        self.faults: list[Fault] = []
        #: ext-id value → the error the next writes of that event get (an event the API refuses).
        self.refusals: dict[str, dict[str, Any]] = {}
        self.in_flight = 0
        self.max_in_flight = 0

    def fail_next(self, status: int, *, count: int = 1, retry_after: int | None = None) -> None:
        """The next ``count`` writes answer ``status`` (429 with ``Retry-After``, or a 5xx)."""
        body = {"message": "too many requests"} if status == 429 else {"message": "internal error"}
        with self.lock:
            self.faults.append(Fault(status=status, remaining=count, retry_after=retry_after, body=body))

    def refuse(self, ext_value: str, *, field_name: str = "title", code: str = "invalid", message: str) -> None:
        with self.lock:
            self.refusals[ext_value] = {"code": code, "field": field_name, "message": message, "step": "validation"}

    def event_by_ext(self, value: str) -> dict[str, Any] | None:
        with self.lock:
            return self.events.get(value)


def _multilingual_errors(name: str, value: Any, limit: int, *, required: bool) -> list[dict[str, Any]]:
    if value is None:
        return [{"code": "required", "field": name, "message": "a value is required"}] if required else []
    if not isinstance(value, dict) or not value:
        return [{"code": "multilingual.invalid", "field": name, "message": "an object keyed by language is required"}]
    errors = []
    for lang, text in value.items():
        if not isinstance(text, str) or (required and not text.strip()):
            errors.append({"code": "required", "field": name, "lang": lang, "message": "a string is required"})
        elif len(text) > limit:
            errors.append({"code": "string.toolong", "field": name, "lang": lang, "message": f"max {limit}"})
    return errors


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def validate_event(data: dict[str, Any], *, locations: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    errors = _multilingual_errors("title", data.get("title"), LIMITS["title"], required=True)
    errors += _multilingual_errors("description", data.get("description"), LIMITS["description"], required=True)
    for name in ("longDescription", "conditions"):
        errors += _multilingual_errors(name, data.get(name), LIMITS[name], required=False)
    timings = data.get("timings")
    if not isinstance(timings, list) or not timings:
        errors.append({"code": "required", "field": "timings", "message": "at least one timing"})
    else:
        ranges = []
        for t in timings:
            begin, end = _instant((t or {}).get("begin")), _instant((t or {}).get("end"))
            if begin is None or end is None:
                errors.append({"code": "timing.invalid", "field": "timings", "message": "ISO 8601 with offset"})
            elif end <= begin:
                errors.append({"code": "endLessThanBegin", "field": "timings", "message": "end before begin"})
            elif end - begin > timedelta(hours=24):
                errors.append({"code": "diffExceeded", "field": "timings", "message": "a timing lasts 24 h at most"})
            else:
                ranges.append((begin, end))
        ranges.sort()
        if any(a[1] > b[0] for a, b in itertools.pairwise(ranges)):
            errors.append({"code": "timing.overlap", "field": "timings", "message": "timings overlap"})
    if data.get("attendanceMode", 1) in (1, 3) and data.get("locationUid") not in locations:
        errors.append({"code": "location.invalid", "field": "locationUid", "message": "unknown location"})
    if data.get("status", 1) not in range(1, 7):
        errors.append({"code": "invalid", "field": "status", "message": "status is 1 to 6"})
    flags = data.get("accessibility") or {}
    if not isinstance(flags, dict) or set(flags) - FLAGS or not all(isinstance(v, bool) for v in flags.values()):
        errors.append({"code": "invalid", "field": "accessibility", "message": "keys hi, vi, pi, mi, ii, booleans"})
    for entry in data.get("registration") or []:
        value = entry.get("value") if isinstance(entry, dict) else entry
        if (
            isinstance(entry, dict)
            and entry.get("type") == "link"
            and not str(value).startswith(("http://", "https://"))
        ):
            errors.append({"code": "link.invalid", "field": "registration", "message": "not a URL"})
    return errors


def validate_location(data: dict[str, Any]) -> list[dict[str, Any]]:
    errors = []
    for name, limit in LOCATION_LIMITS.items():
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            errors.append({"code": "required", "field": name, "message": "a string is required"})
        elif len(value) > limit:
            errors.append({"code": "string.toolong", "field": name, "message": f"max {limit}"})
    if not isinstance(data.get("countryCode"), str):
        errors.append({"code": "required", "field": "countryCode", "message": "a country code is required"})
    for name in ("latitude", "longitude"):
        if name in data and not isinstance(data[name], int | float):
            errors.append({"code": f"{name}.invalid", "field": name, "message": "not a number"})
    return errors


class _Handler(BaseHTTPRequestHandler):
    server: StandinServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: Any) -> None:  # quiet: tests and the demo read the state instead
        return

    def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            data = json.loads(raw or b"null")
        except ValueError:
            return None
        return data.get("data", data) if isinstance(data, dict) and isinstance(data.get("data"), dict) else data

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        state = self.server.state
        with state.lock:
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            if state.delay:
                threading.Event().wait(state.delay)
            self._route(method, state)
        finally:
            with state.lock:
                state.in_flight -= 1

    def _route(self, method: str, state: StandinState) -> None:
        path = self.path.split("?", 1)[0].removeprefix(self.server.prefix)
        if path == "/requestAccessToken" and method == "POST":
            data = self._json()
            if not isinstance(data, dict) or data.get("code") != state.secret_key:
                self._answer(401, {"error": "invalid secret key"})
                return
            token = secrets.token_hex(16)
            with state.lock:
                state.tokens.add(token)
            self._answer(200, {"access_token": token, "expires_in": TOKEN_SECONDS})
            return
        ext, uid = _EXT.match(path), _UID.match(path)
        match = ext or uid
        if match is None:
            self._answer(404, {"message": "route not found"})
            return
        if match["agenda"] != state.agenda_uid:
            self._answer(404, {"message": "agenda not found", "info": {"uid": match["agenda"]}})
            return
        if method == "GET":
            self._read(state, match)
            return
        if method != "PUT" or ext is None:
            self._answer(405, {"message": "method not allowed by the stand-in (unconfirmed on the real API)"})
            return
        if self.headers.get("access-token") not in state.tokens:
            self._answer(401, {"error": "access token is invalid"})
            return
        with state.lock:
            fault = state.faults[0] if state.faults else None
            if fault is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    state.faults.pop(0)
        if fault is not None:
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            self._answer(fault.status, fault.body, headers)
            return
        self._upsert(state, match["what"], unquote(match["key"]), unquote(match["value"]))

    def _read(self, state: StandinState, match: re.Match[str]) -> None:
        if self.headers.get("key") != state.public_key and self.headers.get("access-token") not in state.tokens:
            self._answer(401, {"error": "invalid key"})
            return
        what = match["what"]
        store = state.events if what == "events" else state.locations
        with state.lock:
            if "value" in match.groupdict():
                item = store.get(unquote(match["value"]))
            else:
                item = next((v for v in store.values() if v["uid"] == int(match["uid"])), None)
        name = "event" if what == "events" else "location"
        if item is None:
            self._answer(404, {"message": f"{name} not found"})
        else:
            self._answer(200, {"success": True, name: item})

    def _upsert(self, state: StandinState, what: str, key: str, value: str) -> None:
        data = self._json()
        if not isinstance(data, dict):
            self._answer(400, {"message": "data is invalid", "errors": [{"code": "invalid", "message": "not JSON"}]})
            return
        with state.lock:
            by_uid = {loc["uid"]: loc for loc in state.locations.values()}
            errors = validate_event(data, locations=by_uid) if what == "events" else validate_location(data)
            if what == "events" and value in state.refusals:
                errors.append(state.refusals[value])
            if errors:
                self._answer(400, {"message": "data is invalid", "info": {}, "errors": errors})
                return
            store = state.events if what == "events" else state.locations
            current = store.get(value)
            created = current is None
            if created:
                state.next_uid += 1
            uid = state.next_uid if created else current["uid"]
            item = {**data, "uid": uid, "extIds": [{"key": key, "value": value}]}
            store[value] = item
            state.writes[f"{what}.{'created' if created else 'updated'}"] += 1
        name = "event" if what == "events" else "location"
        self._answer(200, {"success": True, name: item})


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: StandinState, *, host: str = "127.0.0.1", port: int = 0, prefix: str = "/v2") -> None:
        super().__init__((host, port), _Handler)
        self.state = state
        self.prefix = prefix
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def start(self) -> StandinServer:
        self._thread = threading.Thread(target=self.serve_forever, name="openagenda-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def start_standin(
    *, agenda_uid: str = "48151623", secret_key: str = "", public_key: str = "", delay: float = 0.0
) -> StandinServer:
    """A running stand-in on a free loopback port, with fresh keys unless given."""
    state = StandinState(
        agenda_uid=agenda_uid,
        secret_key=secret_key or secrets.token_hex(16),
        public_key=public_key or secrets.token_hex(8),
        delay=delay,
    )
    return StandinServer(state).start()
