"""When PostgreSQL drops our connections (a restart, an administrator), nothing is lost."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from flows import texts
from storage.db import make_engine
from tests.support import PG_URL, Clock, harness, texts_of

# Dropping connections is PostgreSQL's (SQLite has none to drop); CI always sets PG_URL.
ON_POSTGRES = pytest.mark.parametrize(
    "database_url", ["postgres"] if PG_URL else [], indirect=True
)


async def _drop_connections(url: str) -> int:
    """What a server restart does to this database's clients: every connection ended."""
    target = make_url(url)
    admin = await asyncpg.connect(
        host=target.host, port=target.port or 5432, user=target.username, database="postgres"
    )
    try:
        ended = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            target.database,
        )
    finally:
        await admin.close()
    return len(ended)


@ON_POSTGRES
async def test_a_connection_dropped_while_it_rested_is_replaced_before_use(
    database_url: str,
) -> None:
    engine = make_engine(database_url, ping_after=0.05)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        assert await _drop_connections(database_url) == 1
        await asyncio.sleep(0.1)
        async with engine.connect() as conn:  # no error: checked, found dead, replaced
            assert (await conn.execute(text("SELECT 2"))).scalar() == 2
    finally:
        await engine.dispose()


@ON_POSTGRES
async def test_a_message_after_the_server_dropped_us_is_answered_not_apologised_for(
    database_url: str, clock: Clock
) -> None:
    async with harness(database_url, clock) as h:
        await h.say("demo-staff", "report shoplifting")
        assert await _drop_connections(database_url) >= 1
        # The dispatcher's transaction meets the dead connection, the pool reconnects, and
        # the message is handled again from the start: the person sees the next question.
        got = texts_of(await h.say("demo-staff", "no"))
        assert texts.CRASHED not in got
        assert "When did it happen?" in got
        # And the sender's writes after it found live connections too: nothing is unsent.
        assert texts_of(await h.say("demo-staff", "20 minutes ago"))


@ON_POSTGRES
async def test_connections_a_burst_opened_are_kept_for_the_next_one(database_url: str) -> None:
    """Closing what comes back above the pool's size would fork a new server process for the
    next burst's every extra transaction."""
    engine = make_engine(database_url)
    burst = 20
    try:

        async def one(held: asyncio.Event) -> int:
            async with engine.connect() as connection:
                await held.wait()  # every one of the burst holds its connection at once
                return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar())

        held = asyncio.Event()
        first = [asyncio.create_task(one(held)) for _ in range(burst)]
        await asyncio.sleep(0.3)
        held.set()
        pids = set(await asyncio.gather(*first))
        assert len(pids) == burst
        assert engine.pool.checkedin() == burst  # type: ignore[attr-defined]
        held = asyncio.Event()
        again = [asyncio.create_task(one(held)) for _ in range(burst)]
        await asyncio.sleep(0.3)
        held.set()
        assert set(await asyncio.gather(*again)) == pids
    finally:
        await engine.dispose()
