"""Twilio's WhatsApp webhook form as a channel-neutral Inbound."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import phonenumbers

from bot.channels.text import clean_text
from flows.model import Location, Photo
from handlers.commands import split_command
from handlers.inbound import Inbound

CHANNEL = "whatsapp"
PREFIX = "whatsapp:"
MAX_TEXT = 4096


@dataclass(frozen=True)
class Button:
    """A quick-reply or button press: what it carries and what the person saw on it."""

    payload: str
    text: str


@lru_cache(maxsize=4096)
def e164(wa_id: str | None, sender: str | None) -> str | None:
    """The person's number in E.164 (`+447700900123`), from WaId or else From; None if unusable.

    Cached: parsing a number costs more than the rest of the form, and the same few people
    write again and again.
    """
    raw = (wa_id or "").strip()
    if raw:
        raw = raw if raw.startswith("+") else f"+{raw}"
    else:
        raw = (sender or "").strip().removeprefix(PREFIX)
    if not raw.startswith("+"):
        return None
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_whatsapp(form: Mapping[str, Any]) -> bool:
    """Only WhatsApp messages are ours; an SMS to the same Twilio number is not."""
    return str(form.get("From") or "").startswith(PREFIX)


def inbound_of(form: Mapping[str, Any]) -> tuple[Inbound, Button | None] | None:
    """The Inbound a webhook form describes (with any button press), or None without a sender."""
    address = e164(_text(form, "WaId"), _text(form, "From"))
    if address is None:
        return None
    button = None
    if _text(form, "ButtonPayload") or _text(form, "ButtonText"):
        button = Button(_text(form, "ButtonPayload"), _text(form, "ButtonText"))
    text = _text(form, "Body") or (button.text if button else "")
    inbound = Inbound(
        channel=CHANNEL,
        address=address,
        text=text[:MAX_TEXT],
        photo=_photo(form),
        location=_location(form),
        # A button press on a template also names that template; it is not a written reply.
        reply_to=None if button else (_text(form, "OriginalRepliedMessageSid") or None),
        display_name=_text(form, "ProfileName")[:120] or None,
        external_id=_text(form, "MessageSid")[:64] or None,
    )
    return inbound, button


def pressed(inbound: Inbound, button: Button, last_sent: Mapping[str, Any] | None) -> Inbound:
    """A button press as a choice when it names an option of the last message, else as text."""
    options = (last_sent or {}).get("options") or ()
    keys = {str(o.get("key")) for o in options}
    question = (last_sent or {}).get("question")
    if button.payload and button.payload in keys:
        if question:
            return replace(inbound, choice=button.payload, question=str(question))
        return replace(inbound, text=button.payload)  # a command shortcut, such as ack WE-0001
    if button.payload and split_command(button.payload):
        return replace(inbound, text=button.payload[:MAX_TEXT])
    return replace(inbound, text=(button.text or button.payload or inbound.text)[:MAX_TEXT])


def _text(form: Mapping[str, Any], key: str) -> str:
    value = form.get(key)
    return clean_text(value).strip() if isinstance(value, str) else ""


def _photo(form: Mapping[str, Any]) -> Photo | None:
    """The first image attached; other media (voice notes, videos) are not photos."""
    try:
        count = int(_text(form, "NumMedia") or 0)
    except ValueError:
        return None
    for index in range(min(count, 10)):
        url = _text(form, f"MediaUrl{index}")
        content_type = _text(form, f"MediaContentType{index}").lower()
        if url and content_type.startswith("image/"):
            return Photo(content_type=content_type[:100], source=url[:500])
    return None


def _location(form: Mapping[str, Any]) -> Location | None:
    try:
        latitude = float(_text(form, "Latitude"))
        longitude = float(_text(form, "Longitude"))
    except ValueError:
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    words = [w for w in (_text(form, "Label"), _text(form, "Address")) if w]
    return Location(latitude, longitude, ", ".join(words)[:300] or None)
