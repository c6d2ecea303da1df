"""Cutting a long text into messages a platform accepts, at the most natural place."""

from __future__ import annotations

import re
from collections.abc import Callable

# A sentence ends at . ! ? or … plus any closing quote, bracket or *bold*/_italic_/~strike~
# marker, followed by a space.
_SENTENCE_END = re.compile(r"[.!?…][\"')\]*_~]*(?=\s)")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and Twilio count it (an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(
    text: str, *, limit: int, measure: Callable[[str], int] = utf16_len
) -> list[str]:
    """Parts of `text`, each at most `limit` by `measure`, in order; [] for an empty text.

    Cut at a paragraph break, else a line break, else a sentence's end, else a space, else
    anywhere; never so early that the part is under a third of what would fit.
    """
    parts: list[str] = []
    rest = text.strip()
    while rest and measure(rest) > limit:
        window = _longest_prefix(rest, limit, measure)
        cut = _cut_point(window)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if head:
            parts.append(head)
    if rest:
        parts.append(rest)
    return parts


def _longest_prefix(text: str, limit: int, measure: Callable[[str], int]) -> str:
    """The longest start of `text` within `limit`, and at least one character."""
    low, high = 1, min(len(text), limit)  # no unit counts less than one per character
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def _cut_point(window: str) -> int:
    floor = len(window) // 3  # never leave a tiny first part
    for cut in (window.rfind("\n\n"), window.rfind("\n")):
        if cut > floor:
            return cut
    ends = [match.end() for match in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > floor:
        return ends[-1]
    space = window.rfind(" ")
    return space if space > floor else len(window)
