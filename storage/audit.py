"""The audit log: refused commands and reads of personal details."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    AuditLog,
    Member,
)


async def audit(
    session: AsyncSession,
    *,
    member_id: int | None,
    identity_id: int | None,
    action: str,
    detail: str,
    allowed: bool,
    now: datetime,
    case_id: int | None = None,
) -> None:
    """Keep one decision: a refusal, or (allowed) a read of personal details."""
    session.add(
        AuditLog(
            at=now,
            member_id=member_id,
            identity_id=identity_id,
            action=action[:32],
            detail=detail[:300],
            allowed=allowed,
            case_id=case_id,
        )
    )


async def case_trail(
    session: AsyncSession, *, case_id: int
) -> list[tuple[AuditLog, Member | None]]:
    """Every audit entry about one case, oldest first, with the member it was (None: no one)."""
    query = (
        select(AuditLog, Member)
        .outerjoin(Member, col(Member.id) == col(AuditLog.member_id))
        .where(col(AuditLog.case_id) == case_id)
        .order_by(col(AuditLog.at), col(AuditLog.id))
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def audit_reads(
    session: AsyncSession,
    *,
    member_id: int | None,
    identity_id: int | None,
    action: str,
    detail: str,
    case_ids: Sequence[int],
    now: datetime,
) -> None:
    """Keep one allowed read per case shown, in one statement (an export may show thousands)."""
    if not case_ids:
        return
    rows = [
        {
            "at": now,
            "member_id": member_id,
            "identity_id": identity_id,
            "action": action[:32],
            "detail": detail[:300],
            "allowed": True,
            "case_id": case_id,
        }
        for case_id in case_ids
    ]
    await session.execute(insert(AuditLog), rows)
