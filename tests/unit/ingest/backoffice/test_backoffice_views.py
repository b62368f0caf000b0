"""The back-office's pure shapes: availability grid, rooms' fill rates, territories, soft terms in words."""

from __future__ import annotations

from datetime import date, datetime, time

from services.ingest.backoffice.views import Booking, availability_grid, overall_fill, room_fill, territory_coverage
from services.scheduler.backoffice_texts import TEXTS as SCHEDULER_TEXTS
from services.scheduler.backoffice_texts import soft_term_lines
from shared.i18n import check_catalog
from shared.web.backoffice.texts import TEXTS as SHARED_TEXTS


def test_grid_marks_full_partial_and_missing_parts_of_days() -> None:
    grid = availability_grid(
        start=date(2023, 10, 16),
        end=date(2023, 10, 17),
        given=True,
        ranges=[
            (datetime(2023, 10, 16, 9), datetime(2023, 10, 16, 12)),
            (datetime(2023, 10, 16, 13), datetime(2023, 10, 17, 0)),
        ],
    )
    assert [row.day for row in grid] == [date(2023, 10, 16), date(2023, 10, 17)]
    monday = grid[0].cells
    assert [c.state for c in monday] == ["part", "full", "full"]
    assert monday[0].ranges == ((time(9), time(12)),)
    assert [c.state for c in grid[1].cells] == ["none", "none", "none"]


def test_grid_without_stated_availability_is_all_available() -> None:
    grid = availability_grid(start=date(2023, 10, 16), end=date(2023, 10, 16), given=False, ranges=[])
    assert [c.state for c in grid[0].cells] == ["full", "full", "full"]


def test_room_fill_and_overall_fill() -> None:
    bookings = [
        Booking(room_id=1, start=datetime(2023, 10, 16, 9), end=datetime(2023, 10, 16, 11), attendance=50),
        Booking(room_id=1, start=datetime(2023, 10, 17, 9), end=datetime(2023, 10, 17, 10), attendance=None),
        Booking(room_id=2, start=datetime(2023, 10, 16, 9), end=datetime(2023, 10, 16, 14), attendance=30),
    ]
    fills = room_fill(capacities={1: 100, 2: 40, 3: 10}, bookings=bookings, days=5)
    assert (fills[1].sessions, fills[1].hours, fills[1].occupancy_percent, fills[1].fill_percent) == (2, 3.0, 6, 50)
    assert (fills[2].hours, fills[2].occupancy_percent, fills[2].fill_percent) == (5.0, 10, 75)
    assert (fills[3].sessions, fills[3].fill_percent) == (0, None)
    assert overall_fill(capacities={1: 100, 2: 40}, bookings=bookings) == 57  # 80 of 140 seats
    assert overall_fill(capacities={1: 100}, bookings=[]) is None


def test_territory_coverage_keeps_the_edition_order() -> None:
    assert territory_coverage(territories=["A", "B"], sessions_by_territory={"B": 2, "C": 1}) == [("A", 0), ("B", 2)]


def test_soft_terms_told_as_counts() -> None:
    lines = soft_term_lines(
        {
            "venue_preference": 60,
            "date_preference": 0,
            "audience_clash": 30,
            "territory": 400,
            "travel": 45,
            "wasted_seats": 12,
            "stability": 140,
        },
        locale="fr",
        missing_territories=["Ambert", "Thiers"],
    )
    assert lines == [
        "3 session(s) hors de leur lieu préféré — 60 point(s)",
        "1 paire(s) de sessions pour le même public sur le même thème en même temps — 30 point(s)",
        "2 territoire(s) sans aucune session (Ambert, Thiers) — 400 point(s)",
        "45 minute(s) de trajet des intervenant·es entre deux sessions d'une même journée — 45 point(s)",
        "environ 120 place(s) vide(s) en tout, par rapport au public attendu — 12 point(s)",
        "des changements par rapport à la version publiée (date, heure ou salle) — 140 point(s)",
    ]
    assert soft_term_lines({"venue_preference": 20}, locale="en") == [
        "1 session(s) away from their preferred venue — 20 point(s)"
    ]
    assert soft_term_lines(None, locale="fr") == []


def test_catalogs_are_complete_in_both_languages() -> None:
    from services.ingest.backoffice.texts import TEXTS as INGEST_TEXTS
    from services.notifier.backoffice_texts import TEXTS as NOTIFIER_TEXTS

    for catalog in (SHARED_TEXTS, SCHEDULER_TEXTS, INGEST_TEXTS, NOTIFIER_TEXTS):
        assert check_catalog(catalog) == []
