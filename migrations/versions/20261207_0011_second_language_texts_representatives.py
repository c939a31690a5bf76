"""texts in the protocol's second language (rooms, guests, agenda items, decisions), a separate
сход's elected representatives

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 19:00:00
"""

from alembic import op
import sqlalchemy as sa

from app import migrate


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty texts: the one text written so far serves both protocols, as before.
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_ru', sa.String(length=200), nullable=False, server_default=''))
    # The rooms a new database started with (revision 0001) get their Russian names, where still so named.
    rooms = sa.table('rooms', sa.column('name', sa.String), sa.column('name_ru', sa.String))
    for name, name_ru in [('Мәжіліс залы', 'Зал заседаний'), ('Кеңсе', 'Кабинет'), ('Шеберхана', 'Мастерская'),
                          ('Мұражай', 'Музей'), ('Шайхана', 'Чайхана'), ('Қонақ үй', 'Гостевой дом')]:
        op.execute(rooms.update().where(rooms.c.name == name, rooms.c.name_ru == '').values(name_ru=name_ru))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guests_second', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('representatives', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_second', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decision_text_second', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    migrate.refuse_downgrade()  # the program never downgrades (docs/architecture.md, Migrations)
