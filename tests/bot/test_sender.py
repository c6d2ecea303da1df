"""The outbox sender: at least once across crashes, in order per person, once across servers."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.channels.base import Delivery, Progress
from bot.sender import LEASE, Sender
from fakes.telegram_api import FakeTelegram
from storage import bids, members, outbox
from storage.db import make_engine, make_sessions, transaction
from storage.models import Identity, Outbox
from storage.types import utcnow
from tests.bot.test_cli import SHOPWATCH
from tests.bot.test_serve import free_port
from tests.support import PG_URL, Clock, harness

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


class Recorder:
    """A channel that records what it was asked to send and fails on cue."""

    name = "telegram"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures: list[Delivery] = []

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        await asyncio.sleep(0)  # let other senders interleave, as real HTTP would
        if self.failures:
            return self.failures.pop(0)
        self.sent.append((address, payload["text"]))
        return Delivery(ok=True, provider_id=str(row_id))


async def _queue(sessions, rows: list[tuple[str, str]]) -> None:
    async with transaction(sessions) as session:
        for address, text in rows:
            await outbox.enqueue(
                session,
                channel="telegram",
                address=address,
                payload={"text": text, "options": []},
                now=NOW,
            )


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


async def test_a_failed_send_is_retried_later_and_later_messages_wait(sessions) -> None:
    clock = Clock(NOW)
    channel = Recorder()
    sender = Sender(sessions, {"telegram": channel}, clock=clock)
    await _queue(sessions, [("1", "first"), ("1", "second"), ("2", "other person")])
    channel.failures = [Delivery(ok=False, retry_after=30, error="429")]
    await sender.drain()
    assert channel.sent == [("2", "other person")]
    clock.advance(seconds=29)
    await sender.drain()
    assert channel.sent == [("2", "other person")]
    clock.advance(seconds=2)
    await sender.drain()
    assert channel.sent == [("2", "other person"), ("1", "first"), ("1", "second")]


async def test_a_permanent_failure_stops_and_marks_the_person_unreachable(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        channel = Recorder()
        channel.name = "console"
        h.runtime.channels["console"] = channel
        channel.failures = [Delivery(ok=False, permanent=True, unreachable=True, error="403")]
        await h.client.post("/console/messages", json={"handle": "demo-staff", "text": "help"})
        await h.runtime.sender.drain()
        clock.advance(days=1)
        await h.runtime.sender.drain()
        async with h.runtime.sessions() as session:
            row = (await session.execute(select(Outbox))).scalar_one()
            identity = (
                await session.execute(select(Identity).where(Identity.address == "demo-staff"))
            ).scalar_one()
        assert row.status == "failed" and row.attempts == 1 and channel.sent == []
        assert identity.unreachable


async def test_messages_committed_before_a_crash_go_out_after_restart(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await h.client.post("/console/messages", json={"handle": "demo-staff", "text": "report"})
        # The process dies here: the reply is committed but was never sent.
    async with harness(sqlite_url, clock, demo=False) as restarted:
        [reply] = await restarted.inbox("demo-staff")
        assert "What do you want to report" in reply["text"]


async def test_a_row_claimed_by_a_sender_that_died_is_sent_after_its_lease(sessions) -> None:
    clock = Clock(NOW)
    await _queue(sessions, [("7", "alert")])
    dead = Sender(sessions, {"telegram": Recorder()}, clock=clock)
    assert len(await dead._claim()) == 1  # claimed, then the process died mid-send
    channel = Recorder()
    alive = Sender(sessions, {"telegram": channel}, clock=clock)
    await alive.drain()
    assert channel.sent == []
    clock.advance(seconds=LEASE.total_seconds() + 1)
    await alive.drain()
    assert channel.sent == [("7", "alert")]


# About row locks on PostgreSQL (SQLite has one writer at a time); CI always sets PG_URL.
@pytest.mark.parametrize("database_url", ["postgres"] if PG_URL else [], indirect=True)
async def test_two_servers_on_one_postgres_send_each_message_once(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    channels = [Recorder(), Recorder()]
    senders = [
        Sender(
            make_sessions(engine),
            {"telegram": channel},
            clock=lambda: NOW + timedelta(1),
            batch=25,
        )
        for engine, channel in zip(engines, channels, strict=True)
    ]
    rows = [(str(n % 40), f"message {n}") for n in range(600)]
    await _queue(make_sessions(engines[0]), rows)
    await asyncio.gather(*(sender.drain() for sender in senders))
    sent = channels[0].sent + channels[1].sent
    assert Counter(sent) == Counter(rows)  # every message once, none twice
    assert channels[0].sent and channels[1].sent  # both servers did some of the work
    for address in {a for a, _ in rows}:
        by_one = [t for a, t in sorted(sent, key=lambda r: int(r[1].split()[1])) if a == address]
        in_order = [t for a, t in rows if a == address]
        assert by_one == in_order
    async with make_sessions(engines[0])() as session:
        unsent = (
            await session.execute(select(func.count(Outbox.id)).where(Outbox.status != "sent"))
        ).scalar_one()
    assert unsent == 0
    for engine in engines:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["postgres"] if PG_URL else [], indirect=True)
async def test_two_serve_processes_send_each_message_once(database_url: str, tmp_path) -> None:
    """Two real `shopwatch serve` processes share one database and one fake Telegram."""
    async with FakeTelegram() as tg:
        sessions = make_sessions(engine := make_engine(database_url))
        async with transaction(sessions) as session:
            bid = await bids.create_bid(session, code="WE", name="West End")
            shop = await bids.create_shop(session, bid_id=bid.id, name="Gifts", street="Strand")
            chats = []
            for n in range(30):
                identity, _ = await members.create_member(
                    session,
                    bid_id=bid.id,
                    role="staff",
                    shop_id=shop.id,
                    display_name=f"Staff {n}",
                    channel="telegram",
                    address=str(5000 + n),
                )
                chats.append(identity)
            for n in range(300):
                identity = chats[n % 30]
                await outbox.enqueue(
                    session,
                    channel="telegram",
                    address=identity.address,
                    identity_id=identity.id,
                    payload={"text": f"update {n}", "options": []},
                    now=utcnow(),
                )
        await engine.dispose()
        env = {
            **os.environ,
            "SHOPWATCH_DATABASE_URL": database_url,
            "SHOPWATCH_TELEGRAM_TOKEN": tg.token,
            "SHOPWATCH_TELEGRAM_API_URL": tg.api_url,
            "SHOPWATCH_PUBLIC_URL": "https://shopwatch.example",
            "SHOPWATCH_TELEGRAM_SECRET": "two-servers-secret",
        }
        servers = [
            await asyncio.create_subprocess_exec(
                SHOPWATCH,
                "serve",
                "--port",
                str(free_port()),
                env=env,
                cwd=tmp_path,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        try:
            await tg.wait_for(lambda _: len(sent_texts(tg)) >= 300, timeout=60)
            await asyncio.sleep(1.5)  # a message sent twice would arrive by now
        finally:
            for server in servers:
                server.terminate()
            await asyncio.gather(*(server.wait() for server in servers))
        texts = sent_texts(tg)
        assert sorted(texts) == sorted(f"update {n}" for n in range(300))
        for n in range(30):
            in_chat = [
                c.params["text"]
                for c in tg.calls("sendMessage")
                if c.status == 200 and str(c.params["chat_id"]) == str(5000 + n)
            ]
            assert in_chat == [f"update {m}" for m in range(n, 300, 30)]


def sent_texts(tg: FakeTelegram) -> list[str]:
    return [c.params["text"] for c in tg.calls("sendMessage") if c.status == 200]
