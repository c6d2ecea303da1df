"""Twilio status callbacks recorded on outbox rows: monotonic, failures kept for operators."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Outbox

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


def newer(current: str | None, status: str) -> bool:
    """Whether `status` may replace `current`: forward only, and nothing after a failure."""
    if current in TERMINAL:
        return False
    if status in TERMINAL:
        return True
    return RANK.get(status, -1) > RANK.get(current or "", -1)


async def record_status(
    session: AsyncSession, *, sid: str, status: str, error_code: str, now: datetime
) -> Outcome:
    """Apply one status callback to the outbox row that message was sent for."""
    query = (
        select(Outbox)
        .where(Outbox.channel == CHANNEL, Outbox.provider_id == sid)
        .order_by(Outbox.id.desc())  # type: ignore[union-attr]
        .limit(1)
        .with_for_update()
    )
    row = (await session.execute(query)).scalar_one_or_none()
    if row is None:
        return "unknown"
    if row.status == "held":
        # This sid is the template that told them a message waits for them.
        if status in TERMINAL:
            row.error = f"update template {status}: error {error_code or 'none'}"[:300]
            log.warning(
                "outbox row %s: the update template was %s (error %s)", row.id, status, error_code
            )
        return "template"
    if row.status != "sent":
        return "unchanged"  # queued again since: callbacks for the earlier attempt are stale
    if status in TERMINAL and error_code == WINDOW_CLOSED:
        # Send it again through the template path; the sender picks the row up shortly.
        row.payload = {**row.payload, WINDOW_CLOSED_AT: now.isoformat()}
        row.status = "pending"
        row.next_attempt_at = now
        row.delivery_status = None
        row.error = "63016: outside the 24-hour window; held until they write"
        log.info("outbox row %s: outside the 24-hour window, holding it", row.id)
        return "window_closed"
    if not newer(row.delivery_status, status):
        return "unchanged"
    row.delivery_status = status
    if status in TERMINAL:
        row.error = f"{status}: error {error_code or 'none'}"[:300]
        log.warning(
            "outbox row %s to a WhatsApp number was %s (error %s)", row.id, status, error_code
        )
    return "recorded"
