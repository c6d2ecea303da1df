"""A photo that cannot be kept (not a photo or PDF, too large, unreadable): it comes off its
case, and the person who sent it is told kindly, with how to send another."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from flows.template import fill
from handlers import delivery
from handlers.turn import payload_of
from storage import identities
from storage.models import Case, StoredFile

_REFUSED = {
    "type": texts.MEDIA_REFUSED_TYPE,
    "size": texts.MEDIA_REFUSED_SIZE,
    "unreadable": texts.MEDIA_REFUSED_UNREADABLE,
}


async def file_refused(
    session: AsyncSession,
    *,
    file: StoredFile,
    reason: str,
    limit_mb: int,
    now: datetime,
    tz: ZoneInfo,
) -> bool:
    """Take the file off its case and tell the reporter on the channel they sent it from."""
    case = await session.get(Case, file.case_id) if file.case_id is not None else None
    if case is None:
        return False
    case.attachments = [a for a in case.attachments if a.get("source") != file.source]
    reached = [
        identity
        for identity in await identities.identities_of(session, member_ids=[case.reporter_id])
        if identity.channel == file.channel
    ]
    text = fill(_REFUSED.get(reason, texts.MEDIA_REFUSED_UNREADABLE), ref=case.ref, limit=limit_mb)
    payload = payload_of(text, push=True, topic="case_update", case_ref=case.ref)
    queued = await delivery.push(
        session, reached, payload, now=now, tz=tz, topic_name="case_update", case_id=case.id
    )
    return bool(queued)
