"""The rules of personal data (RGPD) the use cases apply: when a participant's data expires, how an erased
name or address is blanked out of a free text or a stored document, what an export holds (pure)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

#: What replaces an erased name or address wherever a text repeats it.
ERASED = "[effacé]"
ERASED_DOMAIN = "efface.invalid"
#: Shorter needles would blank out ordinary words.
MIN_NEEDLE = 3


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on, kept inside the month (31 January + 1 → 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_over(*, ended_on: date, months: int, today: date) -> bool:
    """Whether an edition that ended on ``ended_on`` has passed its ``months`` of retention on ``today``."""
    return add_months(ended_on, months) < today


def needles(values: Iterable[str | None]) -> list[str]:
    """The names and addresses to look for, lower-cased, the too short ones left out."""
    return [n.strip().lower() for n in values if n and len(n.strip()) >= MIN_NEEDLE]


def scrub(value: Any, found: list[str]) -> Any:
    """``value`` (text or a JSON document) with every needle of ``found`` replaced, case-insensitively."""
    if isinstance(value, str):
        lowered = value.lower()
        if not any(n in lowered for n in found):
            return value
        for needle in found:
            start = value.lower().find(needle)
            while start != -1:
                value = value[:start] + ERASED + value[start + len(needle) :]
                start = value.lower().find(needle, start + len(ERASED))
        return value
    if isinstance(value, list):
        return [scrub(v, found) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, found) for k, v in value.items()}
    return value


def holds_anything(export: dict[str, Any]) -> bool:
    """Whether a person's export lists any record (its lists are empty when festplan holds nothing)."""
    return any(isinstance(v, list) and v for v in export.values())
