"""The app on Telegram against the fake Bot API: people chatting, pressing and sharing."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bot.channels.telegram import TelegramAdapter
from fakes import FakeTelegram
from fakes import telegram_updates as tu
from storage import bids, members
from storage.db import transaction
from storage.models import InboundSeen
from tests.media_support import small_jpeg
from tests.support import Clock, Harness, harness

SECRET = "s3cret-Webhook_token"
PUBLIC_URL = "https://shopwatch.example"
JPEG = small_jpeg()  # a real photo without metadata: stored byte for byte


@dataclass
class Tg:
    """The app with its Telegram adapter pointed at a running FakeTelegram."""

    h: Harness
    tg: FakeTelegram
    polling: bool = False

    @property
    def adapter(self) -> TelegramAdapter:
        return self.h.runtime.adapters["telegram"]  # type: ignore[return-value]

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        """What Telegram does with an update in webhook mode, and with a call in the answer."""
        response = await tu.post_update(
            "/telegram/webhook", update, secret_token=secret, client=self.h.client
        )
        if response.status_code == 200:
            await self.tg.carry_out(response)
        return response

    async def deliver(self, update: dict[str, Any]) -> None:
        """An update reaches the bot by webhook, or by getUpdates when polling."""
        if not self.polling:
            response = await self.post(update)
            assert response.status_code == 200, response.text
            return
        self.tg.queue_update(update)
        await until(lambda: self.seen(update["update_id"]), what=f"update {update['update_id']}")

    async def seen(self, update_id: int) -> bool:
        async with self.h.runtime.sessions() as session:
            query = select(InboundSeen.id).where(InboundSeen.external_id == str(update_id))
            return (await session.execute(query)).first() is not None

    def chat(self, user: dict[str, Any] | None = None) -> Chat:
        return Chat(self, user or tu.ALICE)

    async def invite(self, role: str = "staff", shop: str = "Coventry Street Gifts") -> str:
        async with transaction(self.h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            found = await bids.shop_by_name(session, bid_id=bid.id, name=shop)
            invite = await members.create_invite(
                session,
                bid_id=bid.id,
                role=role,
                shop_id=found.id if role == "staff" else None,
                uses=1,
                expires_at=self.h.runtime.dispatcher._clock() + timedelta(days=1),
            )
        return invite.code


@dataclass
class Chat:
    """One person's private chat with the bot."""

    t: Tg
    user: dict[str, Any]
    seen: int = 0
    last_photo: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    taps: int = 0  # inline buttons pressed (each one a callback query to answer)

    @property
    def id(self) -> int:
        return int(self.user["id"])

    async def send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        """Deliver an update, run the outbox, and return the bot's new messages to this chat."""
        await self.t.deliver(update)
        return await self.replies()

    async def replies(self) -> list[dict[str, Any]]:
        await self.t.h.runtime.drain()
        messages = self.t.tg.sent_messages(self.id)
        new = messages[self.seen :]
        self.seen = len(messages)
        self.history += new
        return new

    async def say(self, text: str) -> list[dict[str, Any]]:
        if text.startswith("/"):
            return await self.send(tu.command(text, user=self.user))
        return await self.send(tu.text_message(text, user=self.user))

    async def press(self, label: str) -> list[dict[str, Any]]:
        """Tap the button `label` on the latest message that has buttons; an option on the
        keyboard that also shares a location sends its words, as Telegram does."""
        if label in self.typed_options():
            return await self.say(label)
        message = self.keyboard_message()
        for row in message["reply_markup"]["inline_keyboard"]:
            for button in row:
                if button["text"] == label:
                    update = tu.callback_query(
                        button["callback_data"], message=message, user=self.user
                    )
                    self.taps += 1
                    return await self.send(update)
        raise AssertionError(f"no button {label!r} in {message['reply_markup']}")

    def typed_options(self) -> list[str]:
        """The option buttons of the reply keyboard on the latest message (a sent Message
        shows only inline buttons, so this reads what the bot asked for)."""
        sent = [
            c
            for c in self.t.tg.calls("sendMessage")
            if c.ok and str(c.params.get("chat_id")) == str(self.id)
        ]
        markup = sent[-1].params.get("reply_markup") if sent else None
        rows = markup.get("keyboard") if isinstance(markup, dict) else None
        return [
            b["text"]
            for row in rows or ()
            for b in row
            if isinstance(b, dict) and not b.get("request_location")
        ]

    def keyboard_message(self) -> dict[str, Any]:
        for sent in reversed(self.t.tg.sent_messages(self.id)):
            current = self.t.tg.message(self.id, sent["message_id"]) or sent
            if "inline_keyboard" in (current.get("reply_markup") or {}):
                return copy.deepcopy(current)  # the fake edits its own copy in place
        raise AssertionError("no message with buttons")

    async def share_location(self, latitude: float, longitude: float) -> list[dict[str, Any]]:
        return await self.send(tu.location(latitude, longitude, user=self.user))

    async def send_photo(self, data: bytes = JPEG) -> list[dict[str, Any]]:
        update = tu.photo(user=self.user)
        largest = update["message"]["photo"][-1]["file_id"]
        self.t.tg.add_file(data, file_id=largest)
        self.last_photo = largest
        return await self.send(update)

    async def join(self, code: str) -> list[dict[str, Any]]:
        return await self.send(tu.command("/start", code, user=self.user))


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or m.get("caption") or "") for m in messages)


async def until(probe: Any, *, what: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        result = probe()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def telegram_app(
    url: str,
    clock: Clock,
    tmp_path: Path,
    *,
    polling: bool = False,
    paced: bool = False,
    **overrides: Any,
) -> AsyncIterator[Tg]:
    """The app on Telegram; per-chat pacing (1 message/s) only where a test is about it."""
    async with FakeTelegram() as tg:
        settings: dict[str, Any] = {
            "telegram_token": tg.token,
            "telegram_api_url": tg.api_url,
            "attachments_dir": str(tmp_path / "attachments"),
        }
        if not polling:
            settings |= {"public_url": PUBLIC_URL, "telegram_secret": SECRET}
        async with harness(url, clock, **(settings | overrides)) as h:
            t = Tg(h, tg, polling)
            if not paced:
                t.adapter.chat_per_second = 1000.0
            yield t


async def count(t: Tg, model: Any) -> int:
    async with t.h.runtime.sessions() as session:
        return int((await session.execute(select(func.count(model.id)))).scalar_one())


# --- Joining, modes and security --------------------------------------------------------------
