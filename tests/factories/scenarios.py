"""The shared world of the scheduler's tests and the builders that fill it (sessions, speakers, schedules).

:func:`base_scenario`: the edition of 16–27 Oct 2023 (school holidays from Sat 21 Oct), grid 15 min; the
Hôtel du Département (``hd``, Clermont, open weekdays 08:30–19:00) with the Hall René-Cassin (150 seats,
changeover 15 min) and the Salle Vercingétorix (40 seats, projector only); the Médiathèque de Riom (``riom``,
always open) with its Auditorium (80 seats, wheelchair); 30 min between them. The tiny scenarios that each
provoke one hard rule are built on it in :mod:`tests.factories.hard_cases`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from shared.scenario.model import (
    Assignment,
    DateRange,
    DayWindow,
    Edition,
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


def with_previous(scenario: Scenario, *entries: tuple[str, str, str]) -> Scenario:
    """The scenario with a published schedule ``(session, room, start)``."""
    scenario.previous = [PreviousAssignment(session=s, room=r, start=dt(t)) for s, r, t in entries]
    return scenario
