"""Matching at filing time: a found item against open lost reports and recent stolen items, a
lost report or a crime's items against found items still held. SQL narrows by BID, category
and time; the matcher scores what is left, and only a clear winner alerts anyone."""

from __future__ import annotations

from datetime import timedelta

from flows import texts
from flows.model import Report
from flows.property import Features, alert_for, found_window, lost_window, rank, rank_lost
from flows.template import fill
from handlers.filing import after_filing
from handlers.property import records, returns
from handlers.turn import Turn
from storage import property as store
from storage.models import Bid, Case, PropertyItem

STOLEN_DAYS = 30  # stolen items of crime reports this recent are looked for


@after_filing
async def match_case(turn: Turn, case: Case, report: Report) -> None:
    """A found-property case becomes a held item; a crime report's items become stolen ones."""
    if case.kind == "found_property":
        await match_found(turn, await records.found_item(turn.session, case, turn.now))
        return
    for item in await records.stolen_items(turn.session, case, turn.now):
        await match_wanted(turn, item)


async def file_lost(turn: Turn, report: Report) -> PropertyItem:
    """Store a finished lost-property flow, give its reference, and look among found items."""
    member = turn.actor
    bid = await turn.session.get(Bid, member.bid_id)
    assert bid is not None
    item = await records.lost_item(
        turn.session,
        report,
        bid_id=bid.id or 0,
        bid_code=bid.code,
        owner_id=member.id or 0,
        shop_id=member.shop_id,
        now=turn.now,
    )
    await turn.reply(fill(texts.FILED_LOST, ref=item.ref, bid=bid.name))
    await match_wanted(turn, item)
    return item


async def match_found(turn: Turn, found: PropertyItem) -> None:
    """A newly found item against the lost reports and stolen items it may be."""
    features = records.features_of(found)
    window = lost_window(features)
    pool = await store.candidates(
        turn.session,
        bid_id=found.bid_id,
        sides=("lost", "stolen"),
        category=features.category,
        at_from=window.at_from,
        at_until=window.at_until,
        created_since=turn.now - timedelta(days=STOLEN_DAYS + 14),
    )
    read, owners = _read(pool)
    best = alert_for(rank_lost(features, read))
    if best is not None:
        await returns.matched(turn, found, owners[id(best.item)], best.match)


async def match_wanted(turn: Turn, wanted: PropertyItem) -> None:
    """A new lost report or stolen item against the found items still held."""
    features = records.features_of(wanted)
    window = found_window(features)
    pool = await store.candidates(
        turn.session,
        bid_id=wanted.bid_id,
        sides=("found",),
        category=features.category,
        at_from=window.at_from,
        at_until=window.at_until,
    )
    read, owners = _read(pool)
    best = alert_for(rank(features, read))
    if best is not None:
        await returns.matched(turn, owners[id(best.item)], wanted, best.match)


def _read(pool: list[PropertyItem]) -> tuple[list[Features], dict[int, PropertyItem]]:
    """Each candidate read, and which item each reading is of. Two items recorded alike share
    one reading; both stay in the list, so they tie and neither alerts."""
    read = [records.features_of(item) for item in pool]
    owners: dict[int, PropertyItem] = {}
    for features, item in zip(read, pool, strict=True):
        owners.setdefault(id(features), item)
    return read, owners
