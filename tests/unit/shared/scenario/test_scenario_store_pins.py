"""The lead's pins as format-1 constraints: full pins become ``fixed``, partial ones narrow windows and rooms."""

from __future__ import annotations

from datetime import date, datetime, time

from scenario_store_examples import full_scenario

from shared.scenario.model import Placement, TimeRange
from shared.scenario.parse import parse_scenario
from shared.scenario.store.pins import PinSpec, apply_pins, narrow_windows, pin_feature


def scenario():
    return parse_scenario(full_scenario())


def session_of(s, code):
    return next(x for x in s.sessions if x.id == code)


def test_a_full_pin_becomes_fixed() -> None:
    pinned = apply_pins(
        scenario(), [PinSpec("se-002", room="hd-salle-a", on_date=date(2023, 10, 17), at_time=time(14))]
    )
    target = session_of(pinned, "se-002")
    assert target.fixed == Placement(room="hd-salle-a", start=datetime(2023, 10, 17, 14))
    assert target.windows is None


def test_pins_leave_the_given_scenario_untouched() -> None:
    original = scenario()
    apply_pins(original, [PinSpec("se-002", room="hd-salle-a"), PinSpec("se-004", on_date=date(2023, 10, 21))])
    assert original == scenario()
    assert all(not f.startswith("pin:") for _, room in original.rooms() for f in room.features)


def test_a_date_pin_narrows_the_windows_to_that_day() -> None:
    pinned = apply_pins(scenario(), [PinSpec("se-002", on_date=date(2023, 10, 18))])
    assert session_of(pinned, "se-002").windows == [
        TimeRange(start=datetime(2023, 10, 18), end=datetime(2023, 10, 19)),
    ]
    pinned = apply_pins(scenario(), [PinSpec("se-001", on_date=date(2023, 10, 18))])
    assert session_of(pinned, "se-001").windows == [
        TimeRange(start=datetime(2023, 10, 18), end=datetime(2023, 10, 19)),  # inside its 16→20 Oct window
    ]
    pinned = apply_pins(scenario(), [PinSpec("se-001", on_date=date(2023, 10, 20))])
    assert session_of(pinned, "se-001").windows == [
        TimeRange(start=datetime(2023, 10, 20), end=datetime(2023, 10, 20, 18)),
    ]


def test_a_time_pin_allows_that_start_on_every_day_of_the_edition() -> None:
    pinned = apply_pins(scenario(), [PinSpec("se-004", at_time=time(14, 30))])
    windows = session_of(pinned, "se-004").windows or []
    assert len(windows) == 12
    assert windows[0] == TimeRange(start=datetime(2023, 10, 16, 14, 30), end=datetime(2023, 10, 16, 16, 30))
    late = apply_pins(scenario(), [PinSpec("se-004", at_time=time(23))])
    assert (
        session_of(late, "se-004").windows == []
    )  # a two-hour session cannot start at 23:00 without crossing midnight


def test_date_and_time_without_room_give_the_exact_slot() -> None:
    pinned = apply_pins(scenario(), [PinSpec("se-001", on_date=date(2023, 10, 17), at_time=time(10))])
    target = session_of(pinned, "se-001")
    assert target.fixed is None
    assert target.windows == [TimeRange(start=datetime(2023, 10, 17, 10), end=datetime(2023, 10, 17, 11, 30))]


def test_a_pin_outside_the_session_windows_wins() -> None:
    pinned = apply_pins(scenario(), [PinSpec("se-001", on_date=date(2023, 10, 25), at_time=time(10))])
    assert session_of(pinned, "se-001").windows == [
        TimeRange(start=datetime(2023, 10, 25, 10), end=datetime(2023, 10, 25, 11, 30)),
    ]


def test_a_room_pin_ties_the_session_to_that_room_only() -> None:
    pinned = apply_pins(scenario(), [PinSpec("se-001", room="hd-salle-a")])
    target = session_of(pinned, "se-001")
    rooms = {room.id: room for _, room in pinned.rooms()}
    assert pin_feature("hd-salle-a") in rooms["hd-salle-a"].features
    assert all(pin_feature("hd-salle-a") not in r.features for code, r in rooms.items() if code != "hd-salle-a")
    assert target.required_features == ["wheelchair", "pin:hd-salle-a"]
    assert target.allowed_venues == ["hd"]
    assert target.windows == scenario().sessions[0].windows


def test_narrow_windows_drops_pieces_too_short_for_the_session() -> None:
    current = [TimeRange(start=datetime(2023, 10, 16, 9), end=datetime(2023, 10, 16, 10))]
    pinned = [
        TimeRange(start=datetime(2023, 10, 16, 9, 30), end=datetime(2023, 10, 16, 11)),
        TimeRange(start=datetime(2023, 10, 17, 9), end=datetime(2023, 10, 17, 11)),
    ]
    assert narrow_windows(current, pinned, min_minutes=90) == pinned
    assert narrow_windows(current, pinned, min_minutes=30) == [
        TimeRange(start=datetime(2023, 10, 16, 9, 30), end=datetime(2023, 10, 16, 10)),
    ]
