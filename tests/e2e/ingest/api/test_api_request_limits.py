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


def test_both_peoples_forms_share_the_rate_limit_once_per_request(client, world):
    client.app.state.rate_limiter.per_minute = 4
    codes = [client.get(path).status_code for path in ["/formulaires/intervenant", "/formulaires/partenaire"] * 3]
    assert codes == [401, 401, 401, 401, 429, 429]


def test_two_app_processes_share_the_limit_through_redis(festplan_env, redis_url, monkeypatch):
    """What ``festplan serve --workers 2`` does: two apps, one count in Redis."""
    import time
    import uuid

    from fastapi.testclient import TestClient

    from services.web import create_app
    from shared.settings import reset_settings
    from shared.web.rate_limit_redis import RedisRateLimiter

    monkeypatch.setenv("FESTPLAN_BROKER_URL", redis_url)
    monkeypatch.setenv("FESTPLAN_RATE_LIMIT_PER_MINUTE", "4")
    reset_settings()
    prefix = f"festplan:test-rate:{uuid.uuid4().hex}"
    with TestClient(create_app()) as first, TestClient(create_app()) as second:
        for app in (first.app, second.app):
            assert isinstance(app.state.rate_limiter, RedisRateLimiter)
            app.state.rate_limiter.prefix = prefix  # this test's own keys in the shared Redis
        seconds_into_minute = time.time() % 60
        if seconds_into_minute > 57:  # six requests must fall within one minute of the fixed window
            time.sleep(60.5 - seconds_into_minute)
        codes = [c.get("/api/v1/programme").status_code for c in (first, second, first, second, first, second)]
        retry_after = int(second.get("/api/v1/programme").headers["retry-after"])
    reset_settings()
    assert codes == [404, 404, 404, 404, 429, 429]  # four in all, not four per process
    assert 1 <= retry_after <= 60
