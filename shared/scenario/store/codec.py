"""How scenario values are spelled in the database's JSON columns: exactly as scenario-format 1 writes them.

Opening hours, audience windows, session windows, school holidays and preferred dates live in JSON
columns; keeping the file's own spelling there (``{"days": …, "from": "09:00", "to": "18:00"}``) makes
the columns readable in ``psql`` and lets a scenario round-trip without interpretation. Pure functions.
"""

from __future__ import annotations

from datetime import date

from shared.scenario.calendar import fmt_date, fmt_dt, fmt_hhmm, parse_date, parse_dt, parse_hhmm
from shared.scenario.model import DateRange, DayWindow, TimeRange


def day_windows_to_json(windows: list[DayWindow]) -> list[dict[str, str]]:
    return [{"days": w.days, "from": fmt_hhmm(w.start_minute), "to": fmt_hhmm(w.end_minute)} for w in windows]


def day_windows_from_json(rows: list[dict[str, str]]) -> list[DayWindow]:
    return [
        DayWindow(
            days=row["days"],
            start_minute=parse_hhmm(row["from"], allow_24=True),
            end_minute=parse_hhmm(row["to"], allow_24=True),
        )
        for row in rows
    ]


def optional_day_windows_to_json(windows: list[DayWindow] | None) -> list[dict[str, str]] | None:
    """``None`` (key absent: open all day) stays ``None``; an empty list (never open) stays empty."""
    return None if windows is None else day_windows_to_json(windows)


def optional_day_windows_from_json(rows: list[dict[str, str]] | None) -> list[DayWindow] | None:
    return None if rows is None else day_windows_from_json(rows)


def audience_windows_to_json(windows: dict[str, list[DayWindow]]) -> dict[str, list[dict[str, str]]]:
    return {audience: day_windows_to_json(rows) for audience, rows in windows.items()}


def audience_windows_from_json(data: dict[str, list[dict[str, str]]]) -> dict[str, list[DayWindow]]:
    return {audience: day_windows_from_json(rows) for audience, rows in (data or {}).items()}


def time_ranges_to_json(ranges: list[TimeRange] | None) -> list[dict[str, str]] | None:
    return None if ranges is None else [{"start": fmt_dt(r.start), "end": fmt_dt(r.end)} for r in ranges]


def time_ranges_from_json(rows: list[dict[str, str]] | None) -> list[TimeRange] | None:
    if rows is None:
        return None
    return [TimeRange(start=parse_dt(row["start"]), end=parse_dt(row["end"])) for row in rows]


def date_ranges_to_json(ranges: list[DateRange]) -> list[dict[str, str]]:
    return [{"start": fmt_date(r.start), "end": fmt_date(r.end)} for r in ranges]


def date_ranges_from_json(rows: list[dict[str, str]]) -> list[DateRange]:
    return [DateRange(start=parse_date(row["start"]), end=parse_date(row["end"])) for row in rows or []]


def dates_to_json(values: list[date] | None) -> list[str] | None:
    return None if values is None else [fmt_date(d) for d in values]


def dates_from_json(values: list[str] | None) -> list[date] | None:
    return None if values is None else [parse_date(v) for v in values]


def optional_list(values: list[str] | None) -> list[str] | None:
    """A copy of a list of codes, keeping ``None`` (absent) apart from ``[]`` (present and empty)."""
    return None if values is None else list(values)
