"""outbox: partial indexes on the queued and the pending rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 02:40:00

The workers claim the oldest ``queued`` row and the relay the oldest due ``pending`` rows. Through the
whole-table ``status`` index, each of those lookups visited every row that had left that status since
the last vacuum; these indexes hold only the rows still to send, in the order they are taken.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    queued, pending = sa.text("status = 'queued'"), sa.text("status = 'pending'")
    op.create_index(
        'ix_notifications_queued', 'notifications', ['id'], postgresql_where=queued, sqlite_where=queued
    )
    op.create_index(
        'ix_notifications_due', 'notifications', ['send_after', 'id'], postgresql_where=pending, sqlite_where=pending
    )


def downgrade() -> None:
    op.drop_index('ix_notifications_due', table_name='notifications')
    op.drop_index('ix_notifications_queued', table_name='notifications')
