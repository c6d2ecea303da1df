"""What `/healthz` reports: the database, each enabled channel, the outbox backlog, and the
messages kept but not yet handled (bot/inbox.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from config.settings import Settings
from storage import inbox, outbox
from storage.channels import TELEGRAM, kind
from storage.db import Sessions

# A probe must answer quickly even when the database hangs rather than refuses.
DATABASE_TIMEOUT = 5.0


@dataclass
class Backlog:
    """Unsent outbox rows of one channel (or of all)."""

    pending: int = 0
    retrying: int = 0  # pending rows that have failed at least once
    held: int = 0  # WhatsApp rows waiting for the person to write (24-hour window)
    oldest: datetime | None = None  # created_at of the oldest pending row

    def add(self, other: Backlog) -> None:
        self.pending += other.pending
        self.retrying += other.retrying
        self.held += other.held
        if other.oldest is not None and (self.oldest is None or other.oldest < self.oldest):
            self.oldest = other.oldest

    def report(self, now: datetime) -> dict[str, Any]:
        age = max(0.0, (now - self.oldest).total_seconds()) if self.oldest else 0.0
        return {
            "pending": self.pending,
            "oldest_pending_seconds": round(age, 1),
            "retrying": self.retrying,
            "held": self.held,
        }


async def health(
    settings: Settings, sessions: Sessions, channels: Iterable[str], now: datetime
) -> tuple[int, dict[str, Any]]:
    """The status code and body of `/healthz`: 200 while the database answers, else 503."""
    names = sorted(channels)
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT):
            backlogs = await outbox_backlog(sessions)
            async with sessions() as session:
                kept, oldest = await inbox.waiting(session)
    except Exception:
        body = {
            "status": "unavailable",
            "database": "down",
            "channels": {name: {"state": "unknown"} for name in names},
        }
        return 503, body
    total = Backlog()
    for backlog in backlogs.values():
        total.add(backlog)
    report = {
        name: channel_state(name, settings, backlogs.get(name, Backlog()), now) for name in names
    }
    inbound = {
        "waiting": kept,
        "oldest_waiting_seconds": round(max(0.0, (now - oldest).total_seconds()), 1)
        if oldest
        else 0.0,
    }
    body = {
        "status": "ok",
        "database": "ok",
        "channels": report,
        "outbox": total.report(now),
        "inbox": inbound,
    }
    return 200, body


def channel_state(
    name: str, settings: Settings, backlog: Backlog, now: datetime
) -> dict[str, Any]:
    """`idle` (nothing to send), `sending`, or `retrying` (a send to it has failed)."""
    if backlog.retrying:
        state = "retrying"
    elif backlog.pending:
        state = "sending"
    else:
        state = "idle"
    entry: dict[str, Any] = {"state": state, **backlog.report(now)}
    if kind(name) == TELEGRAM:
        entry["mode"] = "webhook" if settings.public_url else "polling"
    return entry


async def outbox_backlog(sessions: Sessions) -> dict[str, Backlog]:
    """Per channel: how much is waiting, retrying and held, and since when."""
    async with sessions() as session:
        rows = await outbox.backlog(session)
    return {row.channel: Backlog(row.pending, row.retrying, row.held, row.oldest) for row in rows}
