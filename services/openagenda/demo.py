"""OpenAgenda's steps of ``festplan demo``: sync against the local stand-in, re-optimise, sync again.

The demo never talks to the real OpenAgenda: it starts :mod:`services.openagenda.standin` on a loopback
port and points the settings at it for its own steps only. The re-optimisation is the lead's usual
loop — withdraw a session, pin another one to a new slot, optimise and publish version 2 — done with
the scheduler's own demo function (the demo is composition code: it is allowed to call two services).
The figures printed are read back from the database (items synced, their statuses).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from services.openagenda import repository as repo
from services.openagenda.standin import StandinServer, start_standin
from shared.i18n import translate
from shared.settings import get_settings, reset_settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from services.demo import DemoContext, DemoStep

MESSAGES = {
    "step_first": {"fr": "publier sur OpenAgenda (serveur local)", "en": "publish to OpenAgenda (local server)"},
    "step_again": {
        "fr": "ré-optimiser, republier, resynchroniser OpenAgenda",
        "en": "re-optimise, republish, sync OpenAgenda again",
    },
    "standin": {
        "fr": "serveur OpenAgenda de démonstration : {url} (agenda {agenda})",
        "en": "demo OpenAgenda server: {url} (agenda {agenda})",
    },
    "changes": {
        "fr": "entre deux publications : session {withdrawn} retirée, session {moved} épinglée en salle {room}, "
        "session {filled} complète",
        "en": "between two publications: session {withdrawn} withdrawn, session {moved} pinned to room {room}, "
        "session {filled} full",
    },
    "db": {
        "fr": "en base : {locations} lieu(x), {events} événement(s) ({scheduled} programmé(s), {rescheduled} "
        "reprogrammé(s), {full} complet(s), {cancelled} annulé(s)) ; {writes} écriture(s) reçues par le serveur",
        "en": "in the database: {locations} location(s), {events} event(s) ({scheduled} scheduled, {rescheduled} "
        "rescheduled, {full} full, {cancelled} cancelled); {writes} write(s) received by the server",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


@contextmanager
def pointed_at(server: StandinServer) -> Iterator[None]:
    """The settings point at the stand-in for the duration of the block only."""
    import os

    values = {
        "FESTPLAN_OPENAGENDA_API_URL": server.api_url,
        "FESTPLAN_OPENAGENDA_AGENDA_UID": server.state.agenda_uid,
        "FESTPLAN_OPENAGENDA_SECRET_KEY": server.state.secret_key,
        "FESTPLAN_OPENAGENDA_PUBLIC_KEY": server.state.public_key,
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    reset_settings()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings()


def figures(edition_id: int, server: StandinServer) -> str:
    from shared.db import unit_of_work
    from shared.models.openagenda import OpenAgendaItem

    with unit_of_work() as session:
        rows = session.execute(
            select(OpenAgendaItem.kind, OpenAgendaItem.oa_status, func.count(OpenAgendaItem.id))
            .where(OpenAgendaItem.edition_id == edition_id, OpenAgendaItem.state == "synced")
            .group_by(OpenAgendaItem.kind, OpenAgendaItem.oa_status)
        ).all()
    by_status = {status: n for kind, status, n in rows if kind == "event"}
    return _t(
        "db",
        locations=sum(n for kind, _, n in rows if kind == "location"),
        events=sum(by_status.values()),
        scheduled=by_status.get(1, 0),
        rescheduled=by_status.get(2, 0),
        full=by_status.get(5, 0),
        cancelled=by_status.get(6, 0),
        writes=sum(server.state.writes.values()),
    )


def _sync_lines(ctx: DemoContext, server: StandinServer) -> list[str]:
    from services.openagenda import service
    from services.openagenda.tasks import synchronise
    from shared.db import unit_of_work

    assert ctx.edition_id is not None
    with pointed_at(server):
        result = synchronise(ctx.edition_id)
        with unit_of_work() as session:
            edition = service.resolve_edition(session, ctx.edition_code)
            assert edition is not None
            lines = service.summary_lines(session, edition=edition, report=result.report)
    return [*lines, figures(ctx.edition_id, server)]


def lead_changes(edition_id: int) -> tuple[str, str, str, str]:
    """What happens between two publications: a session is withdrawn, another is pinned to another room of its
    venue (the optimiser then moves it), and a third fills up with registrations from the demo's participants
    (one whose room holds just its expected audience, and nobody cancelled)."""
    from shared.db import unit_of_work
    from shared.models.edition import Room
    from shared.models.people import Participant, Registration
    from shared.models.proposal import SessionProposal
    from shared.models.scheduling import Assignment, Pin

    with unit_of_work() as session:
        version = repo.latest_version(session, edition_id)
        assert version is not None
        placed = list(
            session.execute(
                select(Assignment, SessionProposal, Room)
                .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
                .join(Room, Room.id == Assignment.room_id)
                .where(Assignment.run_id == version.run_id)
                .order_by(Assignment.start, SessionProposal.code)
            ).tuples()
        )
        withdrawn = placed[0][1]
        withdrawn.status = "withdrawn"
        rooms = list(session.scalars(select(Room).where(Room.edition_id == edition_id)))
        moved, room = _movable(placed[1:], rooms)
        session.add(Pin(proposal_id=moved.id, room_id=room.id))
        # a session whose room holds just its expected audience: filling it keeps the demo's registrations
        # within the expected attendance, as the demo data promise
        cancelled = set(session.scalars(select(Registration.proposal_id).where(Registration.status == "cancelled")))
        _, filled, filled_room = next(
            (a, p, r)
            for a, p, r in placed[1:]
            if p.id != moved.id and p.id not in cancelled and r.capacity <= max(p.expected_attendance or 0, 4)
        )
        taken = repo.seats_taken(session, [filled.id]).get(filled.id, 0)
        booked = set(session.scalars(select(Registration.participant_id).where(Registration.proposal_id == filled.id)))
        people = session.scalars(
            select(Participant.id).where(Participant.edition_id == edition_id).order_by(Participant.id)
        )
        for person in people:
            if taken >= filled_room.capacity:
                break
            if person not in booked:
                session.add(Registration(participant_id=person, proposal_id=filled.id, seats=1, status="confirmed"))
                taken += 1
        session.flush()
        return withdrawn.code, moved.code, room.code, filled.code


def _movable(placed: list, rooms: list) -> tuple:  # type: ignore[type-arg]
    """A session and another room of its venue that fits it (capacity and features)."""
    for _, proposal, current in placed:
        for room in rooms:
            fits = room.capacity >= (proposal.expected_attendance or 0) and set(
                proposal.required_features or ()
            ) <= set(room.features or ())
            if room.venue_id == current.venue_id and room.id != current.id and fits:
                return proposal, room
    raise RuntimeError("no session of the demo can change room")


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.STEP_MODULES``: first sync, then a re-optimisation and a second sync."""
    from services.demo import DemoStep

    server_box: dict[str, StandinServer] = {}

    def first(ctx: DemoContext) -> list[str]:
        server = start_standin(agenda_uid="48151623")
        server_box["server"] = server
        return [_t("standin", url=server.api_url, agenda=server.state.agenda_uid), *_sync_lines(ctx, server)]

    def again(ctx: DemoContext) -> list[str]:
        from services.scheduler.demo import optimise_and_publish  # composition: the demo drives both services

        server = server_box["server"]
        try:
            assert ctx.edition_id is not None
            withdrawn, moved, room, filled = lead_changes(ctx.edition_id)
            lines = [_t("changes", withdrawn=withdrawn, moved=moved, room=room, filled=filled)]
            lines += optimise_and_publish(edition_code=ctx.edition_code)
            return lines + _sync_lines(ctx, server)
        finally:
            server.stop()

    return [DemoStep(name=_t("step_first"), run=first), DemoStep(name=_t("step_again"), run=again)]
