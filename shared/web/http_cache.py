"""HTTP caching that services share: gzip compressed once per document, ETags, 304s, build-once caches.

A public document (the programme in JSON, as a page, as schedule.json) is the same bytes for thousands
of readers until the data changes: it is rendered and gzip-compressed once and kept in the process.
The representation follows ``Accept-Encoding``; each has its own strong ETag (RFC 9110 §8.8.3: the gzip
bytes are another representation), and ``Vary: Accept-Encoding`` tells shared caches so.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from fastapi import Request
from fastapi.responses import Response

#: zlib level 6 (gzip's default): 6–8× smaller programme documents for a few ms, once per document.
GZIP_LEVEL = 6
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def matches(request: Request, etag: str) -> bool:
    """True when the client's ``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks) or is ``*``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


@lru_cache(maxsize=256)
def gzip_accepted(header: str) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (``gzip``/``x-gzip`` or ``*``, with a quality above 0)."""
    named: float | None = None
    star: float | None = None
    for part in header.split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding in ("gzip", "x-gzip"):
            named = quality if named is None else max(named, quality)
        elif coding == "*":
            star = quality
    if named is not None:
        return named > 0
    return star is not None and star > 0


@dataclass(frozen=True, slots=True)
class Encoded:
    """A document's bytes as they are and gzip-compressed, each with its strong ETag."""

    identity: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str


def encode(body: bytes, *, etag: str) -> Encoded:
    """Compress ``body`` once (``mtime=0``: the same bytes give the same gzip, in every process)."""
    return Encoded(
        identity=body,
        gzipped=gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
        etag=etag,
        gzip_etag=etag[:-1] + '-gz"',
    )


def respond(
    request: Request,
    document: Encoded,
    *,
    media_type: str,
    headers: dict[str, str],
    status_code: int = 200,
) -> Response:
    """The representation the client accepts, or 304 when its ``If-None-Match`` already names it."""
    compressed = gzip_accepted(request.headers.get("accept-encoding", "")) and len(document.gzipped) < len(
        document.identity
    )
    etag = document.gzip_etag if compressed else document.etag
    out = {name: value for name, value in headers.items() if name.lower() != "vary"}
    vary = next((value for name, value in headers.items() if name.lower() == "vary"), None)
    out["ETag"] = etag
    out["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
    if status_code == 200 and matches(request, etag):
        return Response(status_code=304, headers=out)
    if compressed:
        out["Content-Encoding"] = "gzip"
    body = document.gzipped if compressed else document.identity
    return Response(body, status_code=status_code, media_type=media_type, headers=out)


class BuiltOnce(Generic[K, V]):
    """A bounded per-process cache whose missing entry is built by one thread while the others wait for it.

    Without the per-key gate, the sixteen requests that arrive while a 600-session document renders
    would each render it too (a stampede: seconds of CPU and the benchmark's worst latencies).
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: dict[K, V] = {}
        self._gates: dict[K, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        found = self._entries.get(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            found = self._entries.get(key)
            if found is None:
                found = build()
                with self._lock:
                    if len(self._entries) >= self.max_entries:
                        self._entries.clear()
                    self._entries[key] = found
            with self._lock:
                self._gates.pop(key, None)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
