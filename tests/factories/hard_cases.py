"""Every hard case (see :mod:`tests.factories.hard_cases_room_time`): rules 4–5 and the file's own are built here.

``HARD_CASES`` lists all of them, rules 1–3 included, in the order of the rules; :func:`hard_scenarios` gives
their scenarios by code for the solver's "never breaks it" tests.
"""

from __future__ import annotations

from collections.abc import Callable

from shared.scenario.model import Assignment, Placement, Scenario
from tests.factories.hard_cases_room_time import (
    HardCase,
    case_capacity,
    case_missing_feature,
    case_off_granularity,
    case_outside_audience_windows,
    case_outside_edition,
    case_outside_opening,
    case_outside_windows,
    case_room_changeover,
    case_room_overlap,
    case_venue_not_allowed,
    case_wrong_length,
    hard_case,
)
from tests.factories.scenarios import base_scenario, dt, place, schedule, session, speaker, time_range

# --- rule 4: the speakers --------------------------------------------------------------------------------------


def case_speaker_unavailable() -> HardCase:
    """Marie Dupont is available 16 Oct 09:00 – 17 Oct 18:00 only."""
    sp = speaker("sp-001", "Marie Dupont", availability=[time_range("2023-10-16T09:00", "2023-10-17T18:00")])
    sc = base_scenario(sessions=[session("se-001", speakers=["sp-001"])], speakers=[sp])
    return hard_case(
        "speaker_unavailable",
        4,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-17T10:00")),
    )


def case_speaker_overlap() -> HardCase:
    """Karim Benali in two rooms of the Hôtel du Département at once.

    The second session starts before the first one ends, i.e. less than the 0 travel minutes after it:
    the spec's travel clause is breached too (festplan counts both, as agreed).
    """
    sp = speaker("sp-002", "Karim Benali")
    sc = base_scenario(
        sessions=[session("se-001", speakers=["sp-002"]), session("se-002", speakers=["sp-002"])], speakers=[sp]
    )
    return hard_case(
        "speaker_overlap",
        4,
        sc,
        broken=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"),
            place(sc, "se-002", "hd-vercingetorix", "2023-10-18T10:30"),
        ),
        fixed=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"),
            place(sc, "se-002", "hd-vercingetorix", "2023-10-18T11:00"),
        ),
        expected={"speaker_overlap": 1, "speaker_travel": 1},
    )


def case_speaker_travel() -> HardCase:
    """Karim Benali ends at the Hôtel du Département at 11:00; Riom is 30 min away, 11:15 is too soon."""
    sp = speaker("sp-002", "Karim Benali")
    sc = base_scenario(
        sessions=[session("se-001", speakers=["sp-002"]), session("se-002", speakers=["sp-002"])], speakers=[sp]
    )
    return hard_case(
        "speaker_travel",
        4,
        sc,
        broken=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), place(sc, "se-002", "riom-audito", "2023-10-18T11:15")
        ),
        fixed=schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), place(sc, "se-002", "riom-audito", "2023-10-18T11:30")
        ),
    )


def case_speaker_day_limit() -> HardCase:
    """Léa Martin accepts at most two sessions a day; three on 18 Oct break it once."""
    sp = speaker("sp-003", "Léa Martin", max_sessions_per_day=2)
    sc = base_scenario(sessions=[session(f"se-00{i}", speakers=["sp-003"]) for i in (1, 2, 3)], speakers=[sp])
    first, second = (
        place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
        place(sc, "se-002", "riom-audito", "2023-10-18T11:00"),
    )
    return hard_case(
        "speaker_day_limit",
        4,
        sc,
        broken=schedule(first, second, place(sc, "se-003", "riom-audito", "2023-10-18T14:00")),
        fixed=schedule(first, second, place(sc, "se-003", "riom-audito", "2023-10-19T14:00")),
    )


# --- rule 5: obligations ---------------------------------------------------------------------------------------


def _fixed_opening() -> Scenario:
    return base_scenario(sessions=[session("se-001", fixed=Placement(room="hd-cassin", start=dt("2023-10-16T18:00")))])


def case_fixed_moved() -> HardCase:
    """The opening is fixed in the Hall René-Cassin on 16 Oct at 18:00; 17:00 is not it."""
    sc = _fixed_opening()
    return hard_case(
        "fixed_moved",
        5,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T17:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T18:00")),
    )


def case_fixed_unplaced() -> HardCase:
    """A fixed session left unplaced is not where it is fixed."""
    sc = _fixed_opening()
    return hard_case(
        "fixed_unplaced",
        5,
        sc,
        broken=schedule(unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T18:00")),
    )


def case_mandatory_unplaced() -> HardCase:
    sc = base_scenario(sessions=[session("se-001", mandatory=True)])
    return hard_case(
        "mandatory_unplaced",
        5,
        sc,
        broken=schedule(unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


# --- the file itself -------------------------------------------------------------------------------------------


def case_unknown_session() -> HardCase:
    sc = base_scenario(sessions=[session("se-001")])
    return hard_case(
        "unknown_session",
        5,
        sc,
        broken=schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
            Assignment(session="se-999", room="riom-audito", start=dt("2023-10-19T10:00"), end=dt("2023-10-19T11:00")),
        ),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_unknown_room() -> HardCase:
    sc = base_scenario(sessions=[session("se-001")])
    return hard_case(
        "unknown_room",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "salle-fantome", "2023-10-18T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_duplicate_session() -> HardCase:
    """Placed once and also listed as unplaced."""
    sc = base_scenario(sessions=[session("se-001")])
    return hard_case(
        "duplicate_session",
        5,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00"), unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_missing_session() -> HardCase:
    sc = base_scenario(sessions=[session("se-001"), session("se-002")])
    return hard_case(
        "missing_session",
        5,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00"), unplaced=("se-002",)),
    )


HARD_CASES: tuple[Callable[[], HardCase], ...] = (
    case_venue_not_allowed,
    case_capacity,
    case_missing_feature,
    case_outside_edition,
    case_outside_opening,
    case_outside_audience_windows,
    case_outside_windows,
    case_off_granularity,
    case_wrong_length,
    case_room_overlap,
    case_room_changeover,
    case_speaker_unavailable,
    case_speaker_overlap,
    case_speaker_travel,
    case_speaker_day_limit,
    case_fixed_moved,
    case_fixed_unplaced,
    case_mandatory_unplaced,
    case_unknown_session,
    case_unknown_room,
    case_duplicate_session,
    case_missing_session,
)


def hard_scenarios() -> dict[str, Scenario]:
    """Each rule-provoking scenario by the code it provokes (for the solver's "never breaks it" tests)."""
    return {case.code: case.scenario for case in (make() for make in HARD_CASES)}
