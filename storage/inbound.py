"""The dedupe table of inbound deliveries (Telegram update_id, Twilio MessageSid)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import InboundSeen


async def prune_seen(session: AsyncSession, *, before: datetime) -> int:
    """Forget deliveries seen before `before`; returns how many were forgotten."""
    result = await session.execute(delete(InboundSeen).where(col(InboundSeen.at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
