"""Copies of what was sent (every reply and push is an outbox row), and files the product made
(evidence packs, exports, charts): neither is needed once delivered. They belong to no BID."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.retention.registry import Due, Retained, register
from storage import erasure
from storage.files import GENERATED


async def find_messages(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    ids = await erasure.old_message_ids(session, before=cutoff, limit=limit)
    return [Due(row_id=i, label=f"message {i}", removes="text and address") for i in ids]


async def remove_message(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    await erasure.blank_messages(session, row_ids=[due.row_id])
    return []


MESSAGES = register(
    Retained(
        what="messages",
        label="texts of messages sent",
        since="after sending",
        default_days=30,
        find=find_messages,
        remove=remove_message,
        per_bid=False,
    )
)


async def find_files(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    made = await erasure.old_generated_files(
        session, channel=GENERATED, before=cutoff, limit=limit
    )
    return [
        Due(row_id=f.id or 0, label=f"file {f.id} ({f.content_type})", removes="the file")
        for f in made
    ]


async def remove_file(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    return await erasure.delete_files(session, file_ids=[due.row_id])


FILES = register(
    Retained(
        what="files",
        label="files made to send (packs, exports, charts)",
        since="after making",
        default_days=30,
        find=find_files,
        remove=remove_file,
        per_bid=False,
    )
)
