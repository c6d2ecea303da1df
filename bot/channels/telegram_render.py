"""Turning an outbox payload into Telegram messages: HTML, keyboards, split text, photos."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.attachments import Media
from bot.channels.split import split_message, utf16_len
from flows import texts

TEXT_LIMIT = 4096  # Bot API: message text, after entities are parsed
CAPTION_LIMIT = 1024
CALLBACK_LIMIT = 64  # bytes of callback_data
MAX_PHOTOS = 10
QUESTION, COMMAND = "q", "c"

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove

_BOLD = re.compile(r"\*([^*\n]+)\*")
_FILE_ID = re.compile(r"^[A-Za-z0-9_-]{20,200}$")


@dataclass(frozen=True)
class Attachment:
    """A photo or document to send: by a file_id this bot has, or uploaded from the store."""

    kind: str  # "photo" or "document"
    file_id: str | None = None
    upload: Media | None = None


@dataclass
class Part:
    """One Bot API call: a text message, or a photo or document with an optional caption."""

    text: str | None  # HTML
    markup: ReplyMarkup | None = None
    photo: str | None = None  # a photo's file_id on this bot
    attachment: Attachment | None = None  # set for every photo or document part
    # A keyboard added by an edit right after sending: a message cannot both remove the
    # reply keyboard and carry inline buttons, so the removal goes first.
    then_inline: InlineKeyboardMarkup | None = None


def to_html(text: str) -> str:
    """`*bold*` as <b>, everything else escaped, for parse_mode HTML."""
    out: list[str] = []
    at = 0
    for match in _BOLD.finditer(text):
        out.append(html.escape(text[at : match.start()], quote=False))
        out.append(f"<b>{html.escape(match.group(1), quote=False)}</b>")
        at = match.end()
    out.append(html.escape(text[at:], quote=False))
    return "".join(out)


def plain_len(text: str) -> int:
    """The length Telegram will see once `*bold*` markers are gone."""
    return utf16_len(_BOLD.sub(r"\1", text))


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Text in messages of at most `limit` UTF-16 units (Telegram's count)."""
    return split_message(text, limit=limit, measure=utf16_len)


def is_file_id(source: str) -> bool:
    """Whether a photo source is a Telegram file_id (not a WhatsApp URL or a console name)."""
    return bool(_FILE_ID.match(source))


def callback_data(kind: str, *fields: str) -> str | None:
    """`q|question|key` or `c|command`; None when it would not fit Telegram's 64 bytes."""
    data = "|".join((kind, *fields))
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def read_callback(data: str) -> tuple[str, str, str] | None:
    """(kind, question, key) for a question button, (kind, "", command) for a shortcut."""
    kind, _, rest = data.partition("|")
    if kind == QUESTION:
        question, sep, key = rest.partition("|")
        return (QUESTION, question, key) if sep and question and key else None
    if kind == COMMAND and rest.strip():
        return (COMMAND, "", rest)
    return None


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    """Short answers side by side, long ones one per line, so every label can be read."""
    longest = max(len(b.text) for b in buttons)
    per_row = 3 if longest <= 10 and len(buttons) <= 3 else 2 if longest <= 18 else 1
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _buttons(payload: dict[str, Any]) -> tuple[list[InlineKeyboardButton], list[str]]:
    """Inline buttons for the payload's options, and text lines for any that cannot be."""
    options = [o for o in payload.get("options") or () if o.get("key") and o.get("label")]
    question = payload.get("question")
    buttons: list[InlineKeyboardButton] = []
    lines: list[str] = []
    if question:
        datas = [callback_data(QUESTION, str(question), str(o["key"])) for o in options]
        if all(datas):
            buttons = [
                InlineKeyboardButton(str(o["label"]), callback_data=d)
                for o, d in zip(options, datas, strict=True)
            ]
        else:  # the engine also reads an option's number or words
            lines = [
                texts.TG_OPTION_LINE.replace("{n}", str(n)).replace("{label}", str(o["label"]))
                for n, o in enumerate(options, start=1)
            ]
    else:
        for option in options:
            data = callback_data(COMMAND, str(option["key"]))
            if data:
                buttons.append(InlineKeyboardButton(str(option["label"]), callback_data=data))
            else:
                lines.append(
                    texts.TG_COMMAND_LINE.replace("{label}", str(option["label"])).replace(
                        "{command}", str(option["key"])
                    )
                )
    link = payload.get("link")
    if isinstance(link, dict) and link.get("url") and link.get("label"):
        buttons.append(InlineKeyboardButton(str(link["label"]), url=str(link["url"])))
    return buttons, lines


