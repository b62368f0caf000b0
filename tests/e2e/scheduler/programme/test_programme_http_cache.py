"""The cached programme reads over HTTP, on PostgreSQL: gzip negotiation, ETags per encoding, 304, fresh edits.

Real clients send ``Accept-Encoding: gzip``; the documents are compressed once per stamp and the
compressed bytes must be exactly the identity body. An edit in the back-office (a venue renamed) must
reach the page and the exchange files without a new publication.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.scheduler.programme import repository as queries
from shared.db import unit_of_work
from shared.models.edition import Venue
from shared.settings import Settings
from tests.factories.programme import PublishedProgramme, build_programme

READS = ["/programme", "/api/v1/programme.json", "/api/v1/programme.xml", "/api/v1/programme"]


@pytest.fixture
def published(pg_env: Settings) -> PublishedProgramme:
    with unit_of_work() as session:
        return build_programme(session)


@pytest.fixture
def client(published: PublishedProgramme) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def raw_get(client: TestClient, path: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The response and its body exactly as sent (httpx would otherwise decompress it)."""
    with client.stream("GET", path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("path", READS)
def test_gzip_only_when_accepted_and_it_decompresses_to_the_identity_body(client: TestClient, path: str) -> None:
    plain, identity = raw_get(client, path, **{"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert "content-encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["vary"]

    packed, compressed = raw_get(client, path, **{"Accept-Encoding": "br;q=1.0, gzip;q=0.8, *;q=0.1"})
    assert packed.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    assert packed.headers["content-type"] == plain.headers["content-type"]
    assert int(packed.headers["content-length"]) == len(compressed) < len(identity)
    assert gzip.decompress(compressed) == identity
    # Another representation, another strong validator (RFC 9110 §8.8.3).
    assert packed.headers["etag"] != plain.headers["etag"]

    refused, body = raw_get(client, path, **{"Accept-Encoding": "gzip;q=0, deflate"})
    assert "content-encoding" not in refused.headers
    assert body == identity


@pytest.mark.parametrize("path", READS)
def test_304_for_the_etag_of_the_representation_asked(client: TestClient, path: str) -> None:
    for encoding in ("gzip", "identity"):
        first, _ = raw_get(client, path, **{"Accept-Encoding": encoding})
        etag = first.headers["etag"]
        again, body = raw_get(client, path, **{"Accept-Encoding": encoding, "If-None-Match": etag})
        assert again.status_code == 304
        assert body == b""
        assert again.headers["etag"] == etag
        weak, _ = raw_get(client, path, **{"Accept-Encoding": encoding, "If-None-Match": f'"x", W/{etag}'})
        assert weak.status_code == 304
    gzip_tag = raw_get(client, path, **{"Accept-Encoding": "gzip"})[0].headers["etag"]
    other, body = raw_get(client, path, **{"Accept-Encoding": "identity", "If-None-Match": gzip_tag})
    assert other.status_code == 200
    assert body


def test_a_renamed_venue_shows_without_a_new_publication(
    client: TestClient, published: PublishedProgramme, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No waiting for the per-process memo (1 s): what is tested is that the stamp sees the edit.
    monkeypatch.setattr(queries, "MEMO_SECONDS", 0.0)
    before = {path: client.get(path) for path in READS}
    assert "Hôtel du Département" in before["/programme"].text
    assert "Hôtel du Département — Salle 2" in before["/api/v1/programme.xml"].text

    with unit_of_work() as session:
        venue = session.scalars(select(Venue).where(Venue.edition_id == published.edition_id, Venue.code == "hd")).one()
        venue.name = "Maison des Solidarités"

    after = {path: client.get(path) for path in READS}
    for path in READS:
        assert after[path].status_code == 200
        assert "Hôtel du Département" not in after[path].text, path
        assert "Maison des Solidarités" in after[path].text, path
        assert after[path].headers["etag"] != before[path].headers["etag"], path
    document = after["/api/v1/programme.json"].json()
    rooms = {name for day in document["schedule"]["conference"]["days"] for name in day["rooms"]}
    assert "Maison des Solidarités — Salle 2" in rooms
    assert document["schedule"]["version"] == "v1"  # the same published version, not a new one
    assert {s["venue_name"] for s in after["/api/v1/programme"].json()["sessions"]} >= {"Maison des Solidarités"}
    stale = client.get(
        "/api/v1/programme.json", headers={"If-None-Match": before["/api/v1/programme.json"].headers["etag"]}
    )
    assert stale.status_code == 200
