"""SQLite for the async engine: short statements run in the event loop, long ones on a thread.

aiosqlite runs every call (execute, fetch, commit, even making a cursor) on a worker thread and
wakes the loop with the answer; on a flow step those hand-offs cost more CPU and time than the
SQL did. Here a call runs at once in the loop, except:
- a read (SELECT, WITH … SELECT) still running after `LONG` seconds is stopped by SQLite's
  progress handler and run again on the connection's thread, so a digest over a large file
  does not stop every webhook in the process (a stopped read changed nothing, and its rows
  were not yet seen);
- work marked with `on_thread()` (long writes such as retention sweeps) runs on the thread.
Calls on one connection never overlap: each is awaited before the next, and the engine keeps
one connection per database, so transactions in this process queue on the pool (an asyncio
wait). The busy timeout is zero, so SQLite never sleeps in the loop: a statement that finds
another process holding the write lock did nothing, and is retried after an asyncio sleep.
SQLite's own checkpoint (copying the write-ahead log into the database, then an fsync) would
run inside the commit that takes the log past 1,000 pages, in the loop: 5-10 ms on this
machine every few hundred transactions, a stall for every request then under way. It is
turned off on the connection, and a thread with a connection of its own checkpoints instead,
as often as SQLite would (every CHECKPOINT_AFTER commits, or IDLE_CHECKPOINT seconds after the
last): PASSIVE, which never blocks the connection's reads or writes, and under steady writing
now and then TRUNCATE, which holds writers back briefly (see RESTART_AT) and ends the log
file from the checkpointer's thread. (The connection's own journal_size_limit would have it cut
by whichever write next began the log again, in the loop: after a bulk write, a 1.5 GB log took
0.9 s to cut, every request waiting.)

The objects mimic the parts of aiosqlite's Connection and Cursor that SQLAlchemy's aiosqlite
dialect uses (`create_async_engine(..., async_creator=connect_hybrid(path))`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LOCK_WAIT = 30.0  # seconds another process may hold the write lock, as busy_timeout was
LONG = 0.005  # seconds a read may run in the loop before it is moved to the thread
_CHECK_EVERY = 1000  # SQLite VM steps between looks at the clock (microseconds of work)
_FIRST_NAP, _LONGEST_NAP = 0.001, 0.05
CHECKPOINT_EVERY = 0.2  # seconds between the checkpointer's looks at the commit count
# Commits between checkpoints: a few pages each here, so about SQLite's own 1,000 pages (more
# often copies the pages written again and again more often: 0.5 ms more CPU a WhatsApp
# message at every 0.2 s). A log not checkpointed this long after its last commit is, too.
CHECKPOINT_AFTER = 300
IDLE_CHECKPOINT = 2.0  # seconds
# A passive checkpoint never ends the log while writes go on, so under steady writing it only
# grows; past this many pages (16 MB) the checkpointer truncates it, holding writers back for
# the little a passive pass had left (they wait as for any writer: in asyncio, not the loop).
RESTART_AT = 4096
RESTART_WAIT_MS = 200  # the checkpointer's own busy timeout: it may sleep, on its thread

log = logging.getLogger(__name__)

_ON_THREAD: ContextVar[bool] = ContextVar("sqlite_on_thread", default=False)


@contextmanager
def on_thread() -> Iterator[None]:
    """Run this task's SQLite calls on the connection's thread (long writes, bulk work)."""
    token = _ON_THREAD.set(True)
    try:
        yield
    finally:
        _ON_THREAD.reset(token)


class _TooLong(Exception):
    """A read ran past `LONG` in the loop and was stopped before it changed anything."""


def _locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


_WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _is_read(sql: str) -> bool:
    """A SELECT, or a WITH … SELECT (the digest's): stopping one part-way changes nothing.

    A write is never stopped: SQLite may roll back the whole transaction of an interrupted
    INSERT, UPDATE or DELETE. A WITH naming any of them is taken for a write.
    """
    start = sql.lstrip()[:6].upper()
    return start == "SELECT" or (start[:4] == "WITH" and not _WRITES.search(sql))


class _Runner:
    """Runs calls on one sqlite3 connection: in the loop, bounded in the loop, or on a thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._thread: ThreadPoolExecutor | None = None
        self._stop_at = 0.0
        self._stopped = False

    def _past_time(self) -> bool:
        self._stopped = time.perf_counter() > self._stop_at
        return self._stopped

    def _bounded(self, call: Callable[[], Any]) -> Any:
        """`call` in the loop, stopped by SQLite if it runs past `LONG`."""
        self._stopped = False
        self._stop_at = time.perf_counter() + LONG
        self.conn.set_progress_handler(self._past_time, _CHECK_EVERY)
        try:
            return call()
        except sqlite3.OperationalError:
            if self._stopped:
                raise _TooLong from None
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    async def _threaded(self, call: Callable[[], Any]) -> Any:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    async def run(self, call: Callable[[], Any], *, movable: bool = False) -> Any:
        """Run `call`, waiting (in asyncio) while another process holds the write lock.

        A `movable` call (a SELECT and the fetch of all its rows) goes to the thread when it
        turns out long.
        """
        nap, deadline = _FIRST_NAP, time.monotonic() + LOCK_WAIT
        while True:
            try:
                if _ON_THREAD.get():
                    return await self._threaded(call)
                if not movable:
                    return call()
                try:
                    return self._bounded(call)
                except _TooLong:
                    return await self._threaded(call)
            except sqlite3.OperationalError as error:
                if not _locked(error) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(nap)
            nap = min(nap * 2, _LONGEST_NAP)

    def close(self) -> None:
        self.conn.close()
        if self._thread is not None:
            self._thread.shutdown(wait=False)
            self._thread = None


class HybridCursor:
    """An aiosqlite-shaped cursor; a SELECT's rows are read with it, as one movable call."""

    def __init__(self, runner: _Runner) -> None:
        self._runner = runner
        self._cursor = runner.conn.cursor()
        self._rows: list[Any] = []

    async def __aenter__(self) -> HybridCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> HybridCursor:
        cursor = self._cursor
        args = (sql,) if parameters is None else (sql, parameters)
        if _is_read(sql):

            def read() -> list[Any]:
                cursor.execute(*args)
                return cursor.fetchall()

            self._rows = await self._runner.run(read, movable=True)
        else:
            self._rows = []
            await self._runner.run(lambda: cursor.execute(*args))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> HybridCursor:
        rows = list(parameters)
        self._rows = []
        await self._runner.run(lambda: self._cursor.executemany(sql, rows))
        return self

    def _take(self, size: int) -> list[Any]:
        if self._rows:
            taken, self._rows = self._rows[:size], self._rows[size:]
            return taken
        return self._cursor.fetchmany(size)

    async def fetchone(self) -> Any:
        got = self._take(1)
        return got[0] if got else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._take(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows + self._cursor.fetchall()

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


def checkpoint(conn: sqlite3.Connection) -> bool:
    """One pass: PASSIVE, then TRUNCATE if the log is still long (see RESTART_AT). Returns
    whether the log was ended."""
    _, pages, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    if pages > RESTART_AT:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    return False


class _Checkpointer:
    """Checkpoints the database at `path` from a thread, until stopped or its owner is gone."""

    def __init__(self, path: str, owner: HybridConnection) -> None:
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(path, weakref.ref(owner)),
            name="sqlite-checkpoint",
            daemon=True,
        )
        self._thread.start()

    def _run(self, path: str, owner: weakref.ref[HybridConnection]) -> None:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        done, at = 0, time.monotonic()  # commits checkpointed, and when
        try:
            conn.execute(f"PRAGMA busy_timeout={RESTART_WAIT_MS}")
            while not self._stopped.wait(CHECKPOINT_EVERY):
                connection = owner()
                if connection is None:
                    return
                commits = connection.commits
                del connection  # not kept alive by this thread between looks
                idle = time.monotonic() - at >= IDLE_CHECKPOINT
                if commits - done < CHECKPOINT_AFTER and not (idle and commits > done):
                    continue
                done, at = commits, time.monotonic()
                try:
                    checkpoint(conn)
                except sqlite3.Error as error:  # busy, or gone for a moment: the next pass
                    log.debug("sqlite checkpoint skipped: %s", error)
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


class HybridConnection:
    """An aiosqlite-shaped connection over one sqlite3 connection (see the module's doc)."""

    def __init__(self, conn: sqlite3.Connection, path: str | None = None) -> None:
        self._runner = _Runner(conn)
        self._conn = conn
        self._connection: sqlite3.Connection | None = conn
        self._tx = _AtOnce()
        self.commits = 0  # read by the checkpointer's thread
        self._checkpointer: _Checkpointer | None = None
        if path is not None:
            conn.execute("PRAGMA wal_autocheckpoint=0")
            self._checkpointer = _Checkpointer(path, self)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> HybridCursor:
        return HybridCursor(self._runner)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> HybridCursor:
        return await self.cursor().execute(sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> HybridCursor:
        return await self.cursor().executemany(sql, parameters)

    async def commit(self) -> None:
        await self._runner.run(self._conn.commit)
        self.commits += 1

    async def rollback(self) -> None:
        await self._runner.run(self._conn.rollback)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()  # first: closing the last connection checkpoints
            self._checkpointer = None
        if self._connection is not None:
            self._connection = None
            self._runner.close()


def connect_hybrid(path: str) -> Callable[[], Awaitable[HybridConnection]]:
    """The `async_creator` for a SQLite file at `path`."""

    async def connect() -> HybridConnection:
        # timeout=0: never sleep in SQLite's busy handler, which would stop the whole loop.
        conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        return HybridConnection(conn, path)

    return connect
