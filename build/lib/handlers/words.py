"""Which chat words each role may use, and splitting a message into word and arguments."""

from __future__ import annotations

import re

EVERYONE = ("start", "join", "help", "cancel", "back")
BY_ROLE: dict[str, tuple[str, ...]] = {
    "staff": ("report", "found", "mycases", "case", "reply"),
    "officer": ("cases", "case", "ack", "update", "crn", "close", "reopen"),
    "manager": ("digest", "cases", "case"),
    "admin": ("digest", "cases", "case"),
}
ALL_WORDS = frozenset(EVERYONE).union(*BY_ROLE.values())

_COMMAND = re.compile(r"^/?([A-Za-z]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def split_command(text: str) -> tuple[str, str] | None:
    """`/Report@bot x`, `REPORT x` or `report x` → ("report", "x"); None if no known word."""
    match = _COMMAND.match(text.strip())
    if not match:
        return None
    word = match.group(1).lower()
    if word not in ALL_WORDS:
        return None
    return word, (match.group(2) or "").strip()


def allowed(role: str, word: str) -> bool:
    return word in EVERYONE or word in BY_ROLE.get(role, ())
