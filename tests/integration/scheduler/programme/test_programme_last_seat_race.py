"""Registrations count against room capacity atomically on PostgreSQL: racing for the last seat, exactly one wins."""

from __future__ import annotations

import threading
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.scheduler.programme import booking
from services.scheduler.programme.repository import load_programme
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.people import Registration
from shared.settings import Settings
from tests.factories.programme import PublishedProgramme, build_programme

RACERS = 8


def book(made: PublishedProgramme, *, email: str, seats: int = 1, waitlist: bool = False) -> booking.Booking:
    """One registration in its own transaction, as one HTTP request would do it."""
    with unit_of_work() as session:
        programme = load_programme(session, made.edition_id)
        assert programme is not None
        item = programme.session("se-002")
        assert item is not None
        request = booking.Request(name=email.split("@")[0], email=email, seats=seats, needs=None, waitlist=waitlist)
        return booking.register(session, item=item, edition_id=made.edition_id, request=request, locale="fr")


def confirmed_seats(made: PublishedProgramme) -> int:
    with unit_of_work() as session:
        query = select(func.sum(Registration.seats)).where(
            Registration.proposal_id == made.proposals["se-002"], Registration.status == "confirmed"
        )
        return int(session.scalar(query) or 0)


def race(target, count: int) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = target(index)
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_exactly_one_racer_gets_the_last_seat(pg_env: Settings) -> None:
    with unit_of_work() as session:
        made = build_programme(session)
    assert book(made, email="first@example.org", seats=2).status == "confirmed"  # 1 of 3 seats left

    outcomes = race(lambda i: book(made, email=f"racer{i}@example.org"), RACERS)

    statuses = Counter(o.status for o in outcomes)  # type: ignore[attr-defined]
    assert statuses == {"confirmed": 1, "refused": RACERS - 1}
    assert confirmed_seats(made) == 3
    with unit_of_work() as session:
        emails = session.scalar(
            select(func.count(Notification.id)).where(Notification.kind == "participant.registration_confirmed")
        )
    assert emails == 2  # the first booking and the one winner; refused people get no email


def test_racers_over_http_one_wins_the_others_are_waitlisted(pg_env: Settings) -> None:
    from services.web import create_app

    with unit_of_work() as session:
        made = build_programme(session)
    assert book(made, email="first@example.org", seats=2).status == "confirmed"
    app = create_app()

    def post(index: int) -> int:
        with TestClient(app) as client:
            response = client.post(
                "/programme/sessions/se-002/inscription",
                data={"nom": f"Racer {index}", "courriel": f"http{index}@example.org", "places": "1", "attente": "1"},
                follow_redirects=False,
            )
            return response.status_code

    codes = race(post, RACERS)
    assert codes == [200] * RACERS  # "check your inbox", whatever became of each
    assert confirmed_seats(made) == 3
    with unit_of_work() as session:
        statuses = Counter(
            session.scalars(
                select(Registration.status).where(Registration.proposal_id == made.proposals["se-002"])
            ).all()
        )
    assert statuses == {"confirmed": 2, "waitlisted": RACERS - 1}  # first + one racer
