"""Outbox payloads as WhatsApp message bodies: numbered options, split to fit 1,600 characters."""

from __future__ import annotations

from typing import Any

from bot.channels.split import split_message, utf16_len
from flows import texts

MAX_BODY = 1600  # Twilio's limit for one WhatsApp body, counted in UTF-16 units to be safe
_RANGE_FROM = 5  # from this many options on, "Reply 1, 2, 3, 4 or 5" gets too long


def render(payload: dict[str, Any]) -> list[str]:
    """The bodies to send for one outbox payload, in order, each within MAX_BODY."""
    text = str(payload.get("text") or "").strip()
    lines = option_lines(payload)
    if payload.get("request_location"):
        lines.append(texts.WA_SHARE_LOCATION)
    if lines:
        text = f"{text}\n\n" + "\n".join(lines) if text else "\n".join(lines)
    return split_body(text)


def option_lines(payload: dict[str, Any]) -> list[str]:
    """Options as text: a numbered list for a question, "send …" lines for command shortcuts."""
    options = [o for o in payload.get("options") or () if o.get("key") and o.get("label")]
    if not options:
        return []
    if payload.get("question") is None:
        return [
            texts.WA_COMMAND_LINE.replace("{label}", str(o["label"])).replace(
                "{key}", str(o["key"])
            )
            for o in options
        ]
    if len(options) == 1:
        # A lone option (Skip, Just now) sits beside typed answers; a number would be misread.
        return [texts.WA_ONE_OPTION.replace("{label}", str(options[0]["label"]))]
    if any(str(o["label"]).strip().isdigit() for o in options):
        # "How many?" offers 1, 2, 3: numbering those would make "5" mean "Don't know".
        return [*(f"- {o['label']}" for o in options), "", texts.WA_REPLY_WORDS]
    lines = [f"{n}. {o['label']}" for n, o in enumerate(options, start=1)]
    return [*lines, "", reply_line(len(options))]


def reply_line(count: int) -> str:
    """ "Reply 1, 2 or 3." for a few options; a range for many."""
    if count >= _RANGE_FROM:
        return texts.WA_REPLY_RANGE.replace("{last}", str(count))
    numbers = [str(n) for n in range(1, count + 1)]
    joined = ", ".join(numbers[:-1]) + texts.WA_NUMBERS_OR + numbers[-1]
    return texts.WA_REPLY_FEW.replace("{numbers}", joined)


def split_body(text: str, limit: int = MAX_BODY) -> list[str]:
    """Bodies of at most `limit` UTF-16 units (Twilio's count); one empty body for no text."""
    return split_message(text, limit=limit, measure=utf16_len) or [""]
