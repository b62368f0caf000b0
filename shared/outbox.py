"""The outbox: every email festplan owes is first a row, written in the caller's transaction.

Any service records the emails it owes here, with the facts only it has at that moment (a publication's
changes, a survey's one-time link): the outbox is the kit's port to the notifier, as :mod:`shared.events` is
for facts other services react to. The notifier owns what happens after the commit (its hand-over and relay
tasks, connected with :func:`connect`), the templates and the delivery.

Nothing leaves before the commit: :func:`record` only inserts and flushes. A row due now is written
``queued`` and its id handed to ``notifier.send_batch`` once the caller's transaction commits, so a
registration's confirmation leaves within milliseconds, not at the relay's next run; a transaction
that owes more than :data:`DIRECT_LIMIT` emails (a publication, a survey wave) leaves them
``pending`` and asks the relay (``notifier.relay``) instead, so the producer returns at once. If
the broker cannot be reached after the commit, the rows go back to ``pending`` for beat's relay
(or, failing even that, the relay's sweep of rows queued too long ago finds them). A second call
with the same idempotency key is a no-op, so producers can be re-run without sending twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, TextClause, bindparam, case, func, literal_column, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from shared.db import after_commit
from shared.i18n import normalise_locale
from shared.mail_secrets import REDACTED, REDACTED_ON, SECRET_KEYS
from shared.models.notification import Notification
from shared.models.types import utcnow

log = logging.getLogger(__name__)

KINDS = (
    "partner.proposal_received",
    "partner.decision",
    "partner.slots",
    "partner.logistics",
    "partner.survey_before",
    "partner.survey_after",
    "partner.invitation",
    "speaker.invitation",
    "speaker.assignment",
    "speaker.schedule_change",
    "speaker.survey_after",
    "participant.registration_confirmed",
    "participant.reminder",
    "participant.session_changed",
    "participant.survey",
    "survey.reminder",
    "lead.signin_link",
    "network.news",
)
CATEGORIES = ("transactional", "bulk")
#: Due rows one transaction hands straight to the mail queue; beyond, the relay task hands them over.
DIRECT_LIMIT = 200


class _Notifier:
    """What runs after a commit that wrote due rows, connected by the notifier's tasks module when imported.

    ``hand_over(ids)`` gives committed ``queued`` rows to the mail queue; ``relay()`` asks the relay task to
    run. Until they are connected (a process without the notifier), rows are written ``pending`` and beat's
    relay finds them.
    """

    hand_over: Callable[[list[int]], None] | None = None
    relay: Callable[[], None] | None = None


_NOTIFIER = _Notifier()


def connect(*, hand_over: Callable[[list[int]], None], relay: Callable[[], None]) -> None:
    """Name what :func:`record`'s after-commit callbacks run (called once by ``services.notifier.tasks``)."""
    _NOTIFIER.hand_over, _NOTIFIER.relay = hand_over, relay


