"""Outbox payloads as WhatsApp message bodies: numbered options, split to fit 1,600 characters."""

from __future__ import annotations

import re
from typing import Any

from flows import texts

MAX_BODY = 1600  # Twilio's limit for one WhatsApp body, counted in UTF-16 units to be safe
_RANGE_FROM = 5  # from this many options on, "Reply 1, 2, 3, 4 or 5" gets too long
# A place to cut: after a line break, or after a sentence's closing mark and its spaces.
_BOUNDARY = re.compile(r"(?P<line>\s*\n\s*)|(?<=[.!?…])[\"')\]*_~]*(?P<space>\s+)")


def units(text: str) -> int:
    """Length as Twilio counts it: UTF-16 code units (an emoji may count twice)."""
    return len(text.encode("utf-16-le")) // 2


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
    """Cut a long text into parts of at most `limit`, at sentence or line ends where possible."""
    parts: list[str] = []
    rest = text.strip()
    while units(rest) > limit:
        window = _fit(rest, limit)
        cut = _last_boundary(window)
        if cut is None:
            space = window.rfind(" ")
            cut = (space, space + 1) if space > 0 else (len(window), len(window))
        head, rest = window[: cut[0]].rstrip(), rest[cut[1] :].lstrip()
        if head:
            parts.append(head)
    if rest:
        parts.append(rest)
    return parts or [""]


def _fit(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` UTF-16 units."""
    end = min(len(text), limit)
    while units(text[:end]) > limit:
        end -= 1
    return text[:end]


def _last_boundary(window: str) -> tuple[int, int] | None:
    """Where the last sentence or line in `window` ends, and where the next one starts."""
    found = None
    for match in _BOUNDARY.finditer(window):
        group = "line" if match.group("line") is not None else "space"
        if match.start(group) > 0:
            found = (match.start(group), match.end(group))
    return found
