"""openagenda: each venue and session's sync state, and the per-edition sync row

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-07 13:30:00

Venues become OpenAgenda locations and published sessions events; these tables remember what was
sent (uid, payload fingerprint, last slot and status) so a sync never creates twice, tells a move as
"rescheduled" and a removal as "cancelled", and shows the API's refusal beside the item.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'openagenda_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('external_id', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('oa_uid', sa.BigInteger(), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('oa_status', sa.Integer(), nullable=True),
        sa.Column('fingerprint', sa.String(length=64), nullable=True),
        sa.Column('payload', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('slot', sa.String(length=120), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('synced_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['edition_id'], ['editions.id'], name=op.f('fk_openagenda_items_edition_id_editions'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_openagenda_items')),
        sa.UniqueConstraint('edition_id', 'kind', 'code', name=op.f('uq_openagenda_items_edition_id')),
    )
    op.create_index(op.f('ix_openagenda_items_edition_id'), 'openagenda_items', ['edition_id'], unique=False)
    op.create_index(op.f('ix_openagenda_items_state'), 'openagenda_items', ['state'], unique=False)
    op.create_table(
        'openagenda_syncs',
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('locked_by', sa.String(length=64), nullable=True),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('requested_at', sa.DateTime(), nullable=True),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['edition_id'], ['editions.id'], name=op.f('fk_openagenda_syncs_edition_id_editions'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('edition_id', name=op.f('pk_openagenda_syncs')),
    )


def downgrade() -> None:
    op.drop_table('openagenda_syncs')
    op.drop_index(op.f('ix_openagenda_items_state'), table_name='openagenda_items')
    op.drop_index(op.f('ix_openagenda_items_edition_id'), table_name='openagenda_items')
    op.drop_table('openagenda_items')
