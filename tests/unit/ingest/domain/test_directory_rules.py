"""The directory's rules, whichever way a row comes in: invitations, readable codes, opening hours, ranges (pure)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from services.ingest.domain.directory import (
    RowProblem,
    day_range,
    hhmm,
    invites,
    opening_windows,
    readable_code,
)


def test_partners_and_speakers_with_an_address_are_invited() -> None:
    assert invites("partner", "mediatheque@example.org")
    assert invites("speaker", "ana@example.org")
    assert not invites("speaker", None)
    assert not invites("speaker", "")
    assert not invites("participant", "jules@example.org")


def test_a_readable_code_is_made_from_the_name_and_kept_unique() -> None:
    taken = {"mediatheque-de-riom"}
    assert readable_code("Médiathèque de Riom", taken) == "mediatheque-de-riom-2"
    assert readable_code("Médiathèque  de RIOM !", taken) == "mediatheque-de-riom-3"
    assert readable_code("Café numérique", taken) == "cafe-numerique"
    assert {"mediatheque-de-riom-2", "mediatheque-de-riom-3", "cafe-numerique"} <= taken
    assert readable_code("???", set()) == "x"
    assert len(readable_code("a" * 200, set())) == 56


def test_hhmm_shows_a_time_as_the_spreadsheet_does() -> None:
    assert hhmm(time(9, 5)) == "09:05"
    assert hhmm("24:00") == "24:00"


@pytest.mark.parametrize(
    ("days", "opens", "closes", "expected"),
    [
        (None, None, None, None),
        ("mon-fri", None, None, [{"days": "mon-fri", "from": "00:00", "to": "24:00"}]),
        (None, time(9), time(18), [{"days": "all", "from": "09:00", "to": "18:00"}]),
        ("sat", time(14), "24:00", [{"days": "sat", "from": "14:00", "to": "24:00"}]),
        (None, None, time(18), RowProblem("opens", "cell.required")),
        (None, time(9), None, RowProblem("closes", "cell.required")),
        (None, time(18), time(9), RowProblem("closes", "row.end_before_start", {"start": "18:00", "end": "09:00"})),
        (None, time(9), time(9), RowProblem("closes", "row.end_before_start", {"start": "09:00", "end": "09:00"})),
    ],
)
def test_opening_hours(days: str | None, opens: time | None, closes: time | str | None, expected: object) -> None:
    assert opening_windows(days=days, opens=opens, closes=closes) == expected


def test_a_speakers_range_on_a_day_may_end_at_midnight_but_not_before_it_starts() -> None:
    day = date(2025, 10, 14)
    assert day_range(day, time(9), time(12, 30)) == (datetime(2025, 10, 14, 9), datetime(2025, 10, 14, 12, 30))
    assert day_range(day, time(20), "24:00") == (datetime(2025, 10, 14, 20), datetime(2025, 10, 15, 0))
    assert day_range(day, time(14), time(14)) == RowProblem(
        "end", "row.end_before_start", {"start": "14:00", "end": "14:00"}
    )
