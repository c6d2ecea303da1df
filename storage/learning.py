"""Lesson progress per member, and what the digest counts of it. Callers own the
transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.digest import BEFORE, NOW, Window
from storage.models import LessonProgress, Member


async def progress_of(
    session: AsyncSession, *, member_id: int, lesson: str
) -> LessonProgress | None:
    query = select(LessonProgress).where(
        col(LessonProgress.member_id) == member_id, col(LessonProgress.lesson) == lesson
    )
    return (await session.execute(query)).scalar_one_or_none()


async def progress_all(session: AsyncSession, *, member_id: int) -> list[LessonProgress]:
    query = select(LessonProgress).where(col(LessonProgress.member_id) == member_id)
    return list((await session.execute(query)).scalars())


async def start_lesson(
    session: AsyncSession, *, member_id: int, bid_id: int, lesson: str, now: datetime
) -> LessonProgress:
    """The member's progress on `lesson`, from the start again if they had one."""
    found = await progress_of(session, member_id=member_id, lesson=lesson)
    if found is None:
        found = LessonProgress(
            member_id=member_id, bid_id=bid_id, lesson=lesson, started_at=now, updated_at=now
        )
        session.add(found)
    found.step, found.updated_at = 0, now
    await session.flush()
    return found


async def in_progress(session: AsyncSession, *, member_id: int) -> LessonProgress | None:
    """The lesson the member touched last, if they have not finished it."""
    query = (
        select(LessonProgress)
        .where(
            col(LessonProgress.member_id) == member_id,
            col(LessonProgress.completed_at).is_(None),
        )
        .order_by(col(LessonProgress.updated_at).desc(), col(LessonProgress.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def completions(session: AsyncSession, *, bid_id: int, window: Window) -> dict[int, int]:
    """Per period: lessons finished."""
    period = case(
        (col(LessonProgress.completed_at) >= window.mid, literal(NOW)), else_=literal(BEFORE)
    )
    query = (
        select(period, func.count())
        .where(
            col(LessonProgress.bid_id) == bid_id,
            col(LessonProgress.completed_at) >= window.start,
            col(LessonProgress.completed_at) <= window.end,
        )
        .group_by(period)
    )
    return {int(p): int(n) for p, n in (await session.execute(query)).all()}


async def staff_trained(
    session: AsyncSession, *, bid_id: int, before: datetime
) -> tuple[int, int]:
    """(current staff who have finished at least one lesson, current staff)."""
    staff = (
        select(func.count())
        .where(
            col(Member.bid_id) == bid_id,
            col(Member.role) == "staff",
            col(Member.removed_at).is_(None),
        )
        .scalar_subquery()
    )
    trained = (
        select(func.count(func.distinct(col(LessonProgress.member_id))))
        .join(Member, col(Member.id) == col(LessonProgress.member_id))
        .where(
            col(Member.bid_id) == bid_id,
            col(Member.role) == "staff",
            col(Member.removed_at).is_(None),
            col(LessonProgress.completed_at) <= before,
        )
        .scalar_subquery()
    )
    row = (await session.execute(select(trained, staff))).one()
    return int(row[0]), int(row[1])
