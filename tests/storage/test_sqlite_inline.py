"""SQLite in the event loop: one connection per process, and another process's lock waited on
with asyncio sleeps, never by stopping the loop."""

from __future__ import annotations

import asyncio
import sqlite3

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine, make_sessions, transaction
from storage.sqlite_inline import InlineConnection


async def test_a_lock_held_elsewhere_is_waited_for_while_the_loop_runs_on(sqlite_url: str):
    engine = make_engine(sqlite_url)
    sessions = make_sessions(engine)
    other = sqlite3.connect(str(make_url(sqlite_url).database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # as another process (the CLI) writing
    ticks = 0

    async def ticking() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    async def release_soon() -> None:
        await asyncio.sleep(0.2)
        other.execute("COMMIT")

    ticker = asyncio.create_task(ticking())
    releaser = asyncio.create_task(release_soon())
    try:
        async with transaction(sessions) as session:
            await session.execute(text("UPDATE bid SET name = name"))
            raw = await (await session.connection()).get_raw_connection()
            assert isinstance(raw.driver_connection, InlineConnection)
    finally:
        ticker.cancel()
        await releaser
        other.close()
        await engine.dispose()
    # The loop went on while we waited for the other writer: about 40 ticks in 0.2 s.
    assert ticks >= 10


async def test_transactions_in_one_process_queue_on_the_one_connection(sqlite_url: str):
    engine = make_engine(sqlite_url)
    sessions = make_sessions(engine)
    order: list[str] = []

    async def write(name: str) -> None:
        async with transaction(sessions) as session:
            await session.execute(text("UPDATE bid SET name = name"))
            order.append(f"{name} in")  # the session takes its connection at its first statement
            await asyncio.sleep(0.01)  # work inside the transaction: the other must wait
            order.append(f"{name} out")

    try:
        await asyncio.gather(write("a"), write("b"))
    finally:
        await engine.dispose()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
