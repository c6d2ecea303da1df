"""Telegram webhook under load: many staff at once, ten updates each, on SQLite and PostgreSQL.

The product runs as its own process (`shopwatch serve`), as in production; this process holds
the fake Bot API (in threads) and the load generator, which posts updates with the secret-token
header to `POST /telegram/webhook` over real HTTP. Each figure runs from posting an update until
the last message of the bot's reply reaches the fake; `ack_*` is how long the webhook took to
answer.

Telegram's limits stay on (30 messages/s overall, 1/s per chat after a burst of 3): they live
inside the server process, so they can no longer be lifted from here; `--telegram-limits` is
still accepted, and is the only mode now. As a person does, each one waits for the bot's reply
and then takes `--think` seconds (default 1) before the next update, so the per-chat pacing
does not hold replies back. The 30/s overall limit still does once the staff together want more
than that: each step needs about 1.4 rate-limited calls (messages, and edits after a button
press), so past about 20 staff messages_per_s sits near 30 and latency is mostly the wait
behind that limit, growing with the number of staff. The default is 100 staff (1,000 updates)
so both backends finish in about 2 minutes; `--staff=200` gives the former 2,000 updates, at
about 100 s per backend, and `--staff=10` shows our own latency with the limits idle.
Run: .venv/bin/python -m bench.telegram_webhook [--telegram-limits] [--staff=N] [--think=S]
     [sqlite] [postgres]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from bench._common import freeze_heap, fresh_database, serve_process, show, summary
from bot.demo import seed_demo
from fakes import FakeTelegram
from fakes import telegram_updates as tu
from storage import members
from storage.db import make_engine, make_sessions, transaction
from storage.models import Shop
from storage.types import utcnow

STAFF = 100
THINK = 1.0  # seconds a person takes between reading a reply and sending the next update
SECRET = "bench-secret"
# Ten updates per person: a theft report up to the description, with two button presses, a
# shared location and typed answers. ("press", data) taps a button on the latest question.
SCRIPT: list[tuple[str, Any]] = [
    ("say", "/report"),
    ("press", "q|kind|theft"),
    ("say", "no"),
    ("press", "q|theft_type|pickpocket"),
    ("say", "just now"),
    ("where", (51.5103, -0.1303)),
    ("say", "Wallet taken from a customer's bag"),
    ("say", "wallet"),
    ("press", "q|value|skip"),
    ("say", "unknown"),
]


class Watcher:
    """Follows the fake's call log once for everyone: messages per chat, and when they came."""

    def __init__(self, tg: FakeTelegram) -> None:
        self._tg = tg
        self._index = 0
        self.times: dict[int, list[float]] = defaultdict(list)
        self.last: dict[int, dict[str, Any]] = {}

    async def run(self) -> None:
        while True:
            calls = self._tg.calls()
            for call in calls[self._index :]:
                if call.ok and call.method in ("sendMessage", "sendPhoto"):
                    chat = int(call.params["chat_id"])
                    self.times[chat].append(call.at)
                    self.last[chat] = call.response["result"]
            self._index = len(calls)
            await asyncio.sleep(0.005)

    async def reached(self, chat: int, count: int, seconds: float = 60.0) -> float:
        """The time the chat's `count`-th message arrived."""
        deadline = time.monotonic() + seconds
        while len(self.times[chat]) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"chat {chat}: {len(self.times[chat])} of {count} messages")
            await asyncio.sleep(0.005)
        return self.times[chat][count - 1]


def update_for(step: tuple[str, Any], user: dict[str, Any], last: dict[str, Any]) -> dict:
    kind, value = step
    if kind == "say" and value.startswith("/"):
        return tu.command(value, user=user)
    if kind == "say":
        return tu.text_message(value, user=user)
    if kind == "press":
        return tu.callback_query(value, message=last, user=user)
    return tu.location(*value, user=user)


