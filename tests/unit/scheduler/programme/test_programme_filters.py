"""The pure programme model: filters, grouping by day, SEQUENCE counting, seats left."""

from __future__ import annotations

from datetime import date, datetime

from services.scheduler.programme.model import Filters, by_day, parse_filters, seats_left, slot_sequences
from tests.factories.programme import programme_in_memory


def codes(filters: Filters) -> set[str]:
    return {s.code for s in programme_in_memory().sessions if filters.keeps(s)}


def test_each_filter_keeps_only_matching_sessions() -> None:
    assert codes(Filters()) == {"se-001", "se-002", "se-003", "se-004"}
    assert codes(Filters(commune="Riom")) == {"se-003"}
    assert codes(Filters(territory="Clermont Auvergne Métropole")) == {"se-001", "se-004"}
    assert codes(Filters(venue="ambert")) == {"se-002"}
    assert codes(Filters(audience="professional")) == {"se-003"}
    assert codes(Filters(kind="workshop")) == {"se-002"}
    assert codes(Filters(accessibility=("easy_read",))) == {"se-002"}
    assert codes(Filters(accessibility=("wheelchair", "hearing_loop"))) == {"se-001"}
    assert codes(Filters(day=date(2023, 10, 17))) == {"se-001", "se-004"}
    assert codes(Filters(venue="hd", kind="social")) == {"se-004"}


def test_parse_filters_ignores_what_it_cannot_read() -> None:
    parsed = parse_filters({"jour": "pas-une-date", "commune": "  Riom ", "type": ""}, ["sign_language", "teleport"])
    assert parsed == Filters(commune="Riom", accessibility=("sign_language",))
    assert parse_filters({"jour": "2023-10-18"}, []).day == date(2023, 10, 18)
    assert not Filters().active()
    assert Filters(kind="social").active()


def test_sessions_grouped_by_day_in_time_order() -> None:
    groups = by_day(programme_in_memory().sessions)
    assert [g.day for g in groups] == [date(2023, 10, 17), date(2023, 10, 18), date(2023, 10, 19)]
    assert [s.code for s in groups[0].sessions] == ["se-001", "se-004"]


def test_choices_hold_only_values_in_the_programme() -> None:
    choices = programme_in_memory().choices()
    assert choices.communes == ["Ambert", "Clermont-Ferrand", "Riom"]
    assert choices.kinds == ["conference", "round_table", "workshop", "social"]
    assert choices.audiences == ["professional", "public"]


def test_sequence_counts_versions_that_moved_a_session() -> None:
    t = datetime(2023, 10, 17, 14, 0)
    later = datetime(2023, 10, 18, 14, 0)
    history = [
        {"a": ("r1", t, t), "b": ("r1", later, later)},
        {"a": ("r2", t, t), "b": ("r1", later, later)},  # a changes room
        {"a": ("r2", later, later), "b": ("r1", later, later), "c": ("r3", t, t)},  # a moves again, c is new
        {"a": ("r2", later, later), "c": ("r3", t, t)},  # b removed: nothing to count
    ]
    assert slot_sequences(history) == {"a": 2, "b": 0, "c": 0}


def test_seats_left_is_never_negative() -> None:
    assert seats_left(30, 12) == 18
    assert seats_left(3, 5) == 0
