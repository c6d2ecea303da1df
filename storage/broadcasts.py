"""Alerts, events and polls sent to many members: who got them, answers, replies, and what
the digest counts of them. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.digest import BEFORE, NOW, Window
from storage.models import (
    Broadcast,
    BroadcastAnswer,
    BroadcastRecipient,
    BroadcastReply,
    Case,
    Identity,
    Member,
    Outbox,
    Shop,
    StoredFile,
)


async def add_broadcast(session: AsyncSession, broadcast: Broadcast) -> Broadcast:
    session.add(broadcast)
    await session.flush()
    return broadcast


async def add_recipients(
    session: AsyncSession,
    *,
    broadcast_id: int,
    members: Sequence[tuple[int, int | None]],
    at: datetime,
) -> None:
    """(member id, shop id) of everyone it was queued for, in one statement."""
    if members:
        await session.execute(
            insert(BroadcastRecipient),
            [
                {"broadcast_id": broadcast_id, "member_id": m, "shop_id": s, "at": at}
                for m, s in members
            ],
        )


async def shops_of(session: AsyncSession, *, bid_id: int) -> list[Shop]:
    query = select(Shop).where(col(Shop.bid_id) == bid_id).order_by(col(Shop.id))
    return list((await session.execute(query)).scalars())


async def shops_reporting(
    session: AsyncSession, *, bid_id: int, kind: str, since: datetime
) -> set[int]:
    """Shops that reported `kind` since `since`."""
    query = (
        select(col(Case.shop_id))
        .where(col(Case.bid_id) == bid_id, col(Case.kind) == kind, col(Case.created_at) >= since)
        .distinct()
    )
    return {int(s) for s in (await session.execute(query)).scalars()}


async def members_reached(
    session: AsyncSession,
    *,
    bid_id: int,
    roles: Sequence[str],
    shop_ids: Sequence[int] | None = None,
) -> list[tuple[Identity, Member]]:
    """Current members of the BID with `roles` (of `shop_ids`, when given) and their chats."""
    query = (
        select(Identity, Member)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(
            col(Member.bid_id) == bid_id,
            col(Member.role).in_(roles),
            col(Member.removed_at).is_(None),
        )
        .order_by(col(Identity.id))
    )
    if shop_ids is not None:
        if not shop_ids:
            return []
        query = query.where(col(Member.shop_id).in_(shop_ids))
    return [(r[0], r[1]) for r in (await session.execute(query)).all()]


async def recent_for(
    session: AsyncSession, *, member_id: int, since: datetime, limit: int = 5
) -> list[tuple[Broadcast, datetime]]:
    """The broadcasts sent to this member since `since` (and when), newest first."""
    query = (
        select(Broadcast, col(BroadcastRecipient.at))
        .join(BroadcastRecipient, col(BroadcastRecipient.broadcast_id) == col(Broadcast.id))
        .where(col(BroadcastRecipient.member_id) == member_id, col(BroadcastRecipient.at) >= since)
        .order_by(col(BroadcastRecipient.at).desc(), col(Broadcast.id).desc())
        .limit(limit)
    )
    return [(r[0], r[1]) for r in (await session.execute(query)).all()]


async def was_sent_to(session: AsyncSession, *, broadcast_id: int, member_id: int) -> bool:
    query = select(col(BroadcastRecipient.id)).where(
        col(BroadcastRecipient.broadcast_id) == broadcast_id,
        col(BroadcastRecipient.member_id) == member_id,
    )
    return (await session.execute(query)).first() is not None


async def payload_of_message(
    session: AsyncSession, *, channel: str, provider_id: str
) -> dict[str, Any] | None:
    """The payload of the message we sent as the platform's `provider_id`."""
    query = (
        select(col(Outbox.payload))
        .where(col(Outbox.channel) == channel, col(Outbox.provider_id) == provider_id)
        .order_by(col(Outbox.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def set_answer(
    session: AsyncSession, *, broadcast_id: int, member_id: int, answer: str, at: datetime
) -> str | None:
    """Keep the member's one answer (a changed mind replaces it); returns the earlier one."""
    query = (
        select(BroadcastAnswer)
        .where(
            col(BroadcastAnswer.broadcast_id) == broadcast_id,
            col(BroadcastAnswer.member_id) == member_id,
        )
        .with_for_update()
    )
    found = (await session.execute(query)).scalar_one_or_none()
    if found is not None:
        earlier = found.answer
        found.answer, found.at = answer, at
        return earlier
    session.add(
        BroadcastAnswer(broadcast_id=broadcast_id, member_id=member_id, answer=answer, at=at)
    )
    await session.flush()
    return None


async def answer_counts(session: AsyncSession, *, broadcast_id: int) -> dict[str, int]:
    query = (
        select(col(BroadcastAnswer.answer), func.count())
        .where(col(BroadcastAnswer.broadcast_id) == broadcast_id)
        .group_by(col(BroadcastAnswer.answer))
    )
    return {str(a): int(n) for a, n in (await session.execute(query)).all()}


async def add_reply(
    session: AsyncSession, *, broadcast_id: int, member_id: int, text: str, at: datetime
) -> None:
    session.add(
        BroadcastReply(broadcast_id=broadcast_id, member_id=member_id, text=text[:1000], at=at)
    )


async def polls_to_close(session: AsyncSession, *, now: datetime) -> list[Broadcast]:
    """Polls whose time is up and whose results the asker has not had; locked for update."""
    query = (
        select(Broadcast)
        .where(
            col(Broadcast.kind) == "poll",
            col(Broadcast.closes_at) <= now,
            col(Broadcast.results_sent_at).is_(None),
        )
        .order_by(col(Broadcast.id))
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(query)).scalars())


async def mark_results_sent(session: AsyncSession, *, broadcast_id: int, now: datetime) -> None:
    await session.execute(
        update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(results_sent_at=now)
    )


async def alert_figures(
    session: AsyncSession, *, bid_id: int, window: Window
) -> dict[int, tuple[int, int, int]]:
    """Per period: alerts sent, shops they reached, replies to them."""
    period = _period(window)
    replies = (
        select(func.count())
        .where(col(BroadcastReply.broadcast_id) == col(Broadcast.id))
        .correlate(Broadcast)
        .scalar_subquery()
    )
    query = (
        select(period, func.count(), func.sum(col(Broadcast.shops)), func.sum(replies))
        .where(_in_window(bid_id, window), col(Broadcast.kind) == "alert")
        .group_by(period)
    )
    return {
        int(p): (int(n), int(s or 0), int(r or 0))
        for p, n, s, r in (await session.execute(query)).all()
    }


async def of_period(
    session: AsyncSession, *, bid_id: int, window: Window, kind: str
) -> list[Broadcast]:
    """The BID's events or polls sent in this period, oldest first."""
    query = (
        select(Broadcast)
        .where(
            _in_window(bid_id, window),
            col(Broadcast.created_at) >= window.mid,
            col(Broadcast.kind) == kind,
        )
        .order_by(col(Broadcast.id))
    )
    return list((await session.execute(query)).scalars())


def _in_window(bid_id: int, window: Window) -> Any:
    return (
        (col(Broadcast.bid_id) == bid_id)
        & (col(Broadcast.created_at) >= window.start)
        & (col(Broadcast.created_at) <= window.end)
        & col(Broadcast.draft).is_(False)
    )


def _period(window: Window) -> Any:
    return case((col(Broadcast.created_at) >= window.mid, literal(NOW)), else_=literal(BEFORE))


async def stored_file_id(session: AsyncSession, *, channel: str, source: str) -> int | None:
    """The stored file for a photo someone sent (asked for with files.want_file)."""
    query = select(col(StoredFile.id)).where(
        col(StoredFile.channel) == channel, col(StoredFile.source) == source
    )
    return (await session.execute(query)).scalar_one_or_none()


async def latest_by(session: AsyncSession, *, sender_id: int, kind: str) -> Broadcast | None:
    query = (
        select(Broadcast)
        .where(col(Broadcast.sender_id) == sender_id, col(Broadcast.kind) == kind)
        .order_by(col(Broadcast.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()
