"""Two BIDs, one with its own Telegram bot and WhatsApp sender: each member is answered, and
each officer alerted, through the bot or sender of the BID they joined by; forged posts are
refused; one bot's rate limit does not hold back the other's messages."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from bot.app import Runtime
from bot.export import case_records
from config.areas import read_area_file
from config.logging import Redactor
from fakes import telegram_updates as tu
from fakes import twilio_webhooks as twh
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio
from storage import bids, members
from storage.db import transaction
from storage.models import Bid, Identity, InboundSeen, Member, Outbox
from tests.bot.telegram_support import PUBLIC_URL, SECRET, Tg, text_of, until
from tests.bot.whatsapp_support import FLOWS, TEMPLATE, WhatsApp
from tests.support import Clock, harness

OX_TOKEN = "7098765432:AAOxfordStreetsOwnBotToken-98765"
OX_SECRET = "ox-Own_webhook-secret"
OX_FROM = "whatsapp:+447700900999"
OX_SID, OX_AUTH = "AC" + "0ce" * 10 + "ab", "0c" * 16  # BID OX's own Twilio account
REPORT = [*FLOWS["shoplifting"][:-2], "skip", "1"]  # no photo, then Send
CAROL = {**tu.ALICE, "id": 5200000001, "first_name": "Carol", "username": "carol"}
DAVE = {**tu.BOB, "id": 6200000002, "first_name": "Dave"}
AREA = Path(__file__).resolve().parents[2] / "config" / "areas" / "we.txt"


async def add_ox(runtime: Runtime, *, own_account: bool = False) -> None:
    """BID OX (same streets as WE, for the same report script) with its own bot and sender."""
    streets = [(s.name, s.latitude, s.longitude) for s in read_area_file(AREA)]
    async with transaction(runtime.sessions) as session:
        bid = await bids.create_bid(session, code="OX", name="Oxford", streets=streets)
        await bids.create_shop(session, bid_id=bid.id or 0, name="Ox Gifts", street=streets[0][0])
        bid.telegram_token, bid.telegram_secret, bid.whatsapp_from = OX_TOKEN, OX_SECRET, OX_FROM
        if own_account:
            bid.twilio_account_sid, bid.twilio_auth_token = OX_SID, OX_AUTH


async def invite(runtime: Runtime, code: str, role: str) -> str:
    async with transaction(runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code=code)
        assert bid is not None and bid.id is not None
        shops = {"WE": "Coventry Street Gifts", "OX": "Ox Gifts"}
        shop = await bids.shop_by_name(session, bid_id=bid.id, name=shops[code])
        made = await members.create_invite(
            session,
            bid_id=bid.id,
            role=role,
            shop_id=shop.id if shop and role == "staff" else None,
            uses=1,
            expires_at=runtime.dispatcher._clock() + timedelta(days=1),
        )
    return made.code


class OxTg(Tg):
    """BID OX's own bot: its own webhook path and secret."""

    async def post(self, update: dict[str, Any], secret: str | None = OX_SECRET) -> httpx.Response:
        response = await tu.post_update(
            "/telegram/ox/webhook", update, secret_token=secret, client=self.h.client
        )
        if response.status_code == 200:
            await self.tg.carry_out(response)  # a call in the answer is made by OX's bot
        return response


@dataclass
class Two:
    we: Tg  # the deployment's bot, which BID WE uses
    ox: OxTg  # BID OX's own bot
    wa: WhatsApp
    auth: str | None = None  # what Twilio signs OX's posts with; None: the deployment's token

    @property
    def runtime(self) -> Runtime:
        return self.we.h.runtime

    async def ox_say(self, text: str, number: str) -> list[str]:
        """A message to BID OX's own WhatsApp sender; the bodies that reached `number`."""
        params = twh.inbound_text(text, from_=f"whatsapp:{number}", to=OX_FROM)
        response = await self.wa.post(params, path="/whatsapp/ox/webhook", auth_token=self.auth)
        assert response.status_code == 200, response.text
        return await self.wa.inbox(number)


