"""BIDs as a whole."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import (
    Bid,
    Shop,
    Street,
)
from storage.types import row_id


async def any_bid(session: AsyncSession) -> bool:
    """Whether the database has a BID at all."""
    return (await session.execute(select(col(Bid.id)).limit(1))).first() is not None


async def first_bid(session: AsyncSession) -> Bid | None:
    """The BID made first (where a stranger's lost report goes when they name none)."""
    query = select(Bid).order_by(col(Bid.id)).limit(1)
    return (await session.execute(query)).scalar_one_or_none()


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
    await add_streets(session, bid_id=row_id(bid), streets=streets)
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


_STREETS_OF = (
    select(Street).where(col(Street.bid_id) == bindparam("bid_id")).order_by(col(Street.id))
)


async def streets_of(session: AsyncSession, *, bid_id: int) -> list[Street]:
    return list((await session.execute(_STREETS_OF, {"bid_id": bid_id})).scalars())


async def shop_by_name(session: AsyncSession, *, bid_id: int, name: str) -> Shop | None:
    query = select(Shop).where(
        col(Shop.bid_id) == bid_id, func.lower(col(Shop.name)) == name.lower()
    )
    return (await session.execute(query)).scalar_one_or_none()


async def create_shop(
    session: AsyncSession, *, bid_id: int, name: str, street: str, hours: str | None = None
) -> Shop:
    shop = Shop(bid_id=bid_id, name=name, street=street, opening_hours=hours)
    session.add(shop)
    await session.flush()
    return shop


async def bids_with_bots(session: AsyncSession) -> list[Bid]:
    """The BIDs with a Telegram bot or WhatsApp sender of their own, in the order made."""
    query = (
        select(Bid)
        .where(col(Bid.telegram_token).is_not(None) | col(Bid.whatsapp_from).is_not(None))
        .order_by(col(Bid.id))
    )
    return list((await session.execute(query)).scalars())
