"""Who hears of a publication, and about what: the pure plan that ``publish`` turns into outbox rows.

On the first publication every speaker and partner learns all their slots; afterwards only those whose
sessions are new, moved or removed hear of it, with the old and new facts, and so do the participants
registered to a session that moved or was withdrawn (:func:`plan_participant_notices`). Partners also get a
logistics email seven days before each of their sessions, at 9:00 local time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.scheduler.domain.diff import ChangeKind, RunDiff, SessionChange, SessionFacts, Slot

LOGISTICS_DAYS_BEFORE = 7
LOGISTICS_LOCAL_TIME = time(9, 0)


@dataclass(frozen=True, slots=True)
class Announcement:
    """One email to plan: ``kind`` (a notifier template), ``recipient`` a speaker or partner code.

    ``sessions`` lists the recipient's whole programme (first publication); ``changes`` only what changed.
    """

    kind: str
    recipient_type: str
    recipient: str
    sessions: tuple[str, ...] = ()
    changes: tuple[SessionChange, ...] = ()


@dataclass(frozen=True, slots=True)
class LogisticsReminder:
    """The practical-details email a partner receives before one session, and when it is due."""

    partner: str
    session: str
    slot: Slot
    send_after: datetime


def plan_announcements(
    *, diff: RunDiff, proposed: Mapping[str, Slot], sessions: Mapping[str, SessionFacts]
) -> list[Announcement]:
    """The emails a publication owes, from the diff against the previous version (nothing when nothing changed)."""
    if diff.first_publication:
        return _first_publication(proposed=proposed, sessions=sessions)
    by_code = {change.session: change for change in diff.changes}
    plan = [
        Announcement(
            kind="speaker.schedule_change",
            recipient_type="speaker",
            recipient=speaker,
            changes=tuple(by_code[code] for code in codes),
        )
        for speaker, codes in diff.affected_speakers.items()
    ]
    plan.extend(
        Announcement(
            kind="partner.slots",
            recipient_type="partner",
            recipient=partner,
            sessions=tuple(_programme_of(partner=partner, proposed=proposed, sessions=sessions)),
            changes=tuple(by_code[code] for code in codes),
        )
        for partner, codes in diff.affected_partners.items()
    )
    return plan


def _first_publication(*, proposed: Mapping[str, Slot], sessions: Mapping[str, SessionFacts]) -> list[Announcement]:
    speakers: dict[str, list[str]] = {}
    partners: dict[str, list[str]] = {}
    for code in sorted(proposed, key=lambda c: (proposed[c].start, c)):
        facts = sessions.get(code)
        if facts is None:
            continue
        for speaker in facts.speakers:
            speakers.setdefault(speaker, []).append(code)
        if facts.partner:
            partners.setdefault(facts.partner, []).append(code)
    plan = [
        Announcement(kind="speaker.assignment", recipient_type="speaker", recipient=code, sessions=tuple(codes))
        for code, codes in sorted(speakers.items())
    ]
    plan.extend(
        Announcement(kind="partner.slots", recipient_type="partner", recipient=code, sessions=tuple(codes))
        for code, codes in sorted(partners.items())
    )
    return plan


def _programme_of(*, partner: str, proposed: Mapping[str, Slot], sessions: Mapping[str, SessionFacts]) -> list[str]:
    codes = [code for code, facts in sessions.items() if facts.partner == partner and code in proposed]
    return sorted(codes, key=lambda c: (proposed[c].start, c))


def logistics_send_after(*, start: datetime, timezone: str) -> datetime:
    """The aware UTC instant of 9:00 local, seven days before a session that starts at local ``start``."""
    day = start.date() - timedelta(days=LOGISTICS_DAYS_BEFORE)
    local = datetime.combine(day, LOGISTICS_LOCAL_TIME, tzinfo=ZoneInfo(timezone))
    return local.astimezone(ZoneInfo("UTC"))


def plan_logistics(
    *, proposed: Mapping[str, Slot], sessions: Mapping[str, SessionFacts], timezone: str, now: datetime
) -> list[LogisticsReminder]:
    """A logistics reminder per placed session of a partner that has not started yet (due now if late)."""
    reminders: list[LogisticsReminder] = []
    for code, slot in sorted(proposed.items(), key=lambda item: (item[1].start, item[0])):
        facts = sessions.get(code)
        if facts is None or not facts.partner:
            continue
        starts_at = slot.start.replace(tzinfo=ZoneInfo(timezone))
        if starts_at <= now:
            continue
        due = max(logistics_send_after(start=slot.start, timezone=timezone), now)
        reminders.append(LogisticsReminder(partner=facts.partner, session=code, slot=slot, send_after=due))
    return reminders


#: Which changes a registration hears of: confirmed seats follow a moved or withdrawn session; a waiting
#: list only matters when its session is withdrawn (a new time is told when a seat is offered).
PARTICIPANT_CHANGE_KINDS: Mapping[str, frozenset[ChangeKind]] = {
    "confirmed": frozenset({ChangeKind.moved, ChangeKind.removed}),
    "waitlisted": frozenset({ChangeKind.removed}),
}


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A participant's registration to one session, as the plan needs it (``status`` as in ``registrations``)."""

    participant: int
    session: str
    status: str


@dataclass(frozen=True, slots=True)
class ParticipantNotice:
    """One ``participant.session_changed`` email: the participant's changed sessions, in programme order.

    ``statuses`` gives, per change, the registration's status (confirmed or waitlisted).
    """

    participant: int
    changes: tuple[SessionChange, ...]
    statuses: tuple[str, ...]


def plan_participant_notices(*, diff: RunDiff, enrolments: Iterable[Enrolment]) -> list[ParticipantNotice]:
    """One email per participant whose registered session moved or was withdrawn (none on a first publication).

    Cancelled registrations hear nothing; waitlisted ones only of a withdrawn session.
    """
    if diff.first_publication:
        return []
    order = {change.session: index for index, change in enumerate(diff.changes)}
    by_code = {change.session: change for change in diff.changes}
    told: dict[int, dict[str, str]] = {}
    for enrolment in enrolments:
        change = by_code.get(enrolment.session)
        if change is None or change.kind not in PARTICIPANT_CHANGE_KINDS.get(enrolment.status, frozenset()):
            continue
        told.setdefault(enrolment.participant, {})[enrolment.session] = enrolment.status
    notices = []
    for participant, statuses in sorted(told.items()):
        codes = sorted(statuses, key=order.__getitem__)
        notices.append(
            ParticipantNotice(
                participant=participant,
                changes=tuple(by_code[code] for code in codes),
                statuses=tuple(statuses[code] for code in codes),
            )
        )
    return notices
