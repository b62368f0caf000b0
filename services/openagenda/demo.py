"""OpenAgenda's steps of ``festplan demo``: sync against the local stand-in after version 1, again after version 2.

The demo never talks to the real OpenAgenda: it starts :mod:`services.openagenda.standin` on a loopback
port and points the settings at it for its own steps only. Between the two syncs the demo's autumn
publishes version 2 (a session moved, one withdrawn) and fills sessions with registrations, so the second
sync shows updates, a cancellation and full sessions. The figures printed are read back from the database.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from services.openagenda.standin import StandinServer, start_standin
from shared.i18n import translate
from shared.settings import get_settings, reset_settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from shared.demo_steps import DemoContext, DemoStep

MESSAGES = {
    "step_first": {"fr": "publier sur OpenAgenda (serveur local)", "en": "publish to OpenAgenda (local server)"},
    "step_again": {
        "fr": "resynchroniser OpenAgenda après la version 2",
        "en": "sync OpenAgenda again after version 2",
    },
    "standin": {
        "fr": "serveur OpenAgenda de démonstration : {url} (agenda {agenda})",
        "en": "demo OpenAgenda server: {url} (agenda {agenda})",
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


_SERVER: dict[str, StandinServer] = {}


def first_sync_steps() -> list[DemoStep]:
    """Right after version 1 is published: the stand-in starts and every venue and session is synced."""
    from shared.demo_steps import DemoStep

    def first(ctx: DemoContext) -> list[str]:
        server = start_standin(agenda_uid="48151623")
        _SERVER["server"] = server
        return [_t("standin", url=server.api_url, agenda=server.state.agenda_uid), *_sync_lines(ctx, server)]

    return [DemoStep(name=_t("step_first"), run=first)]


def after_change_steps() -> list[DemoStep]:
    """After version 2 and the registrations: the same sync updates what moved, filled up or was withdrawn."""
    from shared.demo_steps import DemoStep

    def again(ctx: DemoContext) -> list[str]:
        server = _SERVER.pop("server")
        try:
            return _sync_lines(ctx, server)
        finally:
            server.stop()

    return [DemoStep(name=_t("step_again"), run=again)]
