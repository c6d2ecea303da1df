"""ShopWatch against its peer on Telegram: the same people, the same fake Bot API, in turn.

The peer (`bench/peer/`) is the shoplifting report as the python-telegram-bot bot a good
developer would write instead: a ConversationHandler with its state in memory. Each bot runs
as its own server process; this process holds the fake Bot API (in a thread) and the people,
fresh ones every run, each walking a whole report by reading the questions
(`bench/_telegram_people.py`), after 5 others have warmed the bot up. Figures: updates/s;
p50/p99 from posting an update to the webhook until the reply (the next question, or the
reference) reaches the fake; the server's CPU per update (utime+stime from /proc) and, on
PostgreSQL, its backends' too; Bot API calls per finished report by method (those Telegram made
from a webhook's answer marked so) and per answer; peak RSS (VmHWM);
ShopWatch ÷ peer. Default: 60 people thinking 1 s between answers, about 2.5 minutes for the
peer, SQLite and PostgreSQL. Both bots send at `--rate` messages/s (1000, so Telegram's 30/s
does not hide their own speed; ShopWatch keeps its 1/s per-chat pacing, the peer has none).

`--paced` (SQLite unless told): 300 people each answering about every 5 s (60 answers/s
offered) for `--seconds` (90), with 30 s more for the last replies: every answer answered or
not, and p50/p99, for the peer at 1000/s and ShopWatch at 1000/s and 30/s (`--rates=1000,30`).
`--profile`: both bots are sampled with py-spy and ShopWatch's runs also count and time their
SQL; then where each one's CPU goes is printed by layer (`bench/_profile_report.py`), so the
layers can be read side by side. Timings on a shared machine are noisy; CPU per update and the
call counts are the steadier figures.
Run: .venv/bin/python -m bench.telegram_peer [--users=N] [--think=S] [--rate=R] [--seed=N]
     [--profile] [--paced [--people=N] [--gap=S] [--seconds=S] [--rates=A,B]] [sqlite] [postgres]
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench import _profile_report, _server_stats
from bench._bots import SECRET, peer, shopwatch, users_for
from bench._common import follow_ups_done, freeze_heap, show, summary
from bench._telegram_people import IN_ANSWER, Observed, Pause, Walk, after_reply, every, walk
from fakes import telegram_updates as tu
from storage import outbox
from storage.db import make_engine, make_sessions, transaction
from storage.types import utcnow

USERS, THINK, RATE = 60, 1.0, 1000.0
PEOPLE, GAP, SECONDS, GRACE = 300, 5.0, 90.0, 30.0
WARMUP = 5  # people who make a report before the measuring starts


@dataclass
class Run:
    """One bot's run: what it was, and what the people and the server showed."""

    name: str
    walks: list[Walk] = field(default_factory=list)
    seconds: float = 0.0
    cpu_s: float = 0.0
    db_cpu_s: float | None = None
    load_cpu_s: float = 0.0  # this process: the fake Bot API and the people
    peak_rss_mb: float = 0.0
    calls: Counter[str] = field(default_factory=Counter)
    disturbed: Any = None  # what `disturb` measured

    @property
    def updates(self) -> int:
        return sum(w.sent for w in self.walks)

    @property
    def finished(self) -> int:
        return sum(w.finished for w in self.walks)

    def figures(self) -> dict[str, Any]:
        took = [t for w in self.walks for t in w.took]
        lat = summary(took) if took else {"p50_ms": 0.0, "p99_ms": 0.0}
        acks = summary([a for w in self.walks for a in w.acks])
        out: dict[str, Any] = {
            "updates_per_s": self.updates / self.seconds,
            "p50_ms": lat["p50_ms"],
            "p99_ms": lat["p99_ms"],
            "ack_p50_ms": acks["p50_ms"],
            "cpu_ms_per_update": 1000 * self.cpu_s / self.updates,
        }
        if self.db_cpu_s is not None:
            out["db_cpu_ms_per_update"] = 1000 * self.db_cpu_s / self.updates
        out["server_cpu_pct"] = 100 * self.cpu_s / self.seconds
        out["load_cpu_pct"] = 100 * self.load_cpu_s / self.seconds
        out["peak_rss_mb"] = self.peak_rss_mb
        out["updates"] = self.updates
        out["answered"] = len(took)
        out["finished"] = self.finished
        out["asked_again"] = sum(w.again for w in self.walks)
        out["seconds"] = self.seconds
        return out

    def per_report(self) -> str:
        n = max(1, self.finished)
        return "  ".join(f"{m}={c / n:.1f}" for m, c in sorted(self.calls.items()))

    def per_answer(self) -> str:
        """Target 3: Bot API calls (the bot's own requests, and those carried in webhook
        answers), and new messages, per update the people sent."""
        n = max(1, self.updates)
        messages = sum(c for m, c in self.calls.items() if m.startswith("send"))
        carried = sum(c for m, c in self.calls.items() if m.endswith(IN_ANSWER))
        own = sum(self.calls.values()) - carried
        return (
            f"{own / n:.2f} calls + {carried / n:.2f} in webhook answers, "
            f"{messages / n:.2f} new messages"
        )


