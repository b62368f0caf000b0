"""Next year's dates from the Toussaint holidays (pure: the holiday days are given)."""

from __future__ import annotations

from datetime import date, timedelta

from services.editions.domain.calendar import edition_dates, next_code, next_name, shifted


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_2023_gives_the_brief_s_16_to_27_october():
    dates = edition_dates(days(date(2023, 10, 21), date(2023, 11, 5)))
    assert (dates.start, dates.end) == (date(2023, 10, 16), date(2023, 10, 27))
    assert dates.school_holidays == [{"start": "2023-10-21", "end": "2023-11-05"}]


def test_holidays_starting_on_a_weekday_and_public_holidays_inside():
    dates = edition_dates(
        days(date(2030, 10, 23), date(2030, 11, 3)),
        public_holidays={date(2030, 11, 1): "Toussaint", date(2030, 12, 25): "Noël"},
    )
    assert dates.start == date(2030, 10, 14)  # holidays begin on a Wednesday: the week before them
    assert dates.start.weekday() == 0
    assert dates.end.weekday() == 4
    assert dates.public_holidays == {}
    late = edition_dates(days(date(2031, 10, 25), date(2031, 11, 9)), public_holidays={date(2031, 11, 1): "Toussaint"})
    assert late.end == date(2031, 10, 31)
    assert late.public_holidays == {}
    inside = edition_dates(
        days(date(2029, 10, 27), date(2029, 11, 11)), public_holidays={date(2029, 11, 1): "Toussaint"}
    )
    assert inside.public_holidays == {date(2029, 11, 1): "Toussaint"}


def test_codes_names_and_shifted_dates():
    assert next_code("cn2023", 2024) == "cn2024"
    assert next_code("culture", 2024) == "culture-2024"
    assert next_name("Culture et numérique 2023", 2024) == "Culture et numérique 2024"
    assert shifted(date(2023, 9, 15), old_start=date(2023, 10, 16), new_start=date(2024, 10, 14)) == date(2024, 9, 13)
    assert shifted(None, old_start=date(2023, 10, 16), new_start=date(2024, 10, 14)) is None
