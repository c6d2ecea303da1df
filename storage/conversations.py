"""Conversations read by address, for channels that need to know where someone is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    Conversation,
    Identity,
)


async def state_at(session: AsyncSession, *, channel: str, address: str) -> dict[str, Any] | None:
    """The saved flow state of whoever is at `address`; None when they are in no flow."""
    query = (
        select(col(Conversation.state))
        .join(Identity, col(Identity.id) == col(Conversation.identity_id))
        .where(col(Identity.channel) == channel, col(Identity.address) == address)
    )
    state = (await session.execute(query)).scalar_one_or_none()
    return state if isinstance(state, dict) else None


async def conversation_of(session: AsyncSession, *, identity_id: int) -> Conversation:
    """The identity's conversation row, created empty on first use."""
    query = select(Conversation).where(col(Conversation.identity_id) == identity_id)
    conversation = (await session.execute(query)).scalar_one_or_none()
    if conversation is None:
        conversation = Conversation(identity_id=identity_id, state=None, version=0)
        session.add(conversation)
        await session.flush()
    return conversation


class StaleConversation(Exception):
    """Another message changed this conversation first; the caller retries."""


async def save_conversation(
    session: AsyncSession,
    *,
    conversation: Conversation,
    state: dict[str, Any] | None,
    now: datetime,
) -> None:
    """Compare-and-set on `version`, so two messages at once cannot both apply."""
    result = await session.execute(
        update(Conversation)
        .where(
            col(Conversation.id) == conversation.id,
            col(Conversation.version) == conversation.version,
        )
        .values(state=state, version=conversation.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleConversation(conversation.id)
