"""The dedupe table of inbound deliveries (Telegram update_id, Twilio MessageSid)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    InboundSeen,
)
from storage.types import utcnow


async def prune_seen(session: AsyncSession, *, before: datetime) -> int:
    """Forget deliveries seen before `before`; returns how many were forgotten."""
    result = await session.execute(delete(InboundSeen).where(col(InboundSeen.at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def mark_seen(session: AsyncSession, *, channel: str, external_id: str) -> bool:
    """Record an inbound delivery; False when it was seen before (one statement, no savepoint)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(InboundSeen)
        .values(channel=channel, external_id=external_id[:64], at=utcnow())
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(col(InboundSeen.id))
    )
    return (await session.execute(statement)).first() is not None
