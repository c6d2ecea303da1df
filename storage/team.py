"""Who is on a BID's team: its members and open invites, removing one, revoking an invite.

Callers own the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Conversation, Identity, Invite, Member, Outbox, Shop


@dataclass(frozen=True)
class TeamMember:
    """One member with their shop (staff) and every way they reach us."""

    member: Member
    shop: Shop | None
    identities: tuple[Identity, ...]


async def team_of(
    session: AsyncSession, *, bid_id: int, include_removed: bool = False
) -> list[TeamMember]:
    """The BID's members, by role then name; removed ones only when asked for. Members of the
    public who reported lost property are not the team, and are left out."""
    query = (
        select(Member, Shop)
        .outerjoin(Shop, col(Shop.id) == col(Member.shop_id))
        .where(col(Member.bid_id) == bid_id, col(Member.role) != "public")
        .order_by(col(Member.role), col(Member.display_name), col(Member.id))
    )
    if not include_removed:
        query = query.where(col(Member.removed_at).is_(None))
    rows = [(r[0], r[1]) for r in (await session.execute(query)).all()]
    ids = [m.id for m, _ in rows if m.id is not None]
    reach: dict[int, list[Identity]] = {i: [] for i in ids}
    if ids:
        found = select(Identity).where(col(Identity.member_id).in_(ids)).order_by(col(Identity.id))
        for identity in (await session.execute(found)).scalars():
            reach[identity.member_id].append(identity)
    return [TeamMember(m, shop, tuple(reach.get(m.id or 0, ()))) for m, shop in rows]


async def member_of_bid(session: AsyncSession, *, bid_id: int, member_id: int) -> Member | None:
    """The BID's current member with this id; None if there is none (or they were removed)."""
    query = select(Member).where(
        col(Member.id) == member_id,
        col(Member.bid_id) == bid_id,
        col(Member.removed_at).is_(None),
    )
    return (await session.execute(query)).scalar_one_or_none()


async def identities_of_member(session: AsyncSession, *, member_id: int) -> list[Identity]:
    """Every chat of one member, removed or not (to say goodbye, or why they can't be reached)."""
    query = select(Identity).where(col(Identity.member_id) == member_id).order_by(col(Identity.id))
    return list((await session.execute(query)).scalars())


async def remove_member(session: AsyncSession, *, member: Member, now: datetime) -> list[Identity]:
    """Mark `member` removed; what was still queued for them is dropped, their report forgotten.

    Returns their chats, so the caller can tell them in one line.
    """
    member.removed_at = now
    chats = await identities_of_member(session, member_id=member.id or 0)
    ids = [i.id for i in chats if i.id is not None]
    if ids:
        await session.execute(
            update(Outbox)
            .where(
                col(Outbox.identity_id).in_(ids),
                col(Outbox.status).in_(("pending", "held")),
            )
            .values(status="cancelled", error="member removed")
            .execution_options(synchronize_session=False)
        )
        # Bumping the version makes a message of theirs in flight start over, as a stranger.
        await session.execute(
            update(Conversation)
            .where(col(Conversation.identity_id).in_(ids))
            .values(state=None, version=col(Conversation.version) + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    await session.flush()
    return chats


async def open_invites(
    session: AsyncSession, *, bid_id: int, now: datetime
) -> list[tuple[Invite, Shop | None]]:
    """The BID's invites that can still be used, soonest to expire first."""
    query = (
        select(Invite, Shop)
        .outerjoin(Shop, col(Shop.id) == col(Invite.shop_id))
        .where(
            col(Invite.bid_id) == bid_id,
            col(Invite.uses_left) > 0,
            col(Invite.expires_at) > now,
        )
        .order_by(col(Invite.expires_at), col(Invite.id))
    )
    return [(r[0], r[1]) for r in (await session.execute(query)).all()]


async def revoke_invite(session: AsyncSession, *, code: str, now: datetime) -> Invite | None:
    """Make the invite with `code` unusable; None when no usable invite has that code."""
    query = select(Invite).where(
        col(Invite.code) == code, col(Invite.uses_left) > 0, col(Invite.expires_at) > now
    )
    invite = (await session.execute(query)).scalar_one_or_none()
    if invite is not None:
        invite.uses_left = 0
        await session.flush()
    return invite
