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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.backoff import backoff
from bot.channels.base import Channel, Delivery, Progress
from bot.channels.wire import ON_WIRE
from flows import texts
from storage import identities, outbox
from storage.db import Sessions, transaction
from storage.models import Outbox
from storage.types import utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 12
BACKOFF_CAP = 300.0
QUEUE_BOUND = timedelta(minutes=2)
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


class Sender:
    def __init__(
        self,
        sessions: Sessions,
        channels: Mapping[str, Channel],
        *,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 100,
        idle_wait: float = 1.0,
    ) -> None:
        self._sessions = sessions
        self._channels = channels
        self._clock = clock
        self._batch = batch
        self._idle_wait = idle_wait
        self._wakes: dict[str, asyncio.Event] = {}
        self._stopping = False
        self.on_sent: Callable[[Outbox], None] = lambda row: None

    def notify(self) -> None:
        """New rows were committed: look now rather than at the next tick."""
        for wake in self._wakes.values():
            wake.set()

    async def run(self) -> None:
        """One loop per channel, so one platform's rate limit never slows another's."""
        await asyncio.gather(*(self._run_channel(name) for name in list(self._channels)))

    async def _run_channel(self, channel: str) -> None:
        wake = self._wakes.setdefault(channel, asyncio.Event())
        while not self._stopping:
            try:
                sent = await self.drain_once(channel)
            except Exception:
                log.exception("outbox pass for %s failed; trying again shortly", channel)
                sent = 0
            if sent < self._batch:
                # A short batch took all that was due: claiming again now would find nothing.
                # Whatever is committed meanwhile set `wake`, so this returns at once for it.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self._idle_wait)
                wake.clear()

    def _wake_soon(self, channel: str) -> None:
        wake = self._wakes.get(channel)
        if wake is not None:
            wake.set()

    def stop(self) -> None:
        self._stopping = True
        for wake in self._wakes.values():
            wake.set()

    async def drain_once(self, channel: str | None = None) -> int:
        """Claim and send one batch (of one channel, or all); returns how many were attempted."""
        rows = await self._claim([channel] if channel else list(self._channels))
        if not rows:
            return 0
        by_recipient: dict[tuple[str, str], list[Outbox]] = {}
        for row in rows:
            by_recipient.setdefault((row.channel, row.address), []).append(row)
        await asyncio.gather(*(self._send_in_order(group) for group in by_recipient.values()))
        return len(rows)

    async def drain(self, *, rounds: int = 1000) -> None:
        """Send until nothing is due (used by tests and benchmarks)."""
        for _ in range(rounds):
            if await self.drain_once() == 0:
                return

    async def _claim(self, channels: list[str] | None = None) -> list[Outbox]:
        async with transaction(self._sessions) as session:
            return await outbox.claim_due(
                session,
                channels=channels or list(self._channels),
                now=self._clock(),
                lease=LEASE,
                limit=self._batch,
                hold=QUEUE_BOUND,
            )

    async def _send_in_order(self, rows: list[Outbox]) -> None:
        for index, row in enumerate(rows):
            delivery = await self._attempt(row)
            await self._record(row, delivery)
            passing = not delivery.ok and not delivery.permanent and not delivery.held
            if passing and row.created_at > self._clock() - QUEUE_BOUND:
                # Later rows to this person must not overtake this one yet: put them back.
                await self._release(rows[index + 1 :])
                return

    async def _attempt(self, row: Outbox) -> Delivery:
        channel = self._channels[row.channel]
        row_id = row.id or 0
        if row.attempt_at is not None:
            doubt = await self._settle_in_doubt(row, channel)
            if doubt is not None:
                return doubt
        progress = Progress(
            done=row.parts_sent,
            provider_id=row.provider_id if row.parts_sent else None,
            save=lambda done, provider_id: self._save_progress(row_id, done, provider_id),
        )
        token = ON_WIRE.set(lambda: self._mark_attempt(row_id))
        try:
            return await channel.send(row.address, row.payload, row_id, progress)
        except UNSENDABLE as exc:
            log.warning(
                "outbox row %s cannot be sent on %s (%s); giving up on it",
                row.id,
                row.channel,
                type(exc).__name__,
            )
            return Delivery(ok=False, permanent=True, error=f"unsendable: {type(exc).__name__}")
        except Exception as exc:  # an adapter bug must not lose the message
            log.exception("channel %s raised while sending outbox row %s", row.channel, row.id)
            return Delivery(ok=False, error=type(exc).__name__)
        finally:
            ON_WIRE.reset(token)

    async def _mark_attempt(self, row_id: int) -> None:
        async with transaction(self._sessions) as session:
            await outbox.mark_attempt(session, row_id=row_id, at=self._clock())

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
        async with transaction(self._sessions) as session:
            await outbox.note_progress(
                session, row_id=row_id, parts_sent=row.parts_sent, provider_id=row.provider_id
            )
            await outbox.note_delivery(
                session, row_id=row_id, delivery_status="confirmed" if found else "unconfirmed"
            )
        row.attempt_at = None
        return None

    async def _save_progress(self, row_id: int, done: int, provider_id: str | None) -> None:
        async with transaction(self._sessions) as session:
            await outbox.note_progress(
                session, row_id=row_id, parts_sent=done, provider_id=provider_id
            )

    async def _record(self, row: Outbox, delivery: Delivery) -> None:
        now = self._clock()
        row_id, attempts, error = row.id or 0, row.attempts + 1, delivery.error
        async with transaction(self._sessions) as session:
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
        if delivery.ok:
            row.status, row.provider_id = "sent", delivery.provider_id
            self.on_sent(row)

    async def _release(self, rows: list[Outbox]) -> None:
        if not rows:
            return
        async with transaction(self._sessions) as session:
            await outbox.put_back(
                session, row_ids=[r.id for r in rows if r.id is not None], now=self._clock()
            )


def _tell_them(row: Outbox, delivery: Delivery) -> bool:
    """A reply that never arrived is owed a word; a push, a notice or a lost person is not."""
    payload = row.payload if isinstance(row.payload, dict) else {}
    return not (delivery.unreachable or payload.get("push") or payload.get(NOTICE))
