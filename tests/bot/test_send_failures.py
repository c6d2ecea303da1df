"""One message that can never be sent is given up at once and never freezes a person's queue."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from bot.sender import QUEUE_BOUND
from flows import texts
from storage import outbox
from storage.db import transaction
from storage.models import Outbox
from tests.bot.telegram_support import Tg, telegram_app, text_of
from tests.bot.whatsapp_support import FLOWS


async def _file_shoplifting(t: Tg, handle: str = "demo-staff") -> str:
    """demo-staff reports a shoplifting on the console; the case reference."""
    for step in [*FLOWS["shoplifting"], "1"]:  # the last "1" sends the checked report
        extra: dict[str, Any] = {}
        if step == "PHOTO":
            extra = {"photo": {"content_type": "image/jpeg", "source": "photo.jpg"}}
        messages = await t.h.say(handle, "" if extra else step, **extra)
    found = re.search(r"WE-\d{4}", "\n".join(m["text"] for m in messages))
    assert found is not None
    return found.group()


async def _rows(t: Tg, address: str) -> list[Outbox]:
    async with t.h.runtime.sessions() as session:
        query = select(Outbox).where(Outbox.address == address).order_by(Outbox.id)
        return list((await session.execute(query)).scalars())


async def _queue_reply(t: Tg, address: str, text: str) -> int:
    async with transaction(t.h.runtime.sessions) as session:
        row = await outbox.enqueue(
            session,
            channel="telegram",
            address=address,
            payload={"text": text, "options": [], "question": None},
            now=t.h.runtime.dispatcher._clock(),
        )
        await session.flush()
        return row.id or 0


async def test_an_unsendable_reply_is_given_up_at_once_and_the_alert_behind_it_goes_out(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        officer = t.chat()
        await officer.join(await t.invite("officer"))
        bad = await _queue_reply(t, str(officer.id), "/case \ud800 is not a case reference")
        ref = await _file_shoplifting(t)
        new = await officer.replies()  # one pass of the sender, no clock moved
        rows = {r.id: r for r in await _rows(t, str(officer.id))}
        assert rows[bad].status == "failed" and rows[bad].attempts == 1
        assert "unsendable" in (rows[bad].error or "")
        assert ref in text_of(new)  # the new-case alert went out behind it
        assert texts.SEND_FAILED in text_of(new)  # and they were told
        assert all(r.status == "sent" for r in rows.values() if r.id != bad)


async def test_a_platform_refusal_is_permanent_and_told_once(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        t.tg.fail_next("sendMessage", 400, description="Bad Request: message is too long")
        replies = await alice.say("help")
        rows = await _rows(t, str(alice.id))
        failed = [r for r in rows if r.status == "failed"]
        assert len(failed) == 1 and failed[0].attempts == 1
        assert text_of(replies).count(texts.SEND_FAILED) == 1


async def test_a_passing_failure_holds_the_queue_only_for_a_short_bound(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        t.tg.fail_next("sendMessage", 502, count=100, chat_id=alice.id)
        await _queue_reply(t, str(alice.id), "first")
        await t.h.runtime.drain()
        t.tg.clear_faults()
        t.tg.fail_next("sendMessage", 502, count=100, chat_id=alice.id)
        await _queue_reply(t, str(alice.id), "second")
        clock.advance(seconds=QUEUE_BOUND.total_seconds() + 1)
        t.tg.clear_faults()
        t.tg.fail_next("sendMessage", 502, count=1, chat_id=alice.id)  # "first" fails again
        await t.h.runtime.drain()
        rows = await _rows(t, str(alice.id))
        by_text = {r.payload["text"]: r for r in rows}
        assert by_text["second"].status == "sent"  # it overtook the row that keeps failing
        assert by_text["first"].status == "pending" and by_text["first"].attempts >= 2
