"""The console's reader: a reply on its way is read once it is sent, in one read."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.channels.base import Delivery, Progress
from storage import driver
from tests.support import Clock, harness


async def test_a_reply_being_sent_is_read_once_it_is_not_looked_for_before(
    sqlite_url: str, clock: Clock
) -> None:
    async with harness(sqlite_url, clock) as h:
        console = h.runtime.console
        plain_send = console.send

        async def slow_send(
            address: str, payload: dict[str, Any], row_id: int, progress: Progress | None = None
        ) -> Delivery:
            await asyncio.sleep(0.1)  # still on its way when the reader asks
            return await plain_send(address, payload, row_id, progress)

        console.send = slow_send  # type: ignore[method-assign]
        reads: list[str] = []

        def watch(statement: str, params: Any, seconds: float) -> None:
            if statement.startswith("SELECT id, payload FROM outbox"):
                reads.append(statement)

        sender = asyncio.create_task(h.runtime.sender.run())
        driver.WATCHERS.append(watch)
        try:
            await asyncio.sleep(0.05)  # the sender is live: it takes the reply at insert
            posted = await h.client.post(
                "/console/messages", json={"handle": "demo-staff", "text": "report"}
            )
            assert posted.status_code == 200
            assert h.runtime.sender.sending_to("console", "demo-staff")
            got = await h.client.get(
                "/console/messages", params={"handle": "demo-staff", "after": 0, "wait": 5}
            )
        finally:
            driver.WATCHERS.remove(watch)
            h.runtime.sender.stop()
            await asyncio.wait_for(sender, 5)
        texts = [m["text"] for m in got.json()["messages"]]
        assert any("What do you want to report?" in t for t in texts)
        assert len(reads) == 1  # not a read before it was sent, then another


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
