"""Hot spots: clusters of reports of one kind, and the cases a new one is checked against.
Callers own the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.digest import Window
from storage.models import Case, Hotspot


@dataclass(frozen=True)
class NearCase:
    """What the hot-spot check reads of a case (plain columns, not a Case row)."""

    id: int
    ref: str
    occurred_at: datetime
    street: str | None
    latitude: float | None
    longitude: float | None


# Built once: every filed crime report runs it.
_NEAR_IN_TIME = (
    select(
        col(Case.id),
        col(Case.ref),
        col(Case.occurred_at),
        col(Case.street),
        col(Case.latitude),
        col(Case.longitude),
    )
    .where(
        col(Case.bid_id) == bindparam("bid_id"),
        col(Case.kind) == bindparam("kind"),
        col(Case.occurred_at) >= bindparam("start"),
        col(Case.occurred_at) <= bindparam("end"),
        or_(col(Case.outcome).is_(None), col(Case.outcome) != "duplicate"),
    )
    .order_by(col(Case.occurred_at), col(Case.id))
)


async def cases_near_in_time(
    session: AsyncSession, *, bid_id: int, kind: str, start: datetime, end: datetime
) -> list[NearCase]:
    """The BID's cases of `kind` that happened between `start` and `end`, duplicates not,
    in time order (the one being filed too: the session is flushed first)."""
    await session.flush()  # the connection's own query does not flush the session
    connection = await session.connection()
    params = {"bid_id": bid_id, "kind": kind, "start": start, "end": end}
    rows = (await connection.execute(_NEAR_IN_TIME, params)).all()
    return [NearCase(int(r[0] or 0), r[1], r[2], r[3], r[4], r[5]) for r in rows]


# Built once: every filing of a crime runs it.
_RECENT = (
    select(Hotspot)
    .where(
        col(Hotspot.bid_id) == bindparam("bid_id"),
        col(Hotspot.kind) == bindparam("kind"),
        col(Hotspot.last_at) >= bindparam("since"),
    )
    .order_by(col(Hotspot.id))
    .with_for_update()
)


async def recent_hotspots(
    session: AsyncSession, *, bid_id: int, kind: str, since: datetime
) -> list[Hotspot]:
    """Hot spots of `kind` whose latest report happened since `since`; locked for update."""
    found = await session.execute(_RECENT, {"bid_id": bid_id, "kind": kind, "since": since})
    return list(found.scalars())


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
