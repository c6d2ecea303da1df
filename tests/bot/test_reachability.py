"""Edits answered kindly; a person who blocks us (or cannot be reached) is stopped until they
write again, on Telegram and WhatsApp."""

from __future__ import annotations

from sqlalchemy import select

from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from flows import texts
from storage.models import Identity
from tests.bot.telegram_support import telegram_app, text_of
from tests.bot.whatsapp_support import ALICE, STATUS, whatsapp
from tests.support import Harness


async def _identity(h: Harness, channel: str, address: str) -> Identity:
    async with h.runtime.sessions() as session:
        query = select(Identity).where(Identity.channel == channel, Identity.address == address)
        return (await session.execute(query)).scalar_one()


async def test_an_edited_message_is_answered_with_how_to_change_an_answer(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        await alice.say("report")
        edit = tu.edited_message("theft", message_id=5, user=alice.user)
        replies = await alice.send(edit)
        assert text_of(replies) == texts.TG_EDITED
        assert "back" in texts.TG_EDITED
        await t.post(edit)  # Telegram delivers it again: said once
        assert await alice.replies() == []


async def test_blocking_the_bot_stops_pushes_until_they_write_again(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        await alice.send(tu.my_chat_member("kicked", user=alice.user))
        assert (await _identity(t.h, "telegram", str(alice.id))).stopped_at is not None
        await t.h.say("demo-officer", "alert all: first, while she has blocked us")
        assert "first" not in text_of(await alice.replies())
        await alice.send(tu.my_chat_member("member", "kicked", user=alice.user))
        assert (await _identity(t.h, "telegram", str(alice.id))).stopped_at is None
        await t.h.say("demo-officer", "alert all: second, after she unblocked us")
        assert "second" in text_of(await alice.replies())


async def test_a_403_from_the_bot_api_stops_them_and_writing_again_clears_it(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        t.tg.blocked_chats.add(alice.id)
        await t.h.say("demo-officer", "alert all: first")
        await alice.replies()
        identity = await _identity(t.h, "telegram", str(alice.id))
        assert identity.stopped_at is not None and identity.unreachable
        calls = len(t.tg.calls("sendMessage"))
        await t.h.say("demo-officer", "alert all: second")
        await alice.replies()
        assert not [
            c for c in t.tg.calls("sendMessage")[calls:] if c.params["chat_id"] == str(alice.id)
        ]
        t.tg.blocked_chats.discard(alice.id)
        replies = await alice.say("help")
        assert replies  # answered
        assert (await _identity(t.h, "telegram", str(alice.id))).stopped_at is None
        await t.h.say("demo-officer", "alert all: third")
        assert "third" in text_of(await alice.replies())


async def test_a_whatsapp_number_that_cannot_be_reached_is_stopped_until_they_write(
    sqlite_url, clock, tmp_path
):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.h.say("demo-officer", "alert all: first")
        [alert] = [m for m in wa.messages() if "first" in (m.body or "")]
        response = await wa.post(
            twh.status_callback(alert.sid, "undelivered", error_code=63024), path=STATUS
        )
        assert response.status_code == 200
        assert (await _identity(wa.h, "whatsapp", ALICE)).stopped_at is not None
        await wa.h.say("demo-officer", "alert all: second")
        assert not any("second" in b for b in await wa.inbox())
        await wa.say("hello again")
        assert (await _identity(wa.h, "whatsapp", ALICE)).stopped_at is None
        wa.tw.fail_next(400, code=21211, to=f"whatsapp:{ALICE}")  # not a valid number, at sending
        await wa.h.say("demo-officer", "alert all: third")
        await wa.inbox()
        assert (await _identity(wa.h, "whatsapp", ALICE)).stopped_at is not None
