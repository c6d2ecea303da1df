"""The app on WhatsApp against the fake Twilio API: signed posts in, messages out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER, FakeTwilio, TwilioMessage
from storage import bids, members
from storage.db import transaction
from storage.models import Outbox
from tests.media_support import small_jpeg
from tests.support import Clock, Harness, harness

PUBLIC = "https://shopwatch.example"
WEBHOOK = "/whatsapp/webhook"
STATUS = "/whatsapp/status"
TEMPLATE = "HX" + "5" * 32
ALICE = "+447700900123"
JPEG = small_jpeg()  # a real photo without metadata: stored byte for byte


class WhatsApp:
    """People writing to ShopWatch on WhatsApp, and what reaches them through fake Twilio."""

    def __init__(self, h: Harness, tw: FakeTwilio, attachments: Path) -> None:
        self.h = h
        self.tw = tw
        self.attachments = attachments
        self.seen: dict[str, int] = {}

    async def post(
        self,
        params: dict[str, str],
        *,
        path: str = WEBHOOK,
        url: str | None = None,
        signature_url: str | None = None,
        auth_token: str | None = None,
    ) -> httpx.Response:
        return await twh.post_signed(
            url or f"{PUBLIC}{path}",
            params,
            auth_token=auth_token or self.tw.auth_token,
            client=self.h.client,
            signature_url=signature_url,
        )

    async def send(self, params: dict[str, str], number: str = ALICE) -> list[str]:
        """Post one inbound message; the bodies that reached `number` because of it."""
        response = await self.post(params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        assert response.text.endswith("<Response/>")
        return await self.inbox(number)

    async def say(self, text: str, number: str = ALICE, name: str = "Alice Marsh") -> list[str]:
        return await self.send(
            twh.inbound_text(text, from_=f"whatsapp:{number}", profile_name=name), number
        )

    async def photo(self, number: str = ALICE, data: bytes = JPEG) -> tuple[list[str], str]:
        url = self.tw.add_media(data, "image/jpeg")
        bodies = await self.send(twh.inbound_media(url, from_=f"whatsapp:{number}"), number)
        return bodies, url

    async def location(self, lat: float, lon: float, number: str = ALICE, **kw: Any) -> list[str]:
        params = twh.inbound_location(lat, lon, from_=f"whatsapp:{number}", **kw)
        return await self.send(params, number)

    def messages(self, number: str = ALICE) -> list[TwilioMessage]:
        return self.tw.messages(to=f"whatsapp:{number}")

    async def inbox(self, number: str = ALICE) -> list[str]:
        """Bodies created for `number` since we last looked (after sending what is due)."""
        await self.h.runtime.drain()
        messages = self.messages(number)
        new = messages[self.seen.get(number, 0) :]
        self.seen[number] = len(messages)
        return [m.body for m in new]

    async def join(
        self,
        number: str = ALICE,
        *,
        role: str = "staff",
        shop: str | None = "Coventry Street Gifts",
        name: str = "Alice Marsh",
    ) -> list[str]:
        code = await invite(self.h, role=role, shop=shop if role == "staff" else None)
        return await self.say(f"join {code}", number, name)

    async def outbox(self, number: str = ALICE) -> list[Outbox]:
        async with self.h.runtime.sessions() as session:
            query = (
                select(Outbox)
                .where(Outbox.channel == "whatsapp", Outbox.address == number)
                .order_by(Outbox.id)
            )
            return list((await session.execute(query)).scalars())


async def invite(h: Harness, *, role: str = "staff", shop: str | None = None) -> str:
    async with transaction(h.runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code="WE")
        shop_id = None
        if shop:
            found = await bids.shop_by_name(session, bid_id=bid.id, name=shop)
            shop_id = found.id
        created = await members.create_invite(
            session,
            bid_id=bid.id,
            role=role,
            shop_id=shop_id,
            uses=1,
            expires_at=h.runtime.dispatcher._clock() + timedelta(days=7),
        )
        return created.code


@asynccontextmanager
async def whatsapp(
    url: str, clock: Clock, tmp_path: Path, **overrides: Any
) -> AsyncIterator[WhatsApp]:
    async with FakeTwilio() as tw:
        tw.add_content(TEMPLATE, "There is an update on {{1}} ({{2}}). Reply to read it.")
        settings: dict[str, Any] = {
            "twilio_account_sid": tw.account_sid,
            "twilio_auth_token": tw.auth_token,
            "twilio_api_url": tw.base_url,
            "whatsapp_from": WHATSAPP_SANDBOX_NUMBER,
            "whatsapp_update_template": TEMPLATE,
            "public_url": PUBLIC,
            "attachments_dir": str(tmp_path / "attachments"),
        }
        settings.update(overrides)
        async with harness(url, clock, **settings) as h:
            yield WhatsApp(h, tw, tmp_path / "attachments")


async def count(h: Harness, model: Any) -> int:
    async with h.runtime.sessions() as session:
        return (await session.execute(select(func.count(model.id)))).scalar_one()


# Each flow from the first word to the case reference: numbers, words, typos, a location and
# a photo. "PHOTO" and "LOCATION" send those instead of text.
FLOWS: dict[str, list[str]] = {
    "shoplifting": [
        "report",
        "1",  # Shoplifting
        "2",  # not in danger
        "20 minutes ago",
        "2",  # somewhere else
        "coventy stret",
        "1",  # yes, Coventry Street
        "Took three bottles of perfume and ran off",
        "3 bottles of perfume",
        "£120",
        "1",
        "tall, grey hoodie, about 30",
        "towards leicester sq",
        "yes",
        "no",
        "PHOTO",
        "1",
    ],
    "begging_asb": [
        "REPORT",
        "begging",
        "no",
        "yesterday 6pm",
        "leicster sq",
        "1",  # aggressive begging
        "Man asking customers for money at the door",
        "3",  # not sure
        "1",  # yes, StreetLink
        "1",
        "Grey coat, about 50",
        "skip",
        "no",
        "no",
        "skip",
    ],
    "moped_snatch": [
        "report",
        "moped snach",
        "2",
        "just now",
        "2",
        "LOCATION",
        "Phone grabbed from a customer's hand",
        "2",  # a customer
        "1",  # moped
        "black",
        "ld19 abc",
        "2",
        "Dark helmets",
        "towards Piccadilly Circus",
        "1",
        "2",
        "PHOTO",
        "1",
    ],
    "theft": [
        "Report",
        "4",  # other theft
        "no",
        "pikpocket",
        "14:30",
        "1",  # at the shop
        "Customer's purse taken from her bag",
        "purse with cards",
        "don't know",
        "no idea",
        "skip",
        "skip",
        "3",
        "yes",
        "1234567/25",
        "PHOTO",
        "1",
    ],
    "found_property": [
        "found",
        "iphone",
        "Black iPhone in a red case",
        "1",
        "this morning",
        "about 10",  # "this morning" alone is asked about, not guessed
        "3",  # other
        "with our manager",
        "PHOTO",
        "1",
    ],
}
