"""What a run would change against the published programme, who it touches, and what deserves a second look.

Pure: plain dataclasses in, plain dataclasses out. The service layer loads the published version and
the run from the database, this module compares them; publishing and ``festplan diff`` share it, so
what the lead reads before publishing is exactly what the emails will say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

#: A room whose expected audience passes this share of its seats is flagged (strictly above).
FULL_ROOM_RATIO = 0.9


class ChangeKind(StrEnum):
    """How a session's place differs between the published version and a run."""

    new = "new"
    moved = "moved"
    removed = "removed"


@dataclass(frozen=True, slots=True)
class Slot:
    """Where and when a session takes place: room, its venue, local wall-clock ``[start, end)``."""

    room: str
    venue: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the diff needs to know of a session besides its place."""

    code: str
    title: str
    speakers: tuple[str, ...] = ()
    partner: str | None = None
    expected_attendance: int | None = None


@dataclass(frozen=True, slots=True)
class RoomFacts:
    code: str
    capacity: int


@dataclass(frozen=True, slots=True)
class SessionChange:
    """One session that is new, moved or removed; ``old`` is its published slot, ``new`` the run's."""

    session: str
    kind: ChangeKind
    old: Slot | None
    new: Slot | None
    #: Moved sessions only: which of date, time, room changed (``("date", "time", "room")`` order).
    what: tuple[str, ...] = ()


class WarningKind(StrEnum):
    """Things that do not block a publication but that the lead should see first."""

    unplaced = "unplaced"
    speaker_at_limit = "speaker_at_limit"
    room_nearly_full = "room_nearly_full"


@dataclass(frozen=True, slots=True)
class DiffWarning:
    """A non-blocking remark; ``subject`` is the session, speaker or room it is about."""

    kind: WarningKind
    subject: str
    #: unplaced → the session and its reasons; speaker_at_limit → day, sessions, limit;
    #: room_nearly_full → the session, the room, expected attendance, capacity, percent.
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class RunDiff:
    """Everything ``festplan diff`` shows and ``festplan publish`` acts on."""

    first_publication: bool
    new: list[SessionChange]
    moved: list[SessionChange]
    removed: list[SessionChange]
    unchanged: int
    #: speaker code → codes of their sessions that are new, moved or removed (sorted).
    affected_speakers: dict[str, list[str]]
    #: partner code → codes of their sessions that are new, moved or removed (sorted).
    affected_partners: dict[str, list[str]]
    warnings: list[DiffWarning]

    @property
    def changes(self) -> list[SessionChange]:
        """New, moved and removed sessions together, in programme order."""
        return sorted([*self.new, *self.moved, *self.removed], key=_change_order)

    @property
    def is_empty(self) -> bool:
        """True when publishing this run would change nothing anybody sees."""
        return not (self.new or self.moved or self.removed)


def _change_order(change: SessionChange) -> tuple[datetime, str]:
    slot = change.new or change.old
    assert slot is not None  # a change always has one side
    return slot.start, change.session


def what_changed(old: Slot, new: Slot) -> tuple[str, ...]:
    """Which of date, start time and room differ between two slots (a longer session counts as a time change)."""
    parts: list[str] = []
    if old.start.date() != new.start.date():
        parts.append("date")
    if old.start.time() != new.start.time() or old.end - old.start != new.end - new.start:
        parts.append("time")
    if old.room != new.room:
        parts.append("room")
    return tuple(parts)


def compare(*, published: Mapping[str, Slot] | None, proposed: Mapping[str, Slot]) -> tuple[list[SessionChange], int]:
    """The changes from ``published`` (None before the first publication) to ``proposed``, and the unchanged count."""
    before = published or {}
    changes: list[SessionChange] = []
    unchanged = 0
    for code, slot in proposed.items():
        old = before.get(code)
        if old is None:
            changes.append(SessionChange(session=code, kind=ChangeKind.new, old=None, new=slot))
        elif old != slot:
            changes.append(
                SessionChange(session=code, kind=ChangeKind.moved, old=old, new=slot, what=what_changed(old, slot))
            )
        else:
            unchanged += 1
    for code, old in before.items():
        if code not in proposed:
            changes.append(SessionChange(session=code, kind=ChangeKind.removed, old=old, new=None))
    changes.sort(key=_change_order)
    return changes, unchanged


