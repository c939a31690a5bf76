"""users and roles; a version per record that staff edit

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 16:14:40.912678
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Records edited in forms get a version counter (app/models/base.py VersionMixin). A plain ADD COLUMN
# with a constant default: SQLite does it in place, so the bookings' overlap trigger stays.
VERSIONED = ('decisions', 'donors', 'event_series', 'events', 'grants', 'households', 'local_issues',
             'meetings', 'members', 'rooms', 'villages')


def upgrade() -> None:
    op.create_table('users',
    sa.Column('login', sa.String(length=60), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_sign_in', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login'))
    )
    for table in VERSIONED:
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