async def run_one(
    name: str,
    serving: Callable[[Observed, list[dict[str, Any]]], Any],
    users: list[dict[str, Any]],
    pause: Pause,
    *,
    seed: int,
    spread: float,
    stop_after: float | None = None,
    profile: str | None = None,
    disturb: Callable[[Observed, Any], Any] | None = None,
) -> Run:
    """The people's reports, after WARMUP others (not counted) have made one each, so that
    neither bot is measured opening its first connections and filling its caches."""
    run = Run(name)
    warm = users_for(int(users[0]["id"]) - WARMUP, WARMUP)
    async with Observed() as tg, serving(tg, warm + users) as served:
        pid, db_url = served.pid, served.db_url
        # Idle connections are dropped before uvicorn's 5 s keep-alive ends, or a post could
        # go out on a connection the server is closing.
        limits = httpx.Limits(
            max_connections=len(users), max_keepalive_connections=len(users), keepalive_expiry=3
        )
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient(base_url=served.base, timeout=60, limits=limits) as client:

            async def post(update: dict[str, Any]) -> float:
                started = time.perf_counter()
                response = await client.post("/telegram/webhook", json=update, headers=headers)
                response.raise_for_status()
                took = time.perf_counter() - started
                await tg.carry_out(response)  # as Telegram does with a method in the answer
                return took

            kw: dict[str, Any] = {}

            async def person(i: int, user: dict[str, Any]) -> Walk:
                await asyncio.sleep(spread * i / len(users))
                return await walk(post, tg, user, random.Random(seed * 1_000_003 + i), pause, **kw)

            warming = (
                walk(post, tg, u, random.Random(i), after_reply(0.2)) for i, u in enumerate(warm)
            )
            await asyncio.gather(*warming)
            if stop_after is not None:
                kw.update(stop_at=time.monotonic() + stop_after, grace=GRACE)
            if served.counts_sql:
                os.kill(pid, signal.SIGUSR1)  # count SQL from here on
            spy = await _profile_report.start(pid, profile) if profile else None
            freeze_heap()
            calls_before, cpu_before = Counter(tg.counts), _server_stats.cpu_seconds(pid)
            db_before = await _server_stats.db_cpu(db_url) if db_url else {}
            started, load_before = time.perf_counter(), _server_stats.cpu_seconds(os.getpid())
            walking = asyncio.gather(*(person(i, u) for i, u in enumerate(users)))
            if disturb is not None:
                walks, run.disturbed = await asyncio.gather(walking, disturb(tg, served))
                run.walks = list(walks)
            else:
                run.walks = list(await walking)
            run.seconds = time.perf_counter() - started
            run.load_cpu_s = _server_stats.cpu_seconds(os.getpid()) - load_before
            await asyncio.sleep(1.0)  # button edits trail the last reply
            if served.database:  # ShopWatch: the last filings' follow-ups count too
                await follow_ups_done(served.database)
            run.cpu_s = _server_stats.cpu_seconds(pid) - cpu_before
            if db_url:
                after = await _server_stats.db_cpu(db_url)
                run.db_cpu_s = _server_stats.db_delta(db_before, after)
            run.peak_rss_mb = _server_stats.peak_rss_mb(pid)
            run.calls = Counter(tg.counts) - calls_before
            if spy is not None:
                await _profile_report.stop(spy)
    stuck = Counter(w.stuck for w in run.walks if w.stuck and w.stuck != "stopped")
    for what, n in stuck.most_common(3):
        print(f"  {name}: {n} people stopped at: {what}", flush=True)
    return run


