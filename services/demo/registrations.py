"""The demo's registrations: people sign up through the public form's code, day after day of September.

Each registration is what ``POST /programme/sessions/{code}/inscription`` does — the form's checks
(:func:`booking.validate`), then :func:`booking.register` in a transaction of its own, which records the
confirmation email — with the person's language as the page's. One small session is played out on
purpose: it fills up, a latecomer asks for the waiting list, a cancellation through the email's link
(:func:`booking.cancel`) frees a seat and the latecomer is confirmed and told.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from services.demo import data_fr as fr
from services.demo.data import person_name, slug
from services.scheduler.programme import booking
from services.scheduler.programme.model import Programme, ProgrammeSession
from services.scheduler.programme.pages import max_seats_per_registration
from services.scheduler.programme.repository import load_programme
from shared.db import unit_of_work
from shared.i18n import translate
from shared.models import Participant
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext

PARIS = ZoneInfo("Europe/Paris")
OPENS = date(2023, 9, 1)
CLOSES = date(2023, 10, 1)
#: The day the small session fills up, and the day one of its people cancels.
FULL_ON, CANCEL_ON = date(2023, 9, 5), date(2023, 9, 12)
MESSAGES = {
    "registered": {
        "fr": "{people} personnes inscrites par le formulaire public : {confirmed} inscriptions confirmées "
        "({seats} places), {waitlisted} en liste d'attente, {refused} refusées faute de place, {cancelled} annulées",
        "en": "{people} people registered through the public form: {confirmed} confirmed registrations "
        "({seats} seats), {waitlisted} waitlisted, {refused} refused (full), {cancelled} cancelled",
    },
    "full": {
        "fr": "« {title} » complète ({capacity} places) ; {waiting} attend, puis prend la place libérée par {leaver}",
        "en": "“{title}” full ({capacity} seats); {waiting} waits, then takes the seat {leaver} freed",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str
    locale: str
    needs: str | None
    family: bool


def people(rng: random.Random, count: int) -> list[Person]:
    """Seeded people with unique fictional addresses; a few write in English, a few state a need."""
    used: set[str] = set()
    out = []
    for _ in range(count):
        first, last = person_name(rng)
        base, domain = f"{slug(first)}.{slug(last)}", rng.choice(("example.org", "example.fr"))
        email, n = f"{base}@{domain}", 1
        while email in used:
            n += 1
            email = f"{base}{n}@{domain}"
        used.add(email)
        needs = rng.choice(fr.ACCESSIBILITY_NEEDS) if rng.random() < 0.05 else None
        locale = "en" if rng.random() < 0.04 else "fr"
        out.append(Person(f"{first} {last}", email, locale, needs, rng.random() < 0.3))
    return out


def sign_up(
    item: ProgrammeSession, person: Person, *, edition_id: int, seats: int, waitlist: bool
) -> booking.Booking | None:
    """One submission of the public form, in its own transaction; None when the form would refuse it."""
    request, _errors = booking.validate(
        name=person.name,
        email=person.email,
        seats=str(seats),
        needs=person.needs or "",
        waitlist=waitlist,
        max_seats=max_seats_per_registration(item.capacity),
    )
    if request is None:
        return None
    with unit_of_work() as session:
        return booking.register(session, item=item, edition_id=edition_id, request=request, locale=person.locale)


def cancel(registration_id: int, item: ProgrammeSession) -> booking.Cancellation:
    """What the confirmation email's cancellation link does (POST), in its own transaction."""
    with unit_of_work() as session:
        return booking.cancel(session, registration_id=registration_id, item=item)


def _programme(ctx: DemoContext) -> Programme:
    with unit_of_work() as session:
        programme = load_programme(session, ctx.edition_id)
    if programme is None:
        raise RuntimeError("no published programme: registrations open after the first publication")
    return programme


@dataclass(slots=True)
class FullSession:
    """The small session played out: who booked it, who waits."""

    item: ProgrammeSession
    bookings: list[tuple[int, Person]]
    latecomer: Person | None = None


