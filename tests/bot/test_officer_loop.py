"""The officer loop across channels: a report on one platform, police work on another, and
every update back to the reporter, in order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.export import case_records
from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import FakeTwilio
from tests.bot.telegram_support import PUBLIC_URL, SECRET, Tg, text_of
from tests.bot.whatsapp_support import FLOWS, TEMPLATE, WhatsApp
from tests.support import Clock, harness

ALICE_WA = "+447700900123"
OFFICER_WA = "+447700900555"
# The script without its photo: "skip" at the photo question, rather than a photo and Done.
REPORT = [*FLOWS["shoplifting"][:-2], "skip"]


@asynccontextmanager
async def both(url: str, clock: Clock, tmp_path: Path) -> AsyncIterator[tuple[Tg, WhatsApp]]:
    """One app with Telegram (webhook mode) and WhatsApp on, each against its fake."""
    async with FakeTelegram() as tg, FakeTwilio() as tw:
        tw.add_content(TEMPLATE, "There is an update on {{1}} ({{2}}). Reply to read it.")
        settings: dict[str, Any] = {
            "public_url": PUBLIC_URL,
            "telegram_token": tg.token,
            "telegram_secret": SECRET,
            "telegram_api_url": tg.api_url,
            "twilio_account_sid": tw.account_sid,
            "twilio_auth_token": tw.auth_token,
            "twilio_api_url": tw.base_url,
            "whatsapp_from": "whatsapp:+14155238886",
            "whatsapp_update_template": TEMPLATE,
            "attachments_dir": str(tmp_path / "attachments"),
        }
        async with harness(url, clock, **settings) as h:
            telegram = Tg(h, tg)
            telegram.adapter.chat_per_second = 1000.0
            yield telegram, WhatsApp(h, tw, tmp_path / "attachments")


def after_dash(bodies: list[str]) -> list[str]:
    """What the officer said, from "Update on WE-0001 (...): PC Bob - <text>\\nStatus: ..."."""
    return [body.split(" - ", 1)[1].split("\n")[0] for body in bodies]


async def test_whatsapp_reporter_and_telegram_officer(database_url, clock, tmp_path):
    async with both(database_url, clock, tmp_path) as (telegram, wa):
        await wa.join(ALICE_WA)
        officer = telegram.chat(tu.BOB)
        await officer.join(await telegram.invite("officer"))
        for line in REPORT:
            await wa.say(line, ALICE_WA)
        filed = await wa.say("1", ALICE_WA)
        assert "Your reference is *WE-0001*" in filed[-1]

        [alert] = await officer.replies()
        assert "New shoplifting report" in alert["text"] and "WE-0001" in alert["text"]
        await officer.press("Acknowledge")
        clock.advance(minutes=10)
        reply_to_alert = tu.text_message(
            "CCTV collected, suspect identified", user=tu.BOB, reply_to_message=alert
        )
        await officer.send(reply_to_alert)
        pick = await officer.say("/close WE-0001")
        assert "How was WE-0001 resolved?" in text_of(pick)
        await officer.press("no further action")

        pushed = await wa.inbox(ALICE_WA)
        assert after_dash(pushed) == [
            "Seen by the police",
            "CCTV collected, suspect identified",
            "Closed: no further action",
        ]
        assert pushed[1].startswith("Update on WE-0001 (shoplifting, Mon 23 Nov, 14:10, ")

        update_sid = wa.messages(ALICE_WA)[-2].sid
        answer = twh.inbound_reply(
            "He came back at 15:00", original_sid=update_sid, from_=f"whatsapp:{ALICE_WA}"
        )
        await wa.send(answer, ALICE_WA)
        assert "He came back at 15:00" in text_of(await officer.replies())

        async with telegram.h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert record["channel"] == "whatsapp" and record["status"] == "closed"
        assert [(u["author_role"], u["action"]) for u in record["updates"]] == [
            ("officer", "ack"),
            ("officer", "update"),
            ("officer", "close"),
            ("staff", "reply"),
        ]


async def test_telegram_reporter_and_whatsapp_officer(sqlite_url, clock, tmp_path):
    async with both(sqlite_url, clock, tmp_path) as (telegram, wa):
        await wa.join(OFFICER_WA, role="officer", shop=None, name="PC Okafor")
        reporter = telegram.chat(tu.ALICE)
        await reporter.join(await telegram.invite("staff"))
        for line in REPORT:
            await reporter.say(line)
        filed = await reporter.say("1")
        assert "Your reference is WE-0001." in text_of(filed)

        [alert] = await wa.inbox(OFFICER_WA)
        assert "WE-0001" in alert and "send ack WE-0001" in alert
        await wa.say("ACK we-0001", OFFICER_WA)
        await wa.say("update WE-0001 Officers on their way to you", OFFICER_WA)
        pushed = await reporter.replies()
        assert [m["text"].split(" - ", 1)[1].split("\n")[0] for m in pushed] == [
            "Seen by the police",
            "Officers on their way to you",
        ]
        reply = tu.text_message("Thank you", user=tu.ALICE, reply_to_message=pushed[-1])
        await reporter.send(reply)
        assert any("Thank you" in body for body in await wa.inbox(OFFICER_WA))


async def test_an_update_after_a_day_waits_for_the_whatsapp_reporter(sqlite_url, clock, tmp_path):
    async with both(sqlite_url, clock, tmp_path) as (telegram, wa):
        await wa.join(ALICE_WA)
        officer = telegram.chat(tu.BOB)
        await officer.join(await telegram.invite("officer"))
        for line in [*REPORT, "1"]:
            await wa.say(line, ALICE_WA)
        await officer.replies()
        clock.advance(hours=25)
        await officer.say("/update WE-0001 We have found your stolen perfume")
        [template] = wa.messages(ALICE_WA)[-1:]
        assert template.content_sid == TEMPLATE and template.content_variables["1"] == "WE-0001"
        assert "found your stolen perfume" not in (template.body or "")
        delivered = await wa.say("hello", ALICE_WA)
        assert any("found your stolen perfume" in body for body in delivered)