def affected_people(
    changes: Sequence[SessionChange], sessions: Mapping[str, SessionFacts]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Speakers and partners whose sessions appear in ``changes``, each with the codes of those sessions."""
    speakers: dict[str, set[str]] = defaultdict(set)
    partners: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        facts = sessions.get(change.session)
        if facts is None:
            continue
        for speaker in facts.speakers:
            speakers[speaker].add(change.session)
        if facts.partner:
            partners[facts.partner].add(change.session)
    return (
        {code: sorted(codes) for code, codes in sorted(speakers.items())},
        {code: sorted(codes) for code, codes in sorted(partners.items())},
    )


def find_warnings(
    *,
    proposed: Mapping[str, Slot],
    unplaced: Mapping[str, Sequence[str]],
    sessions: Mapping[str, SessionFacts],
    rooms: Mapping[str, RoomFacts],
    speaker_limits: Mapping[str, int | None],
) -> list[DiffWarning]:
    """Unplaced sessions, speakers who reach their daily limit, rooms filled above 90 % by expected attendance."""
    warnings = [
        DiffWarning(kind=WarningKind.unplaced, subject=code, facts={"reasons": list(reasons)})
        for code, reasons in sorted(unplaced.items())
    ]
    warnings.extend(_speakers_at_limit(proposed=proposed, sessions=sessions, speaker_limits=speaker_limits))
    for code, slot in sorted(proposed.items(), key=lambda item: (item[1].start, item[0])):
        facts = sessions.get(code)
        room = rooms.get(slot.room)
        if facts is None or room is None or not facts.expected_attendance or room.capacity <= 0:
            continue
        if facts.expected_attendance > FULL_ROOM_RATIO * room.capacity:
            percent = (100 * facts.expected_attendance) // room.capacity
            warnings.append(
                DiffWarning(
                    kind=WarningKind.room_nearly_full,
                    subject=slot.room,
                    facts={
                        "session": code,
                        "expected": facts.expected_attendance,
                        "capacity": room.capacity,
                        "percent": percent,
                    },
                )
            )
    return warnings


def _speakers_at_limit(
    *,
    proposed: Mapping[str, Slot],
    sessions: Mapping[str, SessionFacts],
    speaker_limits: Mapping[str, int | None],
) -> list[DiffWarning]:
    """A speaker whose day is full (as many sessions as their limit) has no margin left for a change."""
    per_day: dict[tuple[str, date], list[str]] = defaultdict(list)
    for code, slot in proposed.items():
        facts = sessions.get(code)
        for speaker in facts.speakers if facts else ():
            per_day[(speaker, slot.start.date())].append(code)
    warnings: list[DiffWarning] = []
    for (speaker, day), codes in sorted(per_day.items()):
        limit = speaker_limits.get(speaker)
        if limit is not None and len(codes) >= limit:
            warnings.append(
                DiffWarning(
                    kind=WarningKind.speaker_at_limit,
                    subject=speaker,
                    facts={"day": day, "sessions": sorted(codes), "limit": limit},
                )
            )
    return warnings


def diff_run(
    *,
    published: Mapping[str, Slot] | None,
    proposed: Mapping[str, Slot],
    unplaced: Mapping[str, Sequence[str]],
    sessions: Mapping[str, SessionFacts],
    rooms: Mapping[str, RoomFacts],
    speaker_limits: Mapping[str, int | None],
) -> RunDiff:
    """Compare a run with the published version: changes, the people they touch, and non-blocking warnings."""
    changes, unchanged = compare(published=published, proposed=proposed)
    speakers, partners = affected_people(changes, sessions)
    return RunDiff(
        first_publication=published is None,
        new=[c for c in changes if c.kind is ChangeKind.new],
        moved=[c for c in changes if c.kind is ChangeKind.moved],
        removed=[c for c in changes if c.kind is ChangeKind.removed],
        unchanged=unchanged,
        affected_speakers=speakers,
        affected_partners=partners,
        warnings=find_warnings(
            proposed=proposed, unplaced=unplaced, sessions=sessions, rooms=rooms, speaker_limits=speaker_limits
        ),
    )
