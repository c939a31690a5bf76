"""alembic environment, shipped inside the package so an installed auyl can migrate itself.

app.migrate passes an open connection (one transaction for the whole upgrade); the alembic
command line (alembic.ini at the top of the repository) gets a URL instead.
"""

from alembic import context

from app import db, migrate
from app.models import Base, load_all

config = context.config
load_all()
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
        include_name=migrate.in_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = db.create(config.get_main_option("sqlalchemy.url") or db.resolve_url())
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
