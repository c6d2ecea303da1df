"""Stored files: photos people sent, fetched from their platform. Callers own the
transaction."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import StoredFile
from storage.types import row_id

# The `channel` of files the product made itself, as opposed to ones people sent.
GENERATED = "generated"


async def claim_due(
    session: AsyncSession,
    *,
    channels: Sequence[str],
    now: datetime,
    max_attempts: int,
    lease: timedelta,
    limit: int,
) -> list[StoredFile]:
    """Files not fetched yet and due now, leased so another process leaves them alone."""
    query = (
        select(StoredFile)
        .where(
            col(StoredFile.path).is_(None),
            col(StoredFile.attempts) < max_attempts,
            col(StoredFile.next_attempt_at) <= now,
            col(StoredFile.channel).in_(channels),
        )
        .order_by(col(StoredFile.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.execute(query)).scalars())
    for row in rows:
        row.next_attempt_at = now + lease
    await session.flush()
    return rows


async def mark_fetched(
    session: AsyncSession,
    *,
    file_id: int,
    attempts: int,
    path: str,
    size: int,
    content_type: str | None = None,
    telegram_file_id: str | None = None,
    telegram_bot: str | None = None,
) -> None:
    """Fetched and stored; a Telegram source's file_id is noted with the bot it belongs to."""
    values: dict[str, object] = {"attempts": attempts, "path": path, "size": size, "error": None}
    if content_type:
        values["content_type"] = content_type[:100]
    if telegram_file_id and telegram_bot:
        values["telegram_file_id"] = telegram_file_id[:200]
        values["telegram_bot"] = telegram_bot[:32]
    await session.execute(update(StoredFile).where(col(StoredFile.id) == file_id).values(values))


async def note_telegram_file(
    session: AsyncSession, *, file_id: int, telegram_file_id: str, bot: str
) -> None:
    """The file_id Telegram gave a file we uploaded, for the same bot to send it again."""
    await session.execute(
        update(StoredFile)
        .where(col(StoredFile.id) == file_id)
        .values(telegram_file_id=telegram_file_id[:200], telegram_bot=bot[:32])
    )


async def stored(session: AsyncSession, *, file_id: int) -> StoredFile | None:
    return await session.get(StoredFile, file_id)


async def by_sources(
    session: AsyncSession, *, channel: str | None, sources: Sequence[str]
) -> dict[str, StoredFile]:
    """Source → stored file row, for the photos among `sources` (of `channel` when given)."""
    if not sources:
        return {}
    query = select(StoredFile).where(col(StoredFile.source).in_(sources))
    if channel:
        query = query.where(col(StoredFile.channel) == channel)
    return {row.source: row for row in (await session.execute(query)).scalars()}


async def mark_fetch_failed(
    session: AsyncSession, *, file_id: int, attempts: int, error: str, next_attempt_at: datetime
) -> None:
    """A failed fetch: tried again at `next_attempt_at` while attempts remain."""
    await session.execute(
        update(StoredFile)
        .where(col(StoredFile.id) == file_id)
        .values(attempts=attempts, error=error[:300], next_attempt_at=next_attempt_at)
    )


async def want_file(
    session: AsyncSession,
    *,
    channel: str,
    source: str,
    content_type: str,
    now: datetime,
    case_id: int | None = None,
    shared: bool = False,
) -> None:
    """Ask for a photo to be fetched into the attachment store (once per source).

    `case_id` ties it to a case; `shared` marks a photo the product sends on to others (an
    alert's), which may then be served by signed link too.
    """
    query = select(StoredFile).where(
        col(StoredFile.channel) == channel, col(StoredFile.source) == source
    )
    row = (await session.execute(query)).scalars().first()
    if row is None:
        session.add(
            StoredFile(
                channel=channel,
                source=source[:500],
                content_type=content_type[:100],
                next_attempt_at=now,
                created_at=now,
                case_id=case_id,
                shared=shared,
            )
        )
    elif shared and not row.shared:
        row.shared = True


async def add_generated(
    session: AsyncSession,
    *,
    path: str,
    content_type: str,
    name: str,
    size: int,
    now: datetime,
    case_id: int | None = None,
) -> int:
    """A file the product made (a chart, an evidence pack, an export), to send as an attachment.

    `case_id` names the case an evidence pack is of; only files of a case are served by the
    signed media URL.

    Outbox payloads name it as {"id": <this>, "kind": "photo" | "document", "name": name}; each
    channel delivers it its own way (Telegram uploads it, WhatsApp gets a signed media URL,
    the console shows its path).
    """
    row = StoredFile(
        channel=GENERATED,
        # Unique even for two made in the same instant (two officers asking for one pack).
        source=f"{GENERATED}:{now.timestamp():.6f}:{secrets.token_hex(6)}:{name}"[:500],
        content_type=content_type[:100],
        path=path[:300],
        size=size,
        next_attempt_at=now,
        created_at=now,
        case_id=case_id,
    )
    session.add(row)
    await session.flush()
    return row_id(row)


def may_link(*, case_id: int | None, channel: str, shared: bool = False) -> bool:
    """Whether a stored file may be sent by signed link: a case's photo or pack, a photo sent on
    to others (an alert's), or a file the product made for someone (a digest chart, an export).
    A link is only ever made for the person the file was sent to, and it expires; never for a
    stray upload."""
    return case_id is not None or shared or channel == GENERATED


async def fetched_paths(session: AsyncSession, *, sources: Sequence[str]) -> dict[str, str]:
    """Source → local path, for the photos among `sources` already in the attachment store."""
    if not sources:
        return {}
    query = select(col(StoredFile.source), col(StoredFile.path)).where(
        col(StoredFile.source).in_(sources), col(StoredFile.path).is_not(None)
    )
    return {source: path for source, path in (await session.execute(query)).all() if path}


async def claim_one(
    session: AsyncSession, *, file_id: int, now: datetime, max_attempts: int, lease: timedelta
) -> StoredFile | None:
    """Lease one file not fetched yet for fetching now, unless another process holds it."""
    query = (
        select(StoredFile)
        .where(
            col(StoredFile.id) == file_id,
            col(StoredFile.path).is_(None),
            col(StoredFile.attempts) < max_attempts,
            col(StoredFile.next_attempt_at) <= now,
        )
        .with_for_update(skip_locked=True)
    )
    row = (await session.execute(query)).scalars().first()
    if row is not None:
        row.next_attempt_at = now + lease
        await session.flush()
    return row


async def generated_files(
    session: AsyncSession, *, file_ids: Sequence[int]
) -> dict[int, StoredFile]:
    """Id → row, for files named in an outbox payload's `files`."""
    if not file_ids:
        return {}
    query = select(StoredFile).where(col(StoredFile.id).in_(file_ids))
    return {row_id(row): row for row in (await session.execute(query)).scalars()}
