"""Polls as people type them, and their results as people read them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_OPTIONS, MAX_OPTIONS = 2, 8
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+")


@dataclass(frozen=True)
class PollAsk:
    question: str
    options: tuple[str, ...]


def parse_poll(text: str) -> PollAsk | None:
    """ "What first? 1. Shoplifting 2. Begging" or "What first? Shoplifting / Begging"."""
    text = " ".join(text.split())
    numbered = list(_NUMBERED.finditer(text))
    if len(numbered) >= MIN_OPTIONS and [int(m[1]) for m in numbered] == list(
        range(1, len(numbered) + 1)
    ):
        question = text[: numbered[0].start()].strip()
        options = [
            text[m.end() : (numbered[i + 1].start() if i + 1 < len(numbered) else len(text))]
            for i, m in enumerate(numbered)
        ]
    else:
        head, mark, rest = text.partition("?")
        if not mark:
            head, mark, rest = text.partition(":")
        if not mark:
            return None
        question = head.strip() + ("?" if mark == "?" else "")
        options = re.split(r"\s*(?:/|\||;|,|\bor\b)\s*", rest)
    cleaned = tuple(o.strip(" ,;.") for o in options if o.strip(" ,;."))
    if not question or not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        return None
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        return None
    return PollAsk(question.rstrip(":").strip(), tuple(o[:60] for o in cleaned))


def results_words(options: Sequence[str], counts: Mapping[str, int]) -> tuple[str, int]:
    """ "Shoplifting 5, Begging 2, Moped snatches 0" (answers are option numbers), and total."""
    items = [f"{option} {counts.get(str(n), 0)}" for n, option in enumerate(options, start=1)]
    return ", ".join(items), sum(counts.get(str(n), 0) for n in range(1, len(options) + 1))
