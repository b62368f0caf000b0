"""Tiny scenarios, built as dataclasses, that each provoke one hard rule of the score.

Every ``case_<code>()`` returns a :class:`HardCase`: a scenario small enough to read in one glance, a
``broken`` schedule that breaks exactly the named clause (``expected`` lists every violation it causes,
by code), and a ``fixed`` schedule of the same scenario that is valid. The checker's tests use both; the
solver's tests use ``case.scenario`` to assert that the optimiser never produces the broken shape.

The shared world (:func:`base_scenario`): the edition of 16–27 Oct 2023 (school holidays from Sat 21 Oct),
grid 15 min; the Hôtel du Département (``hd``, Clermont, open weekdays 08:30–19:00) with the Hall
René-Cassin (150 seats, changeover 15 min) and the Salle Vercingétorix (40 seats, projector only); the
Médiathèque de Riom (``riom``, always open) with its Auditorium (80 seats, wheelchair); 30 min between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.scenario.model import (
    Assignment,
    DateRange,
    DayWindow,
    Edition,
    Placement,
    PreviousAssignment,
    Room,
    Scenario,
    Schedule,
    Session,
    Speaker,
    TimeRange,
    Unplaced,
    Venue,
)

CLERMONT = "Clermont Auvergne Métropole"
RIOM = "Riom Limagne et Volcans"


def dt(text: str) -> datetime:
    """``"2023-10-18T14:00"`` → datetime (tests read better with the spec's spelling)."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M")


def hours(text: str) -> int:
    """``"08:30"`` → 510 minutes after midnight; ``"24:00"`` → 1440."""
    hh, mm = text.split(":")
    return int(hh) * 60 + int(mm)


def window(days: str, start: str, end: str) -> DayWindow:
    return DayWindow(days=days, start_minute=hours(start), end_minute=hours(end))


def time_range(start: str, end: str) -> TimeRange:
    return TimeRange(start=dt(start), end=dt(end))


def session(session_id: str, *, duration: int = 60, **fields: object) -> Session:
    """A session with a readable default title; any other field of :class:`Session` by keyword."""
    return Session(id=session_id, title=f"Session {session_id}", duration_minutes=duration, **fields)  # type: ignore[arg-type]


def speaker(speaker_id: str, name: str, **fields: object) -> Speaker:
    return Speaker(id=speaker_id, name=name, **fields)  # type: ignore[arg-type]


def base_scenario(*, sessions: list[Session], speakers: list[Speaker] | None = None, **edition: object) -> Scenario:
    """The shared world of this module around ``sessions``; ``edition`` overrides fields of the edition."""
    values: dict[str, object] = {
        "id": "cn2023",
        "name": "Culture et numérique 2023",
        "start_date": date(2023, 10, 16),
        "end_date": date(2023, 10, 27),
        "granularity_minutes": 15,
        "school_holidays": [DateRange(start=date(2023, 10, 21), end=date(2023, 11, 5))],
        "audience_windows": {"school": [window("school_days", "09:00", "16:30")]},
        "territories": [CLERMONT, RIOM],
    }
    values.update(edition)
    hd = Venue(
        id="hd",
        name="Hôtel du Département",
        commune="Clermont-Ferrand",
        territory=CLERMONT,
        opening=[window("weekdays", "08:30", "19:00")],
        rooms=[
            Room(
                id="hd-cassin",
                name="Hall René-Cassin",
                capacity=150,
                features=["wheelchair", "hearing_loop", "projector", "sound"],
                changeover_minutes=15,
            ),
            Room(id="hd-vercingetorix", name="Salle Vercingétorix", capacity=40, features=["projector"]),
        ],
    )
    riom = Venue(
        id="riom",
        name="Médiathèque de Riom",
        commune="Riom",
        territory=RIOM,
        rooms=[Room(id="riom-audito", name="Auditorium", capacity=80, features=["wheelchair"])],
    )
    return Scenario(
        edition=Edition(**values),  # type: ignore[arg-type]
        venues=[hd, riom],
        travel_minutes={"hd": {"hd": 0, "riom": 30}, "riom": {"hd": 30, "riom": 0}},
        speakers=speakers or [],
        partners=[],
        sessions=sessions,
    )


def place(scenario: Scenario, session_id: str, room: str, start: str, *, minutes: int | None = None) -> Assignment:
    """An assignment that lasts the session's duration unless ``minutes`` says otherwise."""
    if minutes is None:
        minutes = next(s for s in scenario.sessions if s.id == session_id).duration_minutes
    begin = dt(start)
    return Assignment(session=session_id, room=room, start=begin, end=begin + timedelta(minutes=minutes))


def schedule(*assignments: Assignment, unplaced: tuple[str, ...] = ()) -> Schedule:
    return Schedule(
        scenario_edition="cn2023",
        status="feasible",
        assignments=list(assignments),
        unplaced=[Unplaced(session=s, reasons=["test"]) for s in unplaced],
    )


@dataclass
class HardCase:
    """A scenario, a schedule that breaks one clause, and a valid schedule of the same scenario."""

    code: str
    rule: int
    scenario: Scenario
    broken: Schedule
    fixed: Schedule
    expected: dict[str, int] = field(default_factory=dict)


def _case(
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
    return _case(
        "venue_not_allowed",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T14:00")),
    )


def case_capacity() -> HardCase:
    """120 people expected in the 40-seat Salle Vercingétorix."""
    sc = base_scenario(sessions=[session("se-001", expected_attendance=120)])
    return _case(
        "capacity",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "hd-vercingetorix", "2023-10-18T14:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
    )


def case_missing_feature() -> HardCase:
    """Two features missing in one room still count once."""
    sc = base_scenario(sessions=[session("se-001", required_features=["hearing_loop", "wheelchair"])])
    return _case(
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
    return _case(
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
    return _case(
        "outside_opening",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T11:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T14:00")),
    )


def case_outside_audience_windows() -> HardCase:
    """A school session on Monday 23 Oct, which is in the school holidays."""
    sc = base_scenario(sessions=[session("se-001", audience="school")])
    return _case(
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
    return _case(
        "outside_windows",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-17T11:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-16T12:00")),
    )


def case_off_granularity() -> HardCase:
    """10:05–11:05 on a 15-minute grid: both ends are off, counted once."""
    sc = base_scenario(sessions=[session("se-001")])
    return _case(
        "off_granularity",
        2,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:05")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_wrong_length() -> HardCase:
    """A 90-minute round table written as 60 minutes."""
    sc = base_scenario(sessions=[session("se-001", duration=90)])
    return _case(
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
    return _case(
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
    return _case(
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


# --- rule 4: the speakers --------------------------------------------------------------------------------------


def case_speaker_unavailable() -> HardCase:
    """Marie Dupont is available 16 Oct 09:00 – 17 Oct 18:00 only."""
    sp = speaker("sp-001", "Marie Dupont", availability=[time_range("2023-10-16T09:00", "2023-10-17T18:00")])
    sc = base_scenario(sessions=[session("se-001", speakers=["sp-001"])], speakers=[sp])
    return _case(
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
    return _case(
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
    return _case(
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
    return _case(
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
    return _case(
        "fixed_moved",
        5,
        sc,
        broken=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T17:00")),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T18:00")),
    )


def case_fixed_unplaced() -> HardCase:
    """A fixed session left unplaced is not where it is fixed."""
    sc = _fixed_opening()
    return _case(
        "fixed_unplaced",
        5,
        sc,
        broken=schedule(unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "hd-cassin", "2023-10-16T18:00")),
    )


def case_mandatory_unplaced() -> HardCase:
    sc = base_scenario(sessions=[session("se-001", mandatory=True)])
    return _case(
        "mandatory_unplaced",
        5,
        sc,
        broken=schedule(unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


# --- the file itself -------------------------------------------------------------------------------------------


def case_unknown_session() -> HardCase:
    sc = base_scenario(sessions=[session("se-001")])
    return _case(
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
    return _case(
        "unknown_room",
        1,
        sc,
        broken=schedule(place(sc, "se-001", "salle-fantome", "2023-10-18T10:00")),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_duplicate_session() -> HardCase:
    """Placed once and also listed as unplaced."""
    sc = base_scenario(sessions=[session("se-001")])
    return _case(
        "duplicate_session",
        5,
        sc,
        broken=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00"), unplaced=("se-001",)),
        fixed=schedule(place(sc, "se-001", "riom-audito", "2023-10-18T10:00")),
    )


def case_missing_session() -> HardCase:
    sc = base_scenario(sessions=[session("se-001"), session("se-002")])
    return _case(
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


def with_previous(scenario: Scenario, *entries: tuple[str, str, str]) -> Scenario:
    """The scenario with a published schedule ``(session, room, start)``."""
    scenario.previous = [PreviousAssignment(session=s, room=r, start=dt(t)) for s, r, t in entries]
    return scenario
