"""Small keyword-only query functions. Callers own the transaction."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    AuditLog,
    Bid,
    Case,
    CaseEvent,
    Conversation,
    Identity,
    InboundSeen,
    Invite,
    Member,
    Outbox,
    Shop,
    StoredFile,
    Street,
)
from storage.types import utcnow


async def bid_by_code(session: AsyncSession, *, code: str) -> Bid | None:
    return (
        await session.execute(select(Bid).where(col(Bid.code) == code.upper()))
    ).scalar_one_or_none()


async def create_bid(
    session: AsyncSession,
    *,
    code: str,
    name: str,
    streets: Sequence[tuple[str, float | None, float | None]] = (),
) -> Bid:
    bid = Bid(code=code, name=name)
    session.add(bid)
    await session.flush()
    await add_streets(session, bid_id=_id(bid), streets=streets)
    return bid


async def add_streets(
    session: AsyncSession,
    *,
    bid_id: int,
    streets: Sequence[tuple[str, float | None, float | None]],
) -> int:
    """Add streets not already known (by name, any case); returns how many were added."""
    known = {s.name.casefold() for s in await streets_of(session, bid_id=bid_id)}
    added = 0
    for name, lat, lon in streets:
        if name.casefold() not in known:
            known.add(name.casefold())
            session.add(Street(bid_id=bid_id, name=name, latitude=lat, longitude=lon))
            added += 1
    await session.flush()
    return added


async def streets_of(session: AsyncSession, *, bid_id: int) -> list[Street]:
    rows = await session.execute(
        select(Street).where(col(Street.bid_id) == bid_id).order_by(col(Street.id))
    )
    return list(rows.scalars())


async def shop_by_name(session: AsyncSession, *, bid_id: int, name: str) -> Shop | None:
    query = select(Shop).where(
        col(Shop.bid_id) == bid_id, func.lower(col(Shop.name)) == name.lower()
    )
    return (await session.execute(query)).scalar_one_or_none()


async def create_shop(session: AsyncSession, *, bid_id: int, name: str, street: str) -> Shop:
    shop = Shop(bid_id=bid_id, name=name, street=street)
    session.add(shop)
    await session.flush()
    return shop


async def create_invite(
    session: AsyncSession,
    *,
    bid_id: int,
    role: str,
    shop_id: int | None,
    uses: int,
    expires_at: datetime,
) -> Invite:
    # 96 random bits, URL-safe: fits a Telegram deep-link payload.
    invite = Invite(
        code=secrets.token_urlsafe(12),
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
    query = (
        select(Identity, Member)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(col(Identity.channel) == channel, col(Identity.address) == address)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


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
    identity = Identity(member_id=_id(member), channel=channel, address=address)
    session.add(identity)
    await session.flush()
    return identity, member


async def identities_of(session: AsyncSession, *, member_ids: Sequence[int]) -> list[Identity]:
    if not member_ids:
        return []
    query = (
        select(Identity).where(col(Identity.member_id).in_(member_ids)).order_by(col(Identity.id))
    )
    return list((await session.execute(query)).scalars())


async def members_of(session: AsyncSession, *, bid_id: int, role: str) -> list[Member]:
    query = (
        select(Member)
        .where(col(Member.bid_id) == bid_id, col(Member.role) == role)
        .order_by(col(Member.id))
    )
    return list((await session.execute(query)).scalars())


async def conversation_of(session: AsyncSession, *, identity_id: int) -> Conversation:
    """The identity's conversation row, created empty on first use."""
    query = select(Conversation).where(col(Conversation.identity_id) == identity_id)
    conversation = (await session.execute(query)).scalar_one_or_none()
    if conversation is None:
        conversation = Conversation(identity_id=identity_id, state=None, version=0)
        session.add(conversation)
        await session.flush()
    return conversation


class StaleConversation(Exception):
    """Another message changed this conversation first; the caller retries."""


