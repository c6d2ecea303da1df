"""The outbox sender: claims due rows, sends each through its channel, records the result.

At-least-once: a row is claimed with a lease; if the process dies mid-send the lease runs out
and the row is sent again. Per recipient, a row waits until every earlier row is settled, so
messages arrive in the order they were written, even with several senders on one database.

Failures are of two sorts. Permanent ones (the platform refuses this message or this person
for good: a 400 such as "message is too long" or "chat not found", a 403, or a payload that
cannot even be encoded) are given up at once, recorded as `failed`, and when the message was a
reply the person is told it did not arrive. Passing ones (timeouts, 5xx, 429 with retry_after)
are retried with backoff, up to MAX_ATTEMPTS. Order per person gives way after QUEUE_BOUND:
a row that keeps failing holds the messages behind it for at most that long (from when it was
written), then they overtake it while it goes on retrying.

Exactly once where the platform allows it. Just before each part is handed to the platform
(after every rate limiter) the row is marked (`attempt_at`); the answer clears the mark. A row
claimed again with its mark still set was in flight when a process died: it may or may not
have arrived. WhatsApp is asked: Twilio lists the messages it has for the number, and one with
this part's body and a SID no row has recorded is that part, so it is counted, not resent;
if Twilio has none, it is sent. Telegram cannot be asked (no idempotency key, no way to read a
chat back), so the part is taken as delivered and not sent again: the mark is committed just
before the request is written on an open connection, so Telegram has seen nothing unmarked,
and what that risks (the bytes never left, or Telegram refused it just then) is rarer and
smaller than a second copy of every message in flight at each crash. Such rows are recorded
with delivery_status "unconfirmed" and a warning naming the row.

How the work is done (fewer transactions per message, fair pacing). Each channel's loop claims
due rows in batches and hands each to its recipient's worker at once; a worker sends one
person's rows in order, one at a time, so one person's burst or a slow part never holds up
anyone else, and the next claim does not wait for the last one's slowest send. A reply written
while nothing else to that person is unsent comes leased from the dispatcher's own transaction
(storage.outbox.hand_over_to) and goes straight to its worker: no claim. Marks and records go
through one writer that commits all of them pending at that instant in one transaction (group
commit); a send still waits for its own mark's commit before the wire. A row is sent only while
its lease is ours: the mark is written only if the row is still leased as we took it.
A row due behind one on its way here is claimed when that person's worker is done, and while
half a batch or more is on its way, at the next refill: a claim reads past every row waiting,
so a burst queued on the platform's pace is one claim per half batch (WhatsApp's burst of
2,000: 0.38 claims a message before, 0.03 after; 3.5-3.7 ms of CPU a message, 3.1-3.2).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.backoff import backoff
from bot.batches import Batches
from bot.channels.base import Channel, Delivery, Progress
from bot.channels.wire import ON_WIRE
from bot.waiters import Waiters, set_within
from flows import texts
from storage import identities, outbox
from storage.db import Sessions, engine_of, transaction
from storage.driver import Driver, again_if_lost, driver_transaction
from storage.models import Outbox
from storage.types import utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
# A row whose lease has less than this left is not started: it would be ours too briefly.
LEASE_MARGIN = timedelta(seconds=20)
MAX_ATTEMPTS = 12
BACKOFF_CAP = 300.0
QUEUE_BOUND = timedelta(minutes=2)
# Replies handed over at insert and not yet settled, per channel, beyond which replies are
# written due and claimed instead (memory, and leases that would run out while they wait).
HANDED_BOUND = 1000
# Pushes (a broadcast's hundreds) on the wire at once, per channel, by default: each send costs
# the loop CPU and the database a mark and a record, so a broadcast's sends all at once held up
# the replies to people writing meanwhile (at 1,000/s: p50 153 ms, p99 1.1 s; 4 at once: 20 ms,
# 58 ms). Pushes then go at most 4 per platform round trip (SHOPWATCH_PUSHES_AT_ONCE).
PUSHES_AT_ONCE = 4
# Raised by a channel while sending, these mean this payload can never be sent as it is (it
# cannot be encoded or rendered), so retrying cannot help; anything else may pass.
UNSENDABLE: tuple[type[Exception], ...] = (
    UnicodeError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
)
NOTICE = "send_failed"  # the payload key of our "a message did not arrive" notice

T = TypeVar("T")
Key = tuple[str, str]  # (channel, address): one person on one channel


class LeaseLost(Exception):
    """The row's lease ran out and another sender claimed it: it is theirs to send now."""


