"""Scale out: one `shopwatch serve` process on PostgreSQL, then two on the same database.

This process holds a lean Bot API (bench._lean_telegram: the full fake cost more CPU per
update than the server it served, so it, not the server, set the pace) and simulated staff who
walk whole shoplifting reports with no time to think (each person waits only for the bot's
reply, and Telegram's own per-chat pacing: about 0.7 answers a second each, so 400 people
offer more than a server can take), for `--seconds` each run, after WARMUP others warmed the
servers up. They post with aiohttp, at about a third of httpx's CPU. With two processes each
webhook goes to the next process in turn (round robin, as a reverse proxy would spread them),
so one person's answers land on both. The overall rate limit is lifted
(SHOPWATCH_TELEGRAM_RATE) so the servers' own speed shows; the second process runs with
--no-scheduler, as the README says to run them.

`--cpu=F` holds each server to F of a core (a cgroup CPU quota each, bench._cpu_budget): on
2 cores one unbounded server takes most of what PostgreSQL, the fake and the people leave it,
so two cannot show more; at the same budget each, two against one shows whether anything they
share (the database, its locks, the outbox's claims) holds them back.

Printed: updates answered per second for one and for two processes, and two ÷ one (the bar
is 1.7); the servers' CPU per update and PostgreSQL's; and from the fake's record of every
sendMessage against the outbox: "sent twice" (messages a chat got beyond the rows recorded
as sent to it) and whether each chat got its rows in the order they were written. On a
machine of 2 cores shared with other work the ratio is bounded by the cores free, not by
ShopWatch: the CPU per update is the steadier figure.
Run: .venv/bin/python -m bench.scale_out [--people=N] [--seconds=S] [--processes=1,2] [--cpu=F]
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlmodel import col

from bench import _server_stats
from bench._bots import SECRET, users_for
from bench._common import free_port, freeze_heap, fresh_database, server_process, summary
from bench._cpu_budget import cpu_budget
from bench._lean_telegram import LeanTelegram
from bench._telegram_people import Walk, after_reply, walk
from bench.telegram_webhook import register
from bot.channels.telegram_render import plan
from storage.db import make_engine, make_sessions
from storage.models import Outbox

PEOPLE, SECONDS, GRACE, WARMUP = 400, 40.0, 30.0, 6


@dataclass
class Result:
    processes: int
    seconds: float
    walks: list[Walk]
    cpu_s: float
    db_cpu_s: float
    load_cpu_s: float  # this process: the fake Bot API and the people
    sent_twice: int  # messages a chat got beyond the parts of its rows recorded as sent
    out_of_order: int  # chats whose messages came in another order than their rows
    unsent: int
    share: float | None  # each server's CPU budget, a fraction of a core
    throttled_s: float  # how long the servers were held back by it, together

    @property
    def answered(self) -> int:
        return sum(len(w.took) for w in self.walks)


async def run(
    processes: int, people: int, seconds: float, first_user: int, cpu: float | None
) -> Result:
    users = users_for(first_user, people)
    warm = users_for(first_user - WARMUP, WARMUP)
    async with LeanTelegram() as tg, fresh_database("postgres") as url, AsyncExitStack() as stack:
        await register(url, warm + users)
        budget = stack.enter_context(cpu_budget(cpu))  # left after the servers have stopped
        files = stack.enter_context(tempfile.TemporaryDirectory())
        env = {
            "SHOPWATCH_DATABASE_URL": url,
            "SHOPWATCH_PUBLIC_URL": "https://bench.example",
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_SECRET": SECRET,
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_TELEGRAM_RATE": "100000",
            "SHOPWATCH_CONSOLE": "off",
            "SHOPWATCH_ATTACHMENTS_DIR": files,
        }
        shopwatch = str(Path(sys.executable).with_name("shopwatch"))
        servers = []
        for n in range(processes):
            port = free_port()
            command = [shopwatch, "serve", "--port", str(port)]
            if n:
                command.append("--no-scheduler")  # the scheduler runs in one process only
            servers.append(
                await stack.enter_async_context(
                    server_process(f"shopwatch serve {n + 1}", command, env, port)
                )
            )
            if budget is not None:
                budget.add(servers[-1][1].pid)
        connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=3.0)
        client = await stack.enter_async_context(
            aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))
        )
        turn = itertools.cycle([f"{base}/telegram/webhook" for base, _ in servers])
        headers = {
            "X-Telegram-Bot-Api-Secret-Token": SECRET,
            "Content-Type": "application/json",
        }

        async def post(update: dict[str, Any]) -> float:
            started = time.perf_counter()
            async with client.post(next(turn), data=json.dumps(update), headers=headers) as got:
                got.raise_for_status()
                # As Telegram does with a method in the answer.
                tg.carry_out(got.headers.get("Content-Type", ""), await got.read())
            return time.perf_counter() - started

        pause = after_reply(0.0)
        await asyncio.gather(
            *(walk(post, tg, u, random.Random(i), pause) for i, u in enumerate(warm))
        )
        pids = [server.pid for _, server in servers]
        freeze_heap()
        cpu_before = sum(_server_stats.cpu_seconds(pid) for pid in pids)
        throttled_before = budget.throttled_s() if budget else 0.0
        db_before = await _server_stats.db_cpu(url)
        stop_at = time.monotonic() + seconds
        started, load_before = time.perf_counter(), _server_stats.cpu_seconds(os.getpid())

        async def person(i: int, user: dict[str, Any]) -> Walk:
            await asyncio.sleep(i / people)  # a second to arrive, not all in one instant
            rng = random.Random(first_user + i)
            return await walk(post, tg, user, rng, pause, stop_at=stop_at, grace=GRACE)

        walks = list(await asyncio.gather(*(person(i, u) for i, u in enumerate(users))))
        took = time.perf_counter() - started
        load = _server_stats.cpu_seconds(os.getpid()) - load_before
        await asyncio.sleep(1.0)  # button edits trail the last reply
        used = sum(_server_stats.cpu_seconds(pid) for pid in pids) - cpu_before
        throttled = (budget.throttled_s() - throttled_before) if budget else 0.0
        db_cpu = _server_stats.db_delta(db_before, await _server_stats.db_cpu(url))
        twice, disorder, unsent = await _check(url, tg)
    return Result(
        processes, took, walks, used, db_cpu, load, twice, disorder, unsent, cpu, throttled
    )


async def _check(url: str, tg: LeanTelegram) -> tuple[int, int, int]:
    """From the outbox and the fake's record: messages sent twice, chats out of order, unsent.

    Each chat should have got exactly the parts of its rows recorded as sent, in the rows'
    order: the texts of the sendMessage calls the fake took, against each row's rendering.
    """
    engine = make_engine(url)
    try:
        async with make_sessions(engine)() as session:
            rows = (
                await session.execute(
                    select(col(Outbox.address), col(Outbox.status), col(Outbox.payload))
                    .where(col(Outbox.channel) == "telegram")
                    .order_by(col(Outbox.id))
                )
            ).all()
    finally:
        await engine.dispose()
    expected: dict[str, list[str]] = defaultdict(list)
    unsent = 0
    for address, status, payload in rows:
        if status == "sent":
            expected[address] += [part.text or "" for part in plan(payload)]
        else:
            unsent += 1
    got = tg.texts
    twice = disorder = 0
    for chat in set(got) | set(expected):
        extra = Counter(got[chat]) - Counter(expected[chat])
        twice += sum(extra.values())
        if not extra and got[chat] != expected[chat]:
            disorder += 1
    return twice, disorder, unsent


def show(result: Result) -> None:
    took = [t for w in result.walks for t in w.took]
    lat = summary(took) if took else {"p50_ms": 0.0, "p99_ms": 0.0}
    n = max(1, result.answered)
    print(
        f"{result.processes} process{'es' if result.processes > 1 else ''}: "
        f"{result.answered / result.seconds:.1f} updates/s answered "
        f"({result.answered} in {result.seconds:.0f} s), p50 {lat['p50_ms']:.0f} ms "
        f"p99 {lat['p99_ms']:.0f} ms; CPU per update: servers {1000 * result.cpu_s / n:.1f} ms, "
        f"PostgreSQL {1000 * result.db_cpu_s / n:.1f} ms; servers "
        f"{100 * result.cpu_s / result.seconds:.0f}% of a core, load generator "
        f"{100 * result.load_cpu_s / result.seconds:.0f}%{_budget(result)}; "
        f"sent twice: {result.sent_twice}; "
        f"order per person {'kept' if not result.out_of_order else 'BROKEN'} "
        f"({result.out_of_order} chats out of order); unsent: {result.unsent}",
        flush=True,
    )
    # People who did not finish their report, by why (the walk's last word on it).
    stuck = Counter(w.stuck for w in result.walks if not w.finished)
    if stuck:
        print("  not finished: " + "; ".join(f"{n} × {why!r}" for why, n in stuck.most_common(4)))


def _budget(result: Result) -> str:
    if result.share is None:
        return ""
    held = 100 * result.throttled_s / (result.seconds * result.processes)
    return f" (each server held to {result.share:g} of a core: throttled {held:.0f}% of the time)"


async def main_async(people: int, seconds: float, counts: list[int], cpu: float | None) -> None:
    cores = os.cpu_count() or 1
    results = []
    for n, processes in enumerate(counts):
        result = await run(processes, people, seconds, 5_000_000 + n * 100_000, cpu)
        show(result)
        results.append(result)
    if len(results) > 1:
        one, *more = results
        for other in more:
            ratio = (other.answered / other.seconds) / (one.answered / one.seconds)
            where = (
                f"each server held to {cpu:g} of a core"
                if cpu is not None
                else f"on a machine of {cores} cores that the fake Bot API, these {people} "
                "people, PostgreSQL and any other work share with the servers"
            )
            bar = " (bar: 1.7×)" if (one.processes, other.processes) == (1, 2) else ""
            print(
                f"{other.processes} ÷ {one.processes} processes: {ratio:.2f}× the "
                f"throughput{bar}, {where}",
                flush=True,
            )


def main() -> None:
    flags = dict(a.removeprefix("--").partition("=")[::2] for a in sys.argv[1:])
    people = int(flags.get("people") or PEOPLE)
    seconds = float(flags.get("seconds") or SECONDS)
    counts = [int(c) for c in (flags.get("processes") or "1,2").split(",")]
    cpu = float(flags["cpu"]) if flags.get("cpu") else None
    asyncio.run(main_async(people, seconds, counts, cpu))


if __name__ == "__main__":
    main()
