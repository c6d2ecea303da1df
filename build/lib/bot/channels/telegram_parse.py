"""Reading a Telegram Update: what, if anything, it means for the dispatcher."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.channels.telegram_render import COMMAND, QUESTION, read_callback
from flows.model import Location, Photo
from handlers.inbound import Inbound

CHANNEL = "telegram"

Kind = Literal["inbound", "group", "ignore"]


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
    chat_id: int | None = None  # the group, for kind "group"


IGNORE = Parsed("ignore")


def parse_update(update: Update) -> Parsed:
    """Private messages and button presses become an Inbound; groups are told to go private."""
    if update.callback_query is not None:
        return _press(update)
    message = update.message  # edits, channel posts and reactions are not for us
    if message is None:
        return IGNORE
    if message.chat.type != ChatType.PRIVATE:
        return Parsed("group", chat_id=message.chat.id)
    user = message.from_user
    if user is None or user.is_bot:
        return IGNORE
    text = message.text or ""
    photo = _photo(message)
    location = _location(message)
    if not (text or photo or location or _answerable(message)):
        return IGNORE  # stickers, dice, service messages
    reply = message.reply_to_message
    reply_to = (
        provider_id(message.chat.id, reply.message_id)
        if reply is not None and reply.from_user is not None and reply.from_user.is_bot
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
            display_name=user.full_name[:120],
            external_id=str(update.update_id),
            slash=any(
                e.type == MessageEntity.BOT_COMMAND and e.offset == 0 for e in message.entities
            ),
        ),
    )


def provider_id(chat_id: int, message_id: int) -> str:
    """Telegram message ids count per chat, so the chat is part of our id for a message."""
    return f"{chat_id}:{message_id}"


def _press(update: Update) -> Parsed:
    query = update.callback_query
    assert query is not None
    message = query.message if isinstance(query.message, Message) else None
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    data = query.data or ""
    read = read_callback(data)
    kind, question, key = read if read else (None, None, None)
    label = _label(message, data)
    press = Press(query.id, chat_id, data, kind, question or None, key, message, label)
    if query.message is not None and query.message.chat.type != ChatType.PRIVATE:
        return Parsed("ignore", press=press)
    if kind is None:
        return Parsed("ignore", press=press)
    inbound = Inbound(
        channel=CHANNEL,
        address=str(chat_id),
        text=key if kind == COMMAND and key else "",
        choice=key if kind == QUESTION else None,
        question=question if kind == QUESTION else None,
        display_name=query.from_user.full_name[:120],
        external_id=str(update.update_id),
        # A shortcut is a command, so pressed mid-report it is not taken as an answer.
        slash=kind == COMMAND,
    )
    return Parsed("inbound", inbound, press)


def _label(message: Message | None, data: str) -> str | None:
    if message is None or message.reply_markup is None:
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def _photo(message: Message) -> Photo | None:
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return Photo(content_type="image/jpeg", source=largest.file_id)
    document = message.document
    if document is not None and (document.mime_type or "").startswith("image/"):
        return Photo(content_type=document.mime_type or "image/jpeg", source=document.file_id)
    return None


def _location(message: Message) -> Location | None:
    if message.venue is not None:
        venue = message.venue
        address = ", ".join(p for p in (venue.title, venue.address) if p)
        return Location(venue.location.latitude, venue.location.longitude, address or None)
    if message.location is not None:
        return Location(message.location.latitude, message.location.longitude)
    return None


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
