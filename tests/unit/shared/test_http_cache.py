"""The shared HTTP cache's pure parts: ``Accept-Encoding`` negotiation and one build per key under concurrency."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from shared.web.http_cache import BuiltOnce, encode, gzip_accepted


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # gzip named and refused: the wildcard does not bring it back
        ("br, *;q=0.5", True),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_gzip_accepted(header: str, accepted: bool) -> None:
    assert gzip_accepted(header) is accepted


def test_encode_keeps_identity_and_compresses_the_same_bytes_the_same_way() -> None:
    body = ("<li>séance</li>" * 2000).encode()
    first, second = encode(body, etag='"abc"'), encode(body, etag='"abc"')
    assert first.identity == body
    assert gzip.decompress(first.gzipped) == body
    assert first.gzipped == second.gzipped  # mtime=0: every worker sends the same bytes for one ETag
    assert len(first.gzipped) < len(body) // 10
    assert (first.etag, first.gzip_etag) == ('"abc"', '"abc-gz"')


def test_built_once_builds_a_missing_entry_once_while_others_wait() -> None:
    cache: BuiltOnce[str, bytes] = BuiltOnce(4)
    builds: list[int] = []
    results: list[bytes] = []
    start = threading.Barrier(8)

    def build() -> bytes:
        builds.append(1)
        time.sleep(0.05)  # a slow render: every other thread arrives meanwhile
        return b"page"

    def reader() -> None:
        start.wait()
        results.append(cache.get_or_build("k", build))

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == [1]
    assert results == [b"page"] * 8
    assert cache.get("k") == b"page"


def test_built_once_is_bounded() -> None:
    cache: BuiltOnce[int, int] = BuiltOnce(3)
    for key in range(10):
        cache.get_or_build(key, lambda key=key: key * 2)
    assert cache.get(9) == 18
    assert sum(cache.get(k) is not None for k in range(10)) <= 3
