"""How the peer's messages look: HTML, inline keyboards, the location keyboard, an answered
question."""

from __future__ import annotations

import html
import re
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode

from flows import texts

_BOLD = re.compile(r"\*([^*\n]+)\*")
SUMMARY_BUTTONS = (("send", texts.SEND), ("change", texts.CHANGE), ("cancel", texts.CANCEL))
LOCATION_KEYBOARD = ReplyKeyboardMarkup(
    [[KeyboardButton(texts.TG_SHARE_LOCATION, request_location=True)]],
    resize_keyboard=True,
    one_time_keyboard=True,
)


def location_keyboard(labels: list[str]) -> ReplyKeyboardMarkup:
    """The share button with a question's options above it, two to a row."""
    buttons = [KeyboardButton(label) for label in labels]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return ReplyKeyboardMarkup(
        [*rows, [KeyboardButton(texts.TG_SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def as_html(text: str) -> str:
    """Our `*bold*` as HTML, everything else escaped."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def keyboard(prefix: str, buttons: tuple[tuple[str, str], ...], per_row: int, shop: str) -> Any:
    row = [
        InlineKeyboardButton(label.replace("{shop}", shop), callback_data=f"{prefix}|{key}")
        for key, label in buttons
    ]
    return InlineKeyboardMarkup([row[i : i + per_row] for i in range(0, len(row), per_row)])


async def mark_answered(message: Message, label: str) -> None:
    """The question with its chosen answer under it, its buttons gone."""
    line = html.escape(texts.TG_CHOSEN.replace("{label}", label), quote=False)
    await message.edit_text(f"{message.text_html}\n\n<i>{line}</i>", parse_mode=ParseMode.HTML)
