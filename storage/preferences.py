"""Members' preferences (topics, kinds, streets, quiet hours, digest), stop and start, and
whether someone can be reached at all. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.attached import shapes
from storage.driver import driver_of
from storage.identities import current_with_role
from storage.models import Identity, Member, MemberPreference, Outbox, ScheduledPush

Unreachable = Literal["stopped", "left", "unreachable"]


async def preference_of(session: AsyncSession, *, member_id: int) -> MemberPreference | None:
    query = select(MemberPreference).where(col(MemberPreference.member_id) == member_id)
    return (await session.execute(query)).scalar_one_or_none()


async def own_preference(
    session: AsyncSession, *, member_id: int, now: datetime
) -> MemberPreference:
    """The member's preferences row, created with the defaults if they have none yet."""
    found = await preference_of(session, member_id=member_id)
    if found is not None:
        return found
    row = MemberPreference(member_id=member_id, updated_at=now)
    session.add(row)
    await session.flush()
    return row


AudienceRow = tuple[Identity, Member, MemberPreference | None]

_IDENTITY: Table = Identity.__table__  # type: ignore[attr-defined]
_MEMBER: Table = Member.__table__  # type: ignore[attr-defined]
_PREFERENCE: Table = MemberPreference.__table__  # type: ignore[attr-defined]
# Built once, on the tables, and run on the driver with the rows made into the session's
# objects (storage.attached): every push reads its audience, and building the query anew, or
# the ORM's loading of three entities a person, cost more than running it.
_AUDIENCE = (
    select(_IDENTITY, _MEMBER, _PREFERENCE)
    .select_from(
        _IDENTITY.join(_MEMBER, _MEMBER.c.id == _IDENTITY.c.member_id).outerjoin(
            _PREFERENCE, _PREFERENCE.c.member_id == _MEMBER.c.id
        )
    )
    .order_by(_IDENTITY.c.id)
)
_WITH_ROLE = _AUDIENCE.where(current_with_role(bindparam("bid_id"), bindparam("role")))
_SHAPES = shapes(Identity, Member, MemberPreference)
# The driver takes no expanding list: identities are read in lists of these sizes, the last
# id repeated to fill one (an IN list minds no repeats), so a few statements serve any push.
_LIST_SIZES = (1, 4, 16, 64, 256)


@lru_cache(maxsize=len(_LIST_SIZES))
def _of_identities(size: int) -> Any:
    return _AUDIENCE.where(_IDENTITY.c.id.in_([bindparam(f"id_{n}") for n in range(size)]))


async def audience(session: AsyncSession, *, identity_ids: Sequence[int]) -> list[AudienceRow]:
    """Each identity with its member and preferences (for the push gate), in identity order."""
    ids = sorted(set(identity_ids))
    rows: list[AudienceRow] = []
    biggest = _LIST_SIZES[-1]
    for start in range(0, len(ids), biggest):
        part = ids[start : start + biggest]
        size = next(size for size in _LIST_SIZES if size >= len(part))
        filled = part + part[-1:] * (size - len(part))
        values = {f"id_{n}": identity_id for n, identity_id in enumerate(filled)}
        rows += await _rows(session, _of_identities(size), values)
    return rows


async def audience_with_role(
    session: AsyncSession, *, bid_id: int, role: str
) -> list[AudienceRow]:
    """Every way to reach the BID's current members with `role`, each with its member and
    preferences: the push gate's rows, in the round trip that finds them."""
    return await _rows(session, _WITH_ROLE, {"bid_id": bid_id, "role": role})


async def _rows(session: AsyncSession, query: Any, values: dict[str, Any]) -> list[AudienceRow]:
    if session.new or session.dirty or session.deleted:
        await session.flush()  # as the ORM's own query would: the driver's sees only the database
    driver = await driver_of(session)
    identity, member, preference = _SHAPES
    return [
        (
            identity.attach(session, row),
            member.attach(session, row),
            preference.attach(session, row),
        )
        for row in await driver.select(query, values)
    ]


async def set_stopped(session: AsyncSession, *, identity_id: int, at: datetime | None) -> None:
    """`at` set: nothing is sent to this identity until they send start; None: start again."""
    await session.execute(
        update(Identity).where(col(Identity.id) == identity_id).values(stopped_at=at)
    )


async def cannot_reach(session: AsyncSession, *, member_id: int) -> Unreachable | None:
    """Why nothing sent to this member would arrive (for officers reading a case), or None.

    "left": unregistered or removed; "stopped": they sent stop on every channel they have;
    "unreachable": the platforms refuse every one of their addresses.
    """
    member = await session.get(Member, member_id)
    if member is None or member.removed_at is not None:
        return "left"
    query = select(Identity).where(col(Identity.member_id) == member_id)
    found = list((await session.execute(query)).scalars())
    if not found or all(i.stopped_at is not None for i in found):
        return "stopped"
    if all(i.unreachable or i.stopped_at is not None for i in found):
        return "unreachable"
    return None


async def managers_due_digest(
    session: AsyncSession, *, roles: Sequence[str]
) -> list[tuple[Member, MemberPreference | None]]:
    """Every current manager with their digest choice (no row means the weekly default)."""
    query = (
        select(Member, MemberPreference)
        .outerjoin(MemberPreference, col(MemberPreference.member_id) == col(Member.id))
        .where(col(Member.role).in_(roles), col(Member.removed_at).is_(None))
        .order_by(col(Member.id))
    )
    return [(r[0], r[1]) for r in (await session.execute(query)).all()]


async def schedule_push(
    session: AsyncSession,
    *,
    identity_id: int,
    payload: dict[str, Any],
    due_at: datetime,
    case_id: int | None,
    now: datetime,
) -> None:
    session.add(
        ScheduledPush(
            identity_id=identity_id,
            case_id=case_id,
            payload=payload,
            due_at=due_at,
            created_at=now,
        )
    )


async def release_scheduled(session: AsyncSession, *, now: datetime) -> int:
    """Held-back pushes now due go to the outbox, except to people who have sent stop."""
    query = (
        select(ScheduledPush, Identity)
        .join(Identity, col(Identity.id) == col(ScheduledPush.identity_id))
        .where(col(ScheduledPush.due_at) <= now)
        .order_by(col(ScheduledPush.id))
        .with_for_update(skip_locked=True, of=ScheduledPush)
    )
    rows = (await session.execute(query)).all()
    queued = 0
    for held, identity in rows:
        if identity.stopped_at is None:
            session.add(
                Outbox(
                    identity_id=identity.id,
                    channel=identity.channel,
                    address=identity.address,
                    payload=held.payload,
                    case_id=held.case_id,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            queued += 1
        await session.delete(held)
    return queued
