"""Matching one new lost report against 100,000 held found items stored in the database.

The product's own path (handlers.property.matching.best_found): the SQL prefilter on BID, side,
category, status and a time window (index ix_property_prefilter), the rows read without ORM
objects, their features (remembered across calls, as in a running service), then weighing and
ranking. The held items are the found side of tests/data/property_pairs.json and its
distractors, repeated to 100,000 and spread over the last 90 days; each query is one lost
description of the labelled set, lost within the last 12 days.
Wall time is printed, and this process's CPU time beside it: the machine the figures in the
README were taken on was shared (load 4-5 on 2 cores), which inflates wall time.
Run: .venv/bin/python -m bench.property_store [sqlite|postgres ...]
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from bench._common import fresh_database, show, summary
from bench.property_match import DATA, HELD_DAYS, HELD_ITEMS, facts
from flows.property import ItemFacts, alert_for, extract, rank, stored
from handlers.property import matching, records
from storage import bids
from storage import property as store
from storage.db import make_engine, make_sessions, transaction
from storage.models import PropertyItem

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
QUERIES = 300
BATCH = 5_000


def _held_rows(bid_id: int, rng: random.Random) -> list[dict[str, object]]:
    data = json.loads(DATA.read_text())
    sides = [p["found"] for p in data["pairs"]] + list(data["distractors"])
    rows: list[dict[str, object]] = []
    for n in range(HELD_ITEMS):
        side = sides[n % len(sides)]
        at = NOW - timedelta(seconds=rng.uniform(0, HELD_DAYS * 86400))
        item = facts(side)
        read = ItemFacts(item.category, item.text, item.street, item.latitude, item.longitude, at)
        features, kept = stored.reading_of(read)
        rows.append(
            {
                "bid_id": bid_id,
                "side": "found",
                "ref": f"WE-{n + 1:06d}",
                "number": n + 1,
                "held_by": "shop",
                "category": features.category,
                "text": item.text[:500],
                "street": item.street,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "at": at,
                "colour_mask": features.colour_mask,
                "features": kept.features,
                "marks": kept.marks,
                "traits": kept.traits,
                "reading": kept.reading,
                "status": "held",
                "created_at": at,
                "updated_at": at,
            }
        )
    return rows


def _queries(bid_id: int, rng: random.Random) -> list[PropertyItem]:
    data = json.loads(DATA.read_text())
    lost = [p["lost"] for p in data["pairs"]]
    rng.shuffle(lost)
    out = []
    for side in lost[:QUERIES]:
        item = facts(side)
        at = NOW - timedelta(seconds=rng.uniform(0, 12 * 86400))
        out.append(
            PropertyItem(
                bid_id=bid_id,
                side="lost",
                ref="WE-L-0000",
                number=0,
                category=extract(item).category,
                text=item.text,
                street=item.street,
                latitude=item.latitude,
                longitude=item.longitude,
                at=at,
                status="open",
            )
        )
    return out


async def _check(session: AsyncSession, queries: list[PropertyItem]) -> tuple[int, float]:
    """How many queries the product's bounded search answers as ranking every candidate
    would, and the share of candidates it weighed."""
    same = total = weighed = 0
    fetch = store.candidate_facts
    seen: list[int] = []

    async def counting(session: AsyncSession, *, ids: Sequence[int]) -> list[store.Facts]:
        seen.append(len(ids))
        return await fetch(session, ids=ids)

    for query in queries:
        features = records.features_of(query)
        rows = await matching.found_candidates(session, features, bid_id=query.bid_id)
        every = await fetch(session, ids=[row[0] for row in rows])
        read = [records.read_row(*row[1:]) for row in every]
        full = alert_for(rank(features, read))
        want = every[read.index(full.item)][0] if full is not None else None
        matching.store.candidate_facts = counting
        try:
            got = await matching.best_found(session, query)
        finally:
            matching.store.candidate_facts = fetch
        same += (got[0].id if got is not None else None) == want
        total += len(rows)
    weighed = sum(seen)
    return same, 100 * weighed / max(1, total)


async def one_backend(backend: str) -> None:
    rng = random.Random(10)
    async with fresh_database(backend) as url:
        engine = make_engine(url)
        sessions = make_sessions(engine)
        try:
            async with transaction(sessions) as session:
                bid = await bids.create_bid(session, code="WE", name="West End", streets=[])
                bid_id = bid.id or 0
            t0 = time.perf_counter()
            rows = _held_rows(bid_id, rng)
            for start in range(0, len(rows), BATCH):
                async with transaction(sessions) as session:
                    await session.execute(insert(PropertyItem), rows[start : start + BATCH])
            print(
                f"{backend}: {len(rows):,} held items stored in {time.perf_counter() - t0:.0f} s"
            )
            # The bulk load's 100,000 dicts are not the service's: kept alive, each of Python's
            # full garbage collections would walk them inside a timed query.
            del rows
            gc.collect()
            if backend == "postgres":
                # What autovacuum does soon after a bulk load: the visibility map that lets
                # the first pass read the index alone.
                async with engine.connect() as conn:
                    conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                    await conn.exec_driver_sql("VACUUM ANALYZE property_item")
            queries = _queries(bid_id, rng)
            records.read.cache_clear()
            records.read_row.cache_clear()
            async with sessions() as session:
                same, weighed = await _check(session, queries)
            print(
                f"  {backend}: the alert sent is the one a full ranking sends for {same} of "
                f"{len(queries)} queries; {weighed:.1f}% of candidates weighed"
            )
            for label in ("fresh process (nothing read yet)", "warm (readings remembered)"):
                if label.startswith("fresh"):
                    records.read.cache_clear()
                    records.read_row.cache_clear()
                took, cpu, alerts = [], [], 0
                async with sessions() as session:
                    for query in queries:
                        t0, c0 = time.perf_counter(), time.process_time()
                        best = await matching.best_found(session, query)
                        took.append(time.perf_counter() - t0)
                        cpu.append(time.process_time() - c0)
                        alerts += best is not None
                show(f"  {backend} {label}, wall", {**summary(took), "alerts": alerts})
                # This process's CPU time (on SQLite the query's thread too; on PostgreSQL
                # not the server's): what the work costs when the machine is not shared.
                show(f"  {backend} {label}, cpu", summary(cpu))
        finally:
            await engine.dispose()


async def main(backends: list[str]) -> None:
    print(
        f"one lost report against {HELD_ITEMS:,} held items over {HELD_DAYS} days "
        f"({QUERIES} queries; bar: p99 < 20 ms)"
    )
    for backend in backends:
        await one_backend(backend)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:] or ["sqlite", "postgres"]))
