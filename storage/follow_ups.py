"""The work after filing still to do, one row per case. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.members import StreetsStamp
from storage.models import Bid, Case, CaseFollowUp, Identity, Member, Shop, Street

_TABLE = CaseFollowUp.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Taken:
    case_id: int
    identity_id: int | None
    filed_at: datetime
    attempts: int


def add(
    session: AsyncSession,
    *,
    case_id: int,
    identity_id: int | None,
    filed_at: datetime,
    due_at: datetime,
) -> None:
    session.add(
        CaseFollowUp(case_id=case_id, identity_id=identity_id, filed_at=filed_at, due_at=due_at)
    )


async def take(session: AsyncSession, *, case_id: int) -> Taken | None:
    """Remove the case's row for this transaction's work; None when another did it already.

    On PostgreSQL a second taker waits for the first to commit (then finds nothing) or to roll
    back (then takes it): the work is done once.
    """
    found = await session.execute(
        delete(_TABLE)
        .where(_TABLE.c.case_id == case_id)
        .returning(_TABLE.c.case_id, _TABLE.c.identity_id, _TABLE.c.filed_at, _TABLE.c.attempts)
    )
    row = found.first()
    return Taken(row[0], row[1], row[2], row[3]) if row is not None else None


# The case, its reporter, their shop and chat, and the stamp of their BID's streets (as
# members.who_wrote reads it, so the streets cached for the BID serve), in one round trip; the
# BID too, so that reading it again in the follow-up finds it in the session.
_STREET_COUNT = (
    select(func.count()).where(col(Street.bid_id) == col(Case.bid_id)).scalar_subquery()
)
_STREET_LAST = (
    select(func.max(col(Street.id)))
    .where(col(Street.bid_id) == col(Case.bid_id))
    .scalar_subquery()
)
_FILED = (
    select(Case, Member, Shop, Identity, _STREET_COUNT, _STREET_LAST, Bid)
    .join(Bid, col(Bid.id) == col(Case.bid_id))
    .join(Member, col(Member.id) == col(Case.reporter_id))
    .join(Shop, col(Shop.id) == col(Case.shop_id))
    .outerjoin(Identity, col(Identity.id) == bindparam("identity_id"))
    .where(col(Case.id) == bindparam("case_id"))
)


async def filed(
    session: AsyncSession, taken: Taken
) -> tuple[Case, Member, Shop, Identity | None, StreetsStamp] | None:
    """What a case's follow-up works from; None if the case has gone."""
    found = await session.execute(
        _FILED, {"case_id": taken.case_id, "identity_id": taken.identity_id}
    )
    row = found.first()
    if row is None:
        return None
    return row[0], row[1], row[2], row[3], (row[4], row[5] or 0)


async def due(session: AsyncSession, *, now: datetime, below: int, limit: int) -> list[int]:
    """Cases whose work is due (left by a crash, or put off after a failure), oldest first."""
    found = await session.execute(
        select(col(CaseFollowUp.case_id))
        .where(col(CaseFollowUp.due_at) <= now, col(CaseFollowUp.attempts) < below)
        .order_by(col(CaseFollowUp.due_at))
        .limit(limit)
    )
    return list(found.scalars())


async def put_off(
    session: AsyncSession, *, case_id: int, due_at: Callable[[int], datetime]
) -> int:
    """One more failed attempt, tried again at `due_at(attempts)`; returns the attempts."""
    found = await session.execute(
        select(col(CaseFollowUp.attempts)).where(col(CaseFollowUp.case_id) == case_id)
    )
    attempts = found.scalar_one_or_none()
    if attempts is None:
        return 0
    attempts += 1
    await session.execute(
        update(_TABLE)
        .where(_TABLE.c.case_id == case_id)
        .values(attempts=attempts, due_at=due_at(attempts))
    )
    return int(attempts)
