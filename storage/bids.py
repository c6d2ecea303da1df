"""BIDs as a whole."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Bid


async def any_bid(session: AsyncSession) -> bool:
    """Whether the database has a BID at all."""
    return (await session.execute(select(col(Bid.id)).limit(1))).first() is not None
