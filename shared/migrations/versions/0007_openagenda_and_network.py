"""openagenda sync state; the network of digital-culture actors (organisations, contacts, consents, messages)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 13:30:00

Venues become OpenAgenda locations and published sessions events; these tables remember what was
sent (uid, payload fingerprint, last slot and status) so a sync never creates twice, tells a move as
"rescheduled" and a removal as "cancelled", and shows the API's refusal beside the item. The network
tables keep the département's actors across editions with their recorded consents (RGPD).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
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
    op.create_table(
        'network_organisations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('intercommunality', sa.String(length=200), nullable=True),
        sa.Column('commune', sa.String(length=120), nullable=True),
        sa.Column('website', sa.String(length=300), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('listed', sa.Boolean(), nullable=False),
        sa.Column('listed_at', sa.DateTime(), nullable=True),
        sa.Column('listed_source', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_organisations')),
        sa.UniqueConstraint('code', name=op.f('uq_network_organisations_code')),
    )
    op.create_index(op.f('ix_network_organisations_kind'), 'network_organisations', ['kind'], unique=False)
    op.create_index(
        op.f('ix_network_organisations_intercommunality'), 'network_organisations', ['intercommunality'], unique=False
    )
    op.create_index(op.f('ix_network_organisations_listed'), 'network_organisations', ['listed'], unique=False)
    op.create_table(
        'network_contacts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=120), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('locale', sa.String(length=5), nullable=False),
        sa.Column('news', sa.Boolean(), nullable=False),
        sa.Column('news_at', sa.DateTime(), nullable=True),
        sa.Column('news_source', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['network_organisations.id'],
            name=op.f('fk_network_contacts_organisation_id_network_organisations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_contacts')),
    )
    op.create_index(op.f('ix_network_contacts_organisation_id'), 'network_contacts', ['organisation_id'], unique=False)
    op.create_table(
        'network_consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('granted', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('recorded_by', sa.String(length=200), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['contact_id'], ['network_contacts.id'],
            name=op.f('fk_network_consents_contact_id_network_contacts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['network_organisations.id'],
            name=op.f('fk_network_consents_organisation_id_network_organisations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_consents')),
    )
    op.create_index(op.f('ix_network_consents_contact_id'), 'network_consents', ['contact_id'], unique=False)
    op.create_index(
        op.f('ix_network_consents_organisation_id'), 'network_consents', ['organisation_id'], unique=False
    )
    op.create_table(
        'network_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('segment', sa.JSON(), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('written_by', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_messages')),
    )


def downgrade() -> None:
    op.drop_table('network_messages')
    op.drop_index(op.f('ix_network_consents_organisation_id'), table_name='network_consents')
    op.drop_index(op.f('ix_network_consents_contact_id'), table_name='network_consents')
    op.drop_table('network_consents')
    op.drop_index(op.f('ix_network_contacts_organisation_id'), table_name='network_contacts')
    op.drop_table('network_contacts')
    op.drop_index(op.f('ix_network_organisations_listed'), table_name='network_organisations')
    op.drop_index(op.f('ix_network_organisations_intercommunality'), table_name='network_organisations')
    op.drop_index(op.f('ix_network_organisations_kind'), table_name='network_organisations')
    op.drop_table('network_organisations')
    op.drop_table('openagenda_syncs')
    op.drop_index(op.f('ix_openagenda_items_state'), table_name='openagenda_items')
    op.drop_index(op.f('ix_openagenda_items_edition_id'), table_name='openagenda_items')
    op.drop_table('openagenda_items')
