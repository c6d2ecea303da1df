"""Found, lost and stolen property and their matches. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Executable, Float, Integer, String, bindparam, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col

from storage.models import Identity, Member, PropertyItem, PropertyMatch

# What each side's items are while they can still be matched.
OPEN = {"found": ("held",), "lost": ("open",), "stolen": ("open",)}


async def next_number(session: AsyncSession, *, bid_id: int, side: str) -> int:
    """The next number of `side` in the BID (the unique constraint catches a race)."""
    query = select(func.max(col(PropertyItem.number))).where(
        col(PropertyItem.bid_id) == bid_id, col(PropertyItem.side) == side
    )
    return int((await session.execute(query)).scalar_one() or 0) + 1


async def add_item(session: AsyncSession, item: PropertyItem) -> PropertyItem:
    """Store a new item and give it its id."""
    session.add(item)
    await session.flush()
    return item


async def item_by_ref(session: AsyncSession, *, ref: str) -> PropertyItem | None:
    query = select(PropertyItem).where(col(PropertyItem.ref) == ref.upper())
    return (await session.execute(query)).scalar_one_or_none()


async def items_of_case(session: AsyncSession, *, case_id: int) -> list[PropertyItem]:
    query = select(PropertyItem).where(col(PropertyItem.case_id) == case_id)
    return list((await session.execute(query.order_by(col(PropertyItem.id)))).scalars())


def as_utc(raw: object) -> datetime:
    """A candidate's raw `at` as an aware UTC datetime."""
    if isinstance(raw, datetime):
        return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
    return datetime.fromisoformat(str(raw)).replace(tzinfo=UTC)


class _epoch(FunctionElement[float]):
    """A timestamp column as seconds since the epoch, worked out by the database."""

    type = Float()
    inherit_cache = True


@compiles(_epoch)
def _epoch_sqlite(element: _epoch, compiler: Any, **kw: Any) -> str:
    # SQLite keeps UTC times as text; julianday reads them.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(_epoch, "postgresql")
def _epoch_postgresql(element: _epoch, compiler: Any, **kw: Any) -> str:
    return f"CAST(extract(epoch from {compiler.process(element.clauses, **kw)}) AS FLOAT)"


# The first pass over candidates, from the prefilter index alone: id, `at` as epoch seconds,
# latitude, longitude, colour_mask, marks, traits, reading.
Bounds = tuple[int, float, float | None, float | None, int, int, int, int]
# What the matcher reads of a candidate it weighs: id, ItemFacts' fields in order (`at` as the
# driver gives it, a string on SQLite, a datetime on PostgreSQL: see `as_utc`), then the
# stored features and the reader that stored them.
Facts = tuple[int | None, str, str, str | None, float | None, float | None, str, str, int]


@lru_cache(maxsize=64)
def _bounds_query(
    sides: tuple[str, ...], since: bool, until: bool, created: bool, colours: bool
) -> Executable:
    """The prefilter, built once per shape (building it costs more than running it)."""
    statuses = sorted({s for side in sides for s in OPEN[side]})
    query = select(
        col(PropertyItem.id),
        _epoch(col(PropertyItem.at)),
        col(PropertyItem.latitude),
        col(PropertyItem.longitude),
        col(PropertyItem.colour_mask),
        col(PropertyItem.marks),
        col(PropertyItem.traits),
        col(PropertyItem.reading),
    ).where(
        col(PropertyItem.bid_id) == bindparam("bid_id"),
        col(PropertyItem.side).in_(sides),
        col(PropertyItem.category) == bindparam("category"),
        col(PropertyItem.status).in_(statuses),
    )
    if since:
        query = query.where(col(PropertyItem.at) >= bindparam("at_from"))
    if until:
        query = query.where(col(PropertyItem.at) <= bindparam("at_until"))
    if created:
        query = query.where(col(PropertyItem.created_at) >= bindparam("created_since"))
    if colours:
        mask = col(PropertyItem.colour_mask)
        query = query.where((mask == 0) | (mask.op("&")(bindparam("colours")) != 0))
    return query.order_by(col(PropertyItem.at).desc()).limit(bindparam("limit", type_=Integer))


async def candidate_bounds(
    session: AsyncSession,
    *,
    bid_id: int,
    sides: Sequence[str],
    category: str,
    at_from: datetime | None,
    at_until: datetime | None,
    created_since: datetime | None = None,
    colour_mask: int = 0,
    limit: int = 20_000,
) -> list[Bounds]:
    """The prefilter as plain rows (no ORM objects: there may be thousands): open items of
    `sides` in the BID, of one category, in a time window; with `colour_mask`, only items of
    no recorded colour or sharing a colour family with it. Only columns of the index."""
    query = _bounds_query(
        tuple(sides),
        at_from is not None,
        at_until is not None,
        created_since is not None,
        bool(colour_mask),
    )
    params = {
        "bid_id": bid_id,
        "category": category,
        "at_from": at_from,
        "at_until": at_until,
        "created_since": created_since,
        "colours": colour_mask,
        "limit": limit,
    }
    await session.flush()  # the connection's own query does not flush the session
    connection = await session.connection()
    # Rows unpack as tuples; no copy of thousands of them into tuples.
    return cast(list[Bounds], (await connection.execute(query, params)).all())