def location_keyboard(labels: list[str] | None = None) -> ReplyKeyboardMarkup:
    """The "Share my location" keyboard, with a question's options above it when it has any:
    a tapped option is sent as its words, which the question reads as that option."""
    options = [KeyboardButton(label) for label in labels or ()]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    return ReplyKeyboardMarkup(
        [*rows, [KeyboardButton(texts.TG_SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _typed_options(payload: dict[str, Any]) -> list[str] | None:
    """The labels of a question that also asks for a location, to go on that keyboard (a
    message carries one keyboard: inline buttons or this); None for any other payload."""
    if not payload.get("request_location") or not payload.get("question") or payload.get("link"):
        return None
    labels = [
        str(o["label"]) for o in payload.get("options") or () if o.get("key") and o.get("label")
    ]
    return labels or None


def attachments_of(payload: dict[str, Any]) -> list[Attachment]:
    """Without the store's help: the payload's photos that are file_ids, sent by id."""
    return [
        Attachment("photo", file_id=str(p))
        for p in payload.get("photos") or ()
        if is_file_id(str(p))
    ]


def _file_part(attachment: Attachment, text: str | None) -> Part:
    photo = attachment.file_id if attachment.kind == "photo" else None
    return Part(text, photo=photo, attachment=attachment)


def plan(
    payload: dict[str, Any],
    *,
    remove_reply_keyboard: bool = False,
    attachments: list[Attachment] | None = None,
) -> list[Part]:
    """The Bot API calls that deliver one payload, in order; buttons go on the last part.

    `attachments` are the payload's photos and files as this bot can send them; without
    them, only photos given as file_ids are sent.
    """
    text = str(payload.get("text") or "").strip()
    typed = _typed_options(payload)
    buttons, lines = ([], []) if typed else _buttons(payload)
    if lines:
        text = "\n\n".join(p for p in (text, "\n".join(lines)) if p)
    inline = InlineKeyboardMarkup(_rows(buttons)) if buttons else None
    chunks = split_text(text)
    files = attachments_of(payload) if attachments is None else attachments
    files = [a for a in files if a.kind == "photo"][:MAX_PHOTOS] + [
        a for a in files if a.kind != "photo"
    ]

    parts: list[Part]
    if files and len(chunks) == 1 and plain_len(chunks[0]) <= CAPTION_LIMIT:
        parts = [_file_part(a, None) for a in files[:-1]]
        parts.append(_file_part(files[-1], to_html(chunks[0])))
    else:  # a caption too long for a photo goes in a message of its own, after it
        parts = [_file_part(a, None) for a in files]
        parts += [Part(to_html(chunk)) for chunk in chunks]
    if not parts:
        return []
    parts[-1].markup = inline

    if payload.get("request_location"):
        if parts[-1].markup is None:
            parts[-1].markup = location_keyboard(typed)
        else:
            parts.append(Part(to_html(texts.TG_SHARE_HINT), markup=location_keyboard()))
    elif remove_reply_keyboard:
        first = parts[0]
        if isinstance(first.markup, InlineKeyboardMarkup):
            first.then_inline = first.markup
        first.markup = ReplyKeyboardRemove()
    return parts


def answered_text(original_html: str, original_plain: str, line: str) -> str | None:
    """The question message with the chosen answer under it; None if it would be too long."""
    if utf16_len(original_plain) + utf16_len(line) + 2 > TEXT_LIMIT:
        return None
    return f"{original_html}\n\n<i>{html.escape(line, quote=False)}</i>"
