"""Digests and alerts through the real channel endpoints: Telegram, WhatsApp and the console.

The chart and the export travel as the payload's `files` (the channels' own delivery of them,
photo, media or a path, is tested with the channels); here the file is checked to be a real
PNG or CSV, and the text to reach the fakes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from fakes import FakeTelegram
from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio
from storage.db import transaction
from storage.models import Member, Outbox, StoredFile
from tests.bot.telegram_support import JPEG, SECRET, Tg, telegram_app, text_of
from tests.bot.whatsapp_support import PUBLIC, TEMPLATE, WhatsApp, whatsapp
from tests.handlers.informed_support import add_case
from tests.media_support import served
from tests.support import Clock, Harness, harness, texts_of

PNG = b"\x89PNG\r\n\x1a\n"


def _bytes(path: str | None) -> bytes:
    assert path is not None
    return Path(path).read_bytes()


async def _files_of(h: Harness, payload: dict[str, Any]) -> list[StoredFile]:
    async with h.runtime.sessions() as session:
        return [await session.get(StoredFile, f["id"]) for f in payload.get("files", [])]


async def _last_payload(h: Harness, channel: str, address: str) -> dict[str, Any]:
    async with h.runtime.sessions() as session:
        query = (
            select(Outbox.payload)
            .where(Outbox.channel == channel, Outbox.address == address)
            .order_by(Outbox.id.desc())
        )
        return (await session.execute(query)).scalars().first()


async def _joined_now(h: Harness, clock: Clock) -> None:
    """Members' rows take the wall clock when made; in these tests they joined at `clock`."""
    async with transaction(h.runtime.sessions) as session:
        await session.execute(update(Member).values(created_at=clock.now))


async def _timeline(h: Harness, now: datetime) -> None:
    """Four cases of the last week acted on after 10, 30, 90 minutes and never."""
    for n, minutes in enumerate((10, 30, 90, None)):
        await add_case(
            h,
            kind="shoplifting",
            created=now - timedelta(days=1, hours=n),
            acted_after=timedelta(minutes=minutes) if minutes else None,
        )


