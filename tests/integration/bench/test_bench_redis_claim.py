"""Two benchmark runs at once never share, nor empty, each other's Redis DB (the real Redis)."""

from __future__ import annotations

import redis

from bench.setup import OWNER_KEY, redis_database


def test_concurrent_runs_get_distinct_databases_and_keep_their_data(redis_url):
    with redis_database("mail") as first, redis_database("mail") as second:
        assert first != second
        one, two = redis.Redis.from_url(first), redis.Redis.from_url(second)
        one.rpush("mail", b"task-of-the-first-run")
        two.rpush("mail", b"task-of-the-second-run")
        assert one.get(OWNER_KEY) is not None
    # each run emptied its own DB on leaving, and only its own
    assert one.dbsize() == 0
    assert two.dbsize() == 0
    one.close()
    two.close()


def test_a_db_holding_data_is_never_claimed(redis_url):
    with redis_database("http") as held:
        foreign = redis.Redis.from_url(held)
        foreign.delete(OWNER_KEY)  # as if another program used this DB for its own data
        foreign.set("not-ours", b"1")
        with redis_database("http") as other:
            assert other != held
        assert foreign.get("not-ours") == b"1"
        foreign.close()