async def save_conversation(
    session: AsyncSession,
    *,
    conversation: Conversation,
    state: dict[str, Any] | None,
    now: datetime,
) -> None:
    """Compare-and-set on `version`, so two messages at once cannot both apply."""
    result = await session.execute(
        update(Conversation)
        .where(
            col(Conversation.id) == conversation.id,
            col(Conversation.version) == conversation.version,
        )
        .values(state=state, version=conversation.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleConversation(conversation.id)


async def mark_seen(session: AsyncSession, *, channel: str, external_id: str) -> bool:
    """Record an inbound delivery; False when it was seen before (one statement, no savepoint)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(InboundSeen)
        .values(channel=channel, external_id=external_id[:64], at=utcnow())
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(col(InboundSeen.id))
    )
    return (await session.execute(statement)).first() is not None


async def next_case_number(session: AsyncSession, *, bid_id: int) -> int:
    """Atomically take the BID's next case number (row-locked until commit)."""
    result = await session.execute(
        update(Bid)
        .where(col(Bid.id) == bid_id)
        .values(last_case_number=col(Bid.last_case_number) + 1)
        .returning(col(Bid.last_case_number))
    )
    return int(result.scalar_one())


async def case_by_ref(session: AsyncSession, *, ref: str) -> Case | None:
    return (await session.execute(select(Case).where(col(Case.ref) == ref))).scalar_one_or_none()


async def events_of(session: AsyncSession, *, case_id: int) -> list[CaseEvent]:
    query = select(CaseEvent).where(col(CaseEvent.case_id) == case_id).order_by(col(CaseEvent.id))
    return list((await session.execute(query)).scalars())


async def add_event(
    session: AsyncSession,
    *,
    case: Case,
    author_id: int | None,
    author_role: str,
    action: str,
    text: str,
    now: datetime,
) -> CaseEvent:
    event = CaseEvent(
        case_id=_id(case),
        at=now,
        author_id=author_id,
        author_role=author_role,
        action=action,
        text=text,
        status=case.status,
    )
    session.add(event)
    await session.flush()
    return event


async def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    address: str,
    payload: dict[str, Any],
    identity_id: int | None = None,
    case_id: int | None = None,
    now: datetime,
) -> Outbox:
    row = Outbox(
        identity_id=identity_id,
        channel=channel,
        address=address,
        payload=payload,
        case_id=case_id,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    return row


async def audit(
    session: AsyncSession,
    *,
    member_id: int | None,
    identity_id: int | None,
    action: str,
    detail: str,
    allowed: bool,
    now: datetime,
) -> None:
    session.add(
        AuditLog(
            at=now,
            member_id=member_id,
            identity_id=identity_id,
            action=action[:32],
            detail=detail[:300],
            allowed=allowed,
        )
    )


async def cases_for_export(
    session: AsyncSession, *, bid_id: int | None, since: datetime | None
) -> list[tuple[Case, Bid, Shop, Member]]:
    query = (
        select(Case, Bid, Shop, Member)
        .join(Bid, col(Bid.id) == col(Case.bid_id))
        .join(Shop, col(Shop.id) == col(Case.shop_id))
        .join(Member, col(Member.id) == col(Case.reporter_id))
        .order_by(col(Case.id))
    )
    if bid_id is not None:
        query = query.where(col(Case.bid_id) == bid_id)
    if since is not None:
        query = query.where(col(Case.created_at) >= since)
    return [(r[0], r[1], r[2], r[3]) for r in (await session.execute(query)).all()]


async def events_for_cases(
    session: AsyncSession, *, case_ids: Sequence[int]
) -> dict[int, list[CaseEvent]]:
    grouped: dict[int, list[CaseEvent]] = {i: [] for i in case_ids}
    if case_ids:
        query = (
            select(CaseEvent)
            .where(col(CaseEvent.case_id).in_(case_ids))
            .order_by(col(CaseEvent.id))
        )
        for event in (await session.execute(query)).scalars():
            grouped[event.case_id].append(event)
    return grouped


async def want_file(
    session: AsyncSession, *, channel: str, source: str, content_type: str, now: datetime
) -> None:
    """Ask for a photo to be fetched into the attachment store (once per source)."""
    query = select(col(StoredFile.id)).where(
        col(StoredFile.channel) == channel, col(StoredFile.source) == source
    )
    if (await session.execute(query)).first() is None:
        session.add(
            StoredFile(
                channel=channel,
                source=source[:500],
                content_type=content_type[:100],
                next_attempt_at=now,
                created_at=now,
            )
        )


async def release_held(session: AsyncSession, *, channel: str, address: str, now: datetime) -> int:
    """The person wrote to us: messages held back for them may now be sent."""
    result = await session.execute(
        update(Outbox)
        .where(
            col(Outbox.channel) == channel,
            col(Outbox.address) == address,
            col(Outbox.status) == "held",
        )
        .values(status="pending", next_attempt_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def case_of_message(session: AsyncSession, *, channel: str, provider_id: str) -> Case | None:
    """The case a message we sent was about, found from the platform's id for it."""
    query = (
        select(Case)
        .join(Outbox, col(Outbox.case_id) == col(Case.id))
        .where(col(Outbox.channel) == channel, col(Outbox.provider_id) == provider_id)
    )
    return (await session.execute(query)).scalars().first()


async def identities_by_role(session: AsyncSession, *, bid_id: int, role: str) -> list[Identity]:
    """Every way to reach the members of a BID with `role` (its officers, say), in one query."""
    query = (
        select(Identity)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(col(Member.bid_id) == bid_id, col(Member.role) == role)
        .order_by(col(Identity.id))
    )
    return list((await session.execute(query)).scalars())


async def cases_of_reporter(session: AsyncSession, *, reporter_id: int, limit: int) -> list[Case]:
    """A reporter's most recent cases, newest first."""
    query = (
        select(Case)
        .where(col(Case.reporter_id) == reporter_id)
        .order_by(col(Case.created_at).desc(), col(Case.id).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


def _open(bid_id: int) -> ColumnElement[bool]:
    return (col(Case.bid_id) == bid_id) & (col(Case.status) != "closed")


async def count_open_cases(session: AsyncSession, *, bid_id: int) -> int:
    """How many of a BID's cases are not closed."""
    return int((await session.execute(select(func.count()).where(_open(bid_id)))).scalar_one())


async def open_cases(session: AsyncSession, *, bid_id: int, offset: int, limit: int) -> list[Case]:
    """One page of a BID's open cases, oldest first."""
    query = (
        select(Case)
        .where(_open(bid_id))
        .order_by(col(Case.created_at), col(Case.id))
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def cases_since(session: AsyncSession, *, bid_id: int, since: datetime) -> list[Case]:
    """A BID's cases created since `since`."""
    query = select(Case).where(col(Case.bid_id) == bid_id, col(Case.created_at) >= since)
    return list((await session.execute(query)).scalars())


async def overdue_cases(
    session: AsyncSession,
    *,
    kinds: Sequence[str],
    created_before: datetime,
    reminded_before: datetime,
) -> list[Case]:
    """Open cases of `kinds` nobody has acted on, not reminded lately; locked for update."""
    query = (
        select(Case)
        .where(
            col(Case.kind).in_(kinds),
            col(Case.status) != "closed",
            col(Case.last_police_action_at).is_(None),
            col(Case.created_at) <= created_before,
            or_(
                col(Case.last_reminder_at).is_(None),
                col(Case.last_reminder_at) <= reminded_before,
            ),
        )
        .order_by(col(Case.id))
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(query)).scalars())


def _id(row: Bid | Member | Case) -> int:
    assert row.id is not None, "row must be flushed first"
    return row.id
