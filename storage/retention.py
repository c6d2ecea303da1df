"""Retention settings per BID, and the marks left on rows whose personal details are gone.
Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Anonymised, Case, CaseEvent, Member, RetentionRule
from storage.types import row_id


async def rules(session: AsyncSession) -> dict[tuple[int | None, str], int]:
    """Every setting: (BID id or None for all BIDs, what) → days."""
    rows = (await session.execute(select(RetentionRule))).scalars()
    return {(r.bid_id, r.what): r.days for r in rows}


async def set_days(
    session: AsyncSession, *, bid_id: int | None, what: str, days: int, now: datetime
) -> None:
    """Keep `what` for `days` in one BID (or, with bid_id None, in every BID without its own)."""
    same_bid = (
        col(RetentionRule.bid_id).is_(None)
        if bid_id is None
        else col(RetentionRule.bid_id) == bid_id
    )
    query = select(RetentionRule).where(same_bid, col(RetentionRule.what) == what)
    row = (await session.execute(query.with_for_update())).scalar_one_or_none()
    if row is None:
        session.add(RetentionRule(bid_id=bid_id, what=what, days=days, updated_at=now))
    else:
        row.days, row.updated_at = days, now
    await session.flush()


def not_marked(what: str, id_column: Any) -> ColumnElement[bool]:
    """A WHERE clause: the row with this id has not been anonymised as `what` yet."""
    return ~exists().where(col(Anonymised.what) == what, col(Anonymised.row_id) == id_column)


async def mark(session: AsyncSession, *, what: str, row_id: int, now: datetime) -> None:
    """Remember that this row's personal details are gone, so it is not done twice."""
    session.add(Anonymised(what=what, row_id=row_id, at=now))
    await session.flush()


async def marked_at(
    session: AsyncSession, *, what: str, row_ids: Sequence[int]
) -> dict[int, datetime]:
    """When each of these rows was anonymised as `what` (rows not anonymised are left out)."""
    if not row_ids:
        return {}
    query = select(Anonymised).where(
        col(Anonymised.what) == what, col(Anonymised.row_id).in_(row_ids)
    )
    return {a.row_id: a.at for a in (await session.execute(query)).scalars()}


async def placeholder_member(
    session: AsyncSession, *, bid_id: int, display_name: str, now: datetime
) -> int:
    """The BID's stand-in member that anonymised cases are credited to (made on first use).

    It has no identities and is marked removed, so nobody can reach it or act as it.
    """
    query = (
        select(col(Member.id))
        .join(Anonymised, col(Anonymised.row_id) == col(Member.id))
        .where(col(Anonymised.what) == "placeholder", col(Member.bid_id) == bid_id)
        .limit(1)
    )
    found = (await session.execute(query)).scalar_one_or_none()
    if found is not None:
        return int(found)
    member = Member(
        bid_id=bid_id,
        role="staff",
        shop_id=None,
        display_name=display_name[:120],
        created_at=now,
        removed_at=now,
    )
    session.add(member)
    await session.flush()
    await mark(session, what="placeholder", row_id=row_id(member), now=now)
    return row_id(member)


async def closed_cases_quiet_since(
    session: AsyncSession, *, bid_id: int, before: datetime, limit: int | None
) -> list[tuple[Case, datetime]]:
    """The BID's closed cases, not anonymised yet, with nothing on them since `before`.

    Each comes with when it last changed (its close, or a later note). Locked, skipping rows
    another process holds, when a limit is given (a real run rather than a look).
    """
    last = (
        select(func.max(col(CaseEvent.at)))
        .where(col(CaseEvent.case_id) == col(Case.id))
        .scalar_subquery()
    )
    query = (
        select(Case, last)
        .where(
            col(Case.bid_id) == bid_id,
            col(Case.status) == "closed",
            not_marked("case", col(Case.id)),
            last <= before,
        )
        .order_by(col(Case.id))
        .limit(limit)
    )
    if limit is not None:
        query = query.with_for_update(skip_locked=True, of=Case)
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def members_gone_since(
    session: AsyncSession, *, bid_id: int, before: datetime, limit: int | None
) -> list[Member]:
    """The BID's members who left or were removed before `before`, not forgotten yet."""
    query = (
        select(Member)
        .where(
            col(Member.bid_id) == bid_id,
            col(Member.removed_at) <= before,
            not_marked("member", col(Member.id)),
            not_marked("placeholder", col(Member.id)),
        )
        .order_by(col(Member.id))
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())
