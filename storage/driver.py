"""A transaction run on the database driver itself, for the few statements every message runs.

Through SQLAlchemy a short Core transaction costs about 0.5 ms of CPU on SQLite and 0.8 ms on
PostgreSQL on this machine, before its statements; on the driver (sqlite3 in the loop, through
storage.sqlite_hybrid, or asyncpg) about 0.15 and 0.35 ms. The statements every message runs
come here (the dedupe insert, the conversation's save, the reply's insert, the sender's marks
and records, the console's read, the WhatsApp inbox's write and delete, Twilio's status
callbacks); the rest stays on SQLAlchemy and its ORM. The connection is the engine's own, from
its pool: on SQLite its one connection, so these transactions queue with every other as before.

A statement is either a SQLAlchemy Core statement, compiled once per dialect by SQLAlchemy and
run here with its values put through the same type processing SQLAlchemy would apply
(`Driver.run`), or, where its shape varies per call (lists of values), written with `?`
placeholders, PostgreSQL's `$1, $2 …` made from them, its values given as the database keeps
them (`Driver.at` for a time, JSON as text), as SQLAlchemy would have written them.

Within a transaction of SQLAlchemy's own (the dispatcher's ORM session), `driver_of` runs
statements on that transaction's connection.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

from storage.db import connection_of

# Called with (statement, parameters, seconds) after each statement, and with "COMMIT": for
# benchmarks that count and explain the SQL a process runs (bench._sql_count, bench.large_db),
# which see SQLAlchemy's through its engine events.
WATCHERS: list[Callable[[str, Sequence[Any], float], None]] = []
_PLACEHOLDER = re.compile(r"\?")


class Lost(Exception):
    """The connection broke: the pool reconnects. Most often nothing was applied; but as with
    any COMMIT whose answer is lost on the way, a `single` statement whose answer was lost may
    have been (the sender retries its batch once, as it always did)."""


@lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """`sql` with PostgreSQL's numbered placeholders for its `?`s (none are in literals)."""
    count = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(count)}", sql)


@lru_cache(maxsize=64)
def placeholders(n: int) -> str:
    """`?, ?, …` for a list of `n` values."""
    return ", ".join("?" * n)


class _Plan:
    """A Core statement compiled for one dialect: its SQL, and how to make its values."""

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        self.statement = statement  # kept: plans are found by the statement's id
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = compiled.string
        self.rows = bool(getattr(statement, "is_select", False) or compiled.effective_returning)
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        # Per placeholder: the caller's key, or the value SQLAlchemy put in the statement (a
        # bind given a value where the statement is built is that value, never the caller's); and
        # the type's processing for this dialect (JSON to text, a UTC time as stored …).
        self.params: list[tuple[str | None, Any, Callable[[Any], Any] | None]] = []
        for name in compiled.positiontup or ():
            bind = binds[name]
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            given = None if bind.value is not None or bind.callable else bind.key
            self.params.append((given, bind.effective_value, processor))

        # Per column a SELECT or RETURNING gives: the type's processing of what the driver
        # gives (SQLite's text to a time, JSON text to its value, 0/1 to a bool), as
        # SQLAlchemy's result would.
        self.results: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in getattr(statement, "exported_columns", ())
        ]

    def values(self, given: Mapping[str, Any]) -> tuple[Any, ...]:
        out = []
        for key, fixed, processor in self.params:
            value = given[key] if key is not None else fixed
            out.append(processor(value) if processor is not None else value)
        return tuple(out)


_PLANS: dict[tuple[int, str], _Plan] = {}


def _plan(statement: ClauseElement, dialect: Dialect) -> _Plan:
    key = (id(statement), dialect.name)
    plan = _PLANS.get(key)
    if plan is None or plan.statement is not statement:
        plan = _PLANS[key] = _Plan(statement, dialect)
    return plan


