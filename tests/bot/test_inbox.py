"""WhatsApp messages kept, answered to Twilio, then handled: once, in order, crash or not."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import inbox as inbox_module
from fakes import twilio_webhooks as twh
from handlers.dispatcher import Dispatcher
from storage.models import InboundQueued
from tests.bot.whatsapp_support import ALICE, WhatsApp, whatsapp


async def _kept(wa: WhatsApp) -> list[InboundQueued]:
    async with wa.h.runtime.sessions() as session:
        return list((await session.execute(select(InboundQueued))).scalars())


async def _until_handled(wa: WhatsApp) -> None:
    """Wait, 4 s at most, until the inbox keeps nothing."""
    for _ in range(200):
        if not await _kept(wa):
            return
        await asyncio.sleep(0.02)


def _text(body: str, **kw: Any) -> dict[str, str]:
    return twh.inbound_text(body, from_=f"whatsapp:{ALICE}", **kw)


async def test_twilio_is_answered_once_the_message_is_kept_and_it_is_handled_after(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        response = await wa.post(_text("help"))
        assert response.status_code == 200 and response.text.endswith("<Response/>")
        [kept] = await _kept(wa)  # answered, not yet handled (this harness handles on drain)
        assert kept.address == ALICE and kept.message["inbound"]["text"] == "help"
        assert wa.messages()[-1].body.startswith("Welcome")  # nothing new yet
        [reply] = await wa.inbox()
        assert "report" in reply.lower()
        assert await _kept(wa) == []


async def test_a_repeated_delivery_is_answered_and_handled_once(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        form = _text("mycases")
        for _ in range(2):  # Twilio tried again: the same MessageSid
            assert (await wa.post(form)).status_code == 200
        assert len(await _kept(wa)) == 2
        assert len(await wa.inbox()) == 1
        assert await _kept(wa) == []


async def test_a_crash_before_handling_loses_nothing_the_next_process_handles_it(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        assert (await wa.post(_text("help"))).status_code == 200
        # The process stops before handling it (this harness would only have on drain).
    async with whatsapp(database_url, clock, tmp_path, demo=False) as again:
        worker = asyncio.create_task(again.h.runtime.inbox.run())
        try:
            await asyncio.sleep(0.05)
            assert len(await _kept(again)) == 1  # within its lease: the first may handle it
            clock.advance(seconds=31)
            await _until_handled(again)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        await again.h.runtime.sender.drain()
        assert len(again.messages()) == 1  # the reply, sent by the second process
        assert await _kept(again) == []


async def test_one_persons_messages_are_handled_in_the_order_they_came(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        worker = asyncio.create_task(wa.h.runtime.inbox.run())
        try:
            await asyncio.sleep(0.01)
            for word in ("report", "2", "cancel"):  # the report menu, begging, then cancel
                assert (await wa.post(_text(word))).status_code == 200
            await _until_handled(wa)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        replies = await wa.inbox()
        assert len(replies) == 3
        assert "what do you want to report" in replies[0].lower()
        assert "begging" in replies[1].lower()
        assert "cancelled" in replies[2].lower()


async def test_a_message_waits_for_the_webhooks_being_answered_but_not_for_long(
    database_url, clock, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """In a burst Twilio's answers go first; a kept message waits, from its arrival, at most
    ANSWERS_FIRST_WITHIN for them."""
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        given: list[float] = []
        answered = asyncio.Event()

        async def answers_first(within: float) -> None:
            given.append(within)
            await answered.wait()

        monkeypatch.setattr(wa.h.runtime.inbox, "_answers_first", answers_first)
        worker = asyncio.create_task(wa.h.runtime.inbox.run())
        try:
            await asyncio.sleep(0.01)
            assert (await wa.post(_text("help"))).status_code == 200
            await asyncio.sleep(0.1)
            assert len(await _kept(wa)) == 1  # kept, waiting for the webhooks to be answered
            answered.set()
            await _until_handled(wa)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        assert len(given) == 1 and 0 < given[0] <= inbox_module.ANSWERS_FIRST_WITHIN
        [reply] = await wa.inbox()
        assert "report" in reply.lower()


async def test_a_message_that_fails_is_apologised_for_and_not_handled_again(
    database_url, clock, tmp_path, monkeypatch: pytest.MonkeyPatch, caplog
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()

        async def broken(self: Dispatcher, *args: Any, **kwargs: Any) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(Dispatcher, "_handle", broken)
        assert (await wa.post(_text("help"))).status_code == 200
        with caplog.at_level(logging.ERROR):
            [sorry] = await wa.inbox()
        assert "went wrong" in sorry.lower()
        assert await _kept(wa) == []
        clock.advance(minutes=5)
        assert await wa.inbox() == []  # not handled again


async def test_a_message_taken_by_crashed_processes_again_and_again_is_given_up(
    database_url, clock, tmp_path, caplog
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        assert (await wa.post(_text("help"))).status_code == 200
        async with wa.h.runtime.sessions() as session, session.begin():
            [kept] = (await session.execute(select(InboundQueued))).scalars()
            kept.attempts = inbox_module.MAX_ATTEMPTS  # taken that often before, each a crash
        with caplog.at_level(logging.ERROR):
            await wa.h.runtime.inbox.drain()
        assert "gave up on a queued whatsapp message" in caplog.text
        assert await _kept(wa) == []
        # Not handled again, but not left unanswered either.
        [sorry] = await wa.inbox()
        assert "Please send it again" in sorry


async def test_a_message_that_cannot_be_prepared_now_is_kept_and_handled_later(
    database_url, clock, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        inbox = wa.h.runtime.inbox
        prepare = inbox._prepare["whatsapp"]
        failures = [ConnectionError("the database, briefly")]

        async def flaky(inbound: Any, extra: Any) -> Any:
            if failures:
                raise failures.pop()
            return await prepare(inbound, extra)

        monkeypatch.setitem(inbox._prepare, "whatsapp", flaky)
        assert (await wa.post(_text("help"))).status_code == 200
        assert await wa.inbox() == []
        assert len(await _kept(wa)) == 1  # kept, not dropped
        clock.advance(seconds=61)  # its lease has run out: taken again
        [reply] = await wa.inbox()
        assert "report" in reply.lower()
        assert await _kept(wa) == []


async def test_a_message_that_cannot_be_kept_is_answered_with_a_request_to_send_it_again(
    database_url, clock, tmp_path, monkeypatch: pytest.MonkeyPatch, caplog
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()

        async def down(connection: Any, rows: Any) -> list[int]:
            raise OperationalError("INSERT INTO inbound_queue", {}, ConnectionError("down"))

        with monkeypatch.context() as patched:
            patched.setattr(inbox_module.inbox, "add", down)
            response = await wa.post(_text("mycases"))
        # Twilio does not post a failed message again: it says, itself, to send it again.
        assert response.status_code == 200
        assert "<Message>" in response.text and "Please send it again" in response.text
        assert await _kept(wa) == []
        assert "could not be kept" in caplog.text
        assert (await wa.post(_text("help"))).status_code == 200  # the database is back
        [reply] = await wa.inbox()
        assert "report" in reply.lower()


async def test_a_kept_message_that_cannot_be_read_is_dropped_and_answered(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.inbox()
        assert (await wa.post(_text("help"))).status_code == 200
        async with wa.h.runtime.sessions() as session, session.begin():
            [kept] = (await session.execute(select(InboundQueued))).scalars()
            kept.message = {"inbound": {"written": "by another version"}}
        [sorry] = await wa.inbox()
        assert "Please send it again" in sorry
        assert await _kept(wa) == []
