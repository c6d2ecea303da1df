"""Numbers in a description: card digits, model numbers, how many keys, clothing sizes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.property import brands, words
from flows.property.lexicon import BREAK


@dataclass(frozen=True, slots=True)
class Model:
    line: str
    number: str | None
    variant: str


_CARD_DIGITS = re.compile(
    # "last four digits", and with the word mistyped ("last four diits").
    r"(?:ending|ends|end|last\s+(?:4|four)(?:\s+[a-z]{2,8})?|last\s+digits|"
    r"number|no|nos|\*+|x{3,}|#)\W*(?:in|with|of|is|are|on|=)?\W*(\d{4})\b"
)
# Four digits standing alone: not part of a longer number, a price, a time or a date ("2,670",
# "26.70", "12:30"), though a comma or full stop may end the clause ("ending 2670, lost").
_FOUR = re.compile(r"(?<![\d£$.,:/])\b(\d{4})\b(?!\d|[.,:/]\d)")
_COUNT_WORDS = dict(words.NUMBER_WORDS, a=1, an=1)
_KEY_WORDS = frozenset({"key", "keys"})


def models(tokens: list[str]) -> tuple[Model, ...]:
    found: list[Model] = []
    for i, token in enumerate(tokens):
        line = brands.MODEL_LINES.get(token)
        if line is None:
            continue
        rest = tokens[i + 1 : i + 5]
        number: str | None = None
        j = 0
        if j < len(rest) and len(rest[j]) == 1 and rest[j].isalpha() and j + 1 < len(rest):
            if rest[j + 1].isdigit():
                number, j = rest[j] + rest[j + 1], j + 2
        elif j < len(rest) and rest[j].isdigit() and len(rest[j]) <= 2:
            number, j = rest[j], j + 1
        variant = " ".join(w for w in rest[j : j + 2] if w in brands.MODEL_VARIANTS)
        found.append(Model(line, number, variant))
    return tuple(found)


def digits(low: str, category: str) -> frozenset[str]:
    found = set(_CARD_DIGITS.findall(low))
    if category in ("bank_card", "id", "wallet") and not found:
        found = {d for d in _FOUR.findall(low) if not 1950 <= int(d) <= 2035}
    return frozenset(found)


_LETTER_SIZES = ("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl")
_SIZE_WORDS = {"small": "s", "medium": "m", "large": "l", "extra large": "xl"}
_SIZE = re.compile(r"\bsize\s*(xxxl|xxl|xl|xxs|xs|s|m|l|small|medium|large|extra large|\d{1,2})\b")
_BARE_SIZE = re.compile(r"\b(xxxl|xxl|xl|xs)\b")
_AGE = re.compile(
    r"\b(?:age|aged|ages)\s*(\d{1,2})\b|\b(\d{1,2})\s*-\s*\d{1,2}\s*(?:years|yrs|y)\b"
)
_CHILD = re.compile(
    r"\b(?:kids?|childs?|childrens?|toddlers?|baby|babys)\s+size\b|\bfor a child\b"
)


def size(low: str) -> tuple[str, int] | None:
    """A clothing size: ("letter", 0-7), ("uk", 4-30), ("age", years) or ("child", 0)."""
    low = low.replace("'", "")
    age = _AGE.search(low)
    if age:
        return ("age", int(age.group(1) or age.group(2)))
    if _CHILD.search(low):
        return ("child", 0)
    found = _SIZE.search(low) or _BARE_SIZE.search(low)
    if not found:
        return None
    value = _SIZE_WORDS.get(found.group(1), found.group(1))
    if value.isdigit():
        return ("uk", int(value))
    return ("letter", _LETTER_SIZES.index(value))


def key_count(tokens: list[str]) -> int | None:
    total, seen = 0, False
    for i, token in enumerate(tokens):
        if token not in _KEY_WORDS:
            continue
        after = tokens[i + 1 : i + 3]
        if after[:1] in (["ring"], ["chain"], ["fob"]):
            continue
        if after[:1] == ["x"] and len(after) > 1 and after[1].isdigit():
            total, seen = total + int(after[1]), True
            continue
        for back in range(i - 1, max(-1, i - 5), -1):
            word = tokens[back]
            two = " ".join(tokens[back - 1 : back + 1]) if back >= 1 else ""
            if word.isdigit() and int(word) < 30:
                total, seen = total + int(word), True
                break
            if two in _COUNT_WORDS:
                total, seen = total + _COUNT_WORDS[two], True
                break
            if word in _COUNT_WORDS and (word not in ("a", "an") or token == "key"):
                total, seen = total + _COUNT_WORDS[word], True
                break
            if word == BREAK or word in ("of", "with", "and"):
                break
    return total if seen else None
