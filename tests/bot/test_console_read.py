"""The console's reader: a message on its way is read once it is sent, in one read; a reply
is written sent and wakes whoever waits for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlmodel import select

from bot.channels.base import Delivery, Progress
from storage import driver, outbox
from storage.db import transaction
from storage.models import Outbox
from tests.support import Clock, Harness, harness


async def _until(check: Any, seconds: float = 5) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.01)


async def _push(h: Harness, clock: Clock, text: str) -> None:
    """A message to demo-staff not in reply to them (an update on their case): the sender's."""
    async with transaction(h.runtime.sessions) as session:
        await outbox.enqueue(
            session,
            channel="console",
            address="demo-staff",
            payload={"text": text, "options": [], "question": None, "push": True},
            now=clock(),
        )


@asynccontextmanager
async def _sender_running(h: Harness) -> AsyncIterator[None]:
    """The sender's loop, live (so it takes the console's replies at insert), then stopped."""
    sender = asyncio.create_task(h.runtime.sender.run())
    try:
        await asyncio.sleep(0.05)
        yield
    finally:
        h.runtime.sender.stop()
        await asyncio.wait_for(sender, 5)


def _slowed(h: Harness, sends: list[str], *, release: asyncio.Event | None = None) -> None:
    """The console's send records what it sends and waits (for `release`, or 0.1 s)."""
    console = h.runtime.console
    plain_send = console.send

    async def slow_send(
        address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
    ) -> Delivery:
        sends.append(payload["text"])
        if release is None:
            await asyncio.sleep(0.1)  # still on its way when the reader asks
        else:
            await release.wait()
        return await plain_send(address, payload, row_id, progress)

    console.send = slow_send  # type: ignore[method-assign]


async def test_a_message_being_sent_is_read_once_it_is_not_looked_for_before(
    sqlite_url: str, clock: Clock
) -> None:
    async with harness(sqlite_url, clock) as h:
        sends: list[str] = []
        _slowed(h, sends)
        reads: list[str] = []

        def watch(statement: str, params: Any, seconds: float) -> None:
            if statement.startswith("SELECT id, payload"):
                reads.append(statement)

        driver.WATCHERS.append(watch)
        try:
            async with _sender_running(h):
                await _push(h, clock, "CCTV collected")
                await _until(lambda: h.runtime.sender.sending_to("console", "demo-staff"))
                got = await h.client.get(
                    "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
                )
        finally:
            driver.WATCHERS.remove(watch)
        assert [m["text"] for m in got.json()["messages"]] == ["CCTV collected"]
        assert sends == ["CCTV collected"]
        assert len(reads) == 1  # not a read before it was sent, then another


async def test_a_reply_is_written_sent_and_wakes_a_waiting_reader(
    database_url: str, clock: Clock
) -> None:
    async with harness(database_url, clock) as h:
        sends: list[str] = []
        _slowed(h, sends)
        async with _sender_running(h):  # live: the console's replies are recorded sent
            waiting = asyncio.create_task(
                h.client.get(
                    "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
                )
            )
            await asyncio.sleep(0.05)  # the reader waits for the first message
            posted = await h.client.post(
                "/console/messages",
                json={"handle": "demo-staff", "text": "report", "after": 0, "wait": 5},
            )
            woken = await asyncio.wait_for(waiting, 2)  # at commit, not at its 5 s
        [reply] = posted.json()["messages"]
        assert "What do you want to report?" in reply["text"]
        assert [m["id"] for m in woken.json()["messages"]] == [reply["id"]]
        assert sends == []  # no send: recording it sent delivered it
        async with transaction(h.runtime.sessions) as session:
            row = await session.get(Outbox, reply["id"])
            assert row is not None and row.status == "sent"
            assert row.sent_at == clock() and row.attempts == 0


async def test_a_reply_behind_a_message_still_on_its_way_waits_its_turn(
    database_url: str, clock: Clock
) -> None:
    async with harness(database_url, clock) as h:
        sends: list[str] = []
        release = asyncio.Event()
        _slowed(h, sends, release=release)
        async with _sender_running(h):
            await _push(h, clock, "CCTV collected")
            await _until(lambda: sends == ["CCTV collected"])  # on the wire, not sent yet
            posted = await h.client.post(
                "/console/messages", json={"handle": "demo-staff", "text": "report"}
            )
            assert posted.status_code == 200
            async with transaction(h.runtime.sessions) as session:
                statuses = [
                    row.status
                    for row in (
                        await session.execute(select(Outbox).order_by(Outbox.id))
                    ).scalars()
                ]
            release.set()
            got = await h.client.get(
                "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
            )
            await _until(lambda: len(sends) == 2)
            rest = await h.client.get(
                "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
            )
        assert statuses == ["sending", "pending"]  # written due, behind the push: not sent
        texts = [m["text"] for m in got.json()["messages"] + rest.json()["messages"]]
        assert texts[0] == "CCTV collected"
        assert any("What do you want to report?" in t for t in texts[1:])
        assert sends[1].startswith(texts[-1][:20])


async def test_a_post_with_after_is_answered_with_its_reply_and_the_rest_still_reads_on(
    sqlite_url: str, clock: Clock
) -> None:
    async with harness(sqlite_url, clock) as h:
        sender = asyncio.create_task(h.runtime.sender.run())
        try:
            await asyncio.sleep(0.05)
            plain = await h.client.post(
                "/console/messages", json={"handle": "demo-staff", "text": "help"}
            )
            assert plain.json() == {"status": "handled"}  # without after: as before
            waited = await h.client.get(
                "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
            )
            after = waited.json()["last_id"]
            answered = await h.client.post(
                "/console/messages",
                json={"handle": "demo-staff", "text": "report", "after": after, "wait": 5},
            )
            later = await h.client.get(
                "/console/messages", params={"handle": "demo-staff", "after": after}
            )
            too_long = await h.client.post(
                "/console/messages",
                json={"handle": "demo-staff", "text": "no", "after": 0, "wait": 31},
            )
        finally:
            h.runtime.sender.stop()
            await asyncio.wait_for(sender, 5)
    body = answered.json()
    assert body["status"] == "handled"
    assert [m["id"] > after for m in body["messages"]] == [True]
    assert "What do you want to report?" in body["messages"][0]["text"]
    assert body["last_id"] == body["messages"][0]["id"]
    # Read in the answer: a GET from the same id sees the same message, never a lost one.
    assert [m["id"] for m in later.json()["messages"]] == [body["last_id"]]
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "wait"]
