"""The day sets and daily windows of format 1 on the real dates of the 2023 edition."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from spec_example import spec_scenario

from shared.scenario.calendar import (
    available_on_day,
    contains,
    daily_intervals,
    day_matches,
    edition_days,
    fmt_dt,
    fmt_hhmm,
    intersect,
    merge_intervals,
    parse_dt,
    parse_hhmm,
    ranges_on_day,
)
from shared.scenario.model import DayWindow, TimeRange
from shared.scenario.parse import parse_scenario

EDITION = parse_scenario(spec_scenario()).edition
FRI_20, SAT_21, MON_23, MON_16 = date(2023, 10, 20), date(2023, 10, 21), date(2023, 10, 23), date(2023, 10, 16)


def test_edition_days_cover_the_two_weeks() -> None:
    days = edition_days(EDITION)
    assert days[0] == MON_16
    assert days[-1] == date(2023, 10, 27)
    assert len(days) == 12


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (FRI_20, {"all", "weekdays", "school_days"}),
        (SAT_21, {"all", "weekend", "holidays"}),
        (MON_23, {"all", "weekdays", "holidays"}),
        (date(2023, 10, 22), {"all", "weekend", "holidays"}),
        (MON_16, {"all", "weekdays", "school_days"}),
        (date(2023, 11, 5), {"all", "weekend", "holidays"}),  # last day of holidays is inside (inclusive)
        (date(2023, 11, 6), {"all", "weekdays", "school_days"}),
    ],
)
def test_day_sets(day: date, expected: set[str]) -> None:
    got = {
        name for name in ("all", "weekdays", "weekend", "school_days", "holidays") if day_matches(EDITION, day, name)
    }
    assert got == expected


def test_unknown_day_set_raises() -> None:
    with pytest.raises(ValueError, match="unknown day set"):
        day_matches(EDITION, FRI_20, "sundays")


def test_audience_windows_by_day() -> None:
    family = EDITION.audience_windows["family"]
    assert daily_intervals(EDITION, family, FRI_20) == []
    assert daily_intervals(EDITION, family, SAT_21) == [(600, 1080)]  # holidays and weekend merge
    assert daily_intervals(EDITION, EDITION.audience_windows["school"], FRI_20) == [(540, 990)]
    assert daily_intervals(EDITION, EDITION.audience_windows["school"], MON_23) == []


def test_absent_windows_mean_all_day_and_empty_mean_never() -> None:
    assert daily_intervals(EDITION, None, SAT_21) == [(0, 1440)]
    assert daily_intervals(EDITION, [], SAT_21) == []


def test_windows_stay_separate_because_a_session_fits_inside_one() -> None:
    windows = [
        DayWindow("all", 600, 720),
        DayWindow("weekdays", 700, 800),
        DayWindow("weekend", 900, 960),
        DayWindow("all", 720, 780),
    ]
    intervals = daily_intervals(EDITION, windows, FRI_20)
    assert intervals == [(600, 720), (700, 800), (720, 780)]
    assert contains(intervals, 700, 780)
    assert not contains(intervals, 690, 780)  # 11:30–13:00 straddles two windows: not inside one
    assert merge_intervals([(5, 10), (10, 12), (20, 20)]) == [(5, 12)]


def test_ranges_on_day_clip_multi_day_ranges() -> None:
    ranges = [TimeRange(datetime(2023, 10, 16, 9), datetime(2023, 10, 18, 18))]
    assert ranges_on_day(ranges, MON_16) == [(540, 1440)]
    assert ranges_on_day(ranges, date(2023, 10, 17)) == [(0, 1440)]
    assert ranges_on_day(ranges, date(2023, 10, 18)) == [(0, 1080)]
    assert ranges_on_day(ranges, date(2023, 10, 19)) == []
    assert ranges_on_day(None, date(2023, 10, 19)) == [(0, 1440)]


def test_availability_is_a_union_but_session_windows_are_not() -> None:
    adjacent = [
        TimeRange(datetime(2023, 10, 17, 9), datetime(2023, 10, 17, 12)),
        TimeRange(datetime(2023, 10, 17, 12), datetime(2023, 10, 18, 0)),
    ]
    day = date(2023, 10, 17)
    assert available_on_day(adjacent, day) == [(540, 1440)]
    assert ranges_on_day(adjacent, day) == [(540, 720), (720, 1440)]
    assert available_on_day(None, day) == [(0, 1440)]


def test_interval_helpers() -> None:
    assert contains([(540, 1080)], 540, 1080)
    assert not contains([(540, 1080)], 1000, 1095)
    assert intersect([(0, 600), (700, 900)], [(500, 800)]) == [(500, 600), (700, 800)]


def test_spellings() -> None:
    assert parse_dt("2023-10-18T14:00") == datetime(2023, 10, 18, 14, 0)
    assert fmt_dt(datetime(2023, 10, 18, 9, 5)) == "2023-10-18T09:05"
    assert parse_hhmm("24:00", allow_24=True) == 1440
    assert fmt_hhmm(1440) == "24:00"
    for bad in ("2023-10-18T14:00:00", "2023-10-18 14:00", "2023-10-18T24:00", "2023-10-18T14:00+02:00"):
        with pytest.raises(ValueError, match="YYYY"):
            parse_dt(bad)
    for bad in ("24:00", "8:30", "12:60"):
        with pytest.raises(ValueError, match=r"HH:MM|time of day"):
            parse_hhmm(bad)