ROWS = ("updates_per_s", "p50_ms", "p99_ms", "ack_p50_ms", "cpu_ms_per_update", "peak_rss_mb")


def compare(runs: list[Run]) -> None:
    """The figures side by side, each ShopWatch run also as ShopWatch ÷ peer."""
    base = runs[0].figures()
    others = [(r, r.figures()) for r in runs[1:]]
    head = f"{'':>22}{runs[0].name:>12}" + "".join(f"{r.name:>22}{'÷ peer':>8}" for r, _ in others)
    print(head)
    for row in ROWS:
        line = f"{row:>22}{base[row]:>12.2f}"
        for _, fig in others:
            ratio = fig[row] / base[row] if base[row] else float("nan")
            line += f"{fig[row]:>22.2f}{ratio:>8.2f}"
        print(line)
    for run in runs:
        print(f"  Bot API calls per finished report, {run.name}: {run.per_report()}")
    for run in runs:
        print(f"  per answer, {run.name}: {run.per_answer()}")
    print(flush=True)


async def throughput(args: Args) -> None:
    runs: list[Run] = []
    users = users_for(7_000_000, args.users)
    pause = after_reply(args.think)
    with tempfile.TemporaryDirectory() as folder:
        spy = str(Path(folder) / "spy.txt") if args.profile else None
        runs.append(
            await run_one(
                "peer",
                lambda tg, us: peer(tg, us, args.rate),
                users,
                pause,
                seed=args.seed,
                spread=args.think,
                profile=spy,
            )
        )
        show(f"peer, {args.users} people, think {args.think} s", runs[-1].figures())
        if spy:
            _profile_report.report(spy, None, runs[-1].updates)
    for n, backend in enumerate(args.backends, start=1):
        users = users_for(7_000_000 + n * 100_000, args.users)
        with tempfile.TemporaryDirectory() as folder:
            sql = str(Path(folder) / "sql.json") if args.profile else None
            spy = str(Path(folder) / "spy.txt") if args.profile else None
            run = await run_one(
                f"shopwatch {backend}",
                partial(_shopwatch_at, rate=args.rate, backend=backend, sql=sql),
                users,
                pause,
                seed=args.seed,
                spread=args.think,
                profile=spy,
            )
            show(f"shopwatch {backend}, {args.users} people, think {args.think} s", run.figures())
            if spy and sql:
                _profile_report.report(spy, sql, run.updates)
        runs.append(run)
    compare(runs)


