"""Several serve processes on one PostgreSQL may all run the scheduler: one tick at a time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.scheduler import Scheduler
from storage import preferences
from storage.db import make_engine, make_sessions
from storage.models import Outbox
from tests.support import PG_URL, Clock, harness

# Row locks and advisory locks are PostgreSQL's (SQLite lets one writer in at a time).
ON_POSTGRES = pytest.mark.parametrize(
    "database_url", ["postgres"] if PG_URL else [], indirect=True
)


def _scheduler(sessions, clock: Clock, settings) -> Scheduler:
    return Scheduler(
        sessions,
        tz=settings.tz,
        reminder_hours=settings.reminder_hours,
        on_outbox=lambda: None,
        clock=clock,
        settings=settings,
    )


@ON_POSTGRES
async def test_two_processes_ticking_at_once_send_a_due_digest_once(
    database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = preferences.own_preference

    async def slow(*args: Any, **kwargs: Any) -> Any:
        found = await real(*args, **kwargs)
        await asyncio.sleep(0.2)  # both processes have read "not sent yet" before either writes
        return found

    monkeypatch.setattr(preferences, "own_preference", slow)
    async with harness(database_url, clock) as h:
        await h.say("demo-manager", "digest weekly")  # their preference row exists
        clock.now = datetime(2026, 12, 7, 8, 2, tzinfo=UTC)  # Monday 08:02: a digest is due
        settings = h.runtime.settings
        engines = [make_engine(database_url) for _ in range(2)]  # as two processes would
        try:
            schedulers = [_scheduler(make_sessions(e), clock, settings) for e in engines]
            for _ in range(3):
                await asyncio.gather(*(s.tick() for s in schedulers))
        finally:
            for engine in engines:
                await engine.dispose()
        async with h.runtime.sessions() as session:
            rows = (
                await session.execute(select(Outbox).where(Outbox.address == "demo-manager"))
            ).scalars()
            digests = [r for r in rows if r.payload.get("topic") == "digest"]
        assert len(digests) == 1
