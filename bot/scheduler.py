"""Periodic jobs: officer reminders, digests and poll results, retention (hourly), pruning."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text

from config.settings import Settings
from handlers.informed_jobs import keep_informed
from handlers.property.jobs import run_lifecycle
from handlers.reminders import send_reminders
from handlers.retention import RetentionJob
from storage import inbound
from storage.db import Sessions, engine_of, transaction
from storage.sqlite_hybrid import on_thread
from storage.types import utcnow

log = logging.getLogger(__name__)

# Telegram and Twilio retry for at most a day; remembering a week of ids is plenty.
SEEN_KEPT = timedelta(days=7)
# PostgreSQL advisory lock key ("SWTK"): one scheduler tick at a time among serve processes.
TICK_LOCK = 0x5357544B


class Scheduler:
    def __init__(
        self,
        sessions: Sessions,
        *,
        tz: ZoneInfo,
        reminder_hours: int,
        on_outbox: Callable[[], None],
        clock: Callable[[], datetime] = utcnow,
        interval: float = 300.0,
        settings: Settings | None = None,
    ) -> None:
        self._sessions = sessions
        self._tz = tz
        self._reminder_hours = reminder_hours
        self._on_outbox = on_outbox
        self._clock = clock
        self._interval = interval
        self._retention = RetentionJob(sessions)
        self._settings = settings or Settings.model_construct()

    async def tick(self) -> int:
        async with self._alone() as alone:
            if not alone:
                log.debug("scheduled jobs: another process is running them now")
                return 0
            # Sweeps and digests may touch many rows: on SQLite their calls run on the
            # connection's thread, so webhooks are not held up behind them.
            with on_thread():
                return await self._tick()

    @asynccontextmanager
    async def _alone(self) -> AsyncIterator[bool]:
        """Whether no other process is ticking; held until this tick ends.

        Each job checks what is already done (a digest's slot, a reminder's time), but two
        ticks at once both read "not yet" and both send. On PostgreSQL a transaction-scoped
        advisory lock lets one tick run at a time, so every process may run the scheduler;
        SQLite's writers take turns anyway.
        """
        engine = engine_of(self._sessions)
        if engine.dialect.name != "postgresql":
            yield True
            return
        async with engine.connect() as connection, connection.begin():
            locked = await connection.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": TICK_LOCK}
            )
            yield bool(locked)

    async def _tick(self) -> int:
        now = self._clock()
        reminded = await send_reminders(
            self._sessions, now=now, tz=self._tz, after_hours=self._reminder_hours
        )
        async with transaction(self._sessions) as session:
            await inbound.prune_seen(session, before=now - SEEN_KEPT)
        # Found items disposed of (holders told) before the retention job would do it silently.
        informed_property = await run_lifecycle(self._sessions, now=now, tz=self._tz)
        await self._retention.maybe_run(now)
        # Digests due, poll results, pushes that waited out quiet hours.
        informed = await keep_informed(self._sessions, now=now, settings=self._settings)
        if reminded or informed or informed_property:
            self._on_outbox()
        return reminded

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduled jobs failed; trying again next time")
            await asyncio.sleep(self._interval)