async def paced(args: Args) -> None:
    """Human pace: every answer answered or not, at a raised and at the default rate."""
    n = 0
    plans: list[tuple[str, Callable[[Observed, list[dict[str, Any]]], Any]]] = [
        (f"peer @{args.rates[0]:g}/s", lambda tg, us: peer(tg, us, args.rates[0]))
    ]
    for backend in args.backends:
        for rate in args.rates:
            plans.append(
                (
                    f"shopwatch {backend} @{rate:g}/s",
                    partial(_shopwatch_at, rate=rate, backend=backend, sql=None),
                )
            )
    for name, serving in plans:
        n += 1
        users = users_for(6_000_000 + n * 100_000, args.people)
        burster = users_for(6_000_000 + n * 100_000 + 90_000, 1)
        shopwatch_run = name.startswith("shopwatch")
        run = await run_one(
            name,
            serving if not shopwatch_run else _with_extra(serving, burster),
            users,
            every(args.gap),
            seed=args.seed,
            spread=args.gap,
            stop_after=args.seconds,
            disturb=partial(_disturb, burster=burster[0], at=args.seconds / 3)
            if shopwatch_run
            else None,
        )
        fig = run.figures()
        took = [t for w in run.walks for t in w.took]
        in_time = sum(t <= args.gap for t in took)
        print(
            f"{name}: {args.people} people, an answer each every ~{args.gap:g} s "
            f"({args.people / args.gap:.0f}/s offered, {fig['updates_per_s']:.1f}/s sent): "
            f"{fig['answered']} of {fig['updates']} answers answered, "
            f"{fig['updates'] - fig['answered']} not; {in_time} within {args.gap:g} s; "
            f"p50={fig['p50_ms']:.0f} ms p99={fig['p99_ms']:.0f} ms; "
            f"{fig['finished']} reports finished; server cpu {fig['cpu_ms_per_update']:.1f} "
            f"ms/update ({fig['server_cpu_pct']:.0f}% of a core)",
            flush=True,
        )
        _print_tail(name, run)
        if run.disturbed is not None:
            _print_disturbed(name, run)


@dataclass
class Args:
    backends: list[str]
    users: int = USERS
    think: float = THINK
    rate: float = RATE
    seed: int = 1
    profile: bool = False
    paced: bool = False
    people: int = PEOPLE
    gap: float = GAP
    seconds: float = SECONDS
    rates: tuple[float, ...] = (1000.0, 30.0)


def parse(argv: list[str]) -> Args:
    flags = dict(a.removeprefix("--").partition("=")[::2] for a in argv if a.startswith("--"))
    words = [a for a in argv if a in ("sqlite", "postgres")]
    paced_mode = "paced" in flags
    args = Args(backends=words or (["sqlite"] if paced_mode else ["sqlite", "postgres"]))
    args.paced, args.profile = paced_mode, "profile" in flags
    for name in ("users", "people", "seed"):
        if flags.get(name):
            setattr(args, name, int(flags[name]))
    for name in ("think", "rate", "gap", "seconds"):
        if flags.get(name):
            setattr(args, name, float(flags[name]))
    if flags.get("rates"):
        args.rates = tuple(float(r) for r in flags["rates"].split(","))
    return args


def main() -> None:
    args = parse(sys.argv[1:])
    asyncio.run(paced(args) if args.paced else throughput(args))


BROADCAST, BURST = 300, 20  # pushes queued at once; messages one person sends at once


def _with_extra(serving: Any, extra: list[dict[str, Any]]) -> Any:
    """The same server, with `extra` registered too (the person who bursts)."""
    return lambda tg, us: serving(tg, us + extra)


@dataclass
class Disturbed:
    """A broadcast queued and one person's burst, a third of the way into a paced run."""

    at: float = 0.0  # time.time() when both began
    pushes: list[float] = field(default_factory=list)  # seconds from commit to arrival
    burst: list[float] = field(default_factory=list)  # seconds to each of the burst's replies


async def _disturb(tg: Observed, served: Any, *, burster: dict[str, Any], at: float) -> Disturbed:
    """Queue BROADCAST pushes to other chats and have one person send BURST messages at once;
    when each push and each of the burster's replies arrived is read from the fake."""
    await asyncio.sleep(at)
    out = Disturbed()
    chats = [8_000_000 + i for i in range(BROADCAST)]
    # On a thread with a loop of its own: on SQLite the write runs in its loop, and in this
    # one it would stop the simulated people for as long (their latencies, not the server's).
    await asyncio.to_thread(asyncio.run, _queue_broadcast(served.database, chats))
    out.at = time.time()
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    chat = int(burster["id"])
    before = len(tg.inbox[chat])
    async with httpx.AsyncClient(base_url=served.base, timeout=60) as client:
        await asyncio.gather(
            *(
                client.post(
                    "/telegram/webhook", json=tu.command("/help", user=burster), headers=headers
                )
                for _ in range(BURST)
            )
        )
    deadline = time.monotonic() + GRACE + BROADCAST / 30
    for c in chats:
        seen = await tg.next_message(c, 0, deadline)
        if seen is not None:
            out.pushes.append(seen.at - out.at)
    for i in range(BURST):
        seen = await tg.next_message(chat, before + i, deadline)
        if seen is not None:
            out.burst.append(seen.at - out.at)
    return out


