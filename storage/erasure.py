"""Removing personal details from rows while keeping the anonymous facts. Callers own the
transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Text, cast, delete, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    AuditLog,
    Case,
    CaseEvent,
    Conversation,
    Identity,
    Member,
    Outbox,
    StoredFile,
)

# A message settled this way is delivered or given up on: nothing will send it again.
SETTLED = ("sent", "failed")
# What an emptied message keeps: nothing a person wrote or is called.
BLANK_PAYLOAD: dict[str, str] = {"text": ""}


def _messages(
    *, case_ids: Sequence[int], identity_ids: Sequence[int], row_ids: Sequence[int]
) -> ColumnElement[bool]:
    which = [
        col(Outbox.case_id).in_(case_ids) if case_ids else false(),
        col(Outbox.identity_id).in_(identity_ids) if identity_ids else false(),
        col(Outbox.id).in_(row_ids) if row_ids else false(),
    ]
    return or_(*which) & col(Outbox.status).in_(SETTLED) & (col(Outbox.address) != "")


async def count_messages(
    session: AsyncSession,
    *,
    case_ids: Sequence[int] = (),
    identity_ids: Sequence[int] = (),
    row_ids: Sequence[int] = (),
) -> int:
    """How many settled messages about these cases or to these identities still hold text."""
    where = _messages(case_ids=case_ids, identity_ids=identity_ids, row_ids=row_ids)
    return int((await session.execute(select(func.count()).where(where))).scalar_one())


async def blank_messages(
    session: AsyncSession,
    *,
    case_ids: Sequence[int] = (),
    identity_ids: Sequence[int] = (),
    row_ids: Sequence[int] = (),
) -> int:
    """Empty the body and address of settled messages (about the cases, or to the identities).

    Status, times and the platform's message id stay: delivery statistics still add up, and a
    reply to an old alert still finds its case.
    """
    where = _messages(case_ids=case_ids, identity_ids=identity_ids, row_ids=row_ids)
    result = await session.execute(
        update(Outbox)
        .where(where)
        .values(payload=BLANK_PAYLOAD, address="")
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def old_message_ids(
    session: AsyncSession, *, before: datetime, limit: int | None
) -> list[int]:
    """Settled messages written before `before` that still hold their text, oldest first."""
    query = (
        select(col(Outbox.id))
        .where(
            col(Outbox.status).in_(SETTLED),
            col(Outbox.address) != "",
            col(Outbox.created_at) <= before,
        )
        .order_by(col(Outbox.id))
        .limit(limit)
    )
    return [int(i or 0) for i in (await session.execute(query)).scalars()]


async def give_up_messages(
    session: AsyncSession, *, identity_ids: Sequence[int], error: str
) -> int:
    """Messages to these identities not sent yet are given up (then blanked like the rest)."""
    if not identity_ids:
        return 0
    result = await session.execute(
        update(Outbox)
        .where(
            col(Outbox.identity_id).in_(identity_ids),
            col(Outbox.status).in_(("pending", "sending", "held")),
        )
        .values(status="failed", error=error[:300])
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def blank_events(
    session: AsyncSession,
    *,
    case_ids: Sequence[int] = (),
    author_id: int | None = None,
    text: str,
    keep_actions: Sequence[str] = ("filed",),
) -> int:
    """Replace what was written on these cases' events (or by this author on them) by `text`.

    When, who (by role), which action and the status it left stay, so response times hold.
    """
    if not case_ids:
        return 0
    where = [
        col(CaseEvent.case_id).in_(case_ids),
        col(CaseEvent.text) != "",
        col(CaseEvent.text) != text,
        col(CaseEvent.action).not_in(keep_actions),
    ]
    if author_id is not None:
        where.append(col(CaseEvent.author_id) == author_id)
    result = await session.execute(
        update(CaseEvent)
        .where(*where)
        .values(text=text)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def credit_staff_events(session: AsyncSession, *, case_id: int, to_member_id: int) -> None:
    """Credit the shop side of a case's events to the stand-in member (police keep theirs)."""
    await session.execute(
        update(CaseEvent)
        .where(col(CaseEvent.case_id) == case_id, col(CaseEvent.author_role) == "staff")
        .values(author_id=to_member_id)
        .execution_options(synchronize_session=False)
    )


