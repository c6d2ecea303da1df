"""Everything held about one member, for subject access and erasure. Callers own the
transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import AuditLog, Case, CaseEvent, Conversation, Member, Outbox


async def members_named(session: AsyncSession, *, name: str) -> list[Member]:
    """Members whose display name is `name` (any letter case)."""
    query = (
        select(Member)
        .where(func.lower(col(Member.display_name)) == name.strip().lower())
        .order_by(col(Member.id))
    )
    return list((await session.execute(query)).scalars())


async def cases_reported_by(session: AsyncSession, *, member_id: int) -> list[Case]:
    query = select(Case).where(col(Case.reporter_id) == member_id).order_by(col(Case.id))
    return list((await session.execute(query)).scalars())


async def events_by(session: AsyncSession, *, member_id: int) -> list[tuple[CaseEvent, str]]:
    """Case events the member wrote, with the case's reference, oldest first."""
    query = (
        select(CaseEvent, col(Case.ref))
        .join(Case, col(Case.id) == col(CaseEvent.case_id))
        .where(col(CaseEvent.author_id) == member_id)
        .order_by(col(CaseEvent.id))
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def messages_to(session: AsyncSession, *, identity_ids: Sequence[int]) -> list[Outbox]:
    if not identity_ids:
        return []
    query = (
        select(Outbox).where(col(Outbox.identity_id).in_(identity_ids)).order_by(col(Outbox.id))
    )
    return list((await session.execute(query)).scalars())


async def messages_about(
    session: AsyncSession, *, case_ids: Sequence[int], not_to: Sequence[int]
) -> list[Outbox]:
    """Messages about these cases sent to anyone but `not_to` (alerts, replies passed on)."""
    if not case_ids:
        return []
    query = select(Outbox).where(col(Outbox.case_id).in_(case_ids))
    if not_to:
        query = query.where(
            col(Outbox.identity_id).is_(None) | col(Outbox.identity_id).not_in(not_to)
        )
    return list((await session.execute(query.order_by(col(Outbox.id)))).scalars())


async def conversations_of(
    session: AsyncSession, *, identity_ids: Sequence[int]
) -> list[Conversation]:
    if not identity_ids:
        return []
    query = select(Conversation).where(col(Conversation.identity_id).in_(identity_ids))
    return list((await session.execute(query.order_by(col(Conversation.id)))).scalars())


async def audit_by(session: AsyncSession, *, member_id: int) -> list[AuditLog]:
    query = select(AuditLog).where(col(AuditLog.member_id) == member_id)
    return list((await session.execute(query.order_by(col(AuditLog.id)))).scalars())


async def audit_of_cases(
    session: AsyncSession, *, case_ids: Sequence[int]
) -> list[tuple[AuditLog, str | None]]:
    """Audit entries about these cases, with the role of whoever it was (None: command line)."""
    if not case_ids:
        return []
    query = (
        select(AuditLog, col(Member.role))
        .outerjoin(Member, col(Member.id) == col(AuditLog.member_id))
        .where(col(AuditLog.case_id).in_(case_ids))
        .order_by(col(AuditLog.id))
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def case_ids_written_on(session: AsyncSession, *, member_id: int) -> list[int]:
    """Cases the member wrote something on (a reply, a note, an update)."""
    query = (
        select(col(CaseEvent.case_id))
        .where(col(CaseEvent.author_id) == member_id)
        .distinct()
        .order_by(col(CaseEvent.case_id))
    )
    return [int(i or 0) for i in (await session.execute(query)).scalars()]


async def refs_of(session: AsyncSession, *, case_ids: Sequence[int]) -> dict[int, str]:
    """Case id → reference, for the cases named."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    query = select(col(Case.id), col(Case.ref)).where(col(Case.id).in_(ids))
    return {int(row[0] or 0): str(row[1]) for row in (await session.execute(query)).all()}
