"""A transaction run on the database driver itself, for the few statements every message runs.

Through SQLAlchemy a short Core transaction costs about 0.5 ms of CPU on SQLite and 0.8 ms on
PostgreSQL on this machine, before its statements; on the driver (sqlite3 in the loop, through
storage.sqlite_hybrid, or asyncpg) about 0.15 and 0.35 ms. The sender's marks and records and
the console's read run several times a message, so they come here; everything else stays on
SQLAlchemy. The connection is the engine's own, from its pool: on SQLite its one connection, so
these transactions queue with every other as before.

A statement is written once with `?` placeholders; PostgreSQL's `$1, $2 …` are made from it.
Values go in as the database keeps them (`Driver.at` for a time, JSON as text), as SQLAlchemy
would have written them, since both read and write the same rows.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

# Called with (statement, parameters, seconds) after each statement, and with "COMMIT": for
# benchmarks that count and explain the SQL a process runs (bench._sql_count, bench.large_db),
# which see SQLAlchemy's through its engine events.
WATCHERS: list[Callable[[str, Sequence[Any], float], None]] = []
_PLACEHOLDER = re.compile(r"\?")


class Lost(Exception):
    """The connection broke mid-transaction: nothing was committed, and the pool reconnects."""


@lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """`sql` with PostgreSQL's numbered placeholders for its `?`s (none are in literals)."""
    count = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(count)}", sql)


@lru_cache(maxsize=64)
def marks(n: int) -> str:
    """`?, ?, …` for a list of `n` values."""
    return ", ".join("?" * n)


class Driver:
    """Statements in one transaction on a driver connection (see the module's doc)."""

    def __init__(self, connection: Any, *, sqlite: bool) -> None:
        self._connection = connection
        self.sqlite = sqlite

    def at(self, value: datetime) -> Any:
        """An aware time as the database keeps it: SQLite as SQLAlchemy writes it, in UTC."""
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if not self.sqlite:
            return value
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def from_json(self, value: Any) -> Any:
        """A JSON column's value: SQLite gives its text, asyncpg (as SQLAlchemy set it up) the
        value itself."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    async def fetch(self, sql: str, *args: Any) -> list[Sequence[Any]]:
        """The rows `sql` gives (a SELECT, or a write with RETURNING)."""
        started = time.perf_counter()
        if self.sqlite:
            cursor = await self._connection.execute(sql, args)
            rows = list(await cursor.fetchall())
        else:
            rows = list(await self._connection.fetch(numbered(sql), *args))
        self._watched(sql, args, started)
        return rows

    async def execute(self, sql: str, *args: Any) -> None:
        started = time.perf_counter()
        if self.sqlite:
            await self._connection.execute(sql, args)
        else:
            await self._connection.execute(numbered(sql), *args)
        self._watched(sql, args, started)

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """`sql` once for each row of parameters."""
        started = time.perf_counter()
        if self.sqlite:
            await self._connection.executemany(sql, rows)
        else:
            await self._connection.executemany(numbered(sql), rows)
        self._watched(sql, rows[0] if rows else (), started)

    def _watched(self, sql: str, args: Sequence[Any], started: float) -> None:
        if WATCHERS:
            _watched(sql if self.sqlite else numbered(sql), args, started)


def _watched(sql: str, args: Sequence[Any], started: float) -> None:
    took = time.perf_counter() - started
    for watch in WATCHERS:
        watch(sql, args, took)


@asynccontextmanager
async def driver_transaction(engine: AsyncEngine) -> AsyncIterator[Driver]:
    """One transaction on a pooled connection's driver: committed on success, rolled back on
    any error; `Lost` if the connection broke (then it is thrown away, not pooled again)."""
    pooled = await engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    connection: Any = pooled.driver_connection
    try:
        started = time.perf_counter()
        if sqlite:
            await connection.execute("BEGIN IMMEDIATE")
            if WATCHERS:
                _watched("BEGIN IMMEDIATE", (), started)
            try:
                yield Driver(connection, sqlite=True)
            except BaseException:
                await connection.rollback()
                raise
            started = time.perf_counter()
            await connection.commit()
        else:
            async with connection.transaction():
                yield Driver(connection, sqlite=False)
                started = time.perf_counter()
        if WATCHERS:
            _watched("COMMIT", (), started)
    except _connection_errors() as error:
        pooled.invalidate(error)
        raise Lost(str(error)) from error
    finally:
        # Back to the pool, which resets it through SQLAlchemy's async adapter: in a greenlet.
        await greenlet_spawn(pooled.close)


@lru_cache(maxsize=1)
def _connection_errors() -> tuple[type[BaseException], ...]:
    """The drivers' errors for a connection that is gone (not for a statement that failed)."""
    errors: list[type[BaseException]] = [OSError]
    try:
        import asyncpg

        errors += [asyncpg.ConnectionDoesNotExistError, asyncpg.InterfaceError]
    except ImportError:  # SQLite only
        pass
    return tuple(errors)
