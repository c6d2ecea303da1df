"""Who is on a BID's team, and removing someone: shared by the chat and the command line."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from flows.format import format_time
from flows.template import fill
from handlers.turn import payload_of
from storage import outbox, team
from storage.channels import kind
from storage.models import Bid, Member
from storage.team import TeamMember


def member_line(row: TeamMember, tz: ZoneInfo) -> str:
    """ "#12 PC Bob Jones, police officer, on Telegram, joined Mon 23 Nov, 14:30"."""
    m = row.member
    channels = sorted(
        {texts.CHANNEL_WORDS.get(kind(i.channel), i.channel) for i in row.identities}
    )
    line = fill(
        texts.MEMBER_LINE,
        id=m.id or 0,
        name=m.display_name,
        role=texts.ROLE_WORDS.get(m.role, m.role),
        shop=fill(texts.MEMBER_AT_SHOP, shop=row.shop.name) if row.shop else "",
        channels=", ".join(channels) or "-",
        joined=format_time(m.created_at, tz),
    )
    if m.removed_at is not None:
        line += fill(texts.MEMBER_REMOVED_AT, removed=format_time(m.removed_at, tz))
    return line


async def remove_from_team(
    session: AsyncSession, *, member: Member, bid: Bid, now: datetime
) -> None:
    """Remove `member`; each of their chats gets one line saying so (unless they sent stop)."""
    chats = await team.remove_member(session, member=member, now=now)
    notice = fill(texts.REMOVED_NOTICE, bid=bid.name)
    for identity in chats:
        if identity.stopped_at is not None:
            continue
        # Written straight to the outbox: they are no longer a member whose preferences apply,
        # and this one line is the last thing they get.
        await outbox.enqueue(
            session,
            channel=identity.channel,
            address=identity.address,
            identity_id=identity.id,
            payload=payload_of(notice, push=True),
            now=now,
        )