async def _queue_broadcast(database: str, chats: list[int]) -> None:
    """The broadcast's pushes, written in one transaction as the bot writes an alert's."""
    engine = make_engine(database)
    try:
        pushes = [
            {
                "channel": "telegram",
                "address": str(chat),
                "identity_id": None,
                "case_id": None,
                "payload": {"text": f"Broadcast {i}", "push": True},
            }
            for i, chat in enumerate(chats)
        ]
        async with transaction(make_sessions(engine)) as session:
            await outbox.enqueue_pushes(session, pushes, now=utcnow())
    finally:
        await engine.dispose()


def _print_tail(name: str, run: Run) -> None:
    """Whether the slowest 1% came together (stalls) or spread out (steady queueing)."""
    answers = sorted(
        (t, p, n)
        for w in run.walks
        for n, (t, p) in enumerate(zip(w.took, w.posted, strict=True), 1)
    )
    if len(answers) < 100:
        return
    slow = answers[-len(answers) // 100 :]
    start = min(p for _, p, _ in answers)
    seconds = Counter(int(p - start) for _, p, _ in slow)
    [(worst, most)] = seconds.most_common(1)
    # Which answer of their walk it was (1: the first): the same answer everywhere is a step
    # that costs more; answers of every kind, a stall.
    which = ", ".join(f"{n} ×{k}" for n, k in Counter(n for *_, n in slow).most_common(3))
    print(
        f"  {name}: the slowest 1% ({len(slow)}, from {1000 * slow[0][0]:.0f} ms) were posted "
        f"in {len(seconds)} of {int(max(p for _, p, _ in answers) - start) + 1} seconds, "
        f"at most {most} in one (second {worst}); answer number {which}",
        flush=True,
    )


def _print_disturbed(name: str, run: Run) -> None:
    """Fairness and replies-before-pushes, from the disturbance in the middle of the run."""
    d: Disturbed = run.disturbed
    busy_until = d.at + max(d.pushes or [0.0])
    during = [
        t
        for w in run.walks
        for t, p in zip(w.took, w.posted, strict=True)
        if d.at <= p <= busy_until
    ]
    others = [
        t
        for w in run.walks
        for t, p in zip(w.took, w.posted, strict=True)
        if not d.at <= p <= busy_until
    ]
    fig = summary(during) if during else {"p50_ms": float("nan"), "p99_ms": float("nan")}
    rest = summary(others) if others else {"p50_ms": float("nan"), "p99_ms": float("nan")}
    pushes = summary(d.pushes) if d.pushes else {"p50_ms": float("nan"), "p99_ms": float("nan")}
    print(
        f"  {name}: a broadcast of {BROADCAST} pushes queued mid-run: {len(d.pushes)} arrived, "
        f"p50 {pushes['p50_ms'] / 1000:.1f} s, last {max(d.pushes or [0.0]):.1f} s after; "
        f"replies to answers sent meanwhile ({len(during)}): p50 {fig['p50_ms']:.0f} ms "
        f"p99 {fig['p99_ms']:.0f} ms (the rest of the run: p50 {rest['p50_ms']:.0f} ms "
        f"p99 {rest['p99_ms']:.0f} ms)",
        flush=True,
    )
    burst = f"{max(d.burst):.1f} s" if d.burst else "never"
    print(
        f"  {name}: one person sent {BURST} messages at once: {len(d.burst)} replies, the last "
        f"{burst} after (their chat is paced at about 1/s); everyone else, above, unaffected "
        f"by it if the two p99s are alike",
        flush=True,
    )


def _shopwatch_at(tg: Any, users: Any, *, rate: float, backend: str, sql: str | None) -> Any:
    """ShopWatch started for one run (a named function, so its type is known)."""
    return shopwatch(tg, users, rate, backend, sql)


if __name__ == "__main__":
    main()