def fill_small_session(ctx: DemoContext, programme: Programme, crowd: list[Person]) -> FullSession:
    """Fill the session of the smallest room, then a latecomer asks for its waiting list."""
    item = min(programme.sessions, key=lambda s: (s.capacity, s.start))
    played = FullSession(item=item, bookings=[])
    left = item.capacity
    for number, person in enumerate(crowd):
        seats = max(1, min(max_seats_per_registration(item.capacity), left, 1 + number % 3))
        outcome = sign_up(item, person, edition_id=programme.edition_id, seats=seats, waitlist=False)
        ctx.clock.advance(timedelta(minutes=7))
        if outcome is not None and outcome.status == "confirmed":
            played.bookings.append((outcome.registration_id or 0, person))
            left = outcome.left
        if left == 0:
            played.latecomer = crowd[number + 1]
            break
    if played.latecomer is None:
        raise RuntimeError(f"the demo could not fill « {item.title} » ({item.capacity} seats)")
    waiting = sign_up(item, played.latecomer, edition_id=programme.edition_id, seats=1, waitlist=True)
    if waiting is None or waiting.status != "waitlisted":
        raise RuntimeError(f"the latecomer of « {item.title} » was not waitlisted: {waiting}")
    return played


def free_a_seat(played: FullSession) -> str:
    """One of the people booked cancels through their email's link; the latecomer is confirmed and told."""
    leaver_id, leaver = played.bookings[len(played.bookings) // 2]
    cancelled = cancel(leaver_id, played.item)
    if not cancelled.promoted:
        raise RuntimeError(f"the cancellation freed no seat for the waiting list: {cancelled}")
    assert played.latecomer is not None
    return _t(
        "full",
        title=played.item.title,
        capacity=played.item.capacity,
        waiting=played.latecomer.name,
        leaver=leaver.name,
    )


def register_everyone(ctx: DemoContext, *, each_day: Callable[[date], None]) -> list[str]:
    """September's registrations, one form submission at a time; ``each_day`` runs every evening."""
    rng = random.Random(ctx.seed)
    programme = _programme(ctx)
    crowd = people(rng, ctx.participants)
    staged = crowd[:40]
    plan: list[tuple[datetime, Person, ProgrammeSession, int]] = []
    sessions = [s for s in programme.sessions if s.audience != "school"] or list(programme.sessions)
    for person in crowd[40:]:
        wanted = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        for item in rng.sample(sessions, k=min(wanted, len(sessions))):
            seats = rng.choice((2, 2, 3, 4)) if person.family else 1
            day = OPENS + timedelta(days=min(29, int(rng.expovariate(1 / 8))))
            at = datetime.combine(day, time(8), tzinfo=PARIS) + timedelta(minutes=rng.randrange(14 * 60))
            plan.append((at, person, item, seats))
    plan.sort(key=lambda entry: entry[0])
    counts = {"confirmed": 0, "waitlisted": 0, "refused": 0, "cancelled": 0}
    taken = 0
    full_line = ""
    played: FullSession | None = None
    day = OPENS
    pending = iter(plan)
    entry = next(pending, None)
    while day <= CLOSES:
        if day == FULL_ON:
            ctx.clock.move_to(datetime.combine(day, time(7, 30), tzinfo=PARIS))
            played = fill_small_session(ctx, programme, staged)
        if day == CANCEL_ON and played is not None:
            full_line = free_a_seat(played)
        while entry is not None and entry[0].date() == day:
            at, person, item, seats = entry
            ctx.clock.move_to(max(at, ctx.clock.now()))
            outcome = sign_up(item, person, edition_id=programme.edition_id, seats=seats, waitlist=rng.random() < 0.5)
            if outcome is not None and outcome.status in counts:
                counts[outcome.status] += 1
                taken += outcome.seats if outcome.status == "confirmed" else 0
                if outcome.status == "confirmed" and rng.random() < 0.03 and outcome.registration_id:
                    ctx.clock.advance(timedelta(minutes=30))
                    cancel(outcome.registration_id, item)
                    counts["cancelled"] += 1
            entry = next(pending, None)
        ctx.clock.move_to(max(ctx.clock.now(), datetime.combine(day, time(21), tzinfo=PARIS)))
        each_day(day)
        day += timedelta(days=1)
    with unit_of_work() as session:  # who really registered (a few met only the full session), from the database
        registered = session.scalar(
            select(func.count()).select_from(Participant).where(Participant.edition_id == programme.edition_id)
        )
    return [
        _t(
            "registered",
            people=registered,
            seats=taken,
            **counts,
        ),
        full_line,
    ]
