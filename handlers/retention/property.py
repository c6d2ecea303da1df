"""Property: found items are held for the BID's period, and closed lost reports' words and
contact details are removed after theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.property.jobs import FOUND_DAYS, FOUND_ITEMS, dispose
from handlers.retention.registry import Due, Retained, register
from storage import property as store
from storage import retention
from storage.models import PropertyItem


async def find_found(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    assert bid_id is not None
    held = await store.held_before(session, bid_id=bid_id, before=cutoff)
    return [
        Due(
            row_id=i.id or 0,
            label=f"{i.ref} (held since {i.created_at.date().isoformat()})",
            removes="marked disposed of",
        )
        for i in held[:limit]
    ]


async def remove_found(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    """The scheduler's property job disposes of items (and tells the holder) first; this
    catches any left, for `shopwatch retention` run by hand."""
    item = await session.get(PropertyItem, due.row_id)
    if item is not None and item.status == "held":
        await dispose(session, item, now=now)
    return []


FOUND_ITEMS_ENTRY = register(
    Retained(
        what=FOUND_ITEMS,
        label="found property held",
        since="after it was recorded",
        default_days=FOUND_DAYS,
        find=find_found,
        remove=remove_found,
    )
)


async def find_lost(
    session: AsyncSession, bid_id: int | None, cutoff: datetime, limit: int | None
) -> list[Due]:
    assert bid_id is not None
    closed = await store.lost_closed_before(session, bid_id=bid_id, before=cutoff, limit=limit)
    return [
        Due(
            row_id=i.id or 0,
            label=f"{i.ref} ({i.status} {i.updated_at.date().isoformat()})",
            removes="description, customer's contact",
        )
        for i in closed
    ]


async def remove_lost(session: AsyncSession, due: Due, now: datetime) -> list[str]:
    item = await session.get(PropertyItem, due.row_id)
    if item is None:
        return []
    # The category, place, time and status stay: the digest still counts them.
    item.text, item.contact, item.updated_at = "", None, now
    store.forget_reading(item)
    await retention.mark(session, what="lost_report", row_id=due.row_id, now=now)
    return []


LOST_REPORTS = register(
    Retained(
        what="lost_reports",
        label="closed lost property reports' details",
        since="after closing",
        default_days=90,
        find=find_lost,
        remove=remove_lost,
    )
)
