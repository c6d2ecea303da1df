"""The life of property items: reminders, disposal after the BID's period, lost reports
expiring, the digest's figures and the retention of closed lost reports."""

from __future__ import annotations

from sqlalchemy import select

from flows.property import stored
from handlers.retention import ENTRIES, run
from storage import bids, retention
from storage.db import transaction
from storage.models import PropertyItem
from tests.handlers.property_support import FOUND_PURSE, LOST_PURSE, text
from tests.handlers.property_support import run as say_all
from tests.support import harness


async def _statuses(h) -> dict[str, str]:
    async with h.runtime.sessions() as session:
        rows = (await session.execute(select(PropertyItem))).scalars().all()
    return {i.ref: i.status for i in rows}


async def test_found_items_are_reminded_then_disposed_and_lost_reports_expire(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await say_all(h, "demo-staff", [*FOUND_PURSE, "send"])
        await say_all(h, "jo", ["lost", "keys", "three keys on a Chelsea keyring"])
        await say_all(h, "jo", ["Leicester Square", "just now", "send"])
        await h.inbox("demo-staff")
        await h.inbox("jo")
        clock.advance(days=26)
        await h.runtime.scheduler.tick()
        reminded = text(await h.inbox("demo-staff"))
        assert "WE-0001" in reminded and "may be disposed of after" in reminded
        await h.runtime.scheduler.tick()
        assert await h.inbox("demo-staff") == []  # reminded once
        clock.advance(days=3)
        await h.runtime.scheduler.tick()
        assert "now marked as disposed of" in text(await h.inbox("demo-staff"))
        clock.advance(days=2)
        await h.runtime.scheduler.tick()
        assert "open 30 days and is now closed" in text(await h.inbox("jo"))
        assert await _statuses(h) == {"WE-0001": "disposed", "WE-L-0001": "expired"}


async def test_the_retention_period_is_a_setting_per_bid(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        async with transaction(h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            assert bid is not None
            await retention.set_days(
                session, bid_id=bid.id, what="found_items", days=7, now=clock.now
            )
        await say_all(h, "demo-staff", [*FOUND_PURSE, "send"])
        clock.advance(days=8)
        await h.runtime.scheduler.tick()
        assert "held 7 days" in text(await h.inbox("demo-staff"))
        assert (await _statuses(h))["WE-0001"] == "disposed"


async def test_closed_lost_reports_lose_their_words_and_contact(sqlite_url, clock):
    assert {"found_items", "lost_reports"} <= set(ENTRIES)
    async with harness(sqlite_url, clock) as h:
        await say_all(h, "demo-staff", ["lost", "purse", "black purse", "Coventry Street"])
        await say_all(h, "demo-staff", ["just now", "Mrs Jo Bloggs, 07700 900123", "send"])
        clock.advance(days=31)
        await h.runtime.scheduler.tick()
        clock.advance(days=91)
        await run(h.runtime.sessions, now=clock.now)
        async with h.runtime.sessions() as session:
            item = (await session.execute(select(PropertyItem))).scalar_one()
        assert item.status == "expired" and item.text == "" and item.contact is None
        assert item.category == "wallet"


async def test_the_digest_counts_found_matched_and_returned(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await say_all(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        await say_all(h, "demo-staff", [*FOUND_PURSE, "send"])
        await h.say("jo", "leather")
        await h.say("demo-staff", "yes")
        await h.say("demo-staff", "returned WE-0001")
        clock.advance(minutes=5)
        digest = text(await h.say("demo-manager", "digest 7"))
        assert "Property: 1 (was 0) found, 1 (was 0) matched, 1 (was 0) returned" in digest


async def test_an_item_stored_before_readings_is_matched_and_then_read_by_the_scheduler(
    database_url, clock
):
    async with harness(database_url, clock) as h:
        await say_all(h, "demo-staff", [*FOUND_PURSE, "send"])
        async with transaction(h.runtime.sessions) as session:
            [item] = (await session.execute(select(PropertyItem))).scalars().all()
            # As migration 0012 leaves a row written before it: no stored reading.
            item.features, item.marks, item.traits, item.reading = "", 0, 0, 0
        clock.advance(hours=1)
        filed = await say_all(h, "jo", [*LOST_PURSE, "send"])
        assert "may have been handed in" in text(filed + await h.inbox("jo"))
        await h.runtime.scheduler.tick()
        async with h.runtime.sessions() as session:
            item = (await session.execute(select(PropertyItem))).scalars().first()
        assert item is not None and item.reading == stored.READING
        assert item.features and item.marks and item.traits
