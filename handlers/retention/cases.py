"""Closed cases: their personal details go a year (by default) after they close."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.anonymise import anonymise_case, removal_of
from handlers.retention.registry import Due, Retained, register
from storage import retention
from storage.models import Case


async def find(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    assert bid_id is not None
    found = await retention.closed_cases_quiet_since(
        session, bid_id=bid_id, before=cutoff, limit=limit
    )
    return [
        Due(
            row_id=case.id or 0,
            label=f"{case.ref} (closed, last changed {last.date().isoformat()})",
            removes=(await removal_of(session, case)).words(),
        )
        for case, last in found
    ]


async def remove(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    case = await session.get(Case, due.row_id)
    if case is None:
        return []
    return await anonymise_case(session, case, now=now, reason="retention: closed case")


CASES = register(
    Retained(
        what="cases",
        label="closed cases' personal details",
        since="after closing",
        default_days=365,
        find=find,
        remove=remove,
    )
)
