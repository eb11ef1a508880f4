"""Alembic's entry point: connect, then run the migrations in versions/ in a transaction."""

from __future__ import annotations

from alembic import context
from databases_orm import Base
from sqlalchemy import create_engine, pool

config = context.config
target_metadata = Base.metadata  # what autogenerate and ``alembic check`` compare with


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")  # a caller (or a test) may lend one
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("this project runs its migrations online only")
run_migrations_online()
