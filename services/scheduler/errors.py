"""The scheduler's refusals, each carrying a catalog key so the edge can say it in the reader's language."""

from __future__ import annotations

from services.scheduler.texts import say


class SchedulerError(Exception):
    """A request the scheduler refuses; ``key`` and ``values`` give the sentence in any locale."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(say(key, "fr", **values))

    def message(self, locale: str | None = None) -> str:
        return say(self.key, locale, **self.values)


class NotFound(SchedulerError):
    """The run, edition, session or room named does not exist."""


class Conflict(SchedulerError):
    """The request is well formed but the current state forbids it (e.g. publishing a failed run)."""


class Invalid(SchedulerError):
    """A parameter is out of range."""
