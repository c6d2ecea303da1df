"""The outbox sender: claims due rows, sends each through its channel, records the result.

At-least-once: a row is claimed with a lease; if the process dies mid-send the lease runs out
and the row is sent again. Per recipient, a row waits until every earlier row is settled, so
messages arrive in the order they were written, even with several senders on one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import aliased

from bot.channels.base import Channel, Delivery
from storage.db import Sessions, transaction
from storage.models import Identity, Outbox
from storage.types import utcnow

log = logging.getLogger(__name__)

UNSETTLED = ("pending", "sending")
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 12
BACKOFF_CAP = 300.0


def backoff(attempts: int) -> float:
    """Seconds before retry number `attempts` (1, 2, 4 … capped at five minutes)."""
    return min(BACKOFF_CAP, 2.0 ** max(0, attempts - 1))


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
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self._idle_wait)
                wake.clear()

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
        now = self._clock()
        earlier = aliased(Outbox)
        blocked = exists().where(
            and_(
                earlier.channel == Outbox.channel,
                earlier.address == Outbox.address,
                earlier.id < Outbox.id,
                earlier.status.in_(UNSETTLED),  # type: ignore[attr-defined]
            )
        )
        query = (
            select(Outbox)
            .where(
                Outbox.status.in_(UNSETTLED),  # type: ignore[attr-defined]
                Outbox.next_attempt_at <= now,
                Outbox.channel.in_(channels or list(self._channels)),  # type: ignore[attr-defined]
                ~blocked,
            )
            .order_by(Outbox.id)  # type: ignore[arg-type]
            .limit(self._batch)
            .with_for_update(skip_locked=True, of=Outbox)
        )
        async with transaction(self._sessions) as session:
            rows = list((await session.execute(query)).scalars())
            for row in rows:
                row.status = "sending"
                row.next_attempt_at = now + LEASE
        return rows

    async def _send_in_order(self, rows: list[Outbox]) -> None:
        for index, row in enumerate(rows):
            delivery = await self._attempt(row)
            await self._record(row, delivery)
            if not delivery.ok and not delivery.permanent and not delivery.held:
                # Later rows to this person must not overtake this one: put them back.
                await self._release(rows[index + 1 :])
                return

    async def _attempt(self, row: Outbox) -> Delivery:
        channel = self._channels[row.channel]
        try:
            return await channel.send(row.address, row.payload, row.id or 0)
        except Exception as exc:  # an adapter bug must not lose the message
            log.exception("channel %s raised while sending outbox row %s", row.channel, row.id)
            return Delivery(ok=False, error=type(exc).__name__)

    async def _record(self, row: Outbox, delivery: Delivery) -> None:
        now = self._clock()
        attempts = row.attempts + 1
        values: dict[str, object] = {"attempts": attempts, "error": delivery.error}
        if delivery.ok:
            values |= {"status": "sent", "sent_at": now, "provider_id": delivery.provider_id}
        elif delivery.held:
            values |= {"status": "held", "provider_id": delivery.provider_id}
        elif delivery.permanent or attempts >= MAX_ATTEMPTS:
            values |= {"status": "failed"}
            log.warning("outbox row %s failed for good: %s", row.id, delivery.error)
        else:
            wait = max(delivery.retry_after or 0.0, backoff(attempts))
            values |= {"status": "pending", "next_attempt_at": now + timedelta(seconds=wait)}
        async with transaction(self._sessions) as session:
            await session.execute(update(Outbox).where(Outbox.id == row.id).values(**values))
            if delivery.unreachable and row.identity_id is not None:
                await session.execute(
                    update(Identity).where(Identity.id == row.identity_id).values(unreachable=True)
                )
        if delivery.ok:
            row.status, row.provider_id = "sent", delivery.provider_id
            self.on_sent(row)

    async def _release(self, rows: list[Outbox]) -> None:
        if not rows:
            return
        async with transaction(self._sessions) as session:
            await session.execute(
                update(Outbox)
                .where(Outbox.id.in_([r.id for r in rows]))  # type: ignore[union-attr]
                .values(status="pending", next_attempt_at=self._clock())
            )
