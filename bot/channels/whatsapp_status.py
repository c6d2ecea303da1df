"""Twilio status callbacks recorded on outbox rows: monotonic, failures kept for operators."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.batches import Batches
from storage import outbox
from storage.db import Sessions, engine_of
from storage.driver import Driver, again_if_lost
from storage.whatsapp_status import forward_statements, move_forward

log = logging.getLogger("bot.channels.whatsapp")

CHANNEL = "whatsapp"
# Statuses only move forward; a late "sent" never overwrites "delivered".
RANK = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "read": 5,
}
TERMINAL = frozenset({"failed", "undelivered", "canceled"})
WINDOW_CLOSED = "63016"  # free-form message outside the 24-hour window
# Set in a payload when WhatsApp said the window was closed although we thought it open.
WINDOW_CLOSED_AT = "window_closed_at"

Outcome = Literal["recorded", "unchanged", "unknown", "window_closed", "template"]
_FORWARD = forward_statements(RANK, TERMINAL)


def newer(current: str | None, status: str) -> bool:
    """Whether `status` may replace `current`: forward only, and nothing after a failure."""
    if current in TERMINAL:
        return False
    if status in TERMINAL:
        return True
    return RANK.get(status, -1) > RANK.get(current or "", -1)


async def record_status(
    session: AsyncSession,
    *,
    sid: str,
    status: str,
    error_code: str,
    now: datetime,
    channel: str = CHANNEL,
) -> Outcome:
    """Apply one status callback to the outbox row that message was sent for (on `channel`:
    the sender whose status route it came in on)."""
    row = await outbox.by_provider_id(session, channel=channel, provider_id=sid)
    if row is None or row.id is None:
        return "unknown"
    if row.status == "held":
        # This sid is the template that told them a message waits for them.
        if status in TERMINAL:
            await outbox.note_error(
                session,
                row_id=row.id,
                error=f"update template {status}: error {error_code or 'none'}",
            )
            log.warning(
                "outbox row %s: the update template was %s (error %s)", row.id, status, error_code
            )
        return "template"
    if row.status != "sent":
        return "unchanged"  # queued again since: callbacks for the earlier attempt are stale
    if status in TERMINAL and error_code == WINDOW_CLOSED:
        # Send it again through the template path; the sender picks the row up shortly.
        await outbox.requeue(
            session,
            row=row,
            payload={**row.payload, WINDOW_CLOSED_AT: now.isoformat()},
            now=now,
            error="63016: outside the 24-hour window; held until they write",
        )
        log.info("outbox row %s: outside the 24-hour window, holding it", row.id)
        return "window_closed"
    if not newer(row.delivery_status, status):
        return "unchanged"
    failed = status in TERMINAL
    await outbox.note_delivery(
        session,
        row_id=row.id,
        delivery_status=status,
        error=f"{status}: error {error_code or 'none'}" if failed else None,
    )
    if failed:
        log.warning(
            "outbox row %s to a WhatsApp number was %s (error %s)", row.id, status, error_code
        )
    return "recorded"


def forward_only(status: str) -> bool:
    """A status that can at most move a sent row's delivery status on (`ForwardStatuses`'
    work): anything but a failure, which may hold, requeue or stop. One we do not rank is
    among them: it is never newer than another, so it changes nothing."""
    return status not in TERMINAL


@dataclass(frozen=True)
class _Write:
    sid: str
    status: str


class ForwardStatuses:
    """Status callbacks that are not failures, written together (bot.batches): every one
    waiting when the writer starts is committed in one transaction, one executemany per
    status, and each callback is answered only once its write is committed.

    Twilio posts sent, delivered and read for every message, so these are most of the
    webhooks; a transaction (and an ORM row load) each cost more than the HTTP around them.
    Their order within a batch does not matter: each only ever moves a row forward.
    """

    def __init__(self, sessions: Sessions, channel: str = CHANNEL) -> None:
        self._sessions = sessions
        self._channel = channel
        self._batches: Batches[_Write] = Batches(self._commit, name="whatsapp-statuses")

    @property
    def transactions(self) -> int:  # committed, for tests and benchmarks
        return self._batches.transactions

    async def record(self, sid: str, status: str) -> None:
        """Move message `sid`'s row on to `status` (a `forward_only` one), once committed."""
        if status not in _FORWARD:
            return  # a status we do not rank is never newer than another
        # Shielded: Twilio hanging up does not take the write back out of its batch.
        await asyncio.shield(self._batches.add(_Write(sid, status)))

    async def _commit(self, batch: list[_Write]) -> list[None]:
        by_status: dict[str, list[str]] = {}
        for write in batch:
            by_status.setdefault(write.status, []).append(write.sid)

        async def forward(driver: Driver) -> None:
            for status, sids in by_status.items():
                await move_forward(driver, _FORWARD[status], channel=self._channel, sids=sids)

        # These only move rows forward, so writing them again on a dropped connection is safe.
        single = len(by_status) == 1  # one executemany: atomic by itself
        await again_if_lost(engine_of(self._sessions), forward, single=single)
        return [None] * len(batch)
