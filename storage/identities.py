"""Identities (a Telegram chat, a WhatsApp number, a console handle). Callers own the
transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Identity


async def mark_unreachable(session: AsyncSession, *, identity_id: int) -> None:
    """The platform says this person cannot be reached here any more (blocked, bad number)."""
    await session.execute(
        update(Identity).where(col(Identity.id) == identity_id).values(unreachable=True)
    )


async def last_inbound_at(session: AsyncSession, *, channel: str, address: str) -> datetime | None:
    """When the person at `address` last wrote to us; None if never (or unknown)."""
    query = select(col(Identity.last_inbound_at)).where(
        col(Identity.channel) == channel, col(Identity.address) == address
    )
    return (await session.execute(query)).scalar_one_or_none()
