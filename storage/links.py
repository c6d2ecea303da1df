"""Linked incidents: cases joined because they tell of one incident. Callers own the transaction.

A group is keyed by its earliest case's id. Counting incidents rather than reports is
`count(distinct incident_key())` over `with_links(query)`, so a linked group counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Case, CaseLink, Shop
from storage.types import row_id


def incident_key() -> ColumnElement[int]:
    """The incident a case row counts as: its group's key, or the case itself when unlinked."""
    return func.coalesce(col(CaseLink.group_id), col(Case.id))


def with_links(query: Select[Any]) -> Select[Any]:
    """`query` over Case, joined to its link (if any) so `incident_key()` can be used."""
    return query.outerjoin(CaseLink, col(CaseLink.case_id) == col(Case.id))


async def count_incidents(
    session: AsyncSession, *, bid_id: int, since: datetime, kinds: Sequence[str] | None = None
) -> int:
    """How many incidents the BID's cases since `since` tell of: a linked group counts once."""
    counted = select(func.count(func.distinct(incident_key()))).select_from(Case)
    query = with_links(counted).where(col(Case.bid_id) == bid_id, col(Case.created_at) >= since)
    if kinds is not None:
        query = query.where(col(Case.kind).in_(kinds))
    return int((await session.execute(query)).scalar_one())


async def incident_keys(session: AsyncSession, *, case_ids: Sequence[int]) -> dict[int, int]:
    """Case id → incident key, for counting in Python what was already loaded."""
    keys = {i: i for i in case_ids}
    if case_ids:
        query = select(col(CaseLink.case_id), col(CaseLink.group_id)).where(
            col(CaseLink.case_id).in_(case_ids)
        )
        for case_id, group_id in (await session.execute(query)).all():
            keys[case_id] = group_id
    return keys


async def link_of(session: AsyncSession, *, case_id: int) -> CaseLink | None:
    query = select(CaseLink).where(col(CaseLink.case_id) == case_id)
    return (await session.execute(query)).scalar_one_or_none()


async def group_of(session: AsyncSession, *, case_id: int) -> list[Case]:
    """Every case linked with `case_id` (not itself), earliest first; [] when it stands alone."""
    link = await link_of(session, case_id=case_id)
    if link is None:
        return []
    query = (
        select(Case)
        .join(CaseLink, col(CaseLink.case_id) == col(Case.id))
        .where(col(CaseLink.group_id) == link.group_id, col(Case.id) != case_id)
        .order_by(col(Case.id))
    )
    return list((await session.execute(query)).scalars())


async def link_cases(
    session: AsyncSession, *, a: Case, b: Case, by: int | None, now: datetime
) -> int:
    """Join the groups of `a` and `b` into one; returns the group's key."""
    ids = (row_id(a), row_id(b))
    links = {i: await link_of(session, case_id=i) for i in ids}
    groups = {links[i].group_id if links[i] else i for i in ids}  # type: ignore[union-attr]
    key = min(groups)
    await session.execute(
        update(CaseLink)
        .where(col(CaseLink.group_id).in_(groups))
        .values(group_id=key)
        .execution_options(synchronize_session=False)
    )
    for case_id in ids:
        if links[case_id] is None:
            session.add(CaseLink(case_id=case_id, group_id=key, linked_by=by, linked_at=now))
    await session.flush()
    # Rows loaded before the update above still hold their old group.
    for link in links.values():
        if link is not None:
            await session.refresh(link)
    return key


async def unlink_case(session: AsyncSession, *, case_id: int) -> list[int]:
    """Take `case_id` out of its group; returns the ids it was linked with."""
    link = await link_of(session, case_id=case_id)
    if link is None:
        return []
    group = link.group_id
    await session.delete(link)
    await session.flush()
    query = (
        select(col(CaseLink.case_id)).where(col(CaseLink.group_id) == group).order_by("case_id")
    )
    rest = [int(i) for i in (await session.execute(query)).scalars()]
    if len(rest) == 1:
        # One case alone is no group.
        await session.execute(delete(CaseLink).where(col(CaseLink.case_id) == rest[0]))
    elif rest and group == case_id:
        await session.execute(
            update(CaseLink)
            .where(col(CaseLink.group_id) == group)
            .values(group_id=rest[0])
            .execution_options(synchronize_session=False)
        )
    # A case that pointed at the one leaving as its original no longer does.
    await session.execute(
        update(CaseLink)
        .where(col(CaseLink.duplicate_of) == case_id)
        .values(duplicate_of=None)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    return rest


async def set_duplicate_of(session: AsyncSession, *, case_id: int, original_id: int) -> None:
    """Record that `case_id` was closed as a duplicate of `original_id` (already linked)."""
    await session.execute(
        update(CaseLink)
        .where(col(CaseLink.case_id) == case_id)
        .values(duplicate_of=original_id)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class NearbyCase:
    """What the duplicate check reads of a stored case, read as plain columns (no ORM row)."""

    id: int
    ref: str
    kind: str
    answers: dict[str, Any]
    occurred_at: datetime
    street: str | None
    latitude: float | None
    longitude: float | None
    location: str
    shop: str  # the reporter's shop's name


# Built once: a filing runs it, and building the statement costs about as much as running it.
_CASES_AROUND = (
    select(
        col(Case.id),
        col(Case.ref),
        col(Case.kind),
        col(Case.answers),
        col(Case.occurred_at),
        col(Case.street),
        col(Case.latitude),
        col(Case.longitude),
        col(Case.location),
        col(Shop.name),
    )
    .join(Shop, col(Shop.id) == col(Case.shop_id))
    .where(
        col(Case.bid_id) == bindparam("bid_id"),
        col(Case.kind).in_(bindparam("kinds", expanding=True)),
        col(Case.occurred_at) >= bindparam("start"),
        col(Case.occurred_at) <= bindparam("end"),
        col(Case.id) != bindparam("exclude_id"),
    )
    .order_by(col(Case.id).desc())
    .limit(bindparam("limit", type_=Integer))
)


async def cases_around(
    session: AsyncSession,
    *,
    bid_id: int,
    start: datetime,
    end: datetime,
    kinds: Sequence[str],
    exclude_id: int,
    limit: int = 200,
) -> list[NearbyCase]:
    """The BID's cases of `kinds` that happened between `start` and `end`, latest filed first.

    Columns rather than Case rows, on the session's connection: loading these into the session
    costs more than reading them (a filing reads every case of the last hours), and they are
    only read.
    """
    params = {
        "bid_id": bid_id,
        "kinds": list(kinds),
        "start": start,
        "end": end,
        "exclude_id": exclude_id,
        "limit": limit,
    }
    await session.flush()  # the connection's own query does not flush the session
    connection = await session.connection()
    return [NearbyCase(*row) for row in (await connection.execute(_CASES_AROUND, params)).all()]
