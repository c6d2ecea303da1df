"""Members, the invites they join with, and finding who wrote."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, and_, bindparam, exists, func, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col

from storage import inbound
from storage.attached import shapes
from storage.driver import driver_of
from storage.models import (
    Conversation,
    Identity,
    Invite,
    Member,
    Outbox,
    Shop,
    Street,
)
from storage.types import row_id, utcnow


def invite_code() -> str:
    """96 random bits, URL-safe (fits a Telegram deep-link payload), never starting with "-",
    which a command line (`shopwatch invite revoke CODE`) would take for an option."""
    while (code := secrets.token_urlsafe(12)).startswith("-"):
        pass
    return code


async def create_invite(
    session: AsyncSession,
    *,
    bid_id: int,
    role: str,
    shop_id: int | None,
    uses: int,
    expires_at: datetime,
) -> Invite:
    invite = Invite(
        code=invite_code(),
        bid_id=bid_id,
        role=role,
        shop_id=shop_id,
        uses_left=uses,
        expires_at=expires_at,
    )
    session.add(invite)
    await session.flush()
    return invite


async def usable_invite(session: AsyncSession, *, code: str, now: datetime) -> Invite | None:
    """The invite for `code` if it still has uses and has not expired, locked for update."""
    query = (
        select(Invite)
        .where(col(Invite.code) == code, col(Invite.uses_left) > 0, col(Invite.expires_at) > now)
        .with_for_update()
    )
    return (await session.execute(query)).scalar_one_or_none()


async def member_by_identity(
    session: AsyncSession, *, channel: str, address: str
) -> tuple[Identity, Member] | None:
    """Who writes from `address`; a removed member is a stranger again (None)."""
    query = (
        select(Identity, Member)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(
            col(Identity.channel) == channel,
            col(Identity.address) == address,
            col(Member.removed_at).is_(None),
        )
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


_IDENTITY: Table = Identity.__table__  # type: ignore[attr-defined]
_MEMBER: Table = Member.__table__  # type: ignore[attr-defined]
_CONVERSATION: Table = Conversation.__table__  # type: ignore[attr-defined]
_SHOP: Table = Shop.__table__  # type: ignore[attr-defined]
_STREET: Table = Street.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]

# Streets are only ever added to a BID, so how many it has and the newest one's id tell a
# cached list whether it is still whole (an index lookup each, inside the one round trip).
_STREET_COUNT = (
    select(func.count())
    .where(_STREET.c.bid_id == _MEMBER.c.bid_id)
    .correlate(_MEMBER)
    .scalar_subquery()
)
_STREET_LAST = (
    select(func.max(_STREET.c.id))
    .where(_STREET.c.bid_id == _MEMBER.c.bid_id)
    .correlate(_MEMBER)
    .scalar_subquery()
)
# On channels that may hold messages back until the person writes (WhatsApp's 24 hours):
# whether any are held for them, so that releasing them costs an UPDATE only when there are.
_HELD = (
    exists()
    .where(
        _OUTBOX.c.channel == _IDENTITY.c.channel,
        _OUTBOX.c.address == _IDENTITY.c.address,
        _OUTBOX.c.status == "held",
    )
    .correlate(_IDENTITY)
)
_WROTE = (
    _IDENTITY.c.channel == bindparam("channel"),
    _IDENTITY.c.address == bindparam("address"),
    _MEMBER.c.removed_at.is_(None),
)


def _who_wrote(held: tuple[Any, ...], *, seen: bool = False) -> Select[Any]:
    """Who wrote, their conversation, shop and streets stamp (and whether messages are held
    for them). `seen` (PostgreSQL): the delivery recorded too, in a WITH, and whether it was
    new as the last column, on a row that is there for a stranger too (all else NULL)."""
    columns = (_IDENTITY, _MEMBER, _CONVERSATION, _SHOP, _STREET_COUNT, _STREET_LAST, *held)
    on = _MEMBER.c.id == _IDENTITY.c.member_id
    # With `seen`, who wrote is matched in the join, so the row stays for a stranger.
    people = _IDENTITY.join(_MEMBER, and_(on, *_WROTE) if seen else on)
    if seen:
        people = select(literal(1)).subquery("one").outerjoin(people, true())
    found = people.outerjoin(
        _CONVERSATION, _CONVERSATION.c.identity_id == _IDENTITY.c.id
    ).outerjoin(_SHOP, _SHOP.c.id == _MEMBER.c.shop_id)
    if not seen:
        return select(*columns).select_from(found).where(*_WROTE)
    marked = inbound.MARK_SEEN["postgresql"].cte("seen")
    fresh = select(func.count()).select_from(marked).scalar_subquery()
    return select(*columns, fresh).select_from(found)


# Built once, on the tables, and run on the driver (storage.driver) with its row made into the
# session's objects (storage.attached): every inbound message runs it, and building it anew,
# or the ORM's loading of its four entities, cost more than running it.
_WHO_WROTE, _WHO_WROTE_HOLDING = (_who_wrote(held) for held in ((), (_HELD,)))
_SEEN_WHO_WROTE, _SEEN_WHO_WROTE_HOLDING = (_who_wrote(held, seen=True) for held in ((), (_HELD,)))
_WHO_SHAPES = shapes(Identity, Member, Conversation, Shop)
_AFTER_SHAPES = _WHO_SHAPES[-1].end

StreetsStamp = tuple[int, int]  # how many streets a BID has, and the newest one's id
WhoWrote = tuple[Identity, Member, Conversation | None, Shop | None, StreetsStamp, bool]


async def who_wrote(
    session: AsyncSession, *, channel: str, address: str, holding: bool = False
) -> WhoWrote | None:
    """Who writes from `address`, their conversation, their shop, their BID's streets stamp
    and (with `holding`) whether messages are held for them, in one round trip.

    None for a stranger or a removed member, as `member_by_identity`. The conversation is None
    until their first one is made; the shop is None for members without one.
    """
    query = _WHO_WROTE_HOLDING if holding else _WHO_WROTE
    driver = await driver_of(session)
    rows = await driver.select(query, {"channel": channel, "address": address})
    return _found(session, rows[0], holding) if rows else None


async def seen_and_who_wrote(
    session: AsyncSession, *, channel: str, address: str, external_id: str, holding: bool = False
) -> tuple[bool, WhoWrote | None]:
    """Record the delivery `external_id` (`inbound.mark_seen`) and, when it is new, who wrote
    (`who_wrote`): on PostgreSQL in one round trip. (False, None) when it was seen before."""
    driver = await driver_of(session)
    if driver.sqlite:  # no round trips to save, and no INSERT inside a WITH
        if not await inbound.mark_seen(session, channel=channel, external_id=external_id):
            return False, None
        return True, await who_wrote(session, channel=channel, address=address, holding=holding)
    query = _SEEN_WHO_WROTE_HOLDING if holding else _SEEN_WHO_WROTE
    values = {
        "channel": channel,
        "address": address,
        "external_id": external_id[:64],
        "at": utcnow(),
    }
    (row,) = await driver.select(query, values)
    if not row[-1]:
        return False, None
    return True, _found(session, row, holding) if row[0] is not None else None


def _found(session: AsyncSession, row: Sequence[Any], holding: bool) -> WhoWrote:
    identity, member, conversation, shop = (shape.attach(session, row) for shape in _WHO_SHAPES)
    count, last = row[_AFTER_SHAPES], row[_AFTER_SHAPES + 1]
    held = bool(row[_AFTER_SHAPES + 2]) if holding else False
    return identity, member, conversation, shop, (count, last or 0), held


_STAMP = (
    update(_IDENTITY)
    .where(_IDENTITY.c.id == bindparam("identity_id"))
    .values(last_inbound_at=bindparam("now"))
)


async def stamp_inbound(session: AsyncSession, identity: Identity, now: datetime) -> None:
    """When the person last wrote, as a Core UPDATE set as loaded on the object: the ORM's
    flush of the one changed attribute cost several times the statement."""
    connection = await session.connection()
    await connection.execute(_STAMP, {"identity_id": identity.id, "now": now})
    set_committed_value(identity, "last_inbound_at", now)


async def create_member(
    session: AsyncSession,
    *,
    bid_id: int,
    role: str,
    shop_id: int | None,
    display_name: str,
    channel: str,
    address: str,
) -> tuple[Identity, Member]:
    member = Member(bid_id=bid_id, role=role, shop_id=shop_id, display_name=display_name)
    session.add(member)
    await session.flush()
    query = select(Identity).where(
        col(Identity.channel) == channel, col(Identity.address) == address
    )
    identity = (await session.execute(query)).scalar_one_or_none()
    if identity is not None:
        # They left (or were removed) and joined again: the chat is theirs as a new member.
        identity.member_id = row_id(member)
        identity.stopped_at = None
        identity.unreachable = False
    else:
        identity = Identity(member_id=row_id(member), channel=channel, address=address)
        session.add(identity)
    await session.flush()
    return identity, member


async def members_of(session: AsyncSession, *, bid_id: int, role: str) -> list[Member]:
    """The BID's current members with `role` (not those removed)."""
    query = (
        select(Member)
        .where(
            col(Member.bid_id) == bid_id,
            col(Member.role) == role,
            col(Member.removed_at).is_(None),
        )
        .order_by(col(Member.id))
    )
    return list((await session.execute(query)).scalars())
