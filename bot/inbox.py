"""Answer the platform at once, handle the message just after: the durable inbox.

A channel that must answer its webhook quickly (Twilio gives 15 s, and a burst of messages
would queue behind one another's turns) writes the message here and answers once it is
committed; nothing acknowledged is lost. This process then hands it to the dispatcher, whose
transaction deletes the row as it handles the message, so a message is handled once: a crash
before that commit leaves the row, which another process (or this one, restarted) takes once
its lease has run out. Each person's messages are handled one at a time, in the order they
came; different people's go side by side. Repeats of one delivery are dropped by the
dispatcher's dedupe as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any

from bot.batches import Batches
from flows.model import Location, Photo
from handlers.dispatcher import Dispatcher
from handlers.inbound import Inbound
from storage import inbox
from storage.db import Sessions, core_transaction, engine_of
from storage.driver import driver_transaction
from storage.inbox import Queued
from storage.types import utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)  # a message not handled by then is taken by another process
SWEEP_EVERY = 1.0  # seconds
AT_ONCE = 4  # people whose messages are handled side by side
MAX_ATTEMPTS = 5  # takings after a crash before a message is given up (and logged)
# How long a message may wait, from its arrival, for a moment when no webhook is being answered.
# In a burst (200 people posting at once) handling messages meanwhile slowed every answer to
# Twilio; once the webhooks are answered the messages are handled, at most this late.
ANSWERS_FIRST_WITHIN = 2.0  # seconds

# What a channel does to a message as it is handled rather than as it arrived (a WhatsApp
# button press is read against the last message sent then): channel, extra → the Inbound.
Prepare = Callable[[Inbound, Mapping[str, Any]], Awaitable[Inbound]]
Key = tuple[str, str]


class Inbox:
    def __init__(
        self,
        sessions: Sessions,
        dispatcher: Dispatcher,
        *,
        clock: Callable[[], datetime] = utcnow,
        at_once: int = AT_ONCE,
        answers_first: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        """`answers_first(within)` returns once no request is being answered, or after
        `within` seconds (bot.activity's lull)."""
        self._sessions = sessions
        self._dispatcher = dispatcher
        self._clock = clock
        self._prepare: dict[str, Prepare] = {}
        self._writes: Batches[dict[str, Any]] = Batches(self._add, name="inbox-writer")
        self._live = False
        # Per person, their messages in order, each with the loop time it arrived here (None:
        # taken by the sweep, so it waits for nothing).
        self._queues: dict[Key, deque[tuple[Queued, float | None]]] = {}
        self._workers: dict[Key, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(at_once)
        self._answers_first = answers_first

    def prepare(self, channel: str, prepare: Prepare) -> None:
        """How `channel`'s messages are finished as they are handled."""
        self._prepare[channel] = prepare

    async def accept(self, message: Inbound, extra: Mapping[str, Any] | None = None) -> None:
        """Keep the message; returns once it is committed (then answer the platform)."""
        now = self._clock()
        kept = {"inbound": asdict(message), "extra": dict(extra or {})}
        row = {
            "channel": message.channel,
            "address": message.address,
            "message": kept,
            "received_at": now,
            "due_at": now + LEASE,
        }
        arrived = asyncio.get_running_loop().time()
        queued_id = await self._writes.add(row)
        if self._live:
            self._start((queued_id, message.channel, message.address, kept), arrived)

    async def _add(self, rows: list[dict[str, Any]]) -> list[int]:
        engine = engine_of(self._sessions)
        if len(rows) > 1 and engine.dialect.name != "sqlite":
            # A burst's batch: one statement, not a round trip to the server for each.
            async with core_transaction(self._sessions) as connection:
                return await inbox.add_many(connection, rows)
        async with driver_transaction(engine, single=len(rows) == 1) as driver:
            return await inbox.add(driver, rows)

    # --- handling ------------------------------------------------------------------------

    async def run(self) -> None:
        """Hand over what arrives, and take what a stopped process left, every second."""
        self._live = True
        try:
            while True:
                with contextlib.suppress(Exception):
                    await self._take_due(self._clock())
                await asyncio.sleep(SWEEP_EVERY)
        finally:
            self._live = False

    async def drain(self) -> None:
        """Handle everything waiting, whoever received it (tests and benchmarks)."""
        while await self._take_due(self._clock() + LEASE + timedelta(seconds=1)):
            await self._settle()
        await self._settle()

    async def finish(self) -> None:
        """Stopping: what has not started is left for the next process to take at once."""
        self._live = False
        waiting = [row[0] for queue in self._queues.values() for row, _ in list(queue)[1:]]
        for queue in self._queues.values():
            while len(queue) > 1:
                queue.pop()
        with contextlib.suppress(Exception):
            async with core_transaction(self._sessions) as connection:
                await inbox.release(connection, ids=waiting, now=self._clock())
        await self._settle()

    async def _take_due(self, now: datetime) -> int:
        # Rows still waiting in this process's queues (a backlog past their lease) are taken
        # again, harmlessly, but their takings are not crashes.
        here = {row[0] for queue in self._queues.values() for row, _ in queue}
        async with core_transaction(self._sessions) as connection:
            rows = await inbox.take_due(connection, now=now, until=now + LEASE, limit=100)
        for queued_id, channel, address, message, taken in rows:
            if taken > MAX_ATTEMPTS and queued_id not in here:
                # It crashed every process that took it: not handled again, but answered.
                log.error("gave up on a queued %s message taken %d times", channel, taken)
                await self._dispatcher.apologise(_sender(channel, address), queued_id)
            else:
                self._start((queued_id, channel, address, message))
        return len(rows)

    async def _settle(self) -> None:
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    def _start(self, row: Queued, arrived: float | None = None) -> None:
        key = (row[1], row[2])
        queue = self._queues.get(key)
        if queue is not None:
            # The sweep takes again rows queued here; an id alone does not tell them, as SQLite
            # gives a handled (deleted) message's id to the next one written.
            if all(queued[0] != row[0] or queued[3] != row[3] for queued, _ in queue):
                queue.append((row, arrived))
            return
        self._queues[key] = deque([(row, arrived)])
        self._workers[key] = asyncio.create_task(self._work(key), name="inbox-person")

    async def _work(self, key: Key) -> None:
        """One person's messages in the order they came."""
        queue = self._queues[key]
        loop = asyncio.get_running_loop()
        try:
            while queue:
                row, arrived = queue[0]
                if arrived is not None and self._answers_first is not None:
                    await self._answers_first(arrived + ANSWERS_FIRST_WITHIN - loop.time())
                async with self._slots:
                    handled = await self._handle(row)
                if not handled:  # it and those after it wait, in order, for their leases
                    queue.clear()
                    return
                queue.popleft()
        finally:
            del self._queues[key]
            del self._workers[key]

    async def _handle(self, row: Queued) -> bool:
        """Whether the message was handled (or dropped as unreadable), not left for later."""
        queued_id, channel, address, message = row
        try:
            inbound = _inbound(message["inbound"])
        except Exception:  # written by a version that stored it otherwise: never readable
            log.exception("could not read a queued %s message; dropped", channel)
            await self._dispatcher.apologise(_sender(channel, address), queued_id)
            return True
        prepare = self._prepare.get(channel)
        if prepare is not None:
            try:
                inbound = await prepare(inbound, message.get("extra") or {})
            except Exception:  # the database, briefly: kept, and taken again after its lease
                log.exception("could not prepare a queued %s message; trying later", channel)
                return False
        # The dispatcher deletes the row in the transaction that handles the message (or in
        # the one that apologises for failing to).
        await self._dispatcher.handle(inbound, queued=queued_id)
        return True


def _sender(channel: str, address: str) -> Inbound:
    """Who sent a message that will not be handled, to be told so."""
    return Inbound(channel=channel, address=address)


def _inbound(data: Mapping[str, Any]) -> Inbound:
    """An Inbound as `asdict` wrote it."""
    photo, location = data.get("photo"), data.get("location")
    return replace(
        Inbound(**{k: v for k, v in data.items() if k not in ("photo", "location")}),
        photo=Photo(**photo) if photo else None,
        location=Location(**location) if location else None,
    )
