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
class Held:
    """A case's follow-up row, locked by this transaction, with what its work reads."""

    done: frozenset[str]  # the steps already done
    filed_at: datetime
    case: Case
    member: Member
    shop: Shop
    identity: Identity | None
    streets_stamp: StreetsStamp
    # Held only so that the session, whose identity map keeps objects weakly, still has it
    # when a step reads the BID: dropped, it was read again (about 1 ms a case).
    bid: Bid


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


# The row, the case, its reporter, their shop and chat, and the stamp of their BID's streets (as
# members.who_wrote reads it, so the streets cached for the BID serve), in one round trip; the
# BID too, so that reading it again finds it in the session. On PostgreSQL the row is locked
# (SQLite's transactions here take the write lock at BEGIN): a second process waits, then sees
# what the first did.
_STREET_COUNT = (
    select(func.count()).where(col(Street.bid_id) == col(Case.bid_id)).scalar_subquery()
)
_STREET_LAST = (
    select(func.max(col(Street.id)))
    .where(col(Street.bid_id) == col(Case.bid_id))
    .scalar_subquery()
)
_HOLD = (
    select(
        _TABLE.c.done,
        _TABLE.c.filed_at,
        Case,
        Member,
        Shop,
        Identity,
        _STREET_COUNT,
        _STREET_LAST,
        Bid,
    )
    .join(Case, col(Case.id) == _TABLE.c.case_id)
    .join(Bid, col(Bid.id) == col(Case.bid_id))
    .join(Member, col(Member.id) == col(Case.reporter_id))
    .join(Shop, col(Shop.id) == col(Case.shop_id))
    .outerjoin(Identity, col(Identity.id) == _TABLE.c.identity_id)
    .where(_TABLE.c.case_id == bindparam("case_id"))
    .with_for_update(of=_TABLE)
)


async def hold(session: AsyncSession, *, case_id: int) -> Held | None:
    """The case's follow-up, locked for this transaction; None once it is all done."""
    row = (await session.execute(_HOLD, {"case_id": case_id})).first()
    if row is None:
        return None
    done = frozenset(filter(None, row[0].split(",")))
    return Held(done, row[1], row[2], row[3], row[4], row[5], (row[6], row[7] or 0), row[8])


# Built once (every filing records its follow-ups); an UPDATE's binds may not take its
# columns' names.
_DONE_ALL = delete(_TABLE).where(_TABLE.c.case_id == bindparam("of_case"))
_DONE_SOME = (
    update(_TABLE)
    .where(_TABLE.c.case_id == bindparam("of_case"))
    .values(done=bindparam("steps_done"))
)


async def did(session: AsyncSession, *, case_id: int, done: frozenset[str], last: bool) -> None:
    """Record the steps done; the row goes with the last."""
    if last:
        await session.execute(_DONE_ALL, {"of_case": case_id})
        return
    values = {"of_case": case_id, "steps_done": ",".join(sorted(done))}
    await session.execute(_DONE_SOME, values)


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
