"""domain events: the events services announce, and which handler has handled which

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-07 13:20:00

Services meet through events written in the same transaction as the change (``shared.events``); the
handlings table records, in each handler's own transaction, that the handler has run, so a relay after
a crash runs only what is missing.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'domain_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('dispatched_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_domain_events')),
    )
    undispatched = sa.text('dispatched_at IS NULL')
    op.create_index(
        'ix_domain_events_undispatched',
        'domain_events',
        ['id'],
        postgresql_where=undispatched,
        sqlite_where=undispatched,
    )
    op.create_table(
        'domain_event_handlings',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('handler', sa.String(length=120), nullable=False),
        sa.Column('handled_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['event_id'],
            ['domain_events.id'],
            name=op.f('fk_domain_event_handlings_event_id_domain_events'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('event_id', 'handler', name=op.f('pk_domain_event_handlings')),
    )


def downgrade() -> None:
    op.drop_table('domain_event_handlings')
    op.drop_index('ix_domain_events_undispatched', table_name='domain_events')
    op.drop_table('domain_events')
