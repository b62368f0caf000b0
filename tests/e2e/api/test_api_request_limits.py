"""Limits at the door: oversized bodies are refused with 413, a flood of public reads with 429."""

from __future__ import annotations


def test_an_oversized_body_is_refused_before_it_is_parsed(client, world):
    huge = b'{"title": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/v1/partner/proposals", content=huge, headers=world.h("partner_a") | {"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "trop grand" in response.json()["detail"]

    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    streamed = client.post(
        "/formulaires/partenaire/propositions",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert streamed.status_code == 413


def test_public_reads_are_rate_limited_per_client(client, world):
    client.app.state.rate_limiter.per_minute = 5
    codes = [client.get("/api/v1/programme").status_code for _ in range(7)]
    assert codes == [404] * 5 + [429, 429]
    limited = client.get("/api/v1/programme")
    assert int(limited.headers["retry-after"]) >= 1
    assert client.get("/api/v1/editions", headers=world.h("lead")).status_code == 200
