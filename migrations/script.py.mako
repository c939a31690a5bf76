"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    # Not supported (docs/architecture.md, Migrations): the way back is the copy taken before the upgrade.
    raise NotImplementedError("Downgrades are not supported: restore the copy of the database taken "
                              "before the upgrade (the backups folder, or the server's backup) instead.")
