"""Telegram webhook under load: 200 staff at once, 2,000 updates, on SQLite and PostgreSQL.

Real HTTP to the app under uvicorn (sender running) and from it to the fake Bot API. Each
figure runs from posting an update to `POST /telegram/webhook` until the last message of the
bot's reply reaches the fake. By default Telegram's rate limits (30 messages/s overall, about
1/s per chat) are lifted to measure our own capacity; `--telegram-limits` keeps them.
Run: .venv/bin/python -m bench.telegram_webhook [--telegram-limits] [--staff=N] [sqlite] [postgres]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import defaultdict
from typing import Any

import httpx
from sqlalchemy import select

from bench._common import fresh_database, serving, show, summary
from bot.app import create_app
from bot.channels.telegram import TelegramAdapter
from bot.demo import seed_demo
from config.settings import Settings
from storage import queries
from storage.db import transaction
from storage.models import Shop
from tests.fakes import FakeTelegram
from tests.fakes import telegram_updates as tu

STAFF = 200
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
) -> list[float]:
    """One member of staff working through the script; the latency of each step."""
    chat, total, took = int(user["id"]), 0, []
    for step, expected in zip(SCRIPT, counts, strict=True):
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
        await asyncio.sleep(0.5)  # let a reply of several parts finish arriving
        counts.append(len(watcher.times[chat]) - before)
    return counts


async def run(backend: str, *, limits: bool, staff: int = STAFF) -> None:
    if not limits:
        TelegramAdapter.overall_per_second = 0.0
        TelegramAdapter.chat_per_second = 1000.0
    users = [tu.make_user(8_000_000 + n, f"Staff{n}") for n in range(staff + 1)]
    async with FakeTelegram() as tg, fresh_database(backend) as url:
        with tempfile.TemporaryDirectory() as files:
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                database_url=url,
                telegram_token=tg.token,
                telegram_api_url=tg.api_url,
                public_url="https://bench.example",
                telegram_secret=SECRET,
                console="off",
                attachments_dir=files,
            )
            app = create_app(settings, run_scheduler=False)
            async with transaction(app.state.runtime.sessions) as session:
                await seed_demo(session)
                shop = (await session.execute(select(Shop))).scalars().first()
                assert shop is not None and shop.id is not None
                for user in users:
                    await queries.create_member(
                        session,
                        bid_id=shop.bid_id,
                        role="staff",
                        shop_id=shop.id,
                        display_name=user["first_name"],
                        channel="telegram",
                        address=str(user["id"]),
                    )
            watcher = Watcher(tg)
            watching = asyncio.create_task(watcher.run())
            limits_ = httpx.Limits(max_connections=staff, max_keepalive_connections=staff)
            try:
                async with (
                    serving(app) as base,
                    httpx.AsyncClient(base_url=base, timeout=60, limits=limits_) as client,
                ):
                    counts = await calibrate(client, watcher, users[-1])
                    acks: list[float] = []
                    started = time.perf_counter()
                    results = await asyncio.gather(
                        *(person(client, watcher, u, counts, acks) for u in users[:staff])
                    )
                    elapsed = time.perf_counter() - started
            finally:
                watching.cancel()
    took = [t for per_person in results for t in per_person]
    figures = summary(took)
    acked = summary(acks)
    figures["ack_p50_ms"] = acked["p50_ms"]
    figures["ack_p99_ms"] = acked["p99_ms"]
    figures["updates_per_s"] = len(took) / elapsed
    figures["messages_per_s"] = staff * sum(counts) / elapsed
    figures["seconds"] = elapsed
    mode = "Telegram limits" if limits else "limits lifted"
    show(f"telegram webhook, {staff} staff, {len(took)} updates ({backend}, {mode})", figures)


def main() -> None:
    args = sys.argv[1:]
    limits = "--telegram-limits" in args
    staff = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--staff=")), STAFF)
    backends = [a for a in args if a in ("sqlite", "postgres")] or ["sqlite", "postgres"]
    for backend in backends:
        asyncio.run(run(backend, limits=limits, staff=staff))


if __name__ == "__main__":
    main()