async def test_a_manager_on_telegram_gets_the_weekly_digest_then_daily_then_30_days(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        manager = t.chat(tu.make_user(7002, "Tom"))
        await manager.join(await t.invite("manager"))
        await _joined_now(t.h, clock)
        clock.now = datetime(2026, 11, 30, 8, 2, tzinfo=UTC)  # Monday 08:02 London
        await _timeline(t.h, clock.now)
        await t.h.runtime.scheduler.tick()
        # The chart, uploaded as a photo, with the digest as its caption.
        [pushed] = await manager.replies()
        assert "reports in the last 7 days" in pushed["caption"]
        assert "median 30 min" in pushed["caption"]  # 10, 30 and 90 minutes
        assert "still untouched: 1" in pushed["caption"]
        [uploaded] = t.tg.uploads(manager.id)
        assert uploaded.data.startswith(PNG) and pushed["photo"]
        payload = await _last_payload(t.h, "telegram", "7002")
        assert payload["topic"] == "digest" and payload["files"][0]["kind"] == "photo"
        [chart] = await _files_of(t.h, payload)
        assert _bytes(chart.path).startswith(PNG)
        assert chart.content_type == "image/png"
        await t.h.runtime.scheduler.tick()
        assert await manager.replies() == []  # once per slot
        daily = text_of(await manager.say("/digest daily"))
        assert "every day at 08:00" in daily and "Tue 1 Dec, 08:00" in daily
        clock.now = datetime(2026, 12, 1, 8, 1, tzinfo=UTC)
        await t.h.runtime.scheduler.tick()
        assert "in the last 24 hours" in text_of(await manager.replies())
        asked = text_of(await manager.say("/digest 30"))
        assert "in the last 30 days" in asked and "median 30 min" in asked
        assert "9 in 10 within 1 h 18 min" in asked  # percentile_cont of 10, 30, 90


async def test_a_manager_on_whatsapp_gets_the_digest_with_its_chart(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa, served(wa.h.app) as base:
        wa.tw.route(PUBLIC, base)
        number = "+447700900222"
        await wa.join(number, role="manager", shop=None, name="Tom")
        clock.now = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
        await _timeline(wa.h, clock.now)
        await wa.say("digest weekly", number)  # inside the 24-hour window from here
        clock.now = datetime(2026, 12, 7, 8, 1, tzinfo=UTC)
        await wa.say("hello", number)
        await wa.h.runtime.scheduler.tick()
        bodies = "\n".join(await wa.inbox(number))
        assert "reports in the last 7 days" in bodies
        payload = await _last_payload(wa.h, "whatsapp", number)
        [chart] = await _files_of(wa.h, payload)
        assert _bytes(chart.path).startswith(PNG)
        # The chart as media: Twilio fetched it from our signed, expiring link.
        # (A CSV export cannot travel on WhatsApp; the manager is told where to get one.)
        [no_sheet] = await wa.say("export", number)
        assert no_sheet.startswith("WhatsApp cannot carry a spreadsheet file")
        sent = await wa.tw.wait_for_media(lambda m: m.to == f"whatsapp:{number}")
        [fetched] = sent.fetched
        assert fetched.ok and fetched.content_type == "image/png"
        assert fetched.data == _bytes(chart.path)
        assert fetched.url.startswith(f"{PUBLIC}/media/")


async def test_the_console_digest_and_export_come_as_files(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await _timeline(h, clock.now)
        [digest] = await h.say("demo-manager", "digest since 1 Nov")
        assert "since Sun 1 Nov" in digest["text"]
        [chart] = await _files_of(h, digest)
        assert _bytes(chart.path).startswith(PNG)
        [export] = await h.say("demo-officer", "export")
        assert "4 cases" in export["text"] and export["files"][0]["kind"] == "document"
        [sheet] = await _files_of(h, export)
        raw = _bytes(sheet.path)
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads it as UTF-8
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == 4 and rows[0]["Reference"] == "WE-0001"
        assert rows[0]["Reported at"] == "2026-11-22 14:30"  # London time
        assert rows[0]["First police action at"] == "2026-11-22 14:40"
        assert "not available" in texts_of(await h.say("demo-staff", "export"))


@asynccontextmanager
async def both_platforms(
    url: str, clock: Clock, tmp_path: Path
) -> AsyncIterator[tuple[Tg, WhatsApp]]:
    """One app with Telegram and WhatsApp on, against both fakes."""
    async with FakeTelegram() as tg, FakeTwilio() as tw:
        tw.add_content(TEMPLATE, "There is an update on {{1}} ({{2}}). Reply to read it.")
        settings: dict[str, Any] = {
            "telegram_token": tg.token,
            "telegram_api_url": tg.api_url,
            "telegram_secret": SECRET,
            "twilio_account_sid": tw.account_sid,
            "twilio_auth_token": tw.auth_token,
            "twilio_api_url": tw.base_url,
            "whatsapp_from": WHATSAPP_SANDBOX_NUMBER,
            "whatsapp_update_template": TEMPLATE,
            "public_url": PUBLIC,
            "attachments_dir": str(tmp_path / "attachments"),
        }
        async with harness(url, clock, **settings) as h:
            t = Tg(h, tg)
            t.adapter.chat_per_second = 1000.0
            yield t, WhatsApp(h, tw, tmp_path / "attachments")


async def test_a_street_alert_on_both_platforms_honours_the_window_and_stop(
    sqlite_url, clock, tmp_path
):
    async with both_platforms(sqlite_url, clock, tmp_path) as (t, wa):
        h = t.h
        alice = t.chat()  # Telegram, Coventry Street Gifts
        await alice.join(await t.invite("staff"))
        bob = t.chat(tu.make_user(9001, "Bob"))  # Telegram, Jermyn Street: not targeted
        await bob.join(await t.invite("staff", shop="Jermyn Street Shirts"))
        inside, outside, stopped = "+447700900301", "+447700900302", "+447700900303"
        for number in (inside, outside, stopped):
            await wa.join(number, shop="Haymarket Mini Market", name=number)
        await wa.say("STOP", stopped)
        clock.advance(hours=25)  # the window closes for all three…
        await wa.say("hello", inside)  # …and opens again for one
        await wa.inbox(inside)
        sent = texts_of(
            await h.say("demo-officer", "alert Coventry Street, Haymarket: two women in grey")
        )
        # demo-staff (console) and alice at Coventry Street Gifts, two people at Haymarket.
        assert "Sent to 2 shops (4 people)" in sent
        assert "two women in grey" in text_of(await alice.replies())
        assert await bob.replies() == []
        assert any("two women in grey" in b for b in await wa.inbox(inside))
        await wa.inbox(outside)
        assert wa.messages(outside)[-1].content_sid == TEMPLATE  # outside the window
        assert await wa.inbox(stopped) == []
        assert not any("two women" in m.body for m in wa.messages(stopped))
        alert_message = alice.history[-1]
        await alice.send(
            tu.text_message(
                "seen them heading to Leicester Square",
                user=alice.user,
                reply_to_message=alert_message,
            )
        )
        thread = texts_of(await h.inbox("demo-officer"))
        assert "Reply to your alert" in thread and "heading to Leicester Square" in thread
        [sid] = [m.sid for m in wa.messages(inside) if "two women" in m.body]
        await wa.send(
            twh.inbound_reply("also on Haymarket now", sid, from_=f"whatsapp:{inside}"), inside
        )
        assert "also on Haymarket now" in texts_of(await h.inbox("demo-officer"))


async def test_an_alert_photo_from_telegram_reaches_whatsapp_shops_by_a_signed_link(
    sqlite_url, clock, tmp_path
):
    async with both_platforms(sqlite_url, clock, tmp_path) as (t, wa), served(t.h.app) as base:
        wa.tw.route(PUBLIC, base)
        officer = t.chat(tu.BOB)
        await officer.join(await t.invite("officer"))
        number = "+447700900301"
        await wa.join(number, shop="Haymarket Mini Market", name="Sam")
        photo = tu.photo("alert Haymarket: this man, grey hoodie", user=officer.user)
        t.tg.add_file(JPEG, file_id=photo["message"]["photo"][-1]["file_id"])
        assert "Sent to 1 shop" in text_of(await officer.send(photo))
        assert any("grey hoodie" in body for body in await wa.inbox(number))
        sent = await wa.tw.wait_for_media(lambda m: m.to == f"whatsapp:{number}")
        [fetched] = sent.fetched
        assert fetched.ok and fetched.data.startswith(b"\xff\xd8")
        assert fetched.url.startswith(f"{PUBLIC}/media/")
        # Only the alert's photo became linkable: a stray upload stays unlinkable.
        async with t.h.runtime.sessions() as session:
            [kept] = (await session.execute(select(StoredFile))).scalars().all()
        assert kept.shared and kept.case_id is None
