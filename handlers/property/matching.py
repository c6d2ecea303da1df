"""Matching at filing time: a found item against open lost reports and recent stolen items, a
lost report or a crime's items against found items still held. SQL narrows by BID, category
and time; the matcher scores what is left, and only a clear winner alerts anyone."""

from __future__ import annotations

import heapq
import math
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from flows import texts
from flows.model import Report
from flows.property import (
    Features,
    Match,
    Ranked,
    alert_for,
    bound,
    found_window,
    lost_window,
    score,
    stored,
    weigh,
)
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


async def rematch_case(turn: Turn, case: Case, note: str) -> None:
    """A note added to a filed case: a found item is read again with it, a crime report's
    stolen items are read again or added, and each is matched again (a pair already matched
    or rejected is not raised again: see `returns.matched`)."""
    if not note.strip():
        return
    if case.kind != "found_property":
        for item in await records.stolen_additions(turn.session, case, note, turn.now):
            await match_wanted(turn, item)
        return
    for item in await store.items_of_case(turn.session, case_id=case.id or 0):
        if item.side != "found" or item.status != "held":
            continue
        item.text = f"{item.text}. {note}"[:500]
        records.store_reading(item)
        item.updated_at = turn.now
        await match_found(turn, item)


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
    best = await best_wanted(turn.session, found, now=turn.now)
    if best is not None:
        await returns.matched(turn, found, best[0], best[1])


async def match_wanted(turn: Turn, wanted: PropertyItem) -> None:
    """A new lost report or stolen item against the found items still held."""
    best = await best_found(turn.session, wanted)
    if best is not None:
        await returns.matched(turn, best[0], wanted, best[1])


async def best_wanted(
    session: AsyncSession, found: PropertyItem, *, now: datetime
) -> tuple[PropertyItem, Match] | None:
    """The lost report or stolen item a found item clearly is, if any."""
    features = records.features_of(found)
    window = lost_window(features)
    rows = await store.candidate_bounds(
        session,
        bid_id=found.bid_id,
        sides=("lost", "stolen"),
        category=features.category,
        at_from=window.at_from,
        at_until=window.at_until,
        created_since=now - timedelta(days=STOLEN_DAYS + 14),
        colour_mask=window.colour_mask,
    )
    return await _clear_winner(session, features, rows, is_found=True)


async def best_found(
    session: AsyncSession, wanted: PropertyItem
) -> tuple[PropertyItem, Match] | None:
    """The held found item a lost report or stolen item clearly is, if any: SQL narrows by
    BID, category and time; the matcher weighs what is left."""
    features = records.features_of(wanted)
    rows = await found_candidates(session, features, bid_id=wanted.bid_id)
    return await _clear_winner(session, features, rows, is_found=False)


async def found_candidates(
    session: AsyncSession, features: Features, *, bid_id: int
) -> list[store.Bounds]:
    """The held found items SQL keeps for `features`: same BID and category, found in the
    time window, of a colour it could be."""
    window = found_window(features)
    return await store.candidate_bounds(
        session,
        bid_id=bid_id,
        sides=("found",),
        category=features.category,
        at_from=window.at_from,
        at_until=window.at_until,
        # Lossy, but measured to cost almost no recall (bench/property_match.py), and it
        # halves what is weighed: items of no recorded colour are always kept.
        colour_mask=window.colour_mask,
    )


WEIGH_BATCH = 200  # candidates read and weighed per query, highest bound first


async def _clear_winner(
    session: AsyncSession, new: Features, rows: list[store.Bounds], *, is_found: bool
) -> tuple[PropertyItem, Match] | None:
    """The alert a full ranking of `rows` against `new` would send, weighing only the
    candidates whose bound could change it (flows/property/bound.py), best bound first."""
    profile = bound.profile(new, is_found=is_found)
    bounded: list[tuple[float, int]] = []
    for row_id, at, latitude, longitude, colours, marks, traits, reading in rows:
        if reading != stored.READING:
            bounded.append((math.inf, row_id))  # not read by this reader: weigh it
            continue
        xy = bound.xy_of(latitude, longitude)
        ceiling = bound.bound(profile, at, xy, colours, marks, traits)
        if ceiling >= bound.LEAST:  # no floor asked for below is lower
            bounded.append((ceiling, row_id))
    bounded.sort(key=lambda pair: -pair[0])
    weighed: list[tuple[float, int, Features]] = []
    best: float | None = None
    start = 0
    while start < len(bounded) and bounded[start][0] >= bound.floor_for(best):
        floor = bound.floor_for(best)
        end = start
        while end < len(bounded) and end - start < WEIGH_BATCH and bounded[end][0] >= floor:
            end += 1
        ids = [row_id for _, row_id in bounded[start:end]]
        for row in await store.candidate_facts(session, ids=ids):
            candidate = records.read_row(*row[1:])
            weight = weigh(new, candidate) if is_found else weigh(candidate, new)
            if weight is not None:
                weighed.append((weight, row[0] or 0, candidate))
                best = weight if best is None else max(best, weight)
        start = end
    # Two items recorded alike weigh the same; both stay in, so they tie and neither alerts.
    top = heapq.nlargest(2, weighed, key=lambda t: t[0])
    ranked = [Ranked(c, score(new, c) if is_found else score(c, new)) for _, _, c in top]
    chosen = alert_for(ranked)
    if chosen is None:
        return None
    item = await session.get(PropertyItem, top[0][1])
    return (item, chosen.match) if item is not None else None
