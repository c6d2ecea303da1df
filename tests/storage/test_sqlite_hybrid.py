"""SQLite calls: short ones in the loop, a long read moved to a thread, marked work on it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import sqlite_hybrid
from storage.db import make_engine
from storage.sqlite_hybrid import on_thread

# 2,000 x 2,000 rows: far longer than a read may run in the loop.
LONG_READ = "SELECT count(*), where_am_i() FROM n AS a, n AS b WHERE a.x + b.x >= 0"


async def _prepare(conn: AsyncConnection) -> None:
    raw = await conn.get_raw_connection()
    raw.driver_connection._conn.create_function(  # type: ignore[union-attr]
        "where_am_i", 0, lambda: threading.current_thread().name
    )


async def test_a_long_read_moves_to_a_thread_and_the_transaction_survives(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    try:
        async with engine.begin() as conn:
            await _prepare(conn)
            await conn.execute(text("CREATE TABLE n (x INTEGER)"))
            await conn.execute(
                text(
                    "INSERT INTO n WITH RECURSIVE c(x) AS "
                    "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) SELECT x FROM c"
                )
            )
            short = (await conn.execute(text("SELECT where_am_i()"))).scalar_one()
            ticker = asyncio.create_task(tick())
            before = ticks
            count, where = (await conn.execute(text(LONG_READ))).one()
            during = ticks - before
            with_count, with_where = (
                await conn.execute(text(f"WITH big AS ({LONG_READ}) SELECT * FROM big"))
            ).one()
            ticker.cancel()
            await conn.execute(text("INSERT INTO n VALUES (0)"))
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT count(*) FROM n"))).scalar_one()
    finally:
        await engine.dispose()
    assert short == threading.current_thread().name  # a short read ran in the loop
    assert where != short and where.startswith("sqlite")  # the long one finished on the thread
    assert count == with_count == 2000 * 2000
    assert with_where.startswith("sqlite")  # a WITH … SELECT moves too
    assert during > 0  # the loop went on while it ran
    assert rows == 2001  # the writes before and after it were committed together


async def test_marked_work_runs_on_the_thread(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.begin() as conn:
            await _prepare(conn)
            with on_thread():
                marked = (await conn.execute(text("SELECT where_am_i()"))).scalar_one()
            unmarked = (await conn.execute(text("SELECT where_am_i()"))).scalar_one()
    finally:
        await engine.dispose()
    assert marked.startswith("sqlite")
    assert unmarked == threading.current_thread().name


async def test_a_lock_held_by_another_process_is_waited_for_in_asyncio(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t VALUES (1)")

        async def write() -> None:
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t VALUES (2)"))

        writer = asyncio.create_task(write())
        for _ in range(20):
            await asyncio.sleep(0.005)
        assert not writer.done()  # waiting for the lock, without stopping the loop
        other.execute("COMMIT")
        await writer
        async with engine.connect() as conn:
            got = (await conn.execute(text("SELECT x FROM t ORDER BY x"))).scalars().all()
    finally:
        other.close()
        await engine.dispose()
    assert got == [1, 2]


def _checkpointers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sqlite-checkpoint"]


async def _write_pages(engine: AsyncEngine, transactions: int) -> None:
    for n in range(transactions):
        async with engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO t VALUES (:n, :pad)"), {"n": n, "pad": "x" * 3000}
            )


async def test_the_log_is_checkpointed_off_the_loop_and_the_thread_ends_with_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_hybrid, "CHECKPOINT_EVERY", 0.02)
    monkeypatch.setattr(sqlite_hybrid, "CHECKPOINT_AFTER", 10**6)  # so: once writes pause
    monkeypatch.setattr(sqlite_hybrid, "IDLE_CHECKPOINT", 0.1)
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    others = set(_checkpointers())  # of engines other tests left to the garbage collector
    try:
        async with engine.begin() as conn:
            auto = (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one()
            await conn.execute(text("CREATE TABLE t (n INTEGER, pad TEXT)"))
        assert auto == 0  # never in a commit, in the loop
        ours = set(_checkpointers()) - others
        assert len(ours) == 1
        await _write_pages(engine, 200)
        await asyncio.sleep(0.4)
        with sqlite3.connect(path) as other:
            busy, logged, copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert busy == 0 and logged > 0 and copied == logged  # the thread had copied it all
    finally:
        await engine.dispose()
    assert not any(thread.is_alive() for thread in ours)


async def test_under_steady_writing_the_log_is_restarted_rather_than_left_to_grow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_hybrid, "CHECKPOINT_EVERY", 0.005)
    monkeypatch.setattr(sqlite_hybrid, "CHECKPOINT_AFTER", 5)
    monkeypatch.setattr(sqlite_hybrid, "RESTART_AT", 50)
    ended: list[float] = []  # when the checkpointer's thread ended the log
    real = sqlite_hybrid.checkpoint

    def recording(conn: sqlite3.Connection) -> bool:
        if truncated := real(conn):
            ended.append(time.monotonic())
        return truncated

    monkeypatch.setattr(sqlite_hybrid, "checkpoint", recording)
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (n INTEGER, pad TEXT)"))
        await _write_pages(engine, 2000)  # about 2,000 pages of log without a pause
        finished = time.monotonic()
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one()
    finally:
        await engine.dispose()
    assert rows == 2000
    # How long the log gets between two ends depends on the disk's fsync, so what is checked
    # is that it was ended while the writes went on (a passive checkpoint never ends it).
    assert any(at < finished for at in ended)
