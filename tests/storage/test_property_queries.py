"""Property queries on every backend: the prefilter, numbering, matches and counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import bids, property
from storage.db import make_engine, make_sessions, transaction
from storage.models import PropertyItem, PropertyMatch

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


def _item(bid_id: int, side: str, number: int, category: str, hours: float, status: str):
    return PropertyItem(
        bid_id=bid_id,
        side=side,
        ref=f"WE-{side[0].upper()}-{number:04d}",
        number=number,
        category=category,
        text="black purse",
        at=NOW + timedelta(hours=hours),
        status=status,
        created_at=NOW + timedelta(hours=hours),
    )


async def test_the_prefilter_keeps_one_bid_side_category_window_and_open_status(sessions):
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End", streets=[])
        other = await bids.create_bid(session, code="SO", name="Soho", streets=[])
        bid_id, other_id = bid.id or 0, other.id or 0
        assert await property.next_number(session, bid_id=bid_id, side="lost") == 1
        for item in (
            _item(bid_id, "found", 1, "wallet", 0, "held"),
            _item(bid_id, "found", 2, "wallet", -200, "held"),  # outside the window
            _item(bid_id, "found", 3, "phone", 0, "held"),  # another category
            _item(bid_id, "found", 4, "wallet", 1, "returned"),  # no longer held
            _item(other_id, "found", 5, "wallet", 0, "held"),  # another BID
            _item(bid_id, "lost", 1, "wallet", -1, "open"),
        ):
            await property.add_item(session, item)
        assert await property.next_number(session, bid_id=bid_id, side="lost") == 2
    async with sessions() as session:
        got = await property.candidate_bounds(
            session,
            bid_id=bid_id,
            sides=["found"],
            category="wallet",
            at_from=NOW - timedelta(days=2),
            at_until=NOW + timedelta(days=14),
        )
        assert len(got) == 1
        facts = await property.candidate_facts(session, ids=[got[0][0]])
        assert [row[2] for row in facts] == ["black purse"]
        assert abs(got[0][1] - NOW.timestamp()) < 0.01  # epoch seconds
        lost = await property.item_by_ref(session, ref="we-l-0001")
        assert lost is not None and lost.side == "lost"


async def test_matches_and_counts(sessions):
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End", streets=[])
        bid_id = bid.id or 0
        found = await property.add_item(session, _item(bid_id, "found", 1, "wallet", 0, "held"))
        lost = await property.add_item(session, _item(bid_id, "lost", 1, "wallet", -1, "open"))
        await property.add_match(
            session,
            PropertyMatch(
                bid_id=bid_id,
                found_id=found.id or 0,
                other_id=lost.id or 0,
                score=0.95,
                state="confirmed",
                code="K7P2QX",
                created_at=NOW,
            ),
        )
        found.status = "returned"
        found.updated_at = NOW
    async with sessions() as session:
        assert await property.match_by_code(session, bid_id=bid_id, code="k7p2qx") is not None
        assert len(await property.matches_of(session, item_ids=[lost.id or 0])) == 1
        counts = await property.counts_between(
            session, bid_id=bid_id, start=NOW - timedelta(days=1), end=NOW + timedelta(days=1)
        )
        assert counts == {"found": 1, "matched": 1, "returned": 1}
