"""Alembic environment for Tally's schema.

Tally runs its migrations from code (`tally.store.Store.open` and `Store.upgrade`), handing
Alembic an open connection in `config.attributes["connection"]`; no alembic.ini is needed.
For `alembic` on the command line, set `sqlalchemy.url` in the Config or `TALLY_DB`.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate through the caller's connection, or one opened from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("TALLY_DB")
    if not url:
        raise RuntimeError("no database URL: set sqlalchemy.url or TALLY_DB")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    """Emit SQL for the configured URL's dialect instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