async def person(
    client: httpx.AsyncClient,
    watcher: Watcher,
    user: dict[str, Any],
    counts: list[int],
    acks: list[float],
    think: float,
) -> list[float]:
    """One member of staff working through the script; the latency of each step."""
    chat, total, took = int(user["id"]), 0, []
    for index, (step, expected) in enumerate(zip(SCRIPT, counts, strict=True)):
        if index:
            await asyncio.sleep(think)
        update = update_for(step, user, watcher.last.get(chat, {}))
        started = time.time()
        response = await client.post(
            "/telegram/webhook",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        response.raise_for_status()
        acks.append(time.time() - started)
        total += expected
        took.append(await watcher.reached(chat, total) - started)
    return took


async def calibrate(client: httpx.AsyncClient, watcher: Watcher, user: dict[str, Any]) -> list:
    """How many messages each step's reply has, from one person going through it first."""
    chat, counts = int(user["id"]), []
    for step in SCRIPT:
        before = len(watcher.times[chat])
        update = update_for(step, user, watcher.last.get(chat, {}))
        await client.post(
            "/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        await watcher.reached(chat, before + 1)
        # Let a reply of several parts finish arriving: the server paces a chat at one
        # message a second once its burst is spent, so wait for a quiet spell longer than that.
        seen = -1
        while seen != len(watcher.times[chat]):
            seen = len(watcher.times[chat])
            await asyncio.sleep(1.2)
        counts.append(seen - before)
    return counts


async def register(url: str, users: list[dict[str, Any]]) -> None:
    """The demo BID and one staff member per simulated person, straight into the database."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessions(engine)) as session:
            await seed_demo(session)
            shop = (await session.execute(select(Shop))).scalars().first()
            assert shop is not None and shop.id is not None
            for user in users:
                identity, _ = await members.create_member(
                    session,
                    bid_id=shop.bid_id,
                    role="staff",
                    shop_id=shop.id,
                    display_name=user["first_name"],
                    channel="telegram",
                    address=str(user["id"]),
                )
                identity.last_inbound_at = utcnow() - timedelta(minutes=5)
    finally:
        await engine.dispose()


async def run(backend: str, *, staff: int = STAFF, think: float = THINK) -> None:
    users = [tu.make_user(8_000_000 + n, f"Staff{n}") for n in range(staff + 1)]
    async with FakeTelegram() as tg, fresh_database(backend) as url:
        await register(url, users)
        with tempfile.TemporaryDirectory() as files:
            env = {
                "SHOPWATCH_DATABASE_URL": url,
                "SHOPWATCH_PUBLIC_URL": "https://bench.example",
                "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
                "SHOPWATCH_TELEGRAM_SECRET": SECRET,
                "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
                "SHOPWATCH_CONSOLE": "off",
                "SHOPWATCH_ATTACHMENTS_DIR": files,
            }
            watcher = Watcher(tg)
            watching = asyncio.create_task(watcher.run())
            limits = httpx.Limits(max_connections=staff, max_keepalive_connections=staff)
            try:
                async with (
                    serve_process(env) as base,
                    httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client,
                ):
                    counts = await calibrate(client, watcher, users[-1])
                    acks: list[float] = []
                    freeze_heap()
                    started = time.perf_counter()
                    results = await asyncio.gather(
                        *(person(client, watcher, u, counts, acks, think) for u in users[:staff])
                    )
                    elapsed = time.perf_counter() - started
                    await asyncio.sleep(1.5)  # anything more than calibrated would show now
                    got = sum(len(watcher.times[int(u["id"])]) for u in users[:staff])
            finally:
                watching.cancel()
    took = [t for per_person in results for t in per_person]
    figures = summary(took)
    acked = summary(acks)
    figures["ack_p50_ms"] = acked["p50_ms"]
    figures["ack_p99_ms"] = acked["p99_ms"]
    figures["updates_per_s"] = len(took) / elapsed
    figures["messages_per_s"] = staff * sum(counts) / elapsed
    figures["limit_per_s"] = 30.0
    figures["seconds"] = elapsed
    title = f"telegram webhook, {staff} staff, {len(took)} updates ({backend}, Telegram limits)"
    show(title, figures)
    if got != staff * sum(counts):
        print(f"  replies differ from calibration: {got} messages, expected {staff * sum(counts)}")


def main() -> None:
    args = sys.argv[1:]
    staff = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--staff=")), STAFF)
    think = next((float(a.split("=", 1)[1]) for a in args if a.startswith("--think=")), THINK)
    backends = [a for a in args if a in ("sqlite", "postgres")] or ["sqlite", "postgres"]
    for backend in backends:
        asyncio.run(run(backend, staff=staff, think=think))


if __name__ == "__main__":
    main()
