"""Console scripts for the return loop: a lost purse, the purse found, a snatched phone."""

from __future__ import annotations

from tests.support import Harness

LOST_PURSE = ["lost", "purse", "black purse with a gold clasp", "Coventry Street", "an hour ago"]
FOUND_PURSE = [
    "found",
    "purse",
    "black leather purse, gold clip, found by till 2",
    "1",  # at the shop
    "just now",
    "1",  # held at the shop
    "skip",
]


async def run(h: Harness, handle: str, lines: list[str]) -> list[dict]:
    seen: list[dict] = []
    for line in lines:
        replies = await h.say(handle, line)
        assert replies, f"no answer to {line!r}"
        seen += replies
    return seen


def text(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)
