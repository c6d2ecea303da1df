"""Target 7: a flow step against a large database costs what it costs against an empty one.

Fills a fresh database (bulk inserts, many BIDs) with `cases` cases (1,000,000 by default),
0.15 members a case (150,000), each with a Telegram identity and a conversation, and two sent
outbox rows per member; the demo BID (where the measured member reports) gets its share of the
cases. Then it walks the shoplifting report in this process (the dispatcher's transaction, the
sender's claim and record, the console's read) on the large database and on an empty one
beside it, a report on each in turn, and prints per step: p50/p99 wall time and CPU ms. Every
statement those steps ran is then shown with its plan (SQLite `EXPLAIN QUERY PLAN`,
PostgreSQL `EXPLAIN`), and any that reads a whole large table is flagged `FULL SCAN`.
Run: .venv/bin/python -m bench.large_db [cases] [sqlite|postgres]
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bench._common import fresh_database, show
from bench.flow_step import REPORT
from bot.app import create_app
from bot.demo import seed_demo
from config.settings import Settings
from handlers.inbound import Inbound
from storage import (
    bids,
    driver,
    models,  # noqa: F401 (the tables, in the metadata)
    outbox,
)
from storage.db import transaction
from storage.driver import driver_transaction
from storage.types import utcnow

BIDS, SHOPS_PER_BID, CHUNK = 300, 20, 20_000
MEMBERS_PER_CASE = 0.15  # 150,000 members for 1,000,000 cases
DEMO_SHARE = 0.02  # of the cases, filed in the demo BID the measured member belongs to
BIG = ("cases", "member", "identity", "conversation", "outbox", "shop", "case_event")
STEPS = 3 * len(REPORT)
TABLES = SQLModel.metadata.tables


async def _bulk(engine: AsyncEngine, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        async with engine.begin() as conn:
            await conn.execute(insert(table), list(rows[start : start + CHUNK]))


async def _next_id(conn: Any, table: str) -> int:
    found = await conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))
    return int(found.scalar_one()) + 1


async def fill(engine: AsyncEngine, sessions: Any, cases: int, members: int) -> float:
    """The large database, by bulk inserts; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(7)
    now = utcnow()
    async with transaction(sessions) as session:
        demo = await bids.bid_by_code(session, code="WE")
        assert demo is not None
        demo_id = demo.id or 0
    async with engine.connect() as conn:
        found = await conn.execute(text("SELECT id FROM shop WHERE bid_id = :b"), {"b": demo_id})
        demo_shops = [r[0] for r in found]
    await _bulk(
        engine,
        TABLES["bid"],
        [{"code": f"B{i:03d}", "name": f"BID {i}", "created_at": now} for i in range(BIDS)],
    )
    async with engine.connect() as conn:
        found = await conn.execute(text("SELECT id FROM bid WHERE id <> :d"), {"d": demo_id})
        bid_ids = [r[0] for r in found]
    await _bulk(
        engine,
        TABLES["shop"],
        [
            {"bid_id": b, "name": f"Shop {b}-{n}", "street": "Oxford Street", "created_at": now}
            for b in bid_ids
            for n in range(SHOPS_PER_BID)
        ],
    )
    async with engine.connect() as conn:
        shops = [tuple(r) for r in await conn.execute(text("SELECT id, bid_id FROM shop"))]
        first_member = await _next_id(conn, "member")
        first_identity = await _next_id(conn, "identity")
    await _bulk(
        engine,
        TABLES["member"],
        [
            {
                "id": first_member + i,
                "bid_id": shops[i % len(shops)][1],
                "role": "staff",
                "shop_id": shops[i % len(shops)][0],
                "display_name": f"Member {i}",
                "created_at": now,
            }
            for i in range(members)
        ],
    )
    await _bulk(
        engine,
        TABLES["identity"],
        [
            {
                "id": first_identity + i,
                "member_id": first_member + i,
                "channel": "telegram",
                "address": str(10_000_000 + i),
                "last_inbound_at": now,
                "unreachable": False,
                "created_at": now,
            }
            for i in range(members)
        ],
    )
    await _bulk(
        engine,
        TABLES["conversation"],
        [
            {"identity_id": first_identity + i, "state": None, "version": 3, "updated_at": now}
            for i in range(members)
        ],
    )
    payload: dict[str, Any] = {
        "text": "Thanks, your report is filed.",
        "options": [],
        "question": None,
    }
    await _bulk(
        engine,
        TABLES["outbox"],
        [
            {
                "identity_id": first_identity + i // 2,
                "channel": "telegram",
                "address": str(10_000_000 + i // 2),
                "payload": payload,
                "status": "sent",
                "attempts": 1,
                "parts_sent": 0,
                "next_attempt_at": now,
                "created_at": now,
                "sent_at": now,
                "provider_id": str(i),
            }
            for i in range(2 * members)
        ],
    )
    demo_cases = int(cases * DEMO_SHARE)
    numbers: dict[int, int] = {}
    rows: list[dict[str, Any]] = []
    for i in range(cases):
        if i < demo_cases:
            bid_id, shop_id = demo_id, demo_shops[i % len(demo_shops)]
        else:
            shop_id, bid_id = shops[rng.randrange(len(shops))]
        # Far above what the steps already filed in the demo BID, so numbers never meet.
        numbers[bid_id] = number = numbers.get(bid_id, 100_000) + 1
        at = now - timedelta(minutes=10 + rng.randrange(60 * 24 * 365 * 2))
        rows.append(
            {
                "ref": f"X{bid_id}-{number}",
                "bid_id": bid_id,
                "number": number,
                "kind": "shoplifting",
                "status": rng.choice(("new", "closed", "closed", "closed")),
                "shop_id": shop_id,
                "reporter_id": first_member + rng.randrange(members),
                "channel": "telegram",
                "created_at": at,
                "occurred_at": at,
                "location": "At the shop",
                "street": "Oxford Street",
                "answers": {},
                "attachments": [],
            }
        )
        if len(rows) >= CHUNK:
            await _bulk(engine, TABLES["cases"], rows)
            rows = []
    await _bulk(engine, TABLES["cases"], rows)
    async with engine.begin() as conn:
        for bid_id, last in numbers.items():
            await conn.execute(
                text("UPDATE bid SET last_case_number = :n WHERE id = :b"),
                {"n": last, "b": bid_id},
            )
        if engine.dialect.name == "postgresql":
            # Stand-in for autovacuum's ANALYZE, which a live database would have run by now.
            await conn.execute(text("ANALYZE"))
            for table in ("member", "identity", "conversation", "outbox"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )
    if engine.dialect.name == "sqlite":
        # The fill's own log (GBs) copied in and ended before steps are timed, as it would
        # have been long since in a database that grew over years; what ending one costs
        # the service is storage/sqlite_hybrid.py's (its checkpointer's thread).
        await asyncio.to_thread(_end_log, str(engine.url.database))
    return time.perf_counter() - started


def _end_log(path: str) -> None:
    conn = sqlite3.connect(path, timeout=60)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()


_DML = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class Statements:
    """Every statement the engine runs while `on`, with the parameters of its first run."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.on = False
        self.seen: dict[str, tuple[str, Any]] = {}
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._started = 0.0
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)
        driver.WATCHERS.append(self._on_driver)  # the statements SQLAlchemy does not run

    def _before(self, conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if not self.on or not statement.lstrip().upper().startswith(_DML):
            return
        key = " ".join(statement.split())
        self.counts[key] = self.counts.get(key, 0) + 1
        self.seen.setdefault(key, (statement, params))
        self._started = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        key = " ".join(statement.split())
        if self.on and key in self.counts:
            self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - self._started

    def _on_driver(self, statement: str, params: Any, seconds: float) -> None:
        if not self.on or not statement.lstrip().upper().startswith(_DML):
            return
        key = " ".join(statement.split())
        self.counts[key] = self.counts.get(key, 0) + 1
        self.seen.setdefault(key, (statement, tuple(params)))
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds


async def steps(app: Any, handle: str, n: int) -> tuple[list[float], list[float]]:
    """`n` steps of the report through the dispatcher, the sender and the console's read."""
    runtime = app.state.runtime
    runtime.channels["console"] = runtime.console
    walls, cpus = [], []
    for i in range(n):
        said = REPORT[i % len(REPORT)]
        inbound = Inbound(channel="console", address=handle, text=said, display_name=handle)
        w0, c0 = time.perf_counter(), time.process_time()
        await runtime.dispatcher.handle(inbound)
        await runtime.drain()
        async with driver_transaction(runtime.engine, single=True) as read:  # as the console
            await outbox.read_sent(read, channel="console", address=handle, after=0, limit=5)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return walls, cpus


def figures(walls: list[float], cpus: list[float]) -> dict[str, float]:
    ordered = sorted(walls)
    return {
        "p50_ms": statistics.median(walls) * 1000,
        "p99_ms": ordered[round(0.99 * (len(ordered) - 1))] * 1000,
        "cpu_ms_per_step": 1000 * statistics.mean(cpus),
    }


_SCAN_SQLITE = re.compile(r"\bSCAN (\w+)(?! USING)")
_SCAN_PG = re.compile(r"Seq Scan on (\w+)")


async def explain(engine: AsyncEngine, recorded: Statements) -> int:
    """Each recorded statement with its plan; returns how many read a whole large table."""
    sqlite = engine.dialect.name == "sqlite"
    full = 0
    async with engine.connect() as conn:
        for n, (key, (statement, params)) in enumerate(recorded.seen.items(), 1):
            prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            rows = (await conn.exec_driver_sql(prefix + statement, params)).all()
            plan = [str(r[-1]) for r in rows]  # SQLite: (id, parent, notused, detail)
            scans = [
                t
                for line in plan
                for t in (_SCAN_SQLITE if sqlite else _SCAN_PG).findall(line)
                if t in BIG
            ]
            full += bool(scans)
            flag = f"  FULL SCAN of {', '.join(sorted(set(scans)))}" if scans else ""
            count = recorded.counts[key]
            each = 1000 * recorded.seconds.get(key, 0.0) / count
            print(f"[{n}] ×{count}, {each:.2f} ms each: {key[:150]}{flag}")
            for line in plan:
                print(f"      {line}")
        await conn.rollback()
    return full


async def _demo_app(url: str) -> Any:
    """The app on `url`, with the demo BID, its caches and first connections warmed."""
    app = create_app(Settings(_env_file=None, database_url=url))
    async with transaction(app.state.runtime.sessions) as session:
        await seed_demo(session)
    await steps(app, "demo-staff", len(REPORT))
    return app


async def run(cases: int, backend: str) -> None:
    async with fresh_database(backend) as url, fresh_database(backend) as empty_url:
        app = await _demo_app(url)
        runtime = app.state.runtime
        members = int(cases * MEMBERS_PER_CASE)
        took = await fill(runtime.engine, runtime.sessions, cases, members)
        print(f"filled: {cases:,} cases, {members:,} members in {took:.0f} s", flush=True)
        await steps(app, "demo-staff", len(REPORT))
        # An empty database beside it, a report on each in turn: this machine's speed moves
        # by a third within minutes, so phases measured before and after the fill compared
        # the machine's minutes (0.75 to 1.98 from run to run) more than the databases.
        empty = await _demo_app(empty_url)
        recorded = Statements(runtime.engine)
        walked: dict[str, tuple[list[float], list[float]]] = {
            "empty": ([], []),
            "large": ([], []),
        }
        for _ in range(STEPS // len(REPORT)):
            for name, which in (("empty", empty), ("large", app)):
                recorded.on = name == "large"  # the driver's watchers see both databases
                walls, cpus = await steps(which, "demo-staff", len(REPORT))
                walked[name][0].extend(walls)
                walked[name][1].extend(cpus)
        recorded.on = False
        results = {name: figures(*got) for name, got in walked.items()}
        full = await explain(runtime.engine, recorded)
        await empty.state.runtime.engine.dispose()
        await runtime.engine.dispose()
    for name, got in results.items():
        show(f"flow step, {name} database ({backend}; a report on each in turn)", got)
    ratio = results["large"]["cpu_ms_per_step"] / results["empty"]["cpu_ms_per_step"]
    print(f"large ÷ empty CPU per step: {ratio:.2f}; statements reading a large table: {full}")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    backend = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    asyncio.run(run(cases, backend))


if __name__ == "__main__":
    main()
