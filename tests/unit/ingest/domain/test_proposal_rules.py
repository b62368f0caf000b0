"""The rules of a session proposal: the call, its statuses, its dates and ranges in the edition (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from services.ingest.domain import proposals as rules
from services.ingest.errors import Conflict, Invalid


@dataclass
class Edition:
    start_date: date = date(2025, 10, 13)
    end_date: date = date(2025, 10, 18)
    granularity_minutes: int | None = 30


def test_the_call_is_open_up_to_and_including_its_last_day() -> None:
    close = date(2025, 6, 30)
    assert rules.call_open(close_on=close, today=date(2025, 6, 30))
    assert not rules.call_open(close_on=close, today=date(2025, 7, 1))
    assert rules.call_open(close_on=None, today=date(2030, 1, 1))
    rules.require_open(close_on=None, today=date(2030, 1, 1))
    with pytest.raises(Conflict, match="30/06/2025") as refused:
        rules.require_open(close_on=close, today=date(2025, 7, 1))
    assert refused.value.message("en") == "the call for proposals closed on 2025-06-30"


def test_only_a_submitted_proposal_can_be_rewritten() -> None:
    rules.require_editable("submitted")
    for status in ("accepted", "rejected", "withdrawn"):
        with pytest.raises(Conflict):
            rules.require_editable(status)


def test_withdrawing_twice_changes_nothing_and_a_rejected_proposal_cannot_be_withdrawn() -> None:
    assert rules.must_withdraw("submitted")
    assert rules.must_withdraw("accepted")
    assert not rules.must_withdraw("withdrawn")
    with pytest.raises(Conflict, match="refusée"):
        rules.must_withdraw("rejected")


def test_a_decision_repeated_with_the_same_message_changes_nothing() -> None:
    assert rules.must_decide(status="submitted", message=None, decision="accepted", new_message="")
    assert not rules.must_decide(status="accepted", message=None, decision="accepted", new_message="")
    assert rules.must_decide(status="accepted", message="Bravo", decision="accepted", new_message="Bravo !")
    assert rules.must_decide(status="accepted", message=None, decision="rejected", new_message="")
    with pytest.raises(Conflict, match="retirée"):
        rules.must_decide(status="withdrawn", message=None, decision="accepted", new_message="")


def test_a_duration_is_a_whole_number_of_time_steps() -> None:
    rules.check_duration(Edition(), 90)
    with pytest.raises(Invalid) as refused:
        rules.check_duration(Edition(), 45)
    assert refused.value.field == "duration_minutes"
    rules.check_duration(Edition(granularity_minutes=None), 45)  # the default grid is 15 minutes


def test_preferred_dates_are_dates_of_the_edition() -> None:
    rules.check_dates(Edition(), [date(2025, 10, 13), date(2025, 10, 18)])
    with pytest.raises(Invalid) as refused:
        rules.check_dates(Edition(), [date(2025, 10, 13), date(2025, 10, 19)])
    assert refused.value.field == "preferred_dates"


def test_ranges_are_checked_then_sorted_and_merged_when_they_touch_or_overlap() -> None:
    d = datetime
    ranges = [
        (d(2025, 10, 15, 14, 0), d(2025, 10, 15, 16, 0)),
        (d(2025, 10, 13, 9, 0), d(2025, 10, 13, 12, 0)),
        (d(2025, 10, 13, 12, 0), d(2025, 10, 13, 13, 30)),
        (d(2025, 10, 15, 15, 0), d(2025, 10, 15, 15, 30)),
        (d(2025, 10, 18, 20, 0), d(2025, 10, 19, 0, 0)),  # up to the midnight after the last day
    ]
    assert rules.check_ranges(Edition(), ranges, field="windows") == [
        (d(2025, 10, 13, 9, 0), d(2025, 10, 13, 13, 30)),
        (d(2025, 10, 15, 14, 0), d(2025, 10, 15, 16, 0)),
        (d(2025, 10, 18, 20, 0), d(2025, 10, 19, 0, 0)),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        (datetime(2025, 10, 12, 23, 30), datetime(2025, 10, 13, 1, 0)),  # before the first day
        (datetime(2025, 10, 18, 23, 0), datetime(2025, 10, 19, 0, 30)),  # after the last
        (datetime(2025, 10, 14, 9, 15), datetime(2025, 10, 14, 10, 0)),  # off the 30-minute grid
        (datetime(2025, 10, 14, 9, 0, 30), datetime(2025, 10, 14, 10, 0)),
    ],
)
def test_a_range_outside_the_edition_or_off_its_grid_is_refused(bad: tuple[datetime, datetime]) -> None:
    with pytest.raises(Invalid) as refused:
        rules.check_ranges(Edition(), [bad], field="ranges")
    assert refused.value.field == "ranges"


def test_an_unknown_time_zone_falls_back_to_paris() -> None:
    assert str(rules.zone("Europe/Nowhere")) == "Europe/Paris"
    assert str(rules.zone(None)) == "Europe/Paris"
    assert str(rules.zone("America/Cayenne")) == "America/Cayenne"
