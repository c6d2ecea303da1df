"""The purse goes home through the real Telegram and WhatsApp endpoints, on every database."""

from __future__ import annotations

from fakes import telegram_updates as tu
from tests.bot.telegram_support import telegram_app, text_of
from tests.bot.whatsapp_support import ALICE, whatsapp

BOB = "+447700900456"


async def test_the_purse_goes_home_on_telegram(database_url, clock, tmp_path):
    async with telegram_app(database_url, clock, tmp_path) as t:
        staff = t.chat(tu.make_user(7101, "Sam"))
        await staff.join(await t.invite("staff"))
        owner = t.chat(tu.make_user(7102, "Jo"))
        assert "lost" in text_of(await owner.say("hello"))
        await owner.say("/lost")
        await owner.press("Wallet or purse")
        await owner.say("black purse with a gold clasp")
        await owner.say("Coventry Street")
        await owner.say("an hour ago")
        assert "WE-L-0001" in text_of(await owner.press("Send"))
        clock.advance(hours=1)
        await staff.say("/found")
        await staff.say("purse")
        await staff.say("black leather purse, gold clip, found by till 2")
        await staff.press("At Coventry Street Gifts")
        await staff.say("just now")
        await staff.press("At the shop")
        await staff.say("skip")
        await staff.press("Send")
        asked = text_of(await owner.replies())
        assert "may have been handed in" in asked and "till" not in asked
        await owner.say("leather")
        check = text_of(await staff.replies())
        assert "They answered: leather" in check
        assert "handover code" in text_of(await staff.press("Yes, it is theirs"))
        collect = text_of(await owner.replies())
        assert "Coventry Street Gifts, Coventry Street" in collect and "photo ID" in collect
        assert "Well done" in text_of(await staff.say("/returned WE-0001"))
        assert "back with you" in text_of(await owner.replies())


async def test_the_purse_goes_home_on_whatsapp(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as w:
        await w.join(BOB, name="Sam Shop")
        await w.inbox(BOB)
        welcome = "\n".join(await w.say("hi"))
        assert "lost" in welcome and "join YOURCODE" in welcome
        for line in [
            "LOST",
            "2",
            "black purse with a gold clasp",
            "Coventry Street",
            "an hour ago",
        ]:
            assert await w.say(line), line
        assert "WE-L-0001" in "\n".join(await w.say("1"))  # Send
        clock.advance(hours=1)
        found = ["found", "purse", "black leather purse, gold clip, found by till 2", "1"]
        for line in [*found, "just now", "1", "skip"]:
            assert await w.say(line, BOB, "Sam Shop"), line
        assert "WE-0001" in "\n".join(await w.say("1", BOB, "Sam Shop"))
        asked = "\n".join(await w.inbox(ALICE))
        assert "may have been handed in" in asked and "till" not in asked
        await w.say("leather")
        check = "\n".join(await w.inbox(BOB))
        assert "1. Yes, it is theirs" in check and "2. No, not theirs" in check
        assert "handover code" in "\n".join(await w.say("1", BOB, "Sam Shop"))
        collect = "\n".join(await w.inbox(ALICE))
        assert "Coventry Street Gifts, Coventry Street" in collect and "photo ID" in collect
        assert "Well done" in "\n".join(await w.say("returned WE-0001", BOB, "Sam Shop"))
        assert "back with you" in "\n".join(await w.inbox(ALICE))
