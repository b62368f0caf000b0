"""What a schedule file really places, once its structural mistakes are set aside.

A schedule may name a session twice, an unknown session or room, or forget a session. Each such mistake
is a hard violation; the rest of the checker then works on the *effective* placement built here: the first
valid assignment of each known session, every other scenario session being unplaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.scenario.model import Assignment, Room, Scenario, Schedule, Session, Venue


@dataclass(frozen=True, slots=True)
class Violation:
    """One hard violation: the rule of the spec (1–5), a stable code, and what a person reads."""

    rule: int
    code: str
    message_fr: str
    message_en: str
    sessions: tuple[str, ...]

    def message(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message_fr


@dataclass(frozen=True, slots=True)
class Placed:
    """A session as the schedule places it, with its room and venue resolved."""

    session: Session
    venue: Venue
    room: Room
    start: datetime
    end: datetime

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def minutes(self) -> int:
        """Length as written in the file (may differ from ``duration_minutes`` in a wrong schedule)."""
        return int((self.end - self.start).total_seconds()) // 60


@dataclass(frozen=True, slots=True)
class Effective:
    """The placement the score is computed on, plus the structural problems found while building it."""

    placed: list[Placed]
    unplaced: list[Session]
    structural: list[tuple[str, dict[str, object]]]


def effective_placement(scenario: Scenario, schedule: Schedule) -> Effective:
    """Resolve every assignment; record duplicates, unknown ids and forgotten sessions as structural problems.

    A structural problem is returned as ``(code, values)``; the caller turns it into words. An assignment
    naming an unknown room is void, so its session counts as unplaced.
    """
    sessions = {s.id: s for s in scenario.sessions}
    rooms = {room.id: (venue, room) for venue, room in scenario.rooms()}
    seen: dict[str, int] = {}
    structural: list[tuple[str, dict[str, object]]] = []
    placed: dict[str, Placed] = {}

    entries: list[tuple[str, Assignment | None]] = [(a.session, a) for a in schedule.assignments]
    entries += [(u.session, None) for u in schedule.unplaced]
    for session_id, assignment in entries:
        if session_id not in sessions:
            structural.append(("unknown_session", {"session_id": session_id}))
            continue
        seen[session_id] = seen.get(session_id, 0) + 1
        if seen[session_id] > 1:
            structural.append(("duplicate_session", {"session": sessions[session_id], "count": seen[session_id]}))
            continue
        if assignment is None:
            continue
        if assignment.room not in rooms:
            structural.append(("unknown_room", {"session": sessions[session_id], "room_id": assignment.room}))
            continue
        venue, room = rooms[assignment.room]
        placed[session_id] = Placed(
            session=sessions[session_id], venue=venue, room=room, start=assignment.start, end=assignment.end
        )

    for session in scenario.sessions:
        if session.id not in seen:
            structural.append(("missing_session", {"session": session}))
    unplaced = [s for s in scenario.sessions if s.id not in placed]
    ordered = [placed[s.id] for s in scenario.sessions if s.id in placed]
    return Effective(placed=ordered, unplaced=unplaced, structural=structural)
