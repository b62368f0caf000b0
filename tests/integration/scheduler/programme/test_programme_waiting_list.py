"""The waiting list on PostgreSQL: a cancellation gives its seats to the first waiting people who fit."""

from __future__ import annotations

from sqlalchemy import select

from services.scheduler.programme import booking
from services.scheduler.programme.repository import load_programme
from shared.db import unit_of_work
from shared.mail_secrets import REDACTED
from shared.models.notification import Notification
from shared.models.people import Registration
from shared.settings import Settings
from tests.factories.programme import PublishedProgramme, build_programme
from tests.mailbox import links


def book(made: PublishedProgramme, *, email: str, seats: int, waitlist: bool = True) -> booking.Booking:
    with unit_of_work() as session:
        programme = load_programme(session, made.edition_id)
        assert programme is not None
        item = programme.session("se-002")
        assert item is not None
        request = booking.Request(name=email, email=email, seats=seats, needs="fauteuil", waitlist=waitlist)
        return booking.register(session, item=item, edition_id=made.edition_id, request=request, locale="fr")


def cancel(made: PublishedProgramme, registration_id: int) -> booking.Cancellation:
    with unit_of_work() as session:
        programme = load_programme(session, made.edition_id)
        assert programme is not None
        return booking.cancel(session, registration_id=registration_id, item=programme.session("se-002"))


def status_of(registration_id: int) -> str:
    with unit_of_work() as session:
        row = session.get(Registration, registration_id)
        assert row is not None
        return row.status


def test_cancellation_offers_freed_seats_to_the_waiting_list(pg_env: Settings) -> None:
    with unit_of_work() as session:
        made = build_programme(session)
    holder = book(made, email="holder@example.org", seats=2)
    other = book(made, email="other@example.org", seats=1)
    assert (holder.status, other.status) == ("confirmed", "confirmed")
    big = book(made, email="big@example.org", seats=3)  # waits first, but 3 seats will never be freed here
    small = book(made, email="small@example.org", seats=2)
    refused = book(made, email="no@example.org", seats=1, waitlist=False)
    assert (big.status, small.status, refused.status) == ("waitlisted", "waitlisted", "refused")
    assert refused.left == 0

    result = cancel(made, holder.registration_id)  # type: ignore[arg-type]
    assert result.status == "cancelled"
    assert result.promoted == (small.registration_id,)
    assert status_of(small.registration_id) == "confirmed"  # type: ignore[arg-type]
    assert status_of(big.registration_id) == "waitlisted"  # type: ignore[arg-type]
    assert cancel(made, holder.registration_id).status == "already_cancelled"  # type: ignore[arg-type]

    with unit_of_work() as session:
        rows = session.scalars(
            select(Notification).where(Notification.recipient_email == "small@example.org").order_by(Notification.id)
        ).all()
    assert [r.payload["registration_status"] for r in rows] == ["waitlisted", "confirmed"]
    assert rows[-1].payload["link"] == REDACTED  # sent: the row keeps no cancellation link
    received = links(pg_env.outbox_dir, kind="participant.registration_confirmed", to="small@example.org")
    assert received[-1] == booking.cancel_url(small.registration_id)  # type: ignore[arg-type]
    assert "/inscriptions/" in received[-1]
    assert received[-1].endswith("/annuler")


def test_same_person_cannot_book_twice_but_may_come_back_after_cancelling(pg_env: Settings) -> None:
    with unit_of_work() as session:
        made = build_programme(session)
    first = book(made, email="Anne@Example.org", seats=1)
    assert book(made, email="anne@example.org", seats=1).status == "already"
    cancel(made, first.registration_id)  # type: ignore[arg-type]
    again = book(made, email="anne@example.org", seats=2)
    assert again.status == "confirmed"
    assert again.registration_id == first.registration_id


def test_forged_cancellation_links_are_refused(pg_env: Settings) -> None:
    token = booking.cancel_token(42)
    assert booking.registration_from_token(token) == 42
    assert booking.registration_from_token(token[:-3] + "abc") is None
    assert booking.registration_from_token("x" * 500) is None
