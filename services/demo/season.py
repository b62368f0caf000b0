"""The demo's autumn, day by day: registrations, a change of programme, the edition itself, its surveys.

From 1 September people register through the public form's code (:mod:`services.scheduler.programme.booking`):
one small session fills up, a latecomer joins its waiting list, a cancellation frees a seat and the
latecomer is told. On 2 October a speaker can no longer come on one day: the programme is optimised again
and published as version 2, which tells only the people concerned. Then the clock walks through the edition
at ten every morning: partners' logistics notices fall due a week before their sessions, participants
are reminded the day before, venues enter yesterday's attendance, surveys go out after the sessions and
the edition, people answer some of them, and a reminder goes to the others a week later. Each day ends
by sending what is due. This is the composition root: it calls every service's own use cases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.demo.registrations import Person, register_everyone, sign_up
from services.evaluation.demo import answer_sent, count_day
from services.ingest.directory.schemas import AvailabilityIn, TimeRange
from services.ingest.proposals.service import replace_availability, withdraw_proposal
from services.notifier.demo import send_now
from services.scheduler.demo import optimise_and_publish
from services.scheduler.programme.model import ProgrammeSession
from services.scheduler.programme.reminders import plan_tomorrow
from services.scheduler.programme.repository import load_programme
from shared import events
from shared.db import unit_of_work
from shared.events import SurveyDue
from shared.i18n import translate
from shared.models import Edition, Participant, SessionProposal, Speaker
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

PARIS = ZoneInfo("Europe/Paris")
MORNING = time(10, 0)
PARTNER_SURVEY_ON = date(2023, 9, 4)
CHANGE_ON = datetime(2023, 10, 2, 11, 0, tzinfo=PARIS)
#: The evening two people already registered sign up for the two sessions the change of programme touches.
WORD_OF_MOUTH_ON = date(2023, 9, 20)
#: The last morning the demo plays: after the week that survey reminders wait.
LAST_MORNING = date(2023, 11, 6)
MESSAGES = {
    "step_registrations": {
        "fr": "inscriptions (septembre 2023)",
        "en": "registrations (September 2023)",
    },
    "step_change": {
        "fr": "un intervenant empêché : version 2 (2 octobre 2023)",
        "en": "a speaker cannot come: version 2 (2 October 2023)",
    },
    "step_days": {
        "fr": "l'édition jour après jour (3 octobre – 6 novembre 2023)",
        "en": "the edition day by day (3 October – 6 November 2023)",
    },
    "unavailable": {
        "fr": "{speaker} ne peut plus venir le {day}",
        "en": "{speaker} can no longer come on {day}",
    },
    "withdrawn": {
        "fr": "son partenaire retire « {title} »",
        "en": "its partner withdraws “{title}”",
    },
    "changes": {
        "fr": (
            "version 2 : {changes} courriel(s) de changement, {slots} liste(s) de créneaux de partenaires, "
            "{participants} participant·e(s) prévenu·e(s)"
        ),
        "en": "version 2: {changes} change email(s), {slots} partner slot list(s), {participants} participant(s) told",
    },
    "days": {
        "fr": "{reminders} rappels la veille, {logistics} avis logistiques, {counted} séances comptées, "
        "{invited} invitations aux questionnaires, {answered} réponses",
        "en": "{reminders} day-before reminders, {logistics} logistics notices, {counted} sessions counted, "
        "{invited} survey invitations, {answered} answers",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def morning(day: date) -> datetime:
    return datetime.combine(day, MORNING, tzinfo=PARIS)


def _edition(session, ctx: DemoContext) -> Edition:
    return session.get_one(Edition, ctx.edition_id)


# --- the change of programme ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """What changes on 2 October: a speaker cannot come on ``day``; a partner withdraws another of their sessions."""

    speaker_id: int
    speaker_name: str
    day: date
    withdrawn_id: int
    withdrawn_title: str
    partner_id: int
    #: The speaker's session that moves away from ``day``.
    kept_id: int


def _change(ctx: DemoContext) -> Change | None:
    """A speaker with two sessions on different days: one proposed by a partner (withdrawn), one free to move."""
    with unit_of_work() as session:
        programme = load_programme(session, ctx.edition_id)
        free = set(  # sessions with no time windows of their own: they can move to another day
            session.scalars(
                select(SessionProposal.id).where(
                    SessionProposal.edition_id == ctx.edition_id, SessionProposal.windows.is_(None)
                )
            )
        )
    by_speaker: dict[int, list[ProgrammeSession]] = {}
    names: dict[int, str] = {}
    for item in programme.sessions if programme else ():
        for speaker in item.speakers:
            by_speaker.setdefault(speaker.id, []).append(item)
            names[speaker.id] = speaker.name
    for speaker_id, items in by_speaker.items():
        for withdrawn in items:
            if withdrawn.partner is None:
                continue
            kept = next((i for i in items if i.start.date() != withdrawn.start.date() and i.proposal_id in free), None)
            if kept is not None:
                return Change(
                    speaker_id=speaker_id,
                    speaker_name=names[speaker_id],
                    day=kept.start.date(),
                    withdrawn_id=withdrawn.proposal_id,
                    withdrawn_title=withdrawn.title,
                    partner_id=withdrawn.partner.id,
                    kept_id=kept.proposal_id,
                )
    return None


def _word_of_mouth(ctx: DemoContext) -> None:
    """The first two people registered also sign up for the sessions October's change will move and withdraw.

    The seeded registrations may miss them; this way version 2 always has participants to tell (a move and a
    withdrawal), through the public form's own code like every other registration.
    """
    change = _change(ctx)
    if change is None:
        return
    with unit_of_work() as session:
        programme = load_programme(session, ctx.edition_id)
        first = session.scalars(
            select(Participant).where(Participant.edition_id == ctx.edition_id).order_by(Participant.id).limit(2)
        ).all()
        persons = [Person(p.name, p.email, p.locale, None, False) for p in first]
    items = [
        i for i in (programme.sessions if programme else ()) if i.proposal_id in (change.kept_id, change.withdrawn_id)
    ]
    for item in items:
        for person in persons:
            sign_up(item, person, edition_id=ctx.edition_id, seats=1, waitlist=True)


def _ranges_without(speaker: Speaker, edition: Edition, day: date) -> list[TimeRange]:
    """The speaker's availability with ``day`` taken out (every edition day from 8:00 to 23:00 if none given)."""
    ranges = [(r.start, r.end) for r in speaker.availability]
    if not ranges:
        days = (edition.end_date - edition.start_date).days + 1
        ranges = [
            (datetime.combine(d, time(8)), datetime.combine(d, time(23)))
            for d in (edition.start_date + timedelta(days=n) for n in range(days))
        ]
    out: list[TimeRange] = []
    cut_start, cut_end = datetime.combine(day, time(0)), datetime.combine(day + timedelta(days=1), time(0))
    for start, end in ranges:
        if end <= cut_start or start >= cut_end:
            out.append(TimeRange(start=start, end=end))
            continue
        if start < cut_start:
            out.append(TimeRange(start=start, end=cut_start))
        if end > cut_end:
            out.append(TimeRange(start=cut_end, end=end))
    return out


