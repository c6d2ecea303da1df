"""Reading a Telegram Update: what, if anything, it means for the dispatcher."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from telegram import Chat, Message, MessageEntity, Update, User
from telegram.constants import ChatType

from bot.channels.telegram_render import COMMAND, QUESTION, read_callback
from bot.channels.text import clean_text
from flows.model import Location, Photo
from handlers.inbound import Inbound

CHANNEL = "telegram"

Kind = Literal["inbound", "group", "edited", "blocked", "unblocked", "ignore"]


@dataclass(frozen=True)
class Press:
    """A pressed inline button, for answering it and editing the message it sat on."""

    query_id: str
    chat_id: int
    data: str
    kind: str | None  # QUESTION, COMMAND, or None when the data is not ours
    question: str | None
    key: str | None
    message: Message | None  # None when Telegram no longer lets us see it
    label: str | None


@dataclass(frozen=True)
class Parsed:
    kind: Kind
    inbound: Inbound | None = None
    press: Press | None = None
    chat_id: int | None = None  # the group, or the private chat for edited/blocked/unblocked


IGNORE = Parsed("ignore")


def parse_update(update: Update) -> Parsed:
    """Private messages and button presses become an Inbound; groups are told to go private.

    Telegram's own updates always have the shape its schema gives; anything else (a field
    missing or of another type) is ignored here rather than trusted further in.
    """
    if update.callback_query is not None:
        return _press(update)
    if update.edited_message is not None:
        return _edited(update.edited_message)
    if update.my_chat_member is not None:
        return _membership(update)
    message = update.message  # channel posts and reactions are not for us
    if not isinstance(message, Message) or not _is_chat(message.chat):
        return IGNORE
    if message.chat.type != ChatType.PRIVATE:
        return Parsed("group", chat_id=message.chat.id)
    user = message.from_user
    if not isinstance(user, User) or user.is_bot:
        return IGNORE
    # A photo's words come as its caption ("alert Haymarket: this man" with his picture).
    written = message.text if message.text is not None else message.caption
    odd_text = written is not None and not isinstance(written, str)
    text = clean_text(written)
    photo = _photo(message)
    location = _location(message)
    if not (text or photo or location or odd_text or _answerable(message)):
        return IGNORE  # stickers, dice, service messages
    reply = message.reply_to_message
    reply_to = (
        provider_id(message.chat.id, reply.message_id)
        if isinstance(reply, Message)
        and isinstance(reply.from_user, User)
        and reply.from_user.is_bot is True
        and type(reply.message_id) is int
        else None
    )
    return Parsed(
        "inbound",
        Inbound(
            channel=CHANNEL,
            address=str(message.chat.id),
            text=text,
            photo=photo,
            location=location,
            reply_to=reply_to,
            display_name=_name(user),
            external_id=str(update.update_id),
            slash=any(
                isinstance(e, MessageEntity)
                and e.type == MessageEntity.BOT_COMMAND
                and e.offset == 0
                for e in _listed(message.entities or message.caption_entities)
            ),
        ),
    )


def _edited(message: Any) -> Parsed:
    """A person changed a message they sent in our private chat: they are told edits are not
    read (the answer they edited was taken as first sent)."""
    if not isinstance(message, Message) or not _is_chat(message.chat):
        return IGNORE
    user = message.from_user
    if message.chat.type != ChatType.PRIVATE or not isinstance(user, User) or user.is_bot:
        return IGNORE
    return Parsed("edited", chat_id=message.chat.id)


def _membership(update: Update) -> Parsed:
    """In a private chat, the bot "kicked" means the person blocked it; "member", unblocked."""
    change = update.my_chat_member
    chat = getattr(change, "chat", None)
    if not isinstance(chat, Chat) or not _is_chat(chat) or chat.type != ChatType.PRIVATE:
        return IGNORE
    status = getattr(getattr(change, "new_chat_member", None), "status", None)
    if status == "kicked":
        return Parsed("blocked", chat_id=chat.id)
    if status == "member":
        return Parsed("unblocked", chat_id=chat.id)
    return IGNORE


def _is_chat(chat: Any) -> bool:
    return isinstance(chat, Chat) and type(chat.id) is int and isinstance(chat.type, str)


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _name(user: Any) -> str | None:
    if not isinstance(user, User):
        return None
    parts = [clean_text(user.first_name), clean_text(user.last_name)]
    return " ".join(p for p in parts if p)[:120] or None


def provider_id(chat_id: int, message_id: int) -> str:
    """Telegram message ids count per chat, so the chat is part of our id for a message."""
    return f"{chat_id}:{message_id}"


def _press(update: Update) -> Parsed:
    query = update.callback_query
    assert query is not None
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and not _is_chat(message.chat):
        message = None
    if message is not None:
        chat_id = message.chat.id
    elif isinstance(query.from_user, User) and type(query.from_user.id) is int:
        chat_id = query.from_user.id
    else:
        return IGNORE
    if not isinstance(query.id, str):
        return IGNORE
    data = query.data if isinstance(query.data, str) else ""
    read = read_callback(data)
    kind, question, key = read if read else (None, None, None)
    label = _label(message, data)
    press = Press(query.id, chat_id, data, kind, question or None, key, message, label)
    if message is not None and message.chat.type != ChatType.PRIVATE:
        return Parsed("ignore", press=press)
    if kind is None:
        return Parsed("ignore", press=press)
    inbound = Inbound(
        channel=CHANNEL,
        address=str(chat_id),
        text=key if kind == COMMAND and key else "",
        choice=key if kind == QUESTION else None,
        question=question if kind == QUESTION else None,
        display_name=_name(query.from_user),
        external_id=str(update.update_id),
        # A shortcut is a command, so pressed mid-report it is not taken as an answer.
        slash=kind == COMMAND,
    )
    return Parsed("inbound", inbound, press)


def _label(message: Message | None, data: str) -> str | None:
    markup = message.reply_markup if message is not None else None
    rows = getattr(markup, "inline_keyboard", None)
    for row in _listed(rows):
        for button in _listed(row):
            if getattr(button, "callback_data", None) == data:
                text = getattr(button, "text", None)
                return text if isinstance(text, str) else None
    return None


def _photo(message: Message) -> Photo | None:
    sizes = [p for p in _listed(message.photo) if isinstance(getattr(p, "file_id", None), str)]
    if sizes:
        largest = max(
            sizes, key=lambda p: (_number(p.width) * _number(p.height), _number(p.file_size))
        )
        return Photo(content_type="image/jpeg", source=largest.file_id[:500])
    document = message.document
    file_id = getattr(document, "file_id", None)
    mime = getattr(document, "mime_type", None)
    if isinstance(file_id, str) and isinstance(mime, str) and mime.startswith("image/"):
        return Photo(content_type=mime[:100], source=file_id[:500])
    return None


def _location(message: Message) -> Location | None:
    venue = message.venue
    if venue is not None:
        point = _point(getattr(venue, "location", None))
        if point is not None:
            words = (clean_text(getattr(venue, "title", None)), clean_text(venue.address))
            address = ", ".join(p for p in words if p)
            return Location(*point, address[:300] or None)
    point = _point(message.location)
    return Location(*point) if point is not None else None


def _point(location: Any) -> tuple[float, float] | None:
    """A latitude and longitude that are numbers on the globe, or None."""
    latitude = getattr(location, "latitude", None)
    longitude = getattr(location, "longitude", None)
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (latitude, longitude)
    ):
        return None
    assert isinstance(latitude, int | float) and isinstance(longitude, int | float)
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return float(latitude), float(longitude)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _answerable(message: Message) -> bool:
    """Content we cannot use but should answer, so the person is not left in silence."""
    return any(
        (
            message.contact,
            message.voice,
            message.audio,
            message.video,
            message.video_note,
            message.document,
        )
    )
