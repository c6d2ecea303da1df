"""The life of property items, run by the scheduler: holders reminded before a found item's
retention period ends, found items disposed of after it (28 days by default, per BID:
`shopwatch retention --bid WE --set found_items=14`), lost reports closed after 30 days."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from flows.format import format_time
from flows.template import fill
from handlers import delivery
from handlers.property import records
from handlers.property.returns import TOPIC, category_words
from handlers.turn import payload_of
from storage import identities, retention
from storage import property as store
from storage.db import Sessions, transaction
from storage.models import Bid, Identity, PropertyItem

log = logging.getLogger(__name__)

FOUND_ITEMS = "found_items"  # the retention setting: days a found item is held
FOUND_DAYS = 28
REMIND_BEFORE = timedelta(days=3)
LOST_DAYS = 30
OPEN_MATCHES = ("asked", "answered", "officer")


async def found_days(session: AsyncSession, bid_id: int) -> int:
    """How long the BID holds found items: its own setting, else every BID's, else 28 days."""
    rules = await retention.rules(session)
    return rules.get((bid_id, FOUND_ITEMS), rules.get((None, FOUND_ITEMS), FOUND_DAYS))


async def _push(
    session: AsyncSession, people: list[Identity], text: str, *, now: datetime, tz: ZoneInfo
) -> int:
    payload = payload_of(text, push=True, topic=TOPIC)
    queued = await delivery.push(session, people, payload, now=now, tz=tz, topic_name=TOPIC)
    return len(queued)


async def _holders(session: AsyncSession, item: PropertyItem) -> list[Identity]:
    if item.held_by == "police" or item.shop_id is None:
        return await identities.identities_by_role(session, bid_id=item.bid_id, role="officer")
    return await store.staff_identities(session, shop_id=item.shop_id)


async def dispose(session: AsyncSession, item: PropertyItem, *, now: datetime) -> None:
    """Mark a found item disposed of, and close what was still open about it."""
    item.status, item.updated_at = "disposed", now
    for row in await store.matches_of(session, item_ids=[item.id or 0], states=OPEN_MATCHES):
        row.state, row.updated_at = "closed", now


async def run_lifecycle(sessions: Sessions, *, now: datetime, tz: ZoneInfo) -> int:
    """One pass over every BID; returns how many messages were queued."""
    queued = 0
    async with transaction(sessions) as session:
        for bid in (await session.execute(select(Bid))).scalars():
            queued += await _found(session, bid, now=now, tz=tz)
        queued += await _lost(session, now=now, tz=tz)
        # Items stored before readings were, or read by an older reader: matched from their
        # text (slower) until this stores what the current reader makes of them.
        await records.refresh_readings(session)
    return queued


async def _found(session: AsyncSession, bid: Bid, *, now: datetime, tz: ZoneInfo) -> int:
    days = await found_days(session, bid.id or 0)
    period = timedelta(days=days)
    queued = 0
    for item in await store.held_before(session, bid_id=bid.id or 0, before=now - period):
        await dispose(session, item, now=now)
        text = fill(
            texts.HOLDER_DISPOSE,
            ref=item.ref,
            category=category_words(item),
            days=days,
            bid=bid.name,
        )
        queued += await _push(session, await _holders(session, item), text, now=now, tz=tz)
    remind_from = now - period + REMIND_BEFORE
    due = await store.held_before(session, bid_id=bid.id or 0, before=remind_from, unreminded=True)
    for item in due:
        item.reminded_at = now
        text = fill(
            texts.HOLDER_REMINDER,
            ref=item.ref,
            category=category_words(item),
            when=format_time(item.created_at, tz),
            until=format_time(item.created_at + period, tz),
            bid=bid.name,
        )
        queued += await _push(session, await _holders(session, item), text, now=now, tz=tz)
    return queued


async def _lost(session: AsyncSession, *, now: datetime, tz: ZoneInfo) -> int:
    queued = 0
    for item in await store.open_lost_before(session, before=now - timedelta(days=LOST_DAYS)):
        item.status, item.updated_at = "expired", now
        for row in await store.matches_of(session, item_ids=[item.id or 0], states=OPEN_MATCHES):
            row.state, row.updated_at = "closed", now
        if item.owner_id is None:
            continue
        owners = await identities.identities_of(session, member_ids=[item.owner_id])
        text = fill(texts.OWNER_EXPIRED, ref=item.ref, category=category_words(item))
        queued += await _push(session, owners, text, now=now, tz=tz)
    return queued