def change_of_programme(ctx: DemoContext) -> list[str]:
    """A speaker states a new availability (the speaker form's use case) and a partner withdraws a session of
    theirs (the partner form's); version 2 is optimised and published, and only the people concerned hear of it:
    that speaker in one email for both changes (a moved session, ``.ics`` SEQUENCE 2; a removed one, CANCEL),
    and the participants registered to either session, in one ``participant.session_changed`` email each."""
    ctx.clock.move_to(CHANGE_ON)
    change = _change(ctx)
    if change is None:
        raise RuntimeError("no speaker with two sessions: the demo cannot play a change of programme")
    with unit_of_work() as session:
        speaker = session.get_one(Speaker, change.speaker_id)
        ranges = _ranges_without(speaker, _edition(session, ctx), change.day)
        replace_availability(session, speaker_id=change.speaker_id, data=AvailabilityIn(ranges=ranges))
    ctx.clock.advance(timedelta(minutes=40))
    with unit_of_work() as session:
        withdraw_proposal(session, partner_id=change.partner_id, proposal_id=change.withdrawn_id)
    lines = [
        _t("unavailable", speaker=change.speaker_name, day=change.day.strftime("%d/%m/%Y")),
        _t("withdrawn", title=change.withdrawn_title),
    ]
    told = ("speaker.schedule_change", "partner.slots", "participant.session_changed")
    before = _count_kinds(told)
    ctx.clock.advance(timedelta(minutes=20))
    message = f"{change.speaker_name} indisponible le {change.day:%d/%m} ; « {change.withdrawn_title} » retirée"
    lines += optimise_and_publish(edition_code=ctx.edition_code, message=message)
    ctx.clock.advance(timedelta(minutes=get_settings().change_batch_minutes + 1))
    send_now(ctx)
    after = _count_kinds(told)
    lines.append(
        _t(
            "changes",
            changes=after["speaker.schedule_change"] - before["speaker.schedule_change"],
            slots=after["partner.slots"] - before["partner.slots"],
            participants=after["participant.session_changed"] - before["participant.session_changed"],
        )
    )
    return lines


