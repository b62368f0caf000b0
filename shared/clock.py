"""The instant festplan's code calls "now": the wall clock, unless the caller runs under another clock.

Everything that decides what is due (the outbox's ``send_after``, the relay, survey waves, reminders,
publication dates) reads :func:`shared.models.types.utcnow`, which asks this module. A caller that must
tell a story over weeks in seconds — ``festplan demo`` — runs its steps under a :class:`SteppedClock`
with :func:`using`; the clock is a context variable, so it reaches the code called in that context
(Celery's eager tasks included) and nothing else: no global is patched, other threads keep the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that says what time it is (aware, UTC) and can wait."""

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class WallClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


class SteppedClock:
    """A clock that only moves when told to: the demo's, so a two-week edition plays in seconds.

    ``sleep`` moves it forward without waiting, unless ``real_waits`` (a real mail provider asked to be
    left alone for a while: its wish is in real seconds, so the demo waits them, and its clock moves too).
    """

    def __init__(self, start: datetime, *, real_waits: bool = False) -> None:
        if start.tzinfo is None:
            raise ValueError("SteppedClock needs an aware start")
        self._now = start.astimezone(UTC)
        self.real_waits = real_waits

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("a clock does not go back")
        self._now += delta
        return self._now

    def move_to(self, instant: datetime) -> datetime:
        """Jump to ``instant`` (aware); a later instant than now only, so events keep their order."""
        return self.advance(instant.astimezone(UTC) - self._now)

    def sleep(self, seconds: float) -> None:
        if self.real_waits:
            time.sleep(max(0.0, seconds))
        self.advance(timedelta(seconds=max(0.0, seconds)))


WALL_CLOCK = WallClock()
_current: ContextVar[Clock] = ContextVar("festplan_clock", default=WALL_CLOCK)


def current() -> Clock:
    """The clock of the running context."""
    return _current.get()


def now() -> datetime:
    """Now, aware, in UTC, by the running context's clock."""
    return _current.get().now()


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Run the block under ``clock``; the previous clock comes back after it, even when it raises."""
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)
