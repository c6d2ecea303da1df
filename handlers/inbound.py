"""The channel-neutral message every adapter produces."""

from __future__ import annotations

from dataclasses import dataclass

from flows.model import Location, Photo


@dataclass(frozen=True)
class Inbound:
    channel: str  # telegram, whatsapp, console
    address: str  # chat id, WhatsApp number (E.164), console handle
    text: str = ""
    choice: str | None = None  # a pressed button's option key
    question: str | None = None  # the question that button belonged to
    photo: Photo | None = None
    location: Location | None = None
    reply_to: str | None = None  # provider id of the message this one replies to
    display_name: str | None = None
    external_id: str | None = None  # update_id / MessageSid, for dropping repeats
    slash: bool = False  # typed as a Telegram /command
    album: str | None = None  # photos sent together (a Telegram media group) share this
