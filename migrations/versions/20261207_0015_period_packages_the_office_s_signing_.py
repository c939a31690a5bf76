"""period packages: the office's signing identity, the district's centres and their packages

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 21:05:53
"""

import sqlalchemy as sa
from alembic import op

from app import migrate

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty: an office makes its identity at its first start, or when it first asks for it.
    op.create_table('centre_identity',
    sa.Column('centre_id', sa.String(length=36), nullable=False),
    sa.Column('private_key', sa.LargeBinary(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_identity')),
    sa.UniqueConstraint('centre_id', name=op.f('uq_centre_identity_centre_id'))
    )
    op.create_table('district_centres',
    sa.Column('centre_id', sa.String(length=36), nullable=False),
    sa.Column('name_kk', sa.String(length=300), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('kato', sa.String(length=9), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('fingerprint', sa.String(length=100), nullable=False),
    sa.Column('first_received_at', sa.DateTime(), nullable=False),
    sa.Column('last_received_at', sa.DateTime(), nullable=False),
    sa.Column('pending_public_key', sa.LargeBinary(), nullable=True),
    sa.Column('pending_fingerprint', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('centre_id', name=op.f('pk_district_centres'))
    )
    op.create_table('district_packages',
    sa.Column('centre_id', sa.String(length=36), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('format_version', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('lists', sa.JSON(), nullable=False),
    sa.Column('signed_bytes', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['district_centres.centre_id'], name=op.f('fk_district_packages_centre_id_district_centres'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_packages')),
    sa.UniqueConstraint('centre_id', 'date_from', 'date_to', name=op.f('uq_district_packages_centre_id'))
    )
    with op.batch_alter_table('district_packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_district_packages_date_from'), ['date_from'], unique=False)


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
