"""Alembic environment: runs migrations over the async engine, one process at a time."""

import asyncio
import logging

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on the metadata)
from storage.db import make_engine

target_metadata = SQLModel.metadata
log = logging.getLogger("storage.migrate")

# Any fixed number, the same in every process: the key of the PostgreSQL advisory lock that
# lets one process migrate while the others wait (it is per database, not per cluster).
MIGRATION_LOCK_KEY = 0x5305_7A7C


def _serialise(connection: Connection) -> None:
    """Wait until no other process is migrating this database; held until our commit.

    PostgreSQL: a transaction-level advisory lock, taken before Alembic reads the version
    table, so a process that waited sees the work of the one before it. SQLite needs nothing
    here: storage.db begins every transaction with BEGIN IMMEDIATE, so the migration holds the
    database's write lock from its first statement and the others wait for it (up to 30 s).
    """
    if connection.dialect.name != "postgresql":
        return
    key = {"key": MIGRATION_LOCK_KEY}
    if not connection.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), key).scalar():
        log.info("another process is migrating this database; waiting for it")
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)


def _foreign_keys_off(connection: Connection) -> None:
    """SQLite: batch migrations rebuild a table (copy, drop, rename), and with foreign keys on,
    dropping a table that others point at fails. SQLite ignores this pragma inside a
    transaction, so it goes straight to the driver, before the migration's transaction."""
    if connection.dialect.name != "sqlite":
        return
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _run(connection: Connection) -> None:
    _foreign_keys_off(connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # One transaction for the whole run, on SQLite too (its DDL is transactional once
        # pysqlite's implicit commits are off, as storage.db does), so the lock taken first is
        # held until every pending migration is applied and recorded.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        _serialise(connection)
        context.run_migrations()


async def _main(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `shopwatch db upgrade`")
asyncio.run(_main(context.config.attributes["database_url"]))
