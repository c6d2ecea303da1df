"""Conversations read by address, for channels that need to know where someone is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, event, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.util import await_only
from sqlmodel import col

from storage.driver import Driver, driver_of
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
    await run_pending(session)
    state = (await session.execute(query)).scalar_one_or_none()
    return state if isinstance(state, dict) else None


async def conversation_of(session: AsyncSession, *, identity_id: int) -> Conversation:
    """The identity's conversation row, created empty on first use."""
    await run_pending(session)
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
SAVE = (
    update(_CONVERSATION)
    .where(
        _CONVERSATION.c.id == bindparam("conversation_id"),
        _CONVERSATION.c.version == bindparam("loaded_version"),
    )
    .values(
        state=bindparam("state"),
        version=bindparam("new_version"),
        updated_at=bindparam("saved_at", type_=_CONVERSATION.c.updated_at.type),
    )
)


# session.info: a save not run yet, (its driver, its values); see `save_conversation`.
PENDING = "storage.conversations.pending"


async def save_conversation(
    session: AsyncSession,
    *,
    conversation: Conversation,
    state: dict[str, Any] | None,
    now: datetime,
) -> None:
    """Compare-and-set on `version`, so two messages at once cannot both apply.

    On PostgreSQL the UPDATE waits to go in one statement with the turn's first reply (a
    round trip saved on nearly every message; storage.outbox), else it runs before this
    conversation is read again and, at the latest, as the transaction commits. Either way it
    raises StaleConversation before anything is committed.
    """
    values = {
        "conversation_id": conversation.id,
        "loaded_version": conversation.version,
        "state": state,
        "new_version": conversation.version + 1,
        "saved_at": now,
    }
    await run_pending(session)  # a second save in one turn comes after the first
    driver = await driver_of(session)  # every flow step: on the driver (storage.driver)
    if not driver.sqlite:  # SQLite has no round trip to save, nor UPDATEs inside a WITH
        session.info[PENDING] = (driver, values)
        return
    await _save(driver, values)


def take_pending(session: AsyncSession) -> dict[str, Any] | None:
    """The values of a save waiting to be run, now the caller's to run (in its statement)."""
    pending = session.info.pop(PENDING, None)
    return pending[1] if pending is not None else None


async def run_pending(session: AsyncSession) -> None:
    """Run a save that is waiting, if any."""
    pending = session.info.pop(PENDING, None)
    if pending is not None:
        await _save(*pending)


async def _save(driver: Driver, values: dict[str, Any]) -> None:
    if await driver.count(SAVE, values) != 1:
        raise StaleConversation(values["conversation_id"])


@event.listens_for(Session, "before_commit")
@event.listens_for(Session, "before_flush")
def _save_first(session: Session, *_flush: object) -> None:
    """Before the commit, and before the ORM writes anything (it may write this conversation
    too, as the stop command does, which a later compare-and-set would then find stale)."""
    # Inside the AsyncSession's greenlet (its commit and flushes run there): the driver may be
    # awaited.
    pending = session.info.pop(PENDING, None)
    if pending is not None:
        await_only(_save(*pending))


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # rolled back, or committed having run it
        session.info.pop(PENDING, None)
