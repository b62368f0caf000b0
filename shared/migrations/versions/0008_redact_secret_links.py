"""redact the personal links that sent or called-off emails and dispatched events still hold

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 16:20:00

From now on an email's secret links (``shared.mail_secrets``) leave its outbox row in the statement that
records it sent, suppressed or cancelled, and an event's leave it once every handler has run. The rows
written before keep them: this migration redacts them once (not a failed row's: that email never reached
its person, and ``festplan notify retry-failed`` sends it again with its link), and rewrites the sign-in
emails' idempotency keys, which held most of the link's token, as a hash. Data only; the kinds, keys and
statuses are copied here as they stand at this revision, so that a later change to the declaration does
not change what this migration did.
"""
import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REDACTED = "[redacted]"
REDACTED_ON = ("sent", "suppressed", "cancelled")  # not "failed"
SURVEY = ("link",)
SECRET_KEYS = {
    "partner.invitation": ("link",),
    "speaker.invitation": ("link",),
    "lead.signin_link": ("link",),
    "participant.registration_confirmed": ("link", "cancel_url"),
    "partner.survey_before": SURVEY,
    "partner.survey_after": SURVEY,
    "speaker.survey_after": SURVEY,
    "participant.survey": SURVEY,
    "survey.reminder": SURVEY,
}
EVENT_SECRETS = {
    "ingest.person_invited": ("link",),
    "scheduler.registration_made": ("cancel_url",),
    "platform.signin_requested": ("link",),
}
BATCH = 1000

notifications = sa.table(
    'notifications',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('status', sa.String),
    sa.column('idempotency_key', sa.String),
    sa.column('payload', sa.JSON),
)
domain_events = sa.table(
    'domain_events',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('payload', sa.JSON),
    sa.column('dispatched_at', sa.DateTime),
)


def _redacted(payload: object, keys: Sequence[str]) -> dict | None:
    if not isinstance(payload, dict):
        return None
    found = [key for key in keys if payload.get(key) not in (None, REDACTED)]
    return {**payload, **dict.fromkeys(found, REDACTED)} if found else None


def _rewrite(table: sa.TableClause, query: sa.Select, secrets: dict[str, Sequence[str]]) -> None:
    """Redact the rows ``query`` selects (id, kind or name, payload), a batch of ids at a time."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(query.where(table.c.id > last).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row_id, name, payload in rows:
            redacted = _redacted(payload, secrets[name])
            if redacted is not None:
                bind.execute(sa.update(table).where(table.c.id == row_id).values(payload=redacted))
        last = rows[-1][0]


def upgrade() -> None:
    n = notifications
    ended = sa.select(n.c.id, n.c.kind, n.c.payload).where(
        n.c.status.in_(REDACTED_ON), n.c.kind.in_(tuple(SECRET_KEYS))
    )
    _rewrite(n, ended, SECRET_KEYS)
    e = domain_events
    dispatched = sa.select(e.c.id, e.c.name, e.c.payload).where(
        e.c.dispatched_at.is_not(None), e.c.name.in_(tuple(EVENT_SECRETS))
    )
    _rewrite(e, dispatched, EVENT_SECRETS)
    bind = op.get_bind()
    keys = bind.execute(sa.select(n.c.id, n.c.idempotency_key).where(n.c.kind == 'lead.signin_link')).all()
    for row_id, key in keys:
        if key.startswith('signin-link:'):
            hashed = 'signin-link:' + hashlib.sha256(key.encode()).hexdigest()[:40]
            bind.execute(sa.update(n).where(n.c.id == row_id).values(idempotency_key=hashed))


def downgrade() -> None:
    """Nothing to undo: a redacted link cannot be brought back (and must not be)."""
