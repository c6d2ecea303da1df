"""Conversations read by address, for channels that need to know where someone is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Conversation, Identity


async def state_at(session: AsyncSession, *, channel: str, address: str) -> dict[str, Any] | None:
    """The saved flow state of whoever is at `address`; None when they are in no flow."""
    query = (
        select(col(Conversation.state))
        .join(Identity, col(Identity.id) == col(Conversation.identity_id))
        .where(col(Identity.channel) == channel, col(Identity.address) == address)
    )
    state = (await session.execute(query)).scalar_one_or_none()
    return state if isinstance(state, dict) else None
