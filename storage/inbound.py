"""The dedupe table of inbound deliveries (Telegram update_id, Twilio MessageSid)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.driver import driver_of
from storage.models import (
    InboundSeen,
)
from storage.types import utcnow


async def prune_seen(session: AsyncSession, *, before: datetime) -> int:
    """Forget deliveries seen before `before`; returns how many were forgotten."""
    result = await session.execute(delete(InboundSeen).where(col(InboundSeen.at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


_SEEN: Table = InboundSeen.__table__  # type: ignore[attr-defined]
# Built once per dialect, on the table rather than the entity: every inbound message runs it,
# and the ORM's bulk-insert path and building the statement anew cost more than the INSERT.
MARK_SEEN = {
    name: insert(_SEEN)
    .values({key: bindparam(key) for key in ("channel", "external_id", "at")})
    .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    .returning(_SEEN.c.id)
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


async def mark_seen(session: AsyncSession, *, channel: str, external_id: str) -> bool:
    """Record an inbound delivery; False when it was seen before (one statement, no savepoint)."""
    driver = await driver_of(session)  # every message: on the driver (storage.driver)
    statement = MARK_SEEN["sqlite" if driver.sqlite else "postgresql"]
    values = {"channel": channel, "external_id": external_id[:64], "at": utcnow()}
    return bool(await driver.run(statement, values))