class Driver:
    """Statements in one transaction on a driver connection (see the module's doc)."""

    def __init__(
        self,
        connection: Any,
        dialect: Dialect,
        *,
        via: AsyncConnection | None = None,
        single: bool = False,
    ) -> None:
        """With `via` (PostgreSQL): the SQLAlchemy connection whose transaction this is part of,
        which begins it at its first statement (see `_begins`). `single`: outside any
        transaction, so one statement may run (see `driver_transaction`)."""
        self._single = single
        self._ran = False
        self._connection = connection
        self._dialect = dialect
        self._via = via
        self.sqlite = dialect.name == "sqlite"

    def _one_more(self) -> None:
        if self._single and self._ran:
            raise RuntimeError("a second statement where one was promised: not atomic")
        self._ran = True

    def _begins(self) -> AsyncConnection | None:
        """SQLAlchemy's connection, while its transaction has not begun on the server: asyncpg's
        BEGIN waits for SQLAlchemy's first statement, so the first one here goes through it
        (one round trip, as a SELECT 1 before it would cost another)."""
        if self._via is None or self._connection.is_in_transaction():
            return None
        return self._via

    async def run(self, statement: ClauseElement, values: Mapping[str, Any]) -> list[Any]:
        """A Core statement built once at import (it is compiled once per dialect, and found
        again by identity), with its values by key: the rows it gives, if any."""
        plan = _plan(statement, self._dialect)
        args = plan.values(values)
        if plan.rows:
            return await self.fetch_as_is(plan.sql, args)
        await self._execute_as_is(plan.sql, args)
        return []

    async def run_many(self, statement: ClauseElement, rows: Sequence[Mapping[str, Any]]) -> None:
        """A Core write built once at import, once for each row of values (no rows given back).

        Inside SQLAlchemy's transaction not yet begun, the first row begins it (see `_begins`)
        and the rest go as one executemany.
        """
        plan = _plan(statement, self._dialect)
        values = [plan.values(row) for row in rows]
        if values and self._begins() is not None:
            await self._execute_as_is(plan.sql, values[0])
            values = values[1:]
        if values:
            await self._execute_many_as_is(plan.sql, values)

    async def select(
        self, statement: ClauseElement, values: Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        """A Core SELECT (or a write with RETURNING) built once at import, its rows' values as
        SQLAlchemy's types give them (`run` gives them as the driver does)."""
        plan = _plan(statement, self._dialect)
        rows = await self.fetch_as_is(plan.sql, plan.values(values))
        results = plan.results
        return [
            tuple(v if f is None or v is None else f(v) for f, v in zip(results, row, strict=True))
            for row in rows
        ]

    async def count(self, statement: ClauseElement, values: Mapping[str, Any]) -> int:
        """A Core write built once at import: how many rows it changed."""
        plan = _plan(statement, self._dialect)
        return await self._execute_as_is(plan.sql, plan.values(values))

    def at(self, value: datetime) -> Any:
        """An aware time as the database keeps it: SQLite as SQLAlchemy writes it, in UTC."""
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if not self.sqlite:
            return value
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

    def from_json(self, value: Any) -> Any:
        """A JSON column's value: SQLite gives its text, asyncpg (as SQLAlchemy set it up) the
        value itself."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    async def fetch(self, sql: str, *args: Any) -> list[Sequence[Any]]:
        """The rows `sql` (with `?`s) gives: a SELECT, or a write with RETURNING."""
        return await self.fetch_as_is(sql if self.sqlite else numbered(sql), args)

    async def execute(self, sql: str, *args: Any) -> int:
        """Run `sql` (with `?`s); how many rows it changed."""
        return await self._execute_as_is(sql if self.sqlite else numbered(sql), args)

    async def fetch_as_is(self, sql: str, args: Sequence[Any]) -> list[Any]:
        via = self._begins()
        if via is not None:
            return list((await via.exec_driver_sql(sql, tuple(args))).all())
        self._one_more()
        started = time.perf_counter()
        if self.sqlite:
            cursor = await self._connection.execute(sql, args)
            rows = list(await cursor.fetchall())
        else:
            rows = list(await self._connection.fetch(sql, *args))
        if WATCHERS:
            _watched(sql, args, started)
        return rows

    async def _execute_as_is(self, sql: str, args: Sequence[Any]) -> int:
        via = self._begins()
        if via is not None:
            return int((await via.exec_driver_sql(sql, tuple(args))).rowcount)
        self._one_more()
        started = time.perf_counter()
        if self.sqlite:
            changed = (await self._connection.execute(sql, args)).rowcount
        else:
            status = await self._connection.execute(sql, *args)  # "UPDATE 1", "INSERT 0 1"
            changed = int(status.rsplit(" ", 1)[-1]) if status[-1:].isdigit() else 0
        if WATCHERS:
            _watched(sql, args, started)
        return changed

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """`sql` once for each row of parameters."""
        if len(rows) == 1:  # asyncpg's executemany costs more for one row than an execute
            await self._execute_as_is(sql if self.sqlite else numbered(sql), rows[0])
            return
        if self._begins() is not None:
            raise RuntimeError("execute_many cannot begin SQLAlchemy's transaction")
        await self._execute_many_as_is(sql if self.sqlite else numbered(sql), rows)

    async def _execute_many_as_is(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._one_more()
        started = time.perf_counter()
        await self._connection.executemany(sql, rows)
        if WATCHERS:
            _watched(sql, rows[0] if rows else (), started)


def _watched(sql: str, args: Sequence[Any], started: float) -> None:
    took = time.perf_counter() - started
    for watch in WATCHERS:
        watch(sql, args, took)


@asynccontextmanager
async def driver_transaction(
    engine: AsyncEngine, *, single: bool = False
) -> AsyncIterator[Driver]:
    """One transaction on a pooled connection's driver: committed on success, rolled back on
    any error; `Lost` if the connection broke (then it is thrown away, not pooled again).

    `single`: the work is one statement (an executemany counts as one: asyncpg runs it in a
    transaction of its own), atomic by itself, so on PostgreSQL it is sent without BEGIN and
    COMMIT: three round trips to the server become one. (On SQLite they cost no round trip.)
    """
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
                yield Driver(connection, engine.dialect)
            except BaseException:
                await connection.rollback()
                raise
            started = time.perf_counter()
            await connection.commit()
        elif single:
            yield Driver(connection, engine.dialect, single=True)
        else:
            async with connection.transaction():
                yield Driver(connection, engine.dialect)
                started = time.perf_counter()
        if WATCHERS and (sqlite or not single):
            _watched("COMMIT", (), started)
    except Exception as error:
        # As SQLAlchemy's asyncpg dialect tells a disconnect: the connection is closed after it.
        if sqlite or not connection.is_closed():
            raise
        pooled.invalidate(error)
        raise Lost(str(error)) from error
    finally:
        # Back to the pool, which resets it through SQLAlchemy's async adapter: in a greenlet.
        await greenlet_spawn(pooled.close)


T = TypeVar("T")


async def again_if_lost(
    engine: AsyncEngine, work: Callable[[Driver], Awaitable[T]], *, single: bool = False
) -> T:
    """`work` in a `driver_transaction`, and once more on a new connection if the first one
    broke (a server restart): for writes that are safe to apply twice, in case the lost answer
    was a commit's."""
    try:
        async with driver_transaction(engine, single=single) as driver:
            return await work(driver)
    except Lost:
        async with driver_transaction(engine, single=single) as driver:
            return await work(driver)


_DRIVER = "storage.driver"  # a key of session.info: (the transaction, its Driver)


@event.listens_for(Session, "after_transaction_end")
def _forget_driver(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the connection goes back to the pool
        session.info.pop(_DRIVER, None)


async def driver_of(session: AsyncSession | AsyncConnection) -> Driver:
    """The driver of the connection SQLAlchemy's transaction runs on, that transaction begun:
    statements on it are part of it (committed or rolled back with it)."""
    if isinstance(session, AsyncSession):
        # Kept for the session's transaction: a message asks three or four times, and finding
        # the connection through the session costs more than most statements run on it.
        kept = session.info.get(_DRIVER)
        if kept is not None and kept[0] is session.sync_session.get_transaction():
            return cast(Driver, kept[1])
    connection = await connection_of(session)  # on SQLite, BEGIN IMMEDIATE has run
    pooled = await connection.get_raw_connection()
    sqlite = connection.dialect.name == "sqlite"
    # On PostgreSQL, SQLAlchemy begins at its own first statement: one run on asyncpg before
    # it would run outside the transaction, committed whatever became of it (Driver._begins).
    via = None if sqlite else connection
    driver = Driver(pooled.driver_connection, connection.dialect, via=via)
    if isinstance(session, AsyncSession):
        session.info[_DRIVER] = (session.sync_session.get_transaction(), driver)
    return driver
