"""The injectable clock: the demo's stepped clock reaches ``utcnow`` in its context only, and never goes back."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from shared.clock import WALL_CLOCK, SteppedClock, current, using
from shared.models.types import utcnow

START = datetime(2023, 4, 3, 7, 0, tzinfo=UTC)


def test_utcnow_reads_the_clock_of_the_running_context():
    clock = SteppedClock(START)
    assert current() is WALL_CLOCK
    with using(clock):
        assert utcnow() == START
        clock.advance(timedelta(days=3))
        assert utcnow() == START + timedelta(days=3)
    assert current() is WALL_CLOCK
    assert utcnow().year >= 2024


def test_another_thread_keeps_the_wall_clock():
    seen: list[datetime] = []
    with using(SteppedClock(START)):
        thread = threading.Thread(target=lambda: seen.append(utcnow()))
        thread.start()
        thread.join()
    assert seen[0] != START


def test_the_stepped_clock_sleeps_without_waiting_and_never_goes_back():
    clock = SteppedClock(START)
    clock.sleep(3600)
    assert clock.now() == START + timedelta(hours=1)
    clock.move_to(datetime(2023, 7, 3, 10, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="does not go back"):
        clock.move_to(START)
    with pytest.raises(ValueError, match="aware"):
        SteppedClock(datetime(2023, 1, 1))
