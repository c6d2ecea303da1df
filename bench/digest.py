"""The manager's digest for a BID with 1,000,000 cases: computed by SQL aggregation.

Seeds one BID with N cases filed over three years (about 6,400 a week; two in three acted on
by the police, with the events that records), then times the whole digest (every section,
this period and the one before) for 7, 30 and 365 days, the chart separately, and prints the
PostgreSQL plan of each statement of the 7-day digest.
Run: .venv/bin/python -m bench.digest [cases] [postgres|sqlite]

Measured (2 shared cores, load average 6-7 from other work, so noisy; PostgreSQL 1,000,000
cases, 1.7 million events): the 7-day digest 212 ms median (max 411), 30 days 909 ms (max
1,456), 365 days 8.2 s; 12 statements each, every case statement on ix_cases_bid_created,
the first police actions from one range scan of the case-event index (7 days: 79 ms of it).
The chart takes 0.1-3 s more (matplotlib, in a worker thread; its first import about 2 s).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bench._common import fresh_database, show
from flows import registry
from handlers.digest import build_digest
from handlers.digest.chart import draw_chart
from storage.db import make_engine, make_sessions
from storage.digest import Window
from storage.models import Bid

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
YEARS = 3
LONDON = ZoneInfo("Europe/London")
STREETS = ("Coventry Street", "Haymarket", "Leicester Square", "Jermyn Street", "Piccadilly")
OUTCOMES = ("detained", "crime-ref", "recovered", "nfa", "not-police", "duplicate")


def _rows(count: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rng = random.Random(11)
    kinds = [*registry.kinds()]
    span = timedelta(days=365 * YEARS).total_seconds()
    cases, events = [], []
    for n in range(1, count + 1):
        created = NOW - timedelta(seconds=span * (1 - n / count))
        kind = kinds[n % len(kinds)]
        acted = rng.random() < 0.66
        closed = acted and rng.random() < 0.5
        street = STREETS[n % len(STREETS)]
        cases.append(
            (
                n,
                f"WE-{n:07d}",
                1,
                n,
                kind,
                "closed" if closed else ("acknowledged" if acted else "new"),
                OUTCOMES[n % len(OUTCOMES)] if closed else None,
                1,
                1,
                "console",
                created,
                created - timedelta(minutes=rng.randint(1, 120)),
                street,
                street,
                json.dumps({}),
                json.dumps([]),
            )
        )
        events.append((n, created, "staff", "filed", "Report filed", "new"))
        if acted:
            at = created + timedelta(minutes=rng.expovariate(1 / 90))
            events.append((n, at, "officer", "ack", "Acknowledged", "acknowledged"))
    return cases, events


CASE_COLUMNS = (
    "id ref bid_id number kind status outcome shop_id reporter_id channel created_at "
    "occurred_at location street answers attachments"
).split()


async def _seed_postgres(url: str, count: int) -> None:
    base = make_url(url)
    conn = await asyncpg.connect(
        host=base.host, port=base.port or 5432, user=base.username, database=base.database
    )
    try:
        await conn.execute(
            "INSERT INTO bid (id, code, name, last_case_number, created_at) "
            "VALUES (1, 'WE', 'West End', $1, now())",
            count,
        )
        await conn.execute(
            "INSERT INTO shop (id, bid_id, name, street, created_at) "
            "VALUES (1, 1, 'Gifts', 'Coventry Street', now())"
        )
        await conn.execute(
            "INSERT INTO member (id, bid_id, role, shop_id, display_name, "
            "created_at) VALUES (1, 1, 'staff', 1, 'Sam', now())"
        )
        cases, events = _rows(count)
        await conn.copy_records_to_table("cases", records=cases, columns=CASE_COLUMNS)
        await conn.copy_records_to_table(
            "case_event",
            records=events,
            columns=["case_id", "at", "author_role", "action", "text", "status"],
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def _seed_sqlite(url: str, count: int) -> None:
    engine = make_engine(url)
    cases, events = _rows(count)
    async with engine.begin() as conn:
        await conn.exec_driver_sql(
            "INSERT INTO bid (id, code, name, last_case_number, created_at) "
            "VALUES (1, 'WE', 'West End', ?, '2026-01-01 00:00:00.000000')",
            (count,),
        )
        await conn.exec_driver_sql(
            "INSERT INTO shop (id, bid_id, name, street, created_at) "
            "VALUES (1, 1, 'Gifts', 'Coventry Street', '2026-01-01 00:00:00.000000')"
        )
        await conn.exec_driver_sql(
            "INSERT INTO member (id, bid_id, role, shop_id, display_name, created_at) "
            "VALUES (1, 1, 'staff', 1, 'Sam', '2026-01-01 00:00:00.000000')"
        )
        stamp = "%Y-%m-%d %H:%M:%S.%f"
        await conn.exec_driver_sql(
            f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({', '.join('?' * 16)})",
            [(*c[:10], c[10].strftime(stamp), c[11].strftime(stamp), *c[12:]) for c in cases],
        )
        await conn.exec_driver_sql(
            "INSERT INTO case_event (case_id, at, author_role, action, text, status) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(e[0], e[1].strftime(stamp), *e[2:]) for e in events],
        )
        await conn.exec_driver_sql("ANALYZE")
    await engine.dispose()


async def run(count: int, backend: str) -> None:
    async with fresh_database(backend) as url:
        started = time.perf_counter()
        await (_seed_postgres if backend == "postgres" else _seed_sqlite)(url, count)
        print(f"seeded {count} cases in {time.perf_counter() - started:.0f} s ({backend})")
        engine = make_engine(url)
        sessions = make_sessions(engine)
        statements: list[tuple[str, Any]] = []

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _keep(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            statements.append((statement, params))

        digest = None
        for days in (7, 30, 365):
            times = []
            for _ in range(5):
                statements.clear()
                async with sessions() as session:
                    bid = await session.get(Bid, 1)
                    assert bid is not None
                    t0 = time.perf_counter()
                    digest = await build_digest(
                        session,
                        bid=bid,
                        window=Window.ending(NOW, timedelta(days=days)),
                        tz=LONDON,
                        now=NOW,
                    )
                    times.append(time.perf_counter() - t0)
            show(
                f"digest of {days} days, {count} cases ({backend})",
                {
                    "median_ms": statistics.median(times) * 1000,
                    "max_ms": max(times) * 1000,
                    "statements": len(statements) - 1,
                },
            )
            if days == 7:
                assert digest is not None
                print("\n".join(digest.text.splitlines()[:12]))
                if backend == "postgres":
                    await _explain(engine, list(statements))
        assert digest is not None
        t0 = time.perf_counter()
        png = draw_chart(digest, "West End")
        show("chart", {"ms": (time.perf_counter() - t0) * 1000, "bytes": len(png)})
        await engine.dispose()


async def _explain(engine: Any, statements: list[tuple[str, Any]]) -> None:
    """EXPLAIN ANALYZE of each statement the digest ran (the BID's own row left out)."""
    async with engine.connect() as conn:
        for statement, params in statements:
            if "FROM bid" in statement and "cases" not in statement:
                continue
            result = await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
            plan = [row[0] for row in result]
            first = " ".join(statement.split())[:110]
            print(f"\n-- {first}…")
            for line in plan:
                if any(w in line for w in ("Scan", "Aggregate", "Execution", "Sort", "Join")):
                    print(f"   {line.strip()[:150]}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    backend = sys.argv[2] if len(sys.argv) > 2 else "postgres"
    asyncio.run(run(count, backend))


if __name__ == "__main__":
    main()
