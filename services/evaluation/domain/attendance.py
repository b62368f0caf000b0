"""The rule of an attendance count, whichever way it comes in (venue link, API, spreadsheet): a whole number
from 0 to :data:`MAX_COUNT` (pure)."""

from __future__ import annotations

MAX_COUNT = 100_000


class AttendanceRefused(ValueError):
    """The count cannot be recorded; ``key`` is a message key, ``status`` the HTTP status it maps to."""

    def __init__(self, key: str, status: int, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.status = status
        self.params = params


def check_count(count: int) -> int:
    """``count`` when it can be recorded (a boolean is not a number of people); raises :class:`AttendanceRefused`."""
    if isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
        raise AttendanceRefused("count_range", 422, maximum=MAX_COUNT)
    return count
