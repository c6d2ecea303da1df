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
from bot.channels.wire import on_wire
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
        await h.runtime.drain()
        clock.advance(days=1)
        await h.runtime.drain()
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


class Together(Recorder):
    """Its first send waits until the other server's first send: both have claimed some."""

    def __init__(self, both: asyncio.Barrier) -> None:
        super().__init__()
        self._both: asyncio.Barrier | None = both

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        if self._both is not None:
            both, self._both = self._both, None
            await asyncio.wait_for(both.wait(), 60)
        return await super().send(address, payload, row_id, progress)


# About row locks on PostgreSQL (SQLite has one writer at a time); CI always sets PG_URL.
@pytest.mark.parametrize("database_url", ["postgres"] if PG_URL else [], indirect=True)
async def test_two_servers_on_one_postgres_send_each_message_once(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    both = asyncio.Barrier(2)
    channels = [Together(both), Together(both)]
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


class Wired(Recorder):
    """A channel that, like Telegram's and WhatsApp's, lets the sender mark it on the wire."""

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        await asyncio.sleep(0)
        if self.failures:
            return self.failures.pop(0)
        await on_wire()  # raises if the row is not ours any more: then nothing is sent
        self.sent.append((address, payload["text"]))
        return Delivery(ok=True, provider_id=str(row_id))


async def _until(check: Any, seconds: float = 10.0) -> None:
    for _ in range(int(seconds * 100)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not reached")


async def _statuses(sessions) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars()
        return [(r.address, r.payload["text"], r.status) for r in rows]


def _count_claims(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows each claim from now on leases, in order."""
    claims: list[int] = []
    real = outbox.claim_due

    async def counting(*args: Any, **kwargs: Any) -> list[Outbox]:
        rows = await real(*args, **kwargs)
        claims.append(len(rows))
        return rows

    monkeypatch.setattr(outbox, "claim_due", counting)
    return claims


async def test_a_reply_written_while_the_sender_runs_is_sent_without_a_claim(
    sessions, monkeypatch
) -> None:
    claimed = _count_claims(monkeypatch)
    channel = Wired()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW))
    running = asyncio.create_task(sender.run())
    await _until(lambda: claimed)  # the loop is up
    async with transaction(sessions) as session:
        first = await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "a"}, now=NOW
        )
        second = await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "b"}, now=NOW
        )
        assert first.status == second.status == "sending"  # leased to us as written
    await _until(lambda: len(channel.sent) == 2)
    await _until(lambda: sender.writes.writes >= 4)
    sender.stop()
    await running
    assert channel.sent == [("1", "a"), ("1", "b")]
    assert sum(claimed) == 0  # none of them came through a claim
    assert await _statuses(sessions) == [("1", "a", "sent"), ("1", "b", "sent")]


async def test_a_reply_behind_an_unsent_message_waits_for_it(sessions) -> None:
    clock = Clock(NOW)
    channel = Wired()
    sender = Sender(sessions, {"telegram": channel}, clock=clock, idle_wait=0.05)
    await _queue(sessions, [("1", "earlier")])
    channel.failures = [Delivery(ok=False, retry_after=30, error="429")]
    await sender.drain()  # the earlier one failed and waits 30 s
    running = asyncio.create_task(sender.run())
    await asyncio.sleep(0.1)
    async with transaction(sessions) as session:
        later = await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "later"}, now=clock.now
        )
        push = await outbox.enqueue(
            session,
            channel="telegram",
            address="2",
            payload={"text": "push", "push": True},
            now=clock.now,
        )
        assert later.status == push.status == "pending"  # claimed in turn, not handed
    await _until(lambda: ("2", "push") in channel.sent)
    await asyncio.sleep(0.2)
    assert ("1", "later") not in channel.sent
    clock.advance(seconds=31)
    await _until(lambda: len(channel.sent) == 3)
    sender.stop()
    await running
    assert channel.sent == [("2", "push"), ("1", "earlier"), ("1", "later")]


async def test_a_reply_after_a_push_to_the_same_person_in_one_transaction_goes_after_it(
    sessions,
) -> None:
    channel = Wired()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW), idle_wait=0.05)
    running = asyncio.create_task(sender.run())
    await asyncio.sleep(0.1)
    async with transaction(sessions) as session:
        # As the scheduler releases a held-back push: added to the session, not enqueued.
        push = Outbox(
            channel="telegram",
            address="1",
            payload={"text": "push", "push": True},
            next_attempt_at=NOW,
            created_at=NOW,
        )
        session.add(push)
        reply = await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "reply"}, now=NOW
        )
        # The push is written first (it was added first), so the reply is behind it.
        assert push.status == reply.status == "pending"
    await _until(lambda: len(channel.sent) == 2)
    sender.stop()
    await running
    assert channel.sent == [("1", "push"), ("1", "reply")]


async def test_a_row_requeued_is_sent_again_at_once_not_at_the_next_look(sessions) -> None:
    channel = Wired()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW), idle_wait=60)
    running = asyncio.create_task(sender.run())
    await asyncio.sleep(0.1)  # its first look found nothing: the next is a minute away
    async with transaction(sessions) as session:
        await outbox.enqueue(
            session, channel="telegram", address="1", payload={"text": "first"}, now=NOW
        )
    await _until(lambda: channel.sent == [("1", "first")])
    await _until(lambda: not sender._mine)  # recorded as sent
    async with transaction(sessions) as session:
        [row] = (await session.execute(select(Outbox))).scalars()
        await outbox.requeue(session, row=row, payload={"text": "again"}, now=NOW, error="x")
    await _until(lambda: channel.sent == [("1", "first"), ("1", "again")], seconds=5)
    sender.stop()
    await running


class _DiesAtCommit(Sender):
    """Takes rows at insert, then the process dies before it could send them."""

    def committed(
        self, handed: list[Outbox], due: set[tuple[str, str]], sent: list[Outbox]
    ) -> None:
        pass


async def test_a_reply_taken_by_a_sender_that_died_is_sent_after_its_lease(sessions) -> None:
    clock = Clock(NOW)
    dead = _DiesAtCommit(sessions, {"telegram": Recorder()}, clock=clock)
    dead._live.add("telegram")  # its loop was running
    async with transaction(sessions) as session:
        await outbox.enqueue(
            session, channel="telegram", address="7", payload={"text": "reply"}, now=NOW
        )
    channel = Recorder()
    alive = Sender(sessions, {"telegram": channel}, clock=clock, take_at_insert=False)
    await alive.drain()
    assert channel.sent == []  # still leased to the dead one
    clock.advance(seconds=LEASE.total_seconds() + 1)
    await alive.drain()
    assert channel.sent == [("7", "reply")]


async def test_a_row_claimed_by_another_sender_since_is_not_sent(sessions) -> None:
    clock = Clock(NOW)
    await _queue(sessions, [("7", "alert")])
    slow = Sender(sessions, {"telegram": Wired()}, clock=clock)
    [row] = await slow._claim()
    clock.advance(seconds=LEASE.total_seconds() + 1)  # its lease ran out; another claims it
    channel = Wired()
    other = Sender(sessions, {"telegram": channel}, clock=clock)
    [again] = await other._claim()
    clock.advance(seconds=-LEASE.total_seconds())  # the slow one wakes, its lease still looks fine
    assert await slow._attempt(row) is None  # its mark found the row leased to another
    assert slow._channels["telegram"].sent == []  # type: ignore[attr-defined]
    delivery = await other._attempt(again)
    assert delivery is not None and delivery.ok and channel.sent == [("7", "alert")]


async def test_marks_and_records_of_sends_at_the_same_time_share_transactions(sessions) -> None:
    channel = Wired()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW))
    await _queue(sessions, [(str(n), f"to {n}") for n in range(50)])
    await sender.drain()
    assert len(channel.sent) == 50
    assert sender.writes.writes == 100  # a mark and a record each
    assert sender.writes.transactions <= 10
    assert {status for *_, status in await _statuses(sessions)} == {"sent"}


class Stuck(Recorder):
    """A channel whose send to chat "slow" never ends (a platform that stopped answering)."""

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        if address == "slow":
            await asyncio.Event().wait()
        return await super().send(address, payload, row_id, progress)


async def test_stopping_puts_back_what_had_not_started_for_the_next_process(sessions) -> None:
    clock = Clock(NOW)
    sender = Sender(sessions, {"telegram": Stuck()}, clock=clock)
    running = asyncio.create_task(sender.run())
    await asyncio.sleep(0.05)
    async with transaction(sessions) as session:
        for text in ("first", "second", "third"):
            await outbox.enqueue(
                session, channel="telegram", address="slow", payload={"text": text}, now=NOW
            )
    await asyncio.sleep(0.05)
    await sender.finish(within=0.1)
    await running
    # The first was on its way (left to its lease); the two behind it are due again at once.
    assert await _statuses(sessions) == [
        ("slow", "first", "sending"),
        ("slow", "second", "pending"),
        ("slow", "third", "pending"),
    ]
    channel = Recorder()
    restarted = Sender(sessions, {"telegram": channel}, clock=clock, take_at_insert=False)
    await restarted.drain()
    assert channel.sent == []  # still behind the first, in order
    clock.advance(seconds=LEASE.total_seconds() + 1)
    await restarted.drain()
    assert channel.sent == [("slow", "first"), ("slow", "second"), ("slow", "third")]


class Slow(Wired):
    """A send held before its rate limiter lets it go, and again on the wire."""

    def __init__(self) -> None:
        super().__init__()
        self.limiter, self.marked, self.wire = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        await self.limiter.wait()
        await on_wire()
        self.marked.set()
        await self.wire.wait()
        self.sent.append((address, payload["text"]))
        return Delivery(ok=True, provider_id=str(row_id))


async def test_a_send_that_waited_past_its_lease_is_not_claimed_again_while_on_the_wire(
    sessions,
) -> None:
    clock = Clock(NOW)
    await _queue(sessions, [("7", "only once")])
    slow, other = Slow(), Recorder()
    first = Sender(sessions, {"telegram": slow}, clock=clock)
    second = Sender(sessions, {"telegram": other}, clock=clock)
    sending = asyncio.create_task(first.drain_once("telegram"))
    await asyncio.sleep(0.05)  # claimed, and waiting for the rate limiter
    clock.advance(seconds=LEASE.total_seconds() - 5)
    slow.limiter.set()  # the limiter lets it go with 5 s of its lease left…
    await asyncio.wait_for(slow.marked.wait(), 5)
    clock.advance(seconds=30)  # …and the platform is slow to answer: past the old lease
    await second.drain()
    assert other.sent == []  # the mark renewed the lease: nobody else sends it meanwhile
    slow.wire.set()
    await sending
    assert slow.sent == [("7", "only once")]
    assert await _statuses(sessions) == [("7", "only once", "sent")]


@pytest.mark.parametrize("database_url", ["postgres"] if PG_URL else [], indirect=True)
async def test_a_record_that_meets_a_connection_the_server_dropped_is_written_once_again(
    database_url: str,
) -> None:
    from tests.storage.test_reconnect import _drop_connections

    # Checked only after resting a minute: the pooled connection is handed out as it is.
    engine = make_engine(database_url, ping_after=60)
    sessions = make_sessions(engine)
    try:
        await _queue(sessions, [("1", "hello")])
        async with sessions() as session:
            row_id = (await session.execute(select(Outbox.id))).scalar_one()
        writes = Sender(sessions, {"telegram": Recorder()}).writes
        assert await _drop_connections(database_url) == 1
        await writes.sent(row_id=row_id, attempts=1, provider_id="p", error=None, now=NOW)
        async with sessions() as session:
            assert (await session.get(Outbox, row_id)).status == "sent"
    finally:
        await engine.dispose()


class _Slow:
    """A platform whose every send takes a while: counts how many are on the wire at once."""

    name = "telegram"

    def __init__(self) -> None:
        self.on_wire: dict[bool, int] = {True: 0, False: 0}
        self.most: dict[bool, int] = {True: 0, False: 0}
        self.sent: list[str] = []

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        push = bool(payload.get("push"))
        self.on_wire[push] += 1
        self.most[push] = max(self.most[push], self.on_wire[push])
        await asyncio.sleep(0.02)
        self.on_wire[push] -= 1
        self.sent.append(payload["text"])
        return Delivery(ok=True, provider_id=str(row_id))


async def test_a_broadcast_goes_a_few_pushes_at_a_time_and_replies_are_not_held_by_it(
    sessions,
) -> None:
    channel = _Slow()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW), pushes_at_once=3)
    async with transaction(sessions) as session:
        for n in range(24):
            await outbox.enqueue(
                session,
                channel="telegram",
                address=str(100 + n),
                payload={"text": f"push {n}", "push": True},
                now=NOW,
            )
        for n in range(6):
            await outbox.enqueue(
                session,
                channel="telegram",
                address=str(n),
                payload={"text": f"reply {n}"},
                now=NOW,
            )
    await sender.drain()
    assert len(channel.sent) == 30
    assert channel.most[True] == 3  # the broadcast, three at a time
    assert channel.most[False] == 6  # the replies all at once, beside them


class Held(Recorder):
    """A channel whose sends wait until the test lets them go."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.go = asyncio.Event()

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        self.started.set()
        await self.go.wait()
        return await super().send(address, payload, row_id, progress)


async def test_quiet_waits_for_what_is_being_sent_and_no_longer_than_asked(sessions) -> None:
    channel = Held()
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW))
    await sender.quiet(5)  # nothing under way: at once
    running = asyncio.create_task(sender.run())
    try:
        await _queue(sessions, [("1", "first")])
        sender.notify()
        await asyncio.wait_for(channel.started.wait(), 5)
        await asyncio.wait_for(sender.quiet(0.05), 1)  # gives up after 50 ms
        waiting = asyncio.create_task(sender.quiet(5))
        await asyncio.sleep(0.05)
        assert not waiting.done()
        channel.go.set()
        await asyncio.wait_for(waiting, 5)
        assert channel.sent == [("1", "first")]
    finally:
        sender.stop()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


class _Paced(Wired):
    """A platform that takes one message at a time, a few milliseconds each (a rate limit)."""

    def __init__(self) -> None:
        super().__init__()
        self._one = asyncio.Lock()
        self.go = asyncio.Event()  # nothing leaves until the test says so

    async def send(
        self, address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        await self.go.wait()
        async with self._one:
            await asyncio.sleep(0.005)
            return await super().send(address, payload, row_id, progress)


async def test_a_burst_waiting_on_the_platform_is_claimed_a_half_batch_at_a_time(
    sessions, monkeypatch
) -> None:
    """Replies due behind rows on their way cost no claim each: a claim reads past every row
    waiting, so a burst of them is claimed when half a batch has gone, not one by one."""
    claims = _count_claims(monkeypatch)
    channel = _Paced()
    # No tick while it runs: every claim counted is one the sender asked for.
    sender = Sender(sessions, {"telegram": channel}, clock=Clock(NOW), batch=6, idle_wait=60)
    running = asyncio.create_task(sender.run())
    await _until(lambda: claims)  # the loop is up
    claims.clear()
    people, each = 8, 4
    # A turn each, one after another, each writing one reply, while the first are on the wire.
    for n in range(each):
        for person in range(people):
            await _queue(sessions, [(str(person), f"{person}.{n}")])
    channel.go.set()
    await _until(lambda: len(channel.sent) == people * each)
    sender.stop()
    await running
    for person in range(people):
        mine = [text for address, text in channel.sent if address == str(person)]
        assert mine == [f"{person}.{n}" for n in range(each)]
    # The 24 rows behind came through claims: 7 of them (6 rows, then 3 at each refill); a
    # claim for each commit and each worker done, as before, made dozens, most finding nothing.
    assert sum(claims) == people * (each - 1)
    assert len(claims) <= 10, claims
    assert {status for _, _, status in await _statuses(sessions)} == {"sent"}