_FACTS = select(
    col(PropertyItem.id),
    col(PropertyItem.category),
    col(PropertyItem.text),
    col(PropertyItem.street),
    col(PropertyItem.latitude),
    col(PropertyItem.longitude),
    type_coerce(col(PropertyItem.at), String),
    col(PropertyItem.features),
    col(PropertyItem.reading),
).where(col(PropertyItem.id).in_(bindparam("ids", expanding=True)))


async def candidate_facts(session: AsyncSession, *, ids: Sequence[int]) -> list[Facts]:
    """What the matcher weighs of these items, as plain rows."""
    if not ids:
        return []
    connection = await session.connection()
    return cast(list[Facts], (await connection.execute(_FACTS, {"ids": list(ids)})).all())


async def stale_readings(session: AsyncSession, *, reading: int, limit: int) -> list[PropertyItem]:
    """Open items whose stored reading is not the current reader's (or none)."""
    open_ = [s for statuses in OPEN.values() for s in statuses]
    query = (
        select(PropertyItem)
        .where(col(PropertyItem.reading) != reading, col(PropertyItem.status).in_(open_))
        .order_by(col(PropertyItem.id))
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def items_of_shop(
    session: AsyncSession, *, shop_id: int, side: str = "found", limit: int = 30
) -> list[PropertyItem]:
    """A shop's items of `side`, newest first."""
    query = (
        select(PropertyItem)
        .where(col(PropertyItem.shop_id) == shop_id, col(PropertyItem.side) == side)
        .order_by(col(PropertyItem.created_at).desc(), col(PropertyItem.id).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def items_of_owner(
    session: AsyncSession, *, owner_id: int, limit: int = 30
) -> list[PropertyItem]:
    """The lost reports a person made, newest first."""
    query = (
        select(PropertyItem)
        .where(col(PropertyItem.owner_id) == owner_id, col(PropertyItem.side) == "lost")
        .order_by(col(PropertyItem.created_at).desc(), col(PropertyItem.id).desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def add_match(session: AsyncSession, match: PropertyMatch) -> PropertyMatch:
    session.add(match)
    await session.flush()
    return match


async def match_between(
    session: AsyncSession, *, found_id: int, other_id: int
) -> PropertyMatch | None:
    query = select(PropertyMatch).where(
        col(PropertyMatch.found_id) == found_id, col(PropertyMatch.other_id) == other_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def matches_of(
    session: AsyncSession, *, item_ids: Sequence[int], states: Sequence[str] | None = None
) -> list[PropertyMatch]:
    """Matches that involve any of these items (on either side), oldest first."""
    if not item_ids:
        return []
    query = select(PropertyMatch).where(
        col(PropertyMatch.found_id).in_(item_ids) | col(PropertyMatch.other_id).in_(item_ids)
    )
    if states is not None:
        query = query.where(col(PropertyMatch.state).in_(states))
    return list((await session.execute(query.order_by(col(PropertyMatch.id)))).scalars())


async def waiting_for_owner(session: AsyncSession, *, owner_id: int) -> PropertyMatch | None:
    """The latest match whose verification question this owner has not answered yet."""
    query = (
        select(PropertyMatch)
        .join(PropertyItem, col(PropertyItem.id) == col(PropertyMatch.other_id))
        .where(col(PropertyItem.owner_id) == owner_id, col(PropertyMatch.state) == "asked")
        .order_by(col(PropertyMatch.updated_at).desc(), col(PropertyMatch.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def waiting_for_shop(session: AsyncSession, *, shop_id: int) -> PropertyMatch | None:
    """The latest match whose owner has answered, for the holding shop to decide."""
    query = (
        select(PropertyMatch)
        .join(PropertyItem, col(PropertyItem.id) == col(PropertyMatch.found_id))
        .where(col(PropertyItem.shop_id) == shop_id, col(PropertyMatch.state) == "answered")
        .order_by(col(PropertyMatch.updated_at).desc(), col(PropertyMatch.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def match_by_code(session: AsyncSession, *, bid_id: int, code: str) -> PropertyMatch | None:
    query = select(PropertyMatch).where(
        col(PropertyMatch.bid_id) == bid_id,
        col(PropertyMatch.code) == code.upper(),
        col(PropertyMatch.state) == "confirmed",
    )
    return (await session.execute(query)).scalar_one_or_none()


async def held_before(
    session: AsyncSession, *, bid_id: int, before: datetime, unreminded: bool = False
) -> list[PropertyItem]:
    """The BID's found items still held that were recorded before `before`, oldest first;
    with `unreminded`, only those whose holder has not been reminded yet."""
    query = select(PropertyItem).where(
        col(PropertyItem.bid_id) == bid_id,
        col(PropertyItem.side) == "found",
        col(PropertyItem.status) == "held",
        col(PropertyItem.created_at) < before,
    )
    if unreminded:
        query = query.where(col(PropertyItem.reminded_at).is_(None))
    return list((await session.execute(query.order_by(col(PropertyItem.id)))).scalars())


async def open_lost_before(session: AsyncSession, *, before: datetime) -> list[PropertyItem]:
    """Lost reports still open (no owner's match confirmed) made before `before`."""
    query = select(PropertyItem).where(
        col(PropertyItem.side) == "lost",
        col(PropertyItem.status) == "open",
        col(PropertyItem.created_at) < before,
    )
    return list((await session.execute(query.order_by(col(PropertyItem.id)))).scalars())


async def lost_closed_before(
    session: AsyncSession, *, bid_id: int, before: datetime, limit: int | None
) -> list[PropertyItem]:
    """The BID's lost reports closed (returned or expired) before `before` that still hold
    the owner's words or contact."""
    query = select(PropertyItem).where(
        col(PropertyItem.bid_id) == bid_id,
        col(PropertyItem.side) == "lost",
        col(PropertyItem.status).in_(("returned", "expired")),
        col(PropertyItem.updated_at) < before,
        (col(PropertyItem.text) != "") | col(PropertyItem.contact).is_not(None),
    )
    query = query.order_by(col(PropertyItem.updated_at), col(PropertyItem.id))
    if limit is not None:
        query = query.limit(limit)
    return list((await session.execute(query)).scalars())


async def counts_between(
    session: AsyncSession, *, bid_id: int, start: datetime, end: datetime
) -> dict[str, int]:
    """Found items recorded, matches made and items returned in the BID in [start, end)."""
    found = select(func.count()).where(
        col(PropertyItem.bid_id) == bid_id,
        col(PropertyItem.side) == "found",
        col(PropertyItem.created_at) >= start,
        col(PropertyItem.created_at) < end,
    )
    matched = select(func.count()).where(
        col(PropertyMatch.bid_id) == bid_id,
        col(PropertyMatch.created_at) >= start,
        col(PropertyMatch.created_at) < end,
    )
    returned = select(func.count()).where(
        col(PropertyItem.bid_id) == bid_id,
        col(PropertyItem.side) == "found",
        col(PropertyItem.status) == "returned",
        col(PropertyItem.updated_at) >= start,
        col(PropertyItem.updated_at) < end,
    )
    return {
        "found": int((await session.execute(found)).scalar_one()),
        "matched": int((await session.execute(matched)).scalar_one()),
        "returned": int((await session.execute(returned)).scalar_one()),
    }


async def staff_identities(session: AsyncSession, *, shop_id: int) -> list[Identity]:
    """Every way to reach the current staff of a shop (who hold its found property)."""
    query = (
        select(Identity)
        .join(Member, col(Member.id) == col(Identity.member_id))
        .where(
            col(Member.shop_id) == shop_id,
            col(Member.role) == "staff",
            col(Member.removed_at).is_(None),
        )
        .order_by(col(Identity.id))
    )
    return list((await session.execute(query)).scalars())


async def waiting_for_officer(session: AsyncSession, *, bid_id: int) -> PropertyMatch | None:
    """The BID's latest stolen-property match that an officer has not decided on yet."""
    query = (
        select(PropertyMatch)
        .where(col(PropertyMatch.bid_id) == bid_id, col(PropertyMatch.state) == "officer")
        .order_by(col(PropertyMatch.updated_at).desc(), col(PropertyMatch.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def forget_owner(session: AsyncSession, *, owner_id: int, now: datetime) -> int:
    """A forgotten person's lost reports keep only category, place, time and status."""
    query = select(PropertyItem).where(col(PropertyItem.owner_id) == owner_id)
    items = list((await session.execute(query)).scalars())
    for item in items:
        item.text, item.contact, item.updated_at = "", None, now
        forget_reading(item)
    return len(items)


def forget_reading(item: PropertyItem) -> None:
    """The stored reading goes with the words it was read from (it holds names, digits)."""
    item.features, item.marks, item.traits, item.reading = "", 0, 0, 0


async def waiting_for_police(session: AsyncSession, *, bid_id: int) -> PropertyMatch | None:
    """The BID's latest answered match of an item the police hold, for an officer to decide."""
    query = (
        select(PropertyMatch)
        .join(PropertyItem, col(PropertyItem.id) == col(PropertyMatch.found_id))
        .where(
            col(PropertyMatch.bid_id) == bid_id,
            col(PropertyItem.held_by) == "police",
            col(PropertyMatch.state) == "answered",
        )
        .order_by(col(PropertyMatch.updated_at).desc(), col(PropertyMatch.id).desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()