@asynccontextmanager
async def two_bids(
    url: str, clock: Clock, tmp_path: Path, *, own_account: bool = False
) -> AsyncIterator[Two]:
    async def prepare(runtime: Runtime) -> None:
        await add_ox(runtime, own_account=own_account)

    async with FakeTelegram() as tg, FakeTwilio() as tw:
        ox = tg.add_bot(OX_TOKEN, bot_username="ox_shopwatch_bot")
        tw.add_account(OX_SID, OX_AUTH)
        tw.add_content(TEMPLATE, "There is an update on {{1}} ({{2}}). Reply to read it.")
        settings: dict[str, Any] = {
            "public_url": PUBLIC_URL,
            "telegram_token": tg.token,
            "telegram_secret": SECRET,
            "telegram_api_url": tg.api_url,
            "twilio_account_sid": tw.account_sid,
            "twilio_auth_token": tw.auth_token,
            "twilio_api_url": tw.base_url,
            "whatsapp_from": WHATSAPP_SANDBOX_NUMBER,
            "whatsapp_update_template": TEMPLATE,
            "attachments_dir": str(tmp_path / "attachments"),
        }
        async with harness(url, clock, before_start=prepare, **settings) as h:
            for name in ("telegram", "telegram:OX"):
                h.runtime.adapters[name].chat_per_second = 1000.0  # type: ignore[attr-defined]
            yield Two(
                Tg(h, tg),
                OxTg(h, ox),
                WhatsApp(h, tw, tmp_path / "attachments"),
                OX_AUTH if own_account else None,
            )


async def test_each_bids_members_and_officers_hear_from_its_own_bot(database_url, clock, tmp_path):
    async with two_bids(database_url, clock, tmp_path) as two:
        tg, ox = two.we.tg, two.ox.tg
        assert tg.webhook["url"] == f"{PUBLIC_URL}/telegram/webhook"
        assert ox.webhook["url"] == f"{PUBLIC_URL}/telegram/ox/webhook"
        assert ox.webhook["secret_token"] == OX_SECRET and tg.webhook["secret_token"] == SECRET

        we_officer, ox_officer = two.we.chat(tu.BOB), two.ox.chat(DAVE)
        await we_officer.join(await invite(two.runtime, "WE", "officer"))
        await ox_officer.join(await invite(two.runtime, "OX", "officer"))
        alice, carol = two.we.chat(tu.ALICE), two.ox.chat(CAROL)
        await alice.join(await invite(two.runtime, "WE", "staff"))
        await carol.join(await invite(two.runtime, "OX", "staff"))
        for line in REPORT:
            await alice.say(line)
        for line in REPORT[:-2]:
            await carol.say(line)
        await carol.send_photo()  # a file_id of BID OX's bot, sent on by that bot only
        await carol.press("Done")
        await carol.press("Send")
        assert "Your reference is WE-0001." in text_of(alice.history)
        assert "Your reference is OX-0001." in text_of(carol.history)

        [we_alert] = await we_officer.replies()
        [ox_alert] = await ox_officer.replies()
        assert "WE-0001" in we_alert["text"] and "OX-0001" in ox_alert["caption"]
        await ox_officer.press("Acknowledge")
        assert "Seen by the police" in text_of(await carol.replies())
        # Presses on OX's bot are answered by OX's bot (in the webhook's answer or by a call).
        assert ox.calls("answerCallbackQuery") and not tg.calls("answerCallbackQuery")

        assert [int(c.params["chat_id"]) for c in ox.calls("sendPhoto")] == [DAVE["id"]]
        # Every message went out through the bot of the chat it was for, and no other.
        assert {int(c.params["chat_id"]) for c in ox.calls("sendMessage")} == {
            CAROL["id"],
            DAVE["id"],
        }
        assert {int(c.params["chat_id"]) for c in tg.calls("sendMessage")} == {
            tu.ALICE["id"],
            tu.BOB["id"],
        }
        async with two.runtime.sessions() as session:
            carol_identity = (
                await session.execute(select(Identity).where(Identity.address == str(CAROL["id"])))
            ).scalar_one()
            records = {r["ref"]: r for r in await case_records(session, bid_id=None, since=None)}
        assert carol_identity.channel == "telegram:OX"
        # The export names the platform, whichever bot of it.
        assert records["OX-0001"]["channel"] == records["WE-0001"]["channel"] == "telegram"


