"""Members who left, and conversations abandoned half-way."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.erasure import forget_member
from handlers.retention.registry import Due, Retained, register
from storage import erasure, retention
from storage.models import Member


async def find_members(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    assert bid_id is not None
    gone = await retention.members_gone_since(session, bid_id=bid_id, before=cutoff, limit=limit)
    return [
        Due(
            row_id=m.id or 0,
            label=f"member {m.id}, {m.role} (left {m.removed_at.date().isoformat()})"
            if m.removed_at
            else f"member {m.id}",
            removes="name, addresses, messages, and their closed reports' details",
        )
        for m in gone
    ]


async def remove_member(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    member = await session.get(Member, due.row_id)
    if member is None:
        return []
    return await forget_member(session, member, now=now, reason="retention: member left")


MEMBERS = register(
    Retained(
        what="members",
        label="members who left",
        since="after leaving",
        default_days=30,
        find=find_members,
        remove=remove_member,
    )
)


async def find_drafts(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    assert bid_id is not None
    idle = await erasure.idle_conversations(session, bid_id=bid_id, before=cutoff, limit=limit)
    return [Due(row_id=i, label=f"conversation {i}", removes="answers given so far") for i in idle]


async def remove_draft(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    await erasure.delete_conversations(session, conversation_ids=[due.row_id])
    return []


DRAFTS = register(
    Retained(
        what="drafts",
        label="reports started and never sent",
        since="after the last answer",
        default_days=30,
        find=find_drafts,
        remove=remove_draft,
    )
)