def record(
    session: Session,
    *,
    kind: str,
    recipient_email: str,
    recipient_name: str | None,
    locale: str,
    payload: dict,
    idempotency_key: str,
    edition_id: int | None = None,
    send_after: datetime | None = None,
    category: str = "transactional",
    schedule_version_id: int | None = None,
    held: bool = False,
) -> Notification | None:
    """Insert the email's row in the caller's transaction, or return None if its key is already known."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown notification category {category!r}")
    if send_after is not None and send_after.tzinfo is None:
        raise ValueError("send_after must be an aware datetime")
    if len(idempotency_key) > 200:
        raise ValueError("idempotency_key is longer than 200 characters")
    now = utcnow()
    due = not held and (send_after is None or send_after <= now)
    direct = _direct_ids(session) if due and _NOTIFIER.hand_over is not None else None
    values = {
        "edition_id": edition_id,
        "idempotency_key": idempotency_key,
        "kind": kind,
        "recipient_email": recipient_email.strip(),
        "recipient_name": recipient_name,
        "locale": normalise_locale(locale),
        "payload": payload,
        "status": "held" if held else ("queued" if direct is not None else "pending"),
        "category": category,
        "schedule_version_id": schedule_version_id,
        "send_after": send_after or now,
        "created_at": now,
        "updated_at": now,
        "attempts": 0,
        "deliveries": 0,
    }
    # One statement: a second row for a known key, even one a concurrent transaction is writing, is
    # skipped by the database itself, without a savepoint to roll back or a lookup beforehand.
    row_id = session.execute(_insert_unless_known(tuple(values)), values).scalar()
    if row_id is None:
        return None
    row = _as_loaded(row_id, values)
    session.add(row)
    if direct is not None:
        direct.append(row.id)
    elif due:
        request_relay(session)
    return row


def _direct_ids(session: Session) -> list[int] | None:
    """The ids this transaction hands to the mail queue after its commit, or None once it holds DIRECT_LIMIT."""
    hook = session.info.get("outbox_hand_over")
    if hook is None or hook not in session.info.get("after_commit", []):  # a new transaction
        ids: list[int] = []

        def hand_over() -> None:
            _hand_over(ids)

        session.info["outbox_hand_over"], session.info["outbox_ids"] = hand_over, ids
        after_commit(session, hand_over)
    ids = session.info["outbox_ids"]
    return ids if len(ids) < DIRECT_LIMIT else None


def _hand_over(ids: list[int]) -> None:
    hand_over = _NOTIFIER.hand_over
    if hand_over is not None:
        hand_over(ids)


@lru_cache(maxsize=4)
def _insert_unless_known(columns: tuple[str, ...]) -> TextClause:
    """``INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id``, as one statement compiled once.

    The dialects' own ``insert().on_conflict_do_nothing()`` has no cache key in SQLAlchemy 2.0, so it
    was compiled again for every email: 3 ms, more than half of a producer's cost per row. The same
    SQL as a textual statement with the columns' own types is cached like any other; PostgreSQL and
    SQLite (3.35 and later) both accept it. Only the id comes back (:func:`_as_loaded`).
    """
    table = Notification.__table__
    written = [table.c[name] for name in columns]
    sql = text(
        f"INSERT INTO {table.name} ({', '.join(c.name for c in written)}) "
        f"VALUES ({', '.join(':' + c.name for c in written)}) "
        f"ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
    )
    return sql.bindparams(*(bindparam(c.name, type_=c.type) for c in written)).columns(table.c.id)


def _as_loaded(row_id: int, values: dict) -> Notification:
    """The row just inserted, as if the session had loaded it, from the values written and its new id.

    Every column is either written by :func:`record` or NULL, so nothing needs reading back; loading the
    returned row through the ORM (21 columns, their row processors built for each email) was a fifth
    of a producer's CPU per committed email.
    """
    row = Notification(id=row_id, **values, **dict.fromkeys(_LEFT_NULL))
    make_transient_to_detached(row)
    return row


#: The columns :func:`record` leaves NULL.
_LEFT_NULL = ("last_error", "provider_message_id", "next_attempt_at", "claimed_at", "sent_at")


def request_relay(session: Session) -> None:
    """Ask the relay to run once ``session`` commits (once per transaction, however many rows it wrote)."""
    pending = session.info.get("after_commit", [])
    if _run_relay not in pending:
        after_commit(session, _run_relay)


def _run_relay() -> None:
    relay = _NOTIFIER.relay
    if relay is not None:  # else beat's next relay run picks the rows up
        relay()


def counts_by_status(session: Session) -> dict[str, int]:
    """``{"pending": 3, "sent": 812, …}`` over every row (the back office's dashboard and the notifier's)."""
    rows = session.execute(select(Notification.status, func.count()).group_by(Notification.status))
    return {status: count for status, count in rows}


# --- secret links leave the row with its outcome ---------------------------------------------------------------


class _Redacted(FunctionElement[dict]):
    """The payload column with the given top-level keys (named by ``literal_column``) replaced by :data:`REDACTED`.

    Everything but the payload is a literal of the code (kinds, keys, the marker), so the statement binds
    nothing more and compiles the same for SQLAlchemy and for the driver-level claim of the delivery.
    """

    type = Notification.__table__.c.payload.type
    inherit_cache = True


@compiles(_Redacted, "postgresql")
def _redacted_pg(element: _Redacted, compiler: SQLCompiler, **kw: object) -> str:
    payload, *keys = list(element.clauses)
    sql = f"CAST({compiler.process(payload, **kw)} AS JSONB)"
    marker = _sql_string(json.dumps(REDACTED))
    for key in keys:  # create_missing false: a key the payload does not hold stays absent
        path = _sql_string("{" + key.name + "}")
        sql = f"jsonb_set({sql}, CAST({path} AS TEXT[]), CAST({marker} AS JSONB), false)"
    return f"CAST({sql} AS JSON)"


@compiles(_Redacted, "sqlite")
def _redacted_sqlite(element: _Redacted, compiler: SQLCompiler, **kw: object) -> str:
    payload, *keys = list(element.clauses)
    paths = ", ".join(f"{_sql_string('$.' + key.name)}, {_sql_string(REDACTED)}" for key in keys)
    return f"json_replace({compiler.process(payload, **kw)}, {paths})"  # json_replace: existing keys only


def _sql_string(value: str) -> str:
    """A constant of the code as an SQL string literal (names and the marker: no quote in them)."""
    if "'" in value or "\\" in value:
        raise ValueError(f"not a plain constant: {value!r}")
    return f"'{value}'"


def _literals(values: tuple[str, ...] | list[str]) -> list[ColumnElement[str]]:
    return [literal_column(_sql_string(value)) for value in values]


def payload_after(status: str | BindParameter[str]) -> ColumnElement[dict] | None:
    """What an UPDATE writing ``status`` sets ``payload`` to: its secret links redacted if the status ends it.

    For every statement that moves a row to sent, suppressed or cancelled (:data:`REDACTED_ON`; a ``failed``
    row keeps its link for ``retry-failed``), in that statement:
    ``status`` is the new status, a value (None when it redacts nothing: the payload stays) or the statement's
    bound parameter (the delivery's outcome, one compiled statement for every status). Only rows of a kind
    with secret keys are rewritten (a ``CASE`` on the kind); the JSON operation runs in the database, so
    the outcome costs no extra round trip and no payload travels back.
    """
    table = Notification.__table__
    if isinstance(status, str) and status not in REDACTED_ON:
        return None
    grouped: dict[tuple[str, ...], list[str]] = {}
    for kind, keys in SECRET_KEYS.items():
        grouped.setdefault(keys, []).append(kind)
    whens = [
        (table.c.kind.in_(_literals(kinds)), _Redacted(table.c.payload, *(literal_column(key) for key in keys)))
        for keys, kinds in grouped.items()
    ]
    redacted = case(*whens, else_=table.c.payload)
    if isinstance(status, str):
        return redacted
    return case((status.in_(_literals(REDACTED_ON)), redacted), else_=table.c.payload)


def ending(status: str) -> dict[str, Any]:
    """The values of an UPDATE that ends rows with ``status`` (cancelled, suppressed…): their secret links go too."""
    payload = payload_after(status)
    if payload is None:
        raise ValueError(f"{status!r} ends no row (a failed row keeps its link): not in {REDACTED_ON}")
    return {"status": status, "payload": payload}
