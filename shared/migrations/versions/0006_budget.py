"""budget: envelope, lines, cost items, partners' contributions, audit trail

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07 13:30:00

The edition's money, from the envelope voted to each item planned, committed, certified done and paid.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'budget_envelopes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.Column('km_rate_cents', sa.Integer(), nullable=False),
        sa.Column('night_cents', sa.Integer(), nullable=False),
        sa.Column('far_km', sa.Integer(), nullable=False),
        sa.Column('late_minute', sa.Integer(), nullable=False),
        sa.Column('rules', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('edition_id'),
    )
    op.create_table(
        'budget_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('allotted_cents', sa.BigInteger(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('edition_id', 'code'),
    )
    op.create_index('ix_budget_lines_edition_id', 'budget_lines', ['edition_id'])
    op.create_table(
        'budget_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('line_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('supplier', sa.String(length=200), nullable=True),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('proposal_id', sa.Integer(), nullable=True),
        sa.Column('speaker_id', sa.Integer(), nullable=True),
        sa.Column('venue_id', sa.Integer(), nullable=True),
        sa.Column('partner_id', sa.Integer(), nullable=True),
        sa.Column('amount_ht_cents', sa.BigInteger(), nullable=False),
        sa.Column('vat_permille', sa.Integer(), nullable=False),
        sa.Column('amount_ttc_cents', sa.BigInteger(), nullable=False),
        sa.Column('payment_form', sa.String(length=20), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('steps', sa.JSON(), nullable=False),
        sa.Column('reference', sa.String(length=64), nullable=True),
        sa.Column('schedule_key', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['line_id'], ['budget_lines.id'], ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['proposal_id'], ['session_proposals.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('edition_id', 'schedule_key'),
    )
    op.create_index('ix_budget_items_edition_id', 'budget_items', ['edition_id'])
    op.create_index('ix_budget_items_line_id', 'budget_items', ['line_id'])
    op.create_index('ix_budget_items_status', 'budget_items', ['status'])
    op.create_index('ix_budget_items_reference', 'budget_items', ['reference'])
    op.create_table(
        'budget_contributions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_budget_contributions_edition_id', 'budget_contributions', ['edition_id'])
    op.create_index('ix_budget_contributions_partner_id', 'budget_contributions', ['partner_id'])
    op.create_table(
        'budget_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('edition_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('who', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('on_date', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['item_id'], ['budget_items.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_budget_audit_edition_id', 'budget_audit', ['edition_id'])


def downgrade() -> None:
    op.drop_table('budget_audit')
    op.drop_table('budget_contributions')
    op.drop_table('budget_items')
    op.drop_table('budget_lines')
    op.drop_table('budget_envelopes')
