"""SQLite for the async engine without a thread per connection: each call runs in the loop.

aiosqlite runs every call (execute, fetch, commit, even making a cursor) on a worker thread
and wakes the event loop with the answer; on a flow step that hand-off cost more CPU than the
SQL did. SQLite answers in microseconds when it does not have to wait for a lock, and here it
never waits in the loop: the engine keeps one connection per database (so transactions in this
process queue on the pool, an asyncio wait), the busy timeout is zero, and a statement that
finds another process holding the write lock is retried after an asyncio sleep. A refused
statement did nothing, so running it again is safe.

The objects mimic the parts of aiosqlite's Connection and Cursor that SQLAlchemy's aiosqlite
dialect uses (`create_async_engine(..., async_creator=connect_inline(path))`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

LOCK_WAIT = 30.0  # seconds, as the busy_timeout the threads had
_FIRST_NAP, _LONGEST_NAP = 0.001, 0.05


def _locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


async def _patiently(call: Callable[[], Any]) -> Any:
    """Run `call`; while another process holds the lock, sleep (in asyncio) and try again."""
    nap, deadline = _FIRST_NAP, time.monotonic() + LOCK_WAIT
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _locked(error) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(nap)
        nap = min(nap * 2, _LONGEST_NAP)


class InlineCursor:
    """An aiosqlite-shaped cursor whose coroutines do their work at once."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        if parameters is None:
            await _patiently(lambda: self._cursor.execute(sql))
        else:
            await _patiently(lambda: self._cursor.execute(sql, parameters))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)
        await _patiently(lambda: self._cursor.executemany(sql, rows))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _AtOnce:
    """Stands in for aiosqlite's queue of work for its thread: does the work when given it."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed back to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite-shaped connection over a sqlite3 connection used from the loop's thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn
        self._tx = _AtOnce()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await _patiently(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connect_inline(path: str) -> Callable[[], Awaitable[InlineConnection]]:
    """The `async_creator` for a SQLite file at `path`."""

    async def connect() -> InlineConnection:
        # timeout=0: never sleep in SQLite's busy handler, which would stop the whole loop.
        conn = sqlite3.connect(
            path, timeout=0, isolation_level=None, check_same_thread=False, uri=False
        )
        return InlineConnection(conn)

    return connect