async def test_a_post_with_another_bots_secret_is_refused(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        hello = tu.command("/start", user=CAROL)
        assert (await two.ox.post(hello, secret=SECRET)).status_code == 403
        assert (await two.we.post(hello, secret=OX_SECRET)).status_code == 403
        assert (await two.ox.post(hello, secret=None)).status_code == 403
        async with two.runtime.sessions() as session:
            assert (await session.execute(select(InboundSeen.id))).first() is None
        assert (await two.ox.post(hello)).status_code == 200


async def test_one_bots_flood_control_does_not_hold_back_the_other(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        alice, carol = two.we.chat(tu.ALICE), two.ox.chat(CAROL)
        two.ox.tg.fail_next("sendMessage", 429, retry_after=30)
        await carol.join(await invite(two.runtime, "OX", "staff"))
        await alice.join(await invite(two.runtime, "WE", "staff"))
        assert two.we.tg.sent_texts(tu.ALICE["id"])  # WE's bot answered at once
        async with two.runtime.sessions() as session:
            rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
        ox_rows = [r for r in rows if r.channel == "telegram:OX"]
        assert ox_rows and all(r.status == "pending" for r in ox_rows)
        assert ox_rows[0].next_attempt_at >= clock.now + timedelta(seconds=30)
        assert all(r.status == "sent" for r in rows if r.channel == "telegram")


async def test_a_slow_bot_does_not_slow_the_others_sender_loop(sqlite_url, clock, tmp_path):
    """With the sender's own loops running: while one bot's send hangs, the other's goes out."""
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        sender = asyncio.create_task(two.runtime.sender.run())
        try:
            two.ox.tg.delay_next("sendMessage", seconds=5.0)
            await two.ox.deliver(tu.command("/start", user=CAROL))
            await until(lambda: _in_flight(two, "telegram:OX"), what="OX's send in flight")
            await two.we.deliver(tu.command("/start", user=tu.ALICE))
            await two.we.tg.wait_for_text(tu.ALICE["id"], timeout=10)
            assert two.ox.tg.calls("sendMessage") == []  # still hanging
        finally:
            two.runtime.sender.stop()
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)


async def _in_flight(two: Two, channel: str) -> bool:
    async with two.runtime.sessions() as session:
        query = select(Outbox.id).where(Outbox.channel == channel, Outbox.attempt_at.is_not(None))
        return (await session.execute(query)).first() is not None


async def test_a_bids_own_whatsapp_sender_answers_alerts_and_holds(database_url, clock, tmp_path):
    async with two_bids(database_url, clock, tmp_path) as two:
        wa, reporter, officer, other = two.wa, "+447700900201", "+447700900202", "+447700900203"
        await two.ox_say(f"join {await invite(two.runtime, 'OX', 'officer')}", officer)
        await two.ox_say(f"join {await invite(two.runtime, 'OX', 'staff')}", reporter)
        await wa.say(f"join {await invite(two.runtime, 'WE', 'staff')}", other)
        for line in REPORT:
            await two.ox_say(line, reporter)
        assert any("OX-0001" in body for body in wa.tw.sent_bodies(f"whatsapp:{reporter}"))
        assert any("OX-0001" in body for body in wa.tw.sent_bodies(f"whatsapp:{officer}"))
        assert {m.from_ for m in wa.messages(reporter) + wa.messages(officer)} == {OX_FROM}
        assert {m.from_ for m in wa.messages(other)} == {WHATSAPP_SANDBOX_NUMBER}
        assert all(
            (m.status_callback or "").endswith("/whatsapp/ox/status")
            for m in wa.messages(reporter)
        )

        # Outside the 24-hour window the update waits for them, on their sender too.
        clock.advance(hours=25)
        await two.ox_say("update OX-0001 We found your perfume", officer)
        [template] = wa.messages(reporter)[-1:]
        assert template.content_sid == TEMPLATE and template.from_ == OX_FROM
        assert any("found your perfume" in body for body in await two.ox_say("hello", reporter))


async def test_a_post_signed_for_another_senders_route_is_refused(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        params = twh.inbound_text("join X", from_="whatsapp:+447700900201", to=OX_FROM)
        forged = await two.wa.post(
            params,
            path="/whatsapp/ox/webhook",
            signature_url=f"{PUBLIC_URL}/whatsapp/webhook",
        )
        assert forged.status_code == 403
        wrong_token = await two.wa.post(params, path="/whatsapp/ox/webhook", auth_token="0" * 32)
        assert wrong_token.status_code == 403
        async with two.runtime.sessions() as session:
            assert (await session.execute(select(InboundSeen.id))).first() is None


async def test_a_sender_on_its_own_twilio_account(sqlite_url, clock, tmp_path):
    """Sent with that account's credentials; posts must be signed with its auth token."""
    async with two_bids(sqlite_url, clock, tmp_path, own_account=True) as two:
        number = "+447700900201"
        params = twh.inbound_text("hello", from_=f"whatsapp:{number}", to=OX_FROM)
        signed_by_default = await two.wa.post(params, path="/whatsapp/ox/webhook")
        assert signed_by_default.status_code == 403
        assert await two.ox_say(f"join {await invite(two.runtime, 'OX', 'staff')}", number)
        creates = [c for c in two.wa.tw.calls("POST Messages.json") if c.ok]
        assert creates and all(
            base64.b64decode(c.headers["authorization"][6:]).decode().startswith(f"{OX_SID}:")
            for c in creates
        )


async def test_a_bids_secrets_are_masked_in_every_log_line(sqlite_url, clock, tmp_path):
    redact = Redactor([])
    async with two_bids(sqlite_url, clock, tmp_path, own_account=True):
        line = f"token {OX_TOKEN} secret {OX_SECRET} auth {OX_AUTH}"
        assert redact(line) == "token *** secret *** auth ***"


async def test_without_a_public_url_each_bot_long_polls(sqlite_url, clock, tmp_path):
    async with FakeTelegram() as tg:
        ox = tg.add_bot(OX_TOKEN, bot_username="ox_shopwatch_bot")
        settings = {"telegram_token": tg.token, "telegram_api_url": tg.api_url}
        async with harness(sqlite_url, clock, before_start=add_ox, **settings) as h:
            we_chat = Tg(h, tg, polling=True).chat(tu.ALICE)
            ox_chat = OxTg(h, ox, polling=True).chat(CAROL)
            assert "Welcome" in text_of(await ox_chat.join(await invite(h.runtime, "OX", "staff")))
            assert "Welcome" in text_of(await we_chat.join(await invite(h.runtime, "WE", "staff")))
            assert tg.calls("getUpdates") and ox.calls("getUpdates")
            assert tg.sent_messages(CAROL["id"]) == [] and ox.sent_messages(tu.ALICE["id"]) == []


async def test_a_strangers_lost_report_on_a_bids_own_bot_is_that_bids(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        assert await two.ox.chat(CAROL).say("/lost")
        assert await two.we.chat(tu.ALICE).say("/lost")
        async with two.runtime.sessions() as session:
            query = (
                select(Identity.channel, Bid.code)
                .join(Member, Member.id == Identity.member_id)
                .join(Bid, Bid.id == Member.bid_id)
                .where(Identity.channel != "console")  # the demo's members
                .order_by(Identity.channel)
            )
            found = (await session.execute(query)).all()
        assert [tuple(row) for row in found] == [("telegram", "WE"), ("telegram:OX", "OX")]


async def test_health_reports_each_bot_and_sender(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        body = (await two.we.h.client.get("/healthz")).json()
        channels = body["channels"]
        assert {"telegram", "telegram:OX", "whatsapp", "whatsapp:OX"} <= set(channels)
        assert channels["telegram:OX"]["mode"] == channels["telegram"]["mode"] == "webhook"
        assert "mode" not in channels["whatsapp:OX"]


async def test_status_callbacks_reach_the_senders_own_rows(sqlite_url, clock, tmp_path):
    async with two_bids(sqlite_url, clock, tmp_path) as two:
        number = "+447700900201"
        await two.ox_say(f"join {await invite(two.runtime, 'OX', 'staff')}", number)
        first, *_ = two.wa.messages(number)
        client = two.we.h.client
        assert (await two.wa.tw.send_status(first.sid, "delivered", client=client)).is_success
        await two.ox_say("help", number)
        last = two.wa.messages(number)[-1]
        assert last.sid != first.sid
        await two.wa.tw.send_status(last.sid, "undelivered", error_code=63024, client=client)
        async with two.runtime.sessions() as session:
            rows = {
                r.provider_id: r
                for r in (await session.execute(select(Outbox))).scalars()
                if r.channel == "whatsapp:OX"
            }
            identity = (
                await session.execute(select(Identity).where(Identity.address == number))
            ).scalar_one()
        assert rows[first.sid].delivery_status == "delivered"
        assert rows[last.sid].delivery_status == "undelivered"
        assert identity.channel == "whatsapp:OX" and identity.stopped_at is not None
