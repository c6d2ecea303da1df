"""Cases and their events: references, lists, reads for the export and reminders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, Table, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import col

from storage.driver import driver_of
from storage.models import (
    Bid,
    Case,
    CaseEvent,
    Member,
    Outbox,
    Shop,
)
from storage.types import row_id


class CaseNumber(NamedTuple):
    """A case number just taken, with what its reference and reply need of the BID."""

    number: int
    code: str
    bid_name: str


_BID: Table = Bid.__table__  # type: ignore[attr-defined]
# Built once, on the table, and run on the driver: every filing takes a number, and the ORM's
# bulk UPDATE … RETURNING cost more than the statement.
_TAKE_NUMBER = (
    update(_BID)
    .where(_BID.c.id == bindparam("bid_id"))
    .values(last_case_number=_BID.c.last_case_number + 1)
    .returning(_BID.c.last_case_number, _BID.c.code, _BID.c.name)
)


async def take_case_number(session: AsyncSession, *, bid_id: int) -> CaseNumber:
    """Atomically take the BID's next case number (row-locked until commit); the BID's code
    and name come back with it, so the filing needs no read of the BID."""
    driver = await driver_of(session)
    ((number, code, name),) = await driver.select(_TAKE_NUMBER, {"bid_id": bid_id})
    held = session.sync_session.identity_map.get(identity_key(Bid, bid_id))
    if held is not None:  # as the ORM's UPDATE would have kept the session's BID in step
        set_committed_value(held, "last_case_number", number)
    return CaseNumber(int(number), code, name)


async def case_by_ref(session: AsyncSession, *, ref: str) -> Case | None:
    return (await session.execute(select(Case).where(col(Case.ref) == ref))).scalar_one_or_none()


async def events_of(session: AsyncSession, *, case_id: int) -> list[CaseEvent]:
    query = select(CaseEvent).where(col(CaseEvent.case_id) == case_id).order_by(col(CaseEvent.id))
    return list((await session.execute(query)).scalars())


async def add_event(
    session: AsyncSession,
    *,
    case: Case,
    author_id: int | None,
    author_role: str,
    action: str,
    text: str,
    now: datetime,
) -> CaseEvent:
    event = CaseEvent(
        case_id=row_id(case),
        at=now,
        author_id=author_id,
        author_role=author_role,
        action=action,
        text=text,
        status=case.status,
    )
    # Flushed with whatever comes next (or at commit): a flush of its own cost a round of the
    # unit of work for a row nothing in the turn reads back.
    session.add(event)
    return event


async def cases_for_export(
    session: AsyncSession, *, bid_id: int | None, since: datetime | None
) -> list[tuple[Case, Bid, Shop, Member]]:
    query = (
        select(Case, Bid, Shop, Member)
        .join(Bid, col(Bid.id) == col(Case.bid_id))
        .join(Shop, col(Shop.id) == col(Case.shop_id))
        .join(Member, col(Member.id) == col(Case.reporter_id))
        .order_by(col(Case.id))
    )
    if bid_id is not None:
        query = query.where(col(Case.bid_id) == bid_id)
    if since is not None:
        query = query.where(col(Case.created_at) >= since)
    return [(r[0], r[1], r[2], r[3]) for r in (await session.execute(query)).all()]


async def events_for_cases(
    session: AsyncSession, *, case_ids: Sequence[int]
) -> dict[int, list[CaseEvent]]:
    grouped: dict[int, list[CaseEvent]] = {i: [] for i in case_ids}
    if case_ids:
        query = (
            select(CaseEvent)
            .where(col(CaseEvent.case_id).in_(case_ids))
            .order_by(col(CaseEvent.id))
        )
        for event in (await session.execute(query)).scalars():
            grouped[event.case_id].append(event)
    return grouped


async def case_of_message(session: AsyncSession, *, channel: str, provider_id: str) -> Case | None:
    """The case a message we sent was about, found from the platform's id for it."""
    query = (
        select(Case)
        .join(Outbox, col(Outbox.case_id) == col(Case.id))
        .where(col(Outbox.channel) == channel, col(Outbox.provider_id) == provider_id)
    )
    return (await session.execute(query)).scalars().first()


async def cases_of_reporter(session: AsyncSession, *, reporter_id: int, limit: int) -> list[Case]:
    """A reporter's most recent cases, newest first."""
    query = (
        select(Case)
        .where(col(Case.reporter_id) == reporter_id)
        .order_by(col(Case.created_at).desc(), col(Case.id).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


def _open(bid_id: int) -> ColumnElement[bool]:
    return (col(Case.bid_id) == bid_id) & (col(Case.status) != "closed")


async def count_open_cases(session: AsyncSession, *, bid_id: int) -> int:
    """How many of a BID's cases are not closed."""
    return int((await session.execute(select(func.count()).where(_open(bid_id)))).scalar_one())


async def open_cases(session: AsyncSession, *, bid_id: int, offset: int, limit: int) -> list[Case]:
    """One page of a BID's open cases, oldest first."""
    query = (
        select(Case)
        .where(_open(bid_id))
        .order_by(col(Case.created_at), col(Case.id))
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def cases_since(session: AsyncSession, *, bid_id: int, since: datetime) -> list[Case]:
    """A BID's cases created since `since`."""
    query = select(Case).where(col(Case.bid_id) == bid_id, col(Case.created_at) >= since)
    return list((await session.execute(query)).scalars())


async def overdue_cases(
    session: AsyncSession,
    *,
    kinds: Sequence[str],
    created_before: datetime,
    reminded_before: datetime,
) -> list[Case]:
    """Open cases of `kinds` nobody has acted on, not reminded lately; locked for update."""
    query = (
        select(Case)
        .where(
            col(Case.kind).in_(kinds),
            col(Case.status) != "closed",
            col(Case.last_police_action_at).is_(None),
            col(Case.created_at) <= created_before,
            or_(
                col(Case.last_reminder_at).is_(None),
                col(Case.last_reminder_at) <= reminded_before,
            ),
        )
        .order_by(col(Case.id))
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(query)).scalars())
