"""The proposal form's time-window rows, read and written without a server."""

from __future__ import annotations

from datetime import datetime

from services.ingest.domain import windows as fw


def test_rows_are_read_until_the_browser_stops_sending_them():
    posted = {"windows": "2023-10-18", "windows-0-start": " 09:00", "windows-0-end": "10:00", "windows-1-day": ""}
    assert fw.rows_from_form(posted.get) == [
        {"day": "2023-10-18", "start": "09:00", "end": "10:00"},
        {"day": "", "start": "", "end": ""},
    ]
    many = {fw.field_name(i, "day"): "2023-10-18" for i in range(100)}
    assert len(fw.rows_from_form(many.get)) == fw.MAX_ROWS


def test_midnight_ends_the_day_and_blank_rows_mean_no_window():
    rows = [
        {"day": "2023-10-16", "start": "20:00", "end": "00:00"},
        {"day": "", "start": "", "end": ""},
    ]
    assert fw.ranges_from_rows(rows) == (
        [{"start": datetime(2023, 10, 16, 20), "end": datetime(2023, 10, 17)}],
        None,
    )
    assert fw.ranges_from_rows([{"day": "", "start": "", "end": ""}]) == (None, None)


def test_a_bad_row_is_named_by_its_number():
    ok = {"day": "2023-10-16", "start": "08:00", "end": "09:00"}
    assert fw.ranges_from_rows([ok, {"day": "2023-10-16", "start": "", "end": "09:00"}])[1] == fw.WindowProblem(
        "window_incomplete", 2
    )
    assert fw.ranges_from_rows([{"day": "16/10/2023", "start": "08:00", "end": "09:00"}])[1] == fw.WindowProblem(
        "window_unreadable", 1
    )
    assert fw.ranges_from_rows([{"day": "2023-10-16", "start": "08:00+02:00", "end": "09:00"}])[1].key == (
        "window_unreadable"
    )
    assert fw.ranges_from_rows([ok, ok, {"day": "2023-10-16", "start": "10:00", "end": "10:00"}])[1] == (
        fw.WindowProblem("window_order", 3)
    )


def test_a_stored_window_over_several_days_comes_back_as_one_row_per_day():
    stored = [{"start": datetime(2023, 10, 16, 20), "end": datetime(2023, 10, 18, 10)}]
    rows = fw.rows_from_stored(stored)
    assert rows == [
        {"day": "2023-10-16", "start": "20:00", "end": "00:00"},
        {"day": "2023-10-17", "start": "00:00", "end": "00:00"},
        {"day": "2023-10-18", "start": "00:00", "end": "10:00"},
    ]
    ranges, problem = fw.ranges_from_rows(rows)
    assert problem is None
    assert [(r["start"], r["end"]) for r in ranges] == [
        (datetime(2023, 10, 16, 20), datetime(2023, 10, 17)),
        (datetime(2023, 10, 17), datetime(2023, 10, 18)),
        (datetime(2023, 10, 18), datetime(2023, 10, 18, 10)),
    ]


def test_the_form_offers_spare_rows_within_the_limit():
    filled = {"day": "2023-10-16", "start": "08:00", "end": "09:00"}
    assert len(fw.padded([])) == fw.MIN_ROWS
    assert len(fw.padded([filled] * 4)) == 6
    assert len(fw.padded([filled] * 60)) == fw.MAX_ROWS
    blank = {"day": "", "start": "", "end": ""}
    assert fw.padded([blank, filled, blank, blank, blank]) == [blank, filled, blank, blank]  # rows keep their number
