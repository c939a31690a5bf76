"""events, room bookings that never overlap, registrations; rooms have a kind

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 13:46:44.753652
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_series',
    sa.Column('weekdays', sa.String(length=7), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_series'))
    )
    op.create_table('events',
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('organiser', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('grant_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_events_capacity_not_negative')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_events_ends_after_start')),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_events_grant_id_grants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['event_series.id'], name=op.f('fk_events_series_id_event_series'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('bookings',
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(event_id IS NULL) <> (meeting_id IS NULL)', name=op.f('ck_bookings_one_owner')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_bookings_ends_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_bookings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_bookings_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_bookings_room_id_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_room_id'), ['room_id'], unique=False)

    op.create_table('registrations',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('guest_name', sa.String(length=300), nullable=False),
    sa.Column('guest_phone', sa.String(length=100), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('waiting', sa.Boolean(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_registrations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_registrations_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ends_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='hall'))
        batch_op.add_column(sa.Column('bookable', sa.Boolean(), nullable=False, server_default=sa.true()))
    # The rooms migration 0001 gave a new office (docs/domain.md, Who uses it): the office and the guest
    # house are not booked for events.
    rooms = sa.table('rooms', sa.column('name', sa.String), sa.column('kind', sa.String),
                     sa.column('bookable', sa.Boolean))
    for name, kind, bookable in [('Мәжіліс залы', 'hall', True), ('Кеңсе', 'office', False),
                                 ('Шеберхана', 'workshop', True), ('Мұражай', 'museum', True),
                                 ('Шайхана', 'tea_house', True), ('Қонақ үй', 'guest_house', False)]:
        op.execute(rooms.update().where(rooms.c.name == name).values(kind=kind, bookable=bookable))

    # Two bookings of one room never overlap, whoever writes them and however many at once.
    if op.get_bind().dialect.name == 'postgresql':
        # btree_gist is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
        op.execute("ALTER TABLE bookings ADD CONSTRAINT ex_bookings_no_overlap "
                   "EXCLUDE USING gist (room_id WITH =, tsrange(starts_at, ends_at) WITH &&)")
    else:
        # SQLite has one writer at a time, so a trigger sees every committed booking.
        for action in ('INSERT', 'UPDATE'):
            op.execute(f"""
                CREATE TRIGGER tr_bookings_no_overlap_{action.lower()} BEFORE {action} ON bookings
                WHEN EXISTS (SELECT 1 FROM bookings other WHERE other.room_id = NEW.room_id
                             AND other.id IS NOT NEW.id
                             AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at)
                BEGIN SELECT RAISE(ABORT, 'booking overlaps another booking of the room'); END""")


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
