"""Hot spots: clusters of reports of one kind, and the cases a new one is checked against.
Callers own the transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.digest import Window
from storage.models import Case, Hotspot


async def cases_near_in_time(
    session: AsyncSession, *, bid_id: int, kind: str, start: datetime, end: datetime
) -> list[Case]:
    """The BID's cases of `kind` that happened between `start` and `end`, duplicates not."""
    query = (
        select(Case)
        .where(
            col(Case.bid_id) == bid_id,
            col(Case.kind) == kind,
            col(Case.occurred_at) >= start,
            col(Case.occurred_at) <= end,
            or_(col(Case.outcome).is_(None), col(Case.outcome) != "duplicate"),
        )
        .order_by(col(Case.occurred_at), col(Case.id))
    )
    return list((await session.execute(query)).scalars())


async def recent_hotspots(
    session: AsyncSession, *, bid_id: int, kind: str, since: datetime
) -> list[Hotspot]:
    """Hot spots of `kind` whose latest report happened since `since`; locked for update."""
    query = (
        select(Hotspot)
        .where(
            col(Hotspot.bid_id) == bid_id,
            col(Hotspot.kind) == kind,
            col(Hotspot.last_at) >= since,
        )
        .order_by(col(Hotspot.id))
        .with_for_update()
    )
    return list((await session.execute(query)).scalars())


async def add_hotspot(session: AsyncSession, hotspot: Hotspot) -> Hotspot:
    session.add(hotspot)
    await session.flush()
    return hotspot


async def hotspots_in(session: AsyncSession, *, bid_id: int, window: Window) -> list[Hotspot]:
    """Hot spots raised in either period of a digest, oldest first."""
    query = (
        select(Hotspot)
        .where(
            col(Hotspot.bid_id) == bid_id,
            col(Hotspot.created_at) >= window.start,
            col(Hotspot.created_at) <= window.end,
        )
        .order_by(col(Hotspot.id))
    )
    return list((await session.execute(query)).scalars())


async def refs_of(session: AsyncSession, *, case_ids: list[int]) -> list[str]:
    if not case_ids:
        return []
    query = select(col(Case.ref)).where(col(Case.id).in_(case_ids)).order_by(col(Case.id))
    return [str(r) for r in (await session.execute(query)).scalars()]