async def files_of(session: AsyncSession, *, sources: Sequence[str]) -> list[StoredFile]:
    """The stored copies of these photos (by their platform source)."""
    if not sources:
        return []
    query = select(StoredFile).where(col(StoredFile.source).in_(sources))
    return list((await session.execute(query)).scalars())


async def old_generated_files(
    session: AsyncSession, *, channel: str, before: datetime, limit: int | None
) -> list[StoredFile]:
    """Files the product made (packs, exports, charts) before `before`, oldest first."""
    query = (
        select(StoredFile)
        .where(col(StoredFile.channel) == channel, col(StoredFile.created_at) <= before)
        .order_by(col(StoredFile.id))
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def delete_files(session: AsyncSession, *, file_ids: Sequence[int]) -> list[str]:
    """Forget these stored files; returns the paths on disk for the caller to delete."""
    if not file_ids:
        return []
    query = select(col(StoredFile.path)).where(col(StoredFile.id).in_(file_ids))
    paths = [p for p in (await session.execute(query)).scalars() if p]
    await session.execute(delete(StoredFile).where(col(StoredFile.id).in_(file_ids)))
    return paths


async def forget_identities(
    session: AsyncSession, *, identity_ids: Sequence[int], now: datetime
) -> None:
    """Replace each address by a tombstone nobody can write from or be sent to."""
    for identity_id in identity_ids:
        await session.execute(
            update(Identity)
            .where(col(Identity.id) == identity_id)
            .values(
                address=f"forgotten-{identity_id}",
                unreachable=True,
                stopped_at=now,
                last_inbound_at=None,
            )
            .execution_options(synchronize_session=False)
        )
    if identity_ids:
        await session.execute(
            delete(Conversation).where(col(Conversation.identity_id).in_(identity_ids))
        )


async def idle_conversations(
    session: AsyncSession, *, bid_id: int, before: datetime, limit: int | None
) -> list[int]:
    """Conversations of the BID's members nobody has touched since `before`, oldest first."""
    query = (
        select(col(Conversation.id))
        .join(Identity, col(Identity.id) == col(Conversation.identity_id))
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(col(Member.bid_id) == bid_id, col(Conversation.updated_at) <= before)
        .order_by(col(Conversation.id))
        .limit(limit)
    )
    return [int(i or 0) for i in (await session.execute(query)).scalars()]


async def delete_conversations(session: AsyncSession, *, conversation_ids: Sequence[int]) -> None:
    if conversation_ids:
        await session.execute(
            delete(Conversation).where(col(Conversation.id).in_(conversation_ids))
        )


async def blank_audit_details(session: AsyncSession, *, member_id: int) -> None:
    """What a member typed that was refused is in the audit detail; keep only who, what, when."""
    await session.execute(
        update(AuditLog)
        .where(col(AuditLog.member_id) == member_id)
        .values(detail="")
        .execution_options(synchronize_session=False)
    )


async def blank_messages_naming(session: AsyncSession, *, name: str) -> int:
    """Empty settled messages whose text holds `name` (a case view or alert naming someone)."""
    if not name.strip():
        return 0
    # Matched the way the JSON column stores it (non-ASCII letters escaped).
    stored = json.dumps(name)[1:-1]
    result = await session.execute(
        update(Outbox)
        .where(
            col(Outbox.status).in_(SETTLED),
            col(Outbox.address) != "",
            cast(col(Outbox.payload), Text).contains(stored, autoescape=True),
        )
        .values(payload=BLANK_PAYLOAD, address="")
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def sources_in_use(
    session: AsyncSession, *, shop_id: int, except_case_id: int, sources: Sequence[str]
) -> set[str]:
    """Which of these photos another case of the shop still has (the same photo sent twice)."""
    used = set()
    for source in sources:
        query = (
            select(col(Case.id))
            .where(
                col(Case.shop_id) == shop_id,
                col(Case.id) != except_case_id,
                cast(col(Case.attachments), Text).contains(json.dumps(source), autoescape=True),
            )
            .limit(1)
        )
        if (await session.execute(query)).first() is not None:
            used.add(source)
    return used
