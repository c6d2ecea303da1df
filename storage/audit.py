"""The audit log: refused commands and reads of personal details."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditLog,
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