def _count_kinds(kinds: tuple[str, ...]) -> dict[str, int]:
    with unit_of_work() as session:
        rows = session.execute(
            select(Notification.kind, func.count()).where(Notification.kind.in_(kinds)).group_by(Notification.kind)
        ).all()
    return {kind: 0 for kind in kinds} | dict(rows)  # type: ignore[arg-type]


def _survey_due(session: Session, *, edition_id: int, survey: str) -> None:
    """The calendar made a survey round due: the evaluation issues it once this morning's transaction commits."""
    events.record(session, SurveyDue(edition_id=edition_id, survey=survey, due_at=utcnow().isoformat()))


# --- the edition, day by day ---------------------------------------------------------------------------------


def edition_days(ctx: DemoContext) -> list[str]:
    """Every morning from two weeks before the edition to the surveys' reminders."""
    rng = random.Random(ctx.seed + 1)
    decided: set[int] = set()
    with unit_of_work() as session:
        edition = _edition(session, ctx)
        start, end = edition.start_date, edition.end_date
    reminders = counted = answered = 0
    day = start - timedelta(days=13)
    while day <= LAST_MORNING:
        ctx.clock.move_to(morning(day))
        with unit_of_work() as session:
            edition = _edition(session, ctx)
            if start - timedelta(days=1) <= day < end:
                reminders += plan_tomorrow(session, edition_id=edition.id, local_today=day)
            if day == start - timedelta(days=2):  # registrations are closed: the participants' surveys are planned
                _survey_due(session, edition_id=edition.id, survey="participant_after")
            if day == end + timedelta(days=1):
                _survey_due(session, edition_id=edition.id, survey="speaker_after")
                _survey_due(session, edition_id=edition.id, survey="partner_after")
            if start < day <= end + timedelta(days=1):
                counted += count_day(session, edition=edition, day=day - timedelta(days=1), rng=rng)[0]
        send_now(ctx)
        ctx.clock.advance(timedelta(hours=8))  # people answer during the day
        with unit_of_work() as session:
            answered += answer_sent(session, edition=_edition(session, ctx), rng=rng, decided=decided)
        day += timedelta(days=1)
    ctx.clock.advance(timedelta(hours=1))
    send_now(ctx)
    kinds = _count_kinds(("partner.logistics",))
    with unit_of_work() as session:
        from shared.models.evaluation import SurveyInvitation

        invited = session.scalar(select(func.count()).where(SurveyInvitation.edition_id == ctx.edition_id))
    return [
        _t(
            "days",
            reminders=reminders,
            logistics=kinds["partner.logistics"],
            counted=counted,
            invited=invited,
            answered=answered + int(ctx.facts.get("answered_before", 0)),  # type: ignore[arg-type]
        )
    ]


def registrations(ctx: DemoContext) -> list[str]:
    """September: registrations open; the partners' survey before the event is planned on the 4th."""
    rng = random.Random(ctx.seed + 2)
    decided: set[int] = set()

    def each_day(day: date) -> None:
        if day == WORD_OF_MOUTH_ON:
            _word_of_mouth(ctx)
        if day == PARTNER_SURVEY_ON:
            with unit_of_work() as session:
                _survey_due(session, edition_id=_edition(session, ctx).id, survey="partner_before")
        send_now(ctx)
        with unit_of_work() as session:
            ctx.facts["answered_before"] = int(ctx.facts.get("answered_before", 0)) + answer_sent(  # type: ignore[arg-type]
                session, edition=_edition(session, ctx), rng=rng, decided=decided
            )

    return register_everyone(ctx, each_day=each_day)


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.run.STEP_MODULES``: after the first publication, the autumn in three steps."""
    from shared.demo_steps import DemoStep

    return [
        DemoStep(name=_t("step_registrations"), run=registrations),
        DemoStep(name=_t("step_change"), run=change_of_programme),
        DemoStep(name=_t("step_days"), run=edition_days),
    ]
