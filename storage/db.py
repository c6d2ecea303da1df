"""The async engine and sessions. Built by the caller from settings; nothing at import time."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_hybrid import connect_hybrid

Sessions = async_sessionmaker[AsyncSession]
POOL_SIZE, POOL_OVERFLOW = 25, 5  # PostgreSQL connections a process keeps, and may add
PING_AFTER = 5.0  # seconds a pooled PostgreSQL connection may rest before it is checked


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, ping_after: float | None = PING_AFTER, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite every transaction takes the write lock up front.

    SQLite upgrades a read transaction to a write one lazily, and two such transactions
    deadlock with "database is locked". BEGIN IMMEDIATE makes writers queue for the lock.
    """
    # A failed statement's parameters are what people typed (reports, replies, numbers); keep
    # them out of exception messages, and so out of every logged traceback.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        # Connections beyond pool_size are closed as they come back, and the next burst opens
        # them again (each a server process forked, a few ms of CPU on both sides): 28 new
        # backends in 10 s in bench.scale_out at pool_size 10. This pool keeps what a busy
        # process uses.
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_async_engine(url, **kwargs)
        if ping_after is not None:
            _ping_when_rested(engine, ping_after)
        return engine
    # One connection per database in this process: SQLite lets one writer in at a time anyway,
    # and every transaction here takes the write lock up front, so a second connection only
    # meets the first in SQLite's busy handler, which sleeps (1, 2, 5 ... 100 ms) instead of
    # waking when the lock is free. Waiting for the pool's one connection is an asyncio wait
    # that ends the moment the holder commits. Other processes (the CLI) hold the lock
    # briefly; a call that finds it held is retried after an asyncio sleep.
    kwargs.setdefault("pool_size", 1)
    kwargs.setdefault("max_overflow", 0)
    kwargs.setdefault("pool_timeout", 60)
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        # Short calls in the loop, long reads and marked work on a thread, never a sleep in
        # SQLite's busy handler (storage/sqlite_hybrid.py says why).
        kwargs.setdefault("async_creator", connect_hybrid(database))
        busy_ms = 0
    else:
        kwargs.setdefault("connect_args", {"timeout": 30})
        busy_ms = 30000
    engine = create_async_engine(url, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL cannot corrupt the database; it skips an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # On the DBAPI cursor: through exec_driver_sql, SQLAlchemy's execution context for it
        # cost more than the statement, once a transaction.
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        finally:
            cursor.close()

    return engine


def _ping_when_rested(engine: AsyncEngine, after: float) -> None:
    """Check a pooled connection that rested `after` seconds before handing it out.

    SQLAlchemy's pool_pre_ping checks every checkout: a round trip and about 0.3 ms of CPU per
    transaction, three times a message. A server restart or a dropped connection happens while
    connections rest; one in steady use is known good. A failed check makes the pool connect
    afresh; a connection lost mid-use is invalidated, with the pool, by SQLAlchemy itself.
    """
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _rested_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _check_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("checked_in")
        if since is None or time.monotonic() - since < after:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()


def make_sessions(engine: AsyncEngine) -> Sessions:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(sessions: Sessions) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed on success, rolled back on any error."""
    async with sessions() as session, session.begin():
        yield session


@asynccontextmanager
async def core_transaction(sessions: Sessions) -> AsyncIterator[AsyncConnection]:
    """A unit of work in Core statements only: a bare connection, without an ORM session's
    bookkeeping (about half the CPU of a short transaction)."""
    async with engine_of(sessions).begin() as connection:
        yield connection


def engine_of(sessions: Sessions) -> AsyncEngine:
    return cast(AsyncEngine, sessions.kw["bind"])


async def connection_of(session: AsyncSession | AsyncConnection) -> AsyncConnection:
    """The connection a Core statement runs on, skipping the ORM's execute path."""
    return await session.connection() if isinstance(session, AsyncSession) else session