_Work = Callable[[AsyncSession], Awaitable[Any]]


@dataclass
class _Write:
    """A mark or a row sent, waiting for the writer."""

    mark: tuple[int, datetime, datetime] | None = None  # row id, lease, at
    sent: dict[str, Any] | None = None  # as outbox.mark_sent takes them


class GroupCommit:
    """The sender's writes, batched (bot.batches). The marks waiting at one moment are one
    statement, the rows sent another, in one transaction on the driver (storage.driver: they
    are most of the sender's writes); other work waiting is one ORM transaction of its own."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._batches: Batches[_Write] = Batches(self._commit, name="outbox-writes")
        self._work: Batches[_Work] = Batches(self._commit_work, name="outbox-work")

    @property
    def transactions(self) -> int:  # committed, for tests and benchmarks
        return self._batches.transactions + self._work.transactions

    @property
    def writes(self) -> int:
        return self._batches.writes + self._work.writes

    async def mark(self, row_id: int, *, lease: datetime, at: datetime) -> datetime | None:
        """Mark the row in doubt if it is still leased to us until `lease`: its lease renewed,
        or None when it was not ours any more."""
        return cast(datetime | None, await self._batches.add(_Write(mark=(row_id, lease, at))))

    async def sent(self, **values: Any) -> None:
        await self._batches.add(_Write(sent=values))

    async def write(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        return cast(T, await self._work.add(work))

    async def _commit(self, batch: list[_Write]) -> list[Any]:
        # Marks alone, or records alone, are one statement: no BEGIN or COMMIT needed.
        single = all(w.mark is None for w in batch) or all(w.sent is None for w in batch)
        # Written again on a dropped connection (a server restart): left unwritten, a sent row's
        # record would be lost and the row sent again.
        return await again_if_lost(
            engine_of(self._sessions), lambda driver: _run(driver, batch), single=single
        )

    async def _commit_work(self, batch: list[_Work]) -> list[Any]:
        try:
            return await self._run_work(batch)
        except DBAPIError as lost:
            if not lost.connection_invalidated:  # as in _commit
                raise
            return await self._run_work(batch)

    async def _run_work(self, batch: list[_Work]) -> list[Any]:
        async with transaction(self._sessions) as session:
            return [await work(session) for work in batch]


async def _run(driver: Driver, batch: list[_Write]) -> list[Any]:
    marks = [w.mark for w in batch if w.mark is not None]
    at = marks[0][2] if marks else None
    until = at + LEASE if at is not None else None
    marked = (
        await outbox.mark_attempts(
            driver, leases=[(row_id, lease) for row_id, lease, _ in marks], at=at, until=until
        )
        if at is not None and until is not None
        else set()
    )
    await outbox.mark_all_sent(driver, [w.sent for w in batch if w.sent is not None])
    return [
        (until if write.mark[0] in marked else None) if write.mark is not None else None
        for write in batch
    ]


class Sender:
    def __init__(
        self,
        sessions: Sessions,
        channels: Mapping[str, Channel],
        *,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 100,
        idle_wait: float = 1.0,
        take_at_insert: bool = True,
        pushes_at_once: int = PUSHES_AT_ONCE,
    ) -> None:
        self._sessions = sessions
        self._channels = channels
        self._clock = clock
        self._batch = batch
        self._idle_wait = idle_wait
        self._wakes: dict[str, asyncio.Event] = {}
        self._stopping = False
        self.on_sent: Callable[[Outbox], None] = lambda row: None
        self.writes = GroupCommit(sessions)
        # People being sent to by this process, each with their rows in order (first: now).
        self._queues: dict[Key, deque[Outbox]] = {}
        self._workers: dict[Key, asyncio.Task[None]] = {}
        self._claimed: dict[str, int] = {}  # per channel: claimed rows not settled yet
        self._handed: dict[str, int] = {}  # per channel: rows taken at insert not settled yet
        self._mine: dict[int, bool] = {}  # row id → taken at insert (else claimed), till settled
        self._behind: set[Key] = set()  # busy people with rows due behind theirs: claim after
        self._owed: set[str] = set()  # channels owed a claim once less is on its way here
        self._live: set[str] = set()  # channels whose loop is running
        self._asked: set[str] = set()  # channels whose rows may be due: claim at the next look
        self._pushes_at_once = pushes_at_once
        self._pushing: dict[str, asyncio.Semaphore] = {}  # per channel: pushes on the wire
        self._claiming = 0  # claims under way
        self._quiet = Waiters()  # see `quiet`
        self.takes_at_insert = take_at_insert
        if take_at_insert:
            outbox.hand_over_to(sessions, self)

    def notify(self) -> None:
        """New rows were committed: look now rather than at the next tick."""
        for channel in self._wakes:
            self._wake_soon(channel)

    def turn_done(self) -> None:
        """The dispatcher committed a turn: rows it wrote due already woke us (`committed`)."""
        if not self.takes_at_insert:
            self.notify()

    # --- storage.outbox.Taker: rows written leased to this process --------------------------

    def lease_for(self, channel: str) -> datetime | None:
        if channel not in self._live or self._stopping:
            return None
        if self._handed.get(channel, 0) >= HANDED_BOUND:
            return None
        return self._clock() + LEASE

    def sends_by_recording(self, channel: str) -> bool:
        if channel not in self._live or self._stopping:
            return False
        return bool(getattr(self._channels[channel], "sent_when_recorded", False))

    def committed(self, handed: list[Outbox], due: set[Key], sent: list[Outbox]) -> None:
        for row in sent:
            self.on_sent(row)
        for row in handed:
            self._own(row, handed=True)
            self._start(row)
        # A due row to someone being sent to here waits behind their rows in flight: it is
        # claimed when their worker is done, not by a claim now that could not take it.
        waiting = {key for key in due if key in self._queues}
        self._behind.update(waiting)
        for channel in {channel for channel, _ in due - waiting}:
            self._wake_soon(channel)

    async def quiet(self, within: float) -> None:
        """Wait, `within` seconds at most, until nothing is being sent or about to be claimed.

        What follows a turn (handlers.follow_ups) waits for this, so that the turn's replies
        are sent and recorded before other work takes the database (on SQLite, its one
        connection); under steady load it waits the whole `within`.
        """
        # Looked at again on waking: a claim's rows are started just after it woke us.
        await self._quiet.until(lambda: not self._busy(), within)

    def _busy(self) -> bool:
        return bool(self._mine or self._claiming or self._asked & self._live)

    def _maybe_quiet(self) -> None:
        if self._quiet.waiting and not self._busy():
            self._quiet.wake()

    # --- the loop ------------------------------------------------------------------------

    async def run(self) -> None:
        """One loop per channel, so one platform's rate limit never slows another's."""
        await asyncio.gather(*(self._run_channel(name) for name in list(self._channels)))

    async def _run_channel(self, channel: str) -> None:
        wake = self._wakes.setdefault(channel, asyncio.Event())
        self._live.add(channel)
        self._asked.add(channel)
        try:
            while not self._stopping:
                room = self._batch - self._claimed.get(channel, 0)
                # Claim when rows may be due (committed, put back, a tick), or to refill once
                # half a batch has gone: not one claim per send as each frees its place.
                asked = channel in self._asked
                self._asked.discard(channel)
                if room > 0 and (asked or 2 * room >= self._batch):
                    try:
                        rows = self._start_all(await self._claim([channel], room))
                    except Exception:
                        log.exception("outbox pass for %s failed; trying again shortly", channel)
                        rows = []
                    if len(rows) == room:
                        continue  # there may be more
                # A short batch took all that was due: claiming again now would find nothing.
                # Whatever is committed meanwhile, put back, or freed sets `wake`.
                if not await set_within(wake, self._idle_wait):
                    self._asked.add(channel)  # the tick: rows of other processes, retries due
                wake.clear()
        finally:
            self._live.discard(channel)

    def _wake_soon(self, channel: str) -> None:
        """Rows of `channel` may be due now: claim them at once."""
        self._asked.add(channel)
        wake = self._wakes.get(channel)
        if wake is not None:
            wake.set()

    def stop(self) -> None:
        self._stopping = True
        for wake in self._wakes.values():
            wake.set()

    async def finish(self, within: float = 2.0) -> None:
        """Stopping: let sends under way end, and put back what has not started, so that the
        next process sends it at once rather than when its lease runs out."""
        self.stop()
        if self._workers:
            await asyncio.wait(list(self._workers.values()), timeout=within)
        waiting = [row for queue in self._queues.values() for row in list(queue)[1:]]
        for queue in self._queues.values():
            while len(queue) > 1:
                queue.pop()
        if waiting:
            with contextlib.suppress(Exception):
                self._settled(*waiting)
                await self._release(waiting)
        workers = list(self._workers.values())
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)

    async def drain_once(self, channel: str | None = None) -> int:
        """Claim and send one batch (of one channel, or all); returns how many were attempted."""
        rows = self._start_all(await self._claim([channel] if channel else list(self._channels)))
        if rows:
            keys = {(row.channel, row.address) for row in rows}
            await asyncio.gather(*(self._workers[k] for k in keys if k in self._workers))
        return len(rows)

    async def drain(self, *, rounds: int = 1000) -> None:
        """Send until nothing is due (used by tests and benchmarks)."""
        for _ in range(rounds):
            if await self.drain_once() == 0:
                return

    async def _claim(self, channels: list[str] | None = None, limit: int = 0) -> list[Outbox]:
        self._claiming += 1
        try:
            # One statement, atomic by itself: on the driver, without BEGIN and COMMIT.
            async with driver_transaction(engine_of(self._sessions), single=True) as driver:
                return await outbox.claim_due(
                    driver,
                    channels=channels or list(self._channels),
                    now=self._clock(),
                    lease=LEASE,
                    limit=limit or self._batch,
                    hold=QUEUE_BOUND,
                )
        finally:
            self._claiming -= 1
            self._maybe_quiet()

    def _start_all(self, rows: list[Outbox]) -> list[Outbox]:
        for row in rows:
            self._own(row, handed=False)
            self._start(row)
        return rows

    def _own(self, row: Outbox, *, handed: bool) -> None:
        self._mine[row.id or 0] = handed
        counts = self._handed if handed else self._claimed
        counts[row.channel] = counts.get(row.channel, 0) + 1

    def sending_to(self, channel: str, address: str) -> bool:
        """Whether rows to this person are on their way here (queued, or being sent)."""
        return bool(self._queues.get((channel, address)))

    def _start(self, row: Outbox) -> None:
        """Queue the row behind this person's others here, starting their worker if idle."""
        key = (row.channel, row.address)
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(row)
            return
        self._queues[key] = deque([row])
        self._workers[key] = asyncio.create_task(self._work(key), name="outbox-person")

    async def _work(self, key: Key) -> None:
        """Send one person's rows in order; a passing failure puts the rest back for later."""
        queue = self._queues[key]
        try:
            while queue:
                row = queue[0]
                delivery = await self._attempt(row)
                if delivery is None:  # no longer ours: whoever claimed it sends it and the rest
                    self._settled(*queue)
                    queue.clear()
                    return
                await self._record(row, delivery)
                self._settled(queue.popleft())
                passing = not delivery.ok and not delivery.permanent and not delivery.held
                if passing and row.created_at > self._clock() - QUEUE_BOUND and queue:
                    # Later rows to this person must not overtake this one yet: put them back.
                    rest = list(queue)
                    queue.clear()
                    self._settled(*rest)
                    await self._release(rest)
        except Exception:
            # Their leases run out and they are claimed again; the loop goes on for others.
            log.exception("outbox: sending to a %s chat failed; left for the lease", key[0])
            self._settled(*queue)
            queue.clear()
        finally:
            self._settled(*queue)
            del self._queues[key]
            del self._workers[key]
            if key in self._behind:
                self._behind.discard(key)
                self._claim_behind(key[0])

    def _claim_behind(self, channel: str) -> None:
        """A person's rows here are done and more are due behind them: claim those now, or,
        while half a batch or more is still on its way here (the platform's pace is what they
        wait for), at the refill then, so that a burst is one claim per half batch sent, not
        one per message (each claim reads past every row waiting)."""
        if 2 * self._in_flight(channel) < self._batch:
            self._wake_soon(channel)
        else:
            self._owed.add(channel)

    def _in_flight(self, channel: str) -> int:
        return self._claimed.get(channel, 0) + self._handed.get(channel, 0)

    def _settled(self, *rows: Outbox) -> None:
        """These rows are no longer this process's to send (sent, recorded, or given up)."""
        for row in rows:
            handed = self._mine.pop(row.id or 0, None)
            if handed is None:
                continue
            counts = self._handed if handed else self._claimed
            counts[row.channel] -= 1
            if row.channel in self._owed and 2 * self._in_flight(row.channel) < self._batch:
                self._owed.discard(row.channel)
                self._wake_soon(row.channel)
            elif not handed and 2 * counts[row.channel] == self._batch - self._batch % 2:
                wake = self._wakes.get(row.channel)
                if wake is not None:
                    wake.set()  # half the batch has gone: room for the next claim
        self._maybe_quiet()

    async def _attempt(self, row: Outbox) -> Delivery | None:
        """Send the row; None if it is not ours to send any more."""
        channel = self._channels[row.channel]
        row_id = row.id or 0
        lease = row.next_attempt_at
        if self._clock() > lease - LEASE_MARGIN:
            log.warning(
                "outbox row %s waited too long here; left for its lease to run out", row_id
            )
            return None
        if row.attempt_at is not None:
            doubt = await self._settle_in_doubt(row, channel)
            if doubt is not None:
                return doubt
        progress = Progress(
            done=row.parts_sent,
            provider_id=row.provider_id if row.parts_sent else None,
            save=lambda done, provider_id: self._save_progress(row_id, done, provider_id),
        )
        lost: list[bool] = []

        async def mark() -> None:
            nonlocal lease
            renewed = await self._mark_attempt(row_id, lease)
            if renewed is None:
                lost.append(True)
                raise LeaseLost(row_id)
            lease = row.next_attempt_at = renewed  # the next part's mark checks this one

        token = ON_WIRE.set(mark)
        push = isinstance(row.payload, dict) and bool(row.payload.get("push"))
        try:
            if push:
                async with self._push_slots(row.channel):
                    delivery = await channel.send(row.address, row.payload, row_id, progress)
            else:
                delivery = await channel.send(row.address, row.payload, row_id, progress)
        except UNSENDABLE as exc:
            log.warning(
                "outbox row %s cannot be sent on %s (%s); giving up on it",
                row.id,
                row.channel,
                type(exc).__name__,
            )
            delivery = Delivery(
                ok=False, permanent=True, error=f"unsendable: {type(exc).__name__}"
            )
        except Exception as exc:  # an adapter bug must not lose the message
            if not lost:
                log.exception("channel %s raised while sending outbox row %s", row.channel, row.id)
            delivery = Delivery(ok=False, error=type(exc).__name__)
        finally:
            ON_WIRE.reset(token)
        if lost:
            log.warning("outbox row %s was claimed by another sender; not sending it", row_id)
            return None
        return delivery

    def _push_slots(self, channel: str) -> asyncio.Semaphore:
        slots = self._pushing.get(channel)
        if slots is None:
            slots = self._pushing[channel] = asyncio.Semaphore(self._pushes_at_once)
        return slots

    async def _mark_attempt(self, row_id: int, lease: datetime) -> datetime | None:
        return await self.writes.mark(row_id, lease=lease, at=self._clock())

    async def _settle_in_doubt(self, row: Outbox, channel: Channel) -> Delivery | None:
        """A part was in flight when a process died: count it if it arrived (see the top).

        Returns a Delivery to record instead of sending (we could not find out yet), or None
        to go on sending from the first part that has not arrived.
        """
        row_id = row.id or 0
        finder = getattr(channel, "find_sent", None)
        found: str | None = None
        if finder is not None:
            try:
                found = await finder(row.address, row.payload, row.parts_sent)
            except Exception as exc:  # cannot ask now: ask again later rather than guess
                log.warning("outbox row %s in doubt; could not check (%s)", row.id, exc)
                return Delivery(ok=False, error=f"in doubt: {type(exc).__name__}")
            if found is None:
                log.info("outbox row %s was in doubt; the platform has no copy: sending", row.id)
                await self._save_progress(row_id, row.parts_sent, row.provider_id)
                return None
        log.warning(
            "outbox row %s was in flight when a process stopped; part %d taken as delivered%s",
            row.id,
            row.parts_sent + 1,
            f" ({found})" if found else " (the platform cannot be asked)",
        )
        row.parts_sent += 1
        row.provider_id = found or row.provider_id
        parts, provider = row.parts_sent, row.provider_id

        async def note(session: AsyncSession) -> None:
            await outbox.note_progress(
                session, row_id=row_id, parts_sent=parts, provider_id=provider
            )
            await outbox.note_delivery(
                session, row_id=row_id, delivery_status="confirmed" if found else "unconfirmed"
            )

        await self.writes.write(note)
        row.attempt_at = None
        return None

    async def _save_progress(self, row_id: int, done: int, provider_id: str | None) -> None:
        await self.writes.write(
            lambda session: outbox.note_progress(
                session, row_id=row_id, parts_sent=done, provider_id=provider_id
            )
        )

    async def _record(self, row: Outbox, delivery: Delivery) -> None:
        now = self._clock()
        row_id, attempts, error = row.id or 0, row.attempts + 1, delivery.error

        if delivery.ok and not delivery.unreachable:
            await self.writes.sent(
                row_id=row_id,
                attempts=attempts,
                provider_id=delivery.provider_id,
                error=error,
                now=now,
            )
            row.status, row.provider_id = "sent", delivery.provider_id
            self.on_sent(row)
            return

        async def record(session: AsyncSession) -> None:
            if delivery.ok:
                await outbox.mark_sent(
                    session,
                    row_id=row_id,
                    attempts=attempts,
                    provider_id=delivery.provider_id,
                    error=error,
                    now=now,
                )
            elif delivery.held:
                await outbox.mark_held(
                    session,
                    row_id=row_id,
                    attempts=attempts,
                    provider_id=delivery.provider_id,
                    error=error,
                )
            elif delivery.permanent or attempts >= MAX_ATTEMPTS:
                await outbox.mark_failed(session, row_id=row_id, attempts=attempts, error=error)
                log.warning("outbox row %s failed for good: %s", row.id, error)
                if _tell_them(row, delivery):
                    self._wake_soon(row.channel)  # sent in the next pass, not the next tick
                    await outbox.enqueue(
                        session,
                        channel=row.channel,
                        address=row.address,
                        identity_id=row.identity_id,
                        case_id=row.case_id,
                        payload={
                            "text": texts.SEND_FAILED,
                            "options": [],
                            "question": None,
                            NOTICE: True,
                        },
                        now=now,
                    )
            else:
                wait = max(delivery.retry_after or 0.0, backoff(attempts, cap=BACKOFF_CAP))
                await outbox.retry_at(
                    session,
                    row_id=row_id,
                    attempts=attempts,
                    error=error,
                    at=now + timedelta(seconds=wait),
                )
            if delivery.unreachable:
                # Blocked, or no such chat or number: nothing more is pushed until they write.
                await identities.stop_unreachable(
                    session, channel=row.channel, address=row.address, now=now
                )

        await self.writes.write(record)
        if delivery.ok:
            row.status, row.provider_id = "sent", delivery.provider_id
            self.on_sent(row)

    async def _release(self, rows: list[Outbox]) -> None:
        if not rows:
            return
        ids, now = [r.id for r in rows if r.id is not None], self._clock()
        await self.writes.write(lambda session: outbox.put_back(session, row_ids=ids, now=now))
        self._wake_soon(rows[0].channel)


def _tell_them(row: Outbox, delivery: Delivery) -> bool:
    """A reply that never arrived is owed a word; a push, a notice or a lost person is not."""
    payload = row.payload if isinstance(row.payload, dict) else {}
    return not (delivery.unreachable or payload.get("push") or payload.get(NOTICE))
