"""Tiny scenarios that each provoke one hard rule of the score: rules 1–3 (the room, the time, one session a room).

Every ``case_<code>()`` returns a :class:`HardCase`: a scenario small enough to read in one glance, a
``broken`` schedule that breaks exactly the named clause (``expected`` lists every violation it causes,
by code), and a ``fixed`` schedule of the same scenario that is valid. The checker's tests use both; the
solver's tests use ``case.scenario`` to assert that the optimiser never produces the broken shape. Rules 4–5
and the file's own are in :mod:`tests.factories.hard_cases`, which lists every case in ``HARD_CASES``; the
shared world is :func:`tests.factories.scenarios.base_scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.scenario.model import Scenario, Schedule
from tests.factories.scenarios import base_scenario, place, schedule, session, time_range, window


@dataclass
class HardCase:
    """A scenario, a schedule that breaks one clause, and a valid schedule of the same scenario."""

    code: str
    rule: int
    scenario: Scenario
    broken: Schedule
    fixed: Schedule
    expected: dict[str, int] = field(default_factory=dict)


def hard_case(
    code: str,
    rule: int,
    scenario: Scenario,
    *,
    broken: Schedule,
    fixed: Schedule,
    expected: dict[str, int] | None = None,
) -> HardCase:
    return HardCase(
        code=code,
        rule=rule,
        scenario=scenario,
        broken=broken,
        fixed=fixed,
        expected=expected if expected is not None else {code: 1},
    )


# --- rule 1: the room ------------------------------------------------------------------------------------------


def case_venue_not_allowed() -> HardCase:
    """A Riom-only session put at the Hôtel du Département."""
    sc = base_scenario(sessions=[session("se-001", allowed_venues=["riom"])])
    return hard_case(
        "venue_not_allowed",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T14:00")),
    )


def case_capacity() -> HardCase:
    """120 people expected in the 40-seat Salle Vercingétorix."""
    sc = base_scenario(sessions=[session("se-001", expected_attendance=120)])
    return hard_case(
        "capacity",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "hd-vercingetorix", "2023-10-18T14:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
    )


def case_missing_feature() -> HardCase:
    """Two features missing in one room still count once."""
    sc = base_scenario(sessions=[session("se-001", required_features=["hearing_loop", "wheelchair"])])
    return hard_case(
        "missing_feature",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "hd-vercingetorix", "2023-10-18T14:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
    )


# --- rule 2: the time ------------------------------------------------------------------------------------------


def case_outside_edition() -> HardCase:
    """Saturday 28 Oct is the day after the edition (Riom is always open, so nothing else breaks)."""
    sc = base_scenario(sessions=[session("se-001")])
    return hard_case(
        "outside_edition",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-28T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-27T23:00")),
    )


def case_outside_opening() -> HardCase:
    """The Hôtel du Département closes 12:00–14:00: 11:00–15:00 is refused, 14:00–18:00 accepted."""
    sc = base_scenario(sessions=[session("se-001", duration=240)])
    hd = sc.venues[0]
    hd.opening = [window("weekdays", "08:30", "12:00"), window("weekdays", "14:00", "19:00")]
    return hard_case(
        "outside_opening",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T11:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
    )


def case_outside_audience_windows() -> HardCase:
    """A school session on Monday 23 Oct, which is in the school holidays."""
    sc = base_scenario(sessions=[session("se-001", audience="school")])
    return hard_case(
        "outside_audience_windows",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-23T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-19T10:00")),
    )


def case_outside_windows() -> HardCase:
    """Own windows on 16 Oct only, written as two touching ranges (a session fits inside one of them)."""
    sc = base_scenario(
        sessions=[
            session(
                "se-001",
                duration=120,
                windows=[
                    time_range("2023-10-16T09:00", "2023-10-16T12:00"),
                    time_range("2023-10-16T12:00", "2023-10-16T18:00"),
                ],
            )
        ]
    )
    return hard_case(
        "outside_windows",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-17T11:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-16T12:00")),
    )


def case_off_granularity() -> HardCase:
    """10:05–11:05 on a 15-minute grid: both ends are off, counted once."""
    sc = base_scenario(sessions=[session("se-001")])
    return hard_case(
        "off_granularity",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:05")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_wrong_length() -> HardCase:
    """A 90-minute round table written as 60 minutes."""
    sc = base_scenario(sessions=[session("se-001", duration=90)])
    return hard_case(
        "wrong_length",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00", minutes=60)),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


# --- rule 3: one room, one session at a time -------------------------------------------------------------------


def case_room_overlap() -> HardCase:
    """Two sessions in the Auditorium at 10:00–11:00 and 10:30–11:30."""
    sc = base_scenario(sessions=[session("se-001"), session("se-002")])
    return hard_case(
        "room_overlap",
        3,
        sc,
        broken=schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
            place(sc, "se-002", "riom-audito", "2023-10-18T10:30"),
        ),
        fixed=schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
            place(sc, "se-002", "riom-audito", "2023-10-18T11:00"),
        ),
    )


def case_room_changeover() -> HardCase:
    """The Hall René-Cassin needs 15 min between sessions: 11:00 right after 10:00–11:00 is too soon."""
    sc = base_scenario(sessions=[session("se-001"), session("se-002")])
    return hard_case(
        "room_changeover",
        3,
        sc,
        broken=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), place(sc, "se-002", "hd-cassin", "2023-10-18T11:00")
        ),
        fixed=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), place(sc, "se-002", "hd-cassin", "2023-10-18T11:15")
        ),
    )
