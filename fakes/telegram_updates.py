"""Builders for real-shaped Telegram ``Update`` JSON dicts.

Every builder returns a complete Update dict (``{"update_id": N, "<kind>": {...}}``);
``update_id`` increases across the whole test session, message ids increase per chat.
Use the module-level functions (bound to a default :class:`UpdateFactory`) or make your own
factory for a different bot username::

    from fakes import telegram_updates as tu
    tg.queue_update(tu.command("/start ABC123"))           # polling
    await tg.deliver(tu.text_message("Someone took a TV"))  # webhook (or queue)
    upd = tu.callback_query("report:confirm", message=sent_message_dict)
    upd = tu.photo(caption="CCTV still");  fid = upd["message"]["photo"][-1]["file_id"]
    tg.add_file(b"...jpeg...", file_id=fid)

Entity offsets/lengths are in UTF-16 code units, as in the Bot API.  :func:`post_update`
POSTs an update to a webhook URL like Telegram does (JSON + secret-token header).
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from typing import Any

import httpx

from .telegram_api import DEFAULT_BOT_USERNAME, DEFAULT_TOKEN

__all__ = [
    "ALICE",
    "BOB",
    "UpdateFactory",
    "bot_message",
    "callback_query",
    "channel_post",
    "command",
    "contact",
    "document",
    "edited_message",
    "group_chat",
    "group_message",
    "location",
    "make_user",
    "message_reaction",
    "my_chat_member",
    "photo",
    "post_update",
    "private_chat",
    "sticker",
    "text_message",
]

_UPDATE_IDS = itertools.count(734_100_001)  # shared: ids increase across factories

ALICE: dict[str, Any] = {
    "id": 5123456789,
    "is_bot": False,
    "first_name": "Alice",
    "last_name": "Marsh",
    "username": "alice_marsh",
    "language_code": "en",
}
BOB: dict[str, Any] = {
    "id": 6234567890,
    "is_bot": False,
    "first_name": "Bob",
    "language_code": "en",
}
DEFAULT_GROUP: dict[str, Any] = {
    "id": -1001987654321,
    "title": "High St Shop Floor",
    "type": "supergroup",
}
DEFAULT_CHANNEL: dict[str, Any] = {
    "id": -1001555000111,
    "title": "ShopWatch Alerts",
    "username": "shopwatch_alerts",
    "type": "channel",
}


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def make_user(
    user_id: int = 5123456789,
    first_name: str = "Alice",
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
    is_bot: bool = False,
    is_premium: bool | None = None,
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    if is_premium:
        user["is_premium"] = True
    return user


def private_chat(user: dict[str, Any] | None = None) -> dict[str, Any]:
    user = user or ALICE
    chat = {"id": user["id"], "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    chat["type"] = "private"
    return chat


def group_chat(
    chat_id: int = -1001987654321, title: str = "High St Shop Floor", *, supergroup: bool = True
) -> dict[str, Any]:
    if supergroup:
        return {"id": chat_id, "title": title, "type": "supergroup"}
    return {"id": chat_id, "title": title, "type": "group", "all_members_are_administrators": True}


def _file_id(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(48)[:56]


def _unique_id() -> str:
    return "AQAD" + secrets.token_urlsafe(12)[:12]


class UpdateFactory:
    def __init__(
        self, bot_username: str = DEFAULT_BOT_USERNAME, bot_token: str = DEFAULT_TOKEN
    ) -> None:
        self.bot_username = bot_username
        bot_id = int(bot_token.split(":", 1)[0]) if bot_token.split(":", 1)[0].isdigit() else 1
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "ShopWatch",
            "username": bot_username,
        }
        self._message_ids: dict[int, int] = {}

    # ----------------------------------------------------------- primitives
    def next_update_id(self) -> int:
        return next(_UPDATE_IDS)

    def next_message_id(self, chat_id: int) -> int:
        nxt = self._message_ids.get(chat_id, 200) + 1
        self._message_ids[chat_id] = nxt
        return nxt

    def update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": self.next_update_id(), kind: payload}

    def message(
        self,
        text: str | None = None,
        *,
        user: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        reply_to_message: dict[str, Any] | None = None,
        message_id: int | None = None,
        date: int | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A Message dict from ``user`` (default Alice) in ``chat`` (default her private chat)."""
        user = user or ALICE
        chat = chat or private_chat(user)
        msg: dict[str, Any] = {
            "message_id": message_id
            if message_id is not None
            else self.next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": date if date is not None else int(time.time()),
        }
        if reply_to_message is not None:
            msg["reply_to_message"] = reply_to_message
        if text is not None:
            msg["text"] = text
            if entities:
                msg["entities"] = entities
        msg.update(content)
        return msg

    def bot_message(
        self,
        text: str,
        *,
        chat: dict[str, Any] | None = None,
        reply_markup: dict[str, Any] | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        """A Message sent *by the bot* (what a callback query's ``message`` looks like)."""
        msg = self.message(
            text, user=self.bot_user, chat=chat or private_chat(), message_id=message_id
        )
        if reply_markup:
            msg["reply_markup"] = reply_markup
        return msg

    # --------------------------------------------------------------- updates
    def text_message(self, text: str, **kw: Any) -> dict[str, Any]:
        return self.update("message", self.message(text, **kw))

    def command(
        self, command: str, args: str | None = None, *, mention: bool = False, **kw: Any
    ) -> dict[str, Any]:
        """``command("/start CODE")``, ``command("start", "CODE")``, ``command("/report")``.

        ``mention=True`` renders ``/report@<bot_username>`` (as clients do in groups).
        """
        command = command.strip()
        if not command.startswith("/"):
            command = "/" + command
        name, _, rest = command.partition(" ")
        if args is None:
            args = rest.strip()
        if mention and "@" not in name:
            name = f"{name}@{self.bot_username}"
        text = f"{name} {args}" if args else name
        entities = [{"offset": 0, "length": _u16(name), "type": "bot_command"}]
        return self.update("message", self.message(text, entities=entities, **kw))

    def group_message(
        self,
        text: str,
        *,
        chat: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        return self.update(
            "message", self.message(text, chat=chat or DEFAULT_GROUP, user=user or ALICE, **kw)
        )

    def callback_query(
        self,
        data: str,
        *,
        message: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
        query_id: str | None = None,
        chat_instance: str | None = None,
        message_text: str = "Is this correct?",
    ) -> dict[str, Any]:
        """A button press.  ``message`` is the bot message carrying the keyboard (e.g. the
        ``result`` the fake returned for sendMessage); by default one is invented with a
        single button whose ``callback_data`` is ``data``."""
        user = user or ALICE
        if message is None:
            markup = {"inline_keyboard": [[{"text": "OK", "callback_data": data}]]}
            message = self.bot_message(message_text, chat=private_chat(user), reply_markup=markup)
        cq = {
            "id": query_id or str(secrets.randbits(62)),
            "from": user,
            "message": message,
            "chat_instance": chat_instance or str(-secrets.randbits(62)),
            "data": data,
        }
        return self.update("callback_query", cq)

    def photo(
        self,
        caption: str | None = None,
        *,
        sizes: tuple[tuple[int, int], ...] = ((90, 68), (320, 240), (800, 600), (1280, 960)),
        file_ids: list[str] | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        """Photo message with PhotoSizes of increasing size; the last is the largest."""
        photos = []
        for i, (w, h) in enumerate(sizes):
            photos.append(
                {
                    "file_id": file_ids[i] if file_ids else _file_id("AgACAgQAAxkBAAI"),
                    "file_unique_id": _unique_id(),
                    "file_size": w * h // 6 + 500,
                    "width": w,
                    "height": h,
                }
            )
        extra: dict[str, Any] = {"photo": photos}
        if caption:
            extra["caption"] = caption
        return self.update("message", self.message(None, **extra, **kw))

    def document(
        self,
        file_name: str = "receipt.pdf",
        mime_type: str = "application/pdf",
        *,
        file_size: int = 48213,
        caption: str | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        doc = {
            "file_name": file_name,
            "mime_type": mime_type,
            "file_id": _file_id("BQACAgQAAxkBAAI"),
            "file_unique_id": _unique_id(),
            "file_size": file_size,
        }
        extra: dict[str, Any] = {"document": doc}
        if caption:
            extra["caption"] = caption
        return self.update("message", self.message(None, **extra, **kw))

    def location(
        self,
        latitude: float = 51.514572,
        longitude: float = -0.142483,
        *,
        horizontal_accuracy: float | None = None,
        live_period: int | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        loc: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if horizontal_accuracy is not None:
            loc["horizontal_accuracy"] = horizontal_accuracy
        if live_period is not None:
            loc["live_period"] = live_period
        return self.update("message", self.message(None, location=loc, **kw))

    def contact(
        self,
        phone_number: str = "447700900123",
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        user_id: int | None = None,
        own: bool = True,
        vcard: str | None = None,
        **kw: Any,
    ) -> dict[str, Any]:
        """Contact message; ``own=True`` (default) is "share my number" (``user_id`` == sender,
        phone without ``+`` as Telegram sends it for request_contact buttons)."""
        sender = kw.get("user") or ALICE
        c: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or sender["first_name"],
        }
        if last_name or (own and sender.get("last_name")):
            c["last_name"] = last_name or sender.get("last_name")
        if user_id is not None or own:
            c["user_id"] = user_id if user_id is not None else sender["id"]
        if vcard:
            c["vcard"] = vcard
        return self.update("message", self.message(None, contact=c, **kw))

    def sticker(
        self, emoji: str = "👍", *, set_name: str = "HotCherry", **kw: Any
    ) -> dict[str, Any]:
        st = {
            "width": 512,
            "height": 512,
            "emoji": emoji,
            "set_name": set_name,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "thumbnail": {
                "file_id": _file_id("AAMCAgADGQEAAI"),
                "file_unique_id": _unique_id(),
                "file_size": 5416,
                "width": 128,
                "height": 128,
            },
            "file_id": _file_id("CAACAgIAAxkBAAI"),
            "file_unique_id": _unique_id(),
            "file_size": 26514,
        }
        return self.update("message", self.message(None, sticker=st, **kw))

    def edited_message(
        self, text: str, *, message_id: int, date: int | None = None, **kw: Any
    ) -> dict[str, Any]:
        now = int(time.time())
        msg = self.message(text, message_id=message_id, date=date or now - 30, **kw)
        msg["edit_date"] = now
        return self.update("edited_message", msg)

    def channel_post(
        self, text: str, *, chat: dict[str, Any] | None = None, author_signature: str | None = None
    ) -> dict[str, Any]:
        chat = chat or DEFAULT_CHANNEL
        msg: dict[str, Any] = {
            "message_id": self.next_message_id(chat["id"]),
            "sender_chat": chat,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if author_signature:
            msg["author_signature"] = author_signature
        return self.update("channel_post", msg)

    def message_reaction(
        self,
        message_id: int,
        new: tuple[str, ...] | list[str] = ("👍",),
        old: tuple[str, ...] | list[str] = (),
        *,
        user: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        user = user or ALICE
        return self.update(
            "message_reaction",
            {
                "chat": chat or private_chat(user),
                "message_id": message_id,
                "user": user,
                "date": int(time.time()),
                "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
                "new_reaction": [{"type": "emoji", "emoji": e} for e in new],
            },
        )

    def my_chat_member(
        self,
        new_status: str = "kicked",
        old_status: str = "member",
        *,
        user: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The bot's own membership changed; private chat + ``kicked`` = user blocked the bot."""
        user = user or ALICE
        now = int(time.time())

        def member(status: str) -> dict[str, Any]:
            m: dict[str, Any] = {"user": self.bot_user, "status": status}
            if status == "kicked":
                m["until_date"] = 0
            return m

        return self.update(
            "my_chat_member",
            {
                "chat": chat or private_chat(user),
                "from": user,
                "date": now,
                "old_chat_member": member(old_status),
                "new_chat_member": member(new_status),
            },
        )


_default = UpdateFactory()
bot_message = _default.bot_message
text_message = _default.text_message
command = _default.command
group_message = _default.group_message
callback_query = _default.callback_query
photo = _default.photo
document = _default.document
location = _default.location
contact = _default.contact
sticker = _default.sticker
edited_message = _default.edited_message
channel_post = _default.channel_post
message_reaction = _default.message_reaction
my_chat_member = _default.my_chat_member


async def post_update(
    url: str,
    update: dict[str, Any],
    *,
    secret_token: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> httpx.Response:
    """POST an update to a webhook URL exactly as Telegram does (JSON body, secret header).

    Pass ``client`` (e.g. ``httpx.AsyncClient(transport=httpx.ASGITransport(app))``) to
    target an in-process app; otherwise a real HTTP request is made."""
    headers = {"Content-Type": "application/json"}
    if secret_token:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    body = json.dumps(update)
    if client is not None:
        return await client.post(url, content=body, headers=headers)
    async with httpx.AsyncClient(timeout=10) as own:
        return await own.post(url, content=body, headers=headers)
