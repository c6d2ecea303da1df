"""Conversations read by address, for channels that need to know where someone is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.driver import driver_of
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


_CONVERSATION: Table = Conversation.__table__  # type: ignore[attr-defined]
# Built once, on the table: every flow step runs it. A Core statement also skips the ORM's
# autoflush; what is pending in the session is flushed at the commit as before.
_SAVE = (
    update(_CONVERSATION)
    .where(
        _CONVERSATION.c.id == bindparam("conversation_id"),
        _CONVERSATION.c.version == bindparam("loaded_version"),
    )
    .values(
        state=bindparam("state"), version=bindparam("new_version"), updated_at=bindparam("now")
    )
)


async def save_conversation(
    session: AsyncSession,
    *,
    conversation: Conversation,
    state: dict[str, Any] | None,
    now: datetime,
) -> None:
    """Compare-and-set on `version`, so two messages at once cannot both apply."""
    values = {
        "conversation_id": conversation.id,
        "loaded_version": conversation.version,
        "state": state,
        "new_version": conversation.version + 1,
        "now": now,
    }
    driver = await driver_of(session)  # every flow step: on the driver (storage.driver)
    if await driver.count(_SAVE, values) != 1:
        raise StaleConversation(conversation.id)
