"""Identities (a Telegram chat, a WhatsApp number, a console handle). Callers own the
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    Identity,
    Member,
)


async def mark_unreachable(session: AsyncSession, *, identity_id: int) -> None:
    """The platform says this person cannot be reached here any more (blocked, bad number)."""
    await session.execute(
        update(Identity).where(col(Identity.id) == identity_id).values(unreachable=True)
    )


async def stop_unreachable(
    session: AsyncSession, *, channel: str, address: str, now: datetime
) -> None:
    """The platform says this person blocked us or cannot be reached: stop sending to them.

    `unreachable` says the platform stopped them, not they themselves (a stop they sent keeps
    its own time), so writing to us again undoes it (see `restart_unreachable`).
    """
    await session.execute(
        update(Identity)
        .where(col(Identity.channel) == channel, col(Identity.address) == address)
        .values(
            unreachable=True,
            stopped_at=func.coalesce(col(Identity.stopped_at), now),
        )
    )


async def restart_unreachable(session: AsyncSession, *, channel: str, address: str) -> bool:
    """They wrote again (or unblocked us) after the platform stopped them: reachable again."""
    result = await session.execute(
        update(Identity)
        .where(
            col(Identity.channel) == channel,
            col(Identity.address) == address,
            col(Identity.unreachable).is_(True),
        )
        .values(unreachable=False, stopped_at=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def last_inbound_at(session: AsyncSession, *, channel: str, address: str) -> datetime | None:
    """When the person at `address` last wrote to us; None if never (or unknown)."""
    query = select(col(Identity.last_inbound_at)).where(
        col(Identity.channel) == channel, col(Identity.address) == address
    )
    return (await session.execute(query)).scalar_one_or_none()


async def identities_of(
    session: AsyncSession, *, member_ids: Sequence[int], include_removed: bool = False
) -> list[Identity]:
    """Every way to reach these members, leaving out any who have been removed.

    `include_removed` is for what concerns the person rather than messages to them: what is
    held about them (subject access) and forgetting them.
    """
    if not member_ids:
        return []
    query = (
        select(Identity)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(col(Identity.member_id).in_(member_ids))
        .order_by(col(Identity.id))
    )
    if not include_removed:
        query = query.where(col(Member.removed_at).is_(None))
    return list((await session.execute(query)).scalars())


async def identities_by_role(session: AsyncSession, *, bid_id: int, role: str) -> list[Identity]:
    """Every way to reach the current members of a BID with `role` (its officers, say).

    Members who were removed are left out: from the moment they are removed, they get nothing.
    """
    query = (
        select(Identity)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(current_with_role(bid_id, role))
        .order_by(col(Identity.id))
    )
    return list((await session.execute(query)).scalars())


def current_with_role(bid_id: Any, role: Any) -> ColumnElement[bool]:
    """The BID's members with `role` who have not been removed (joined to Member); `bid_id`
    and `role` are values or bind parameters."""
    return (
        (col(Member.bid_id) == bid_id)
        & (col(Member.role) == role)
        & col(Member.removed_at).is_(None)
    )
