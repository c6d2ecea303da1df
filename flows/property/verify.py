"""Checking that the person asking is the owner, without showing them the finder's words.

The owner is asked about something the finder recorded and the owner has not said yet (the
last four digits, the name on the card, what is on the keyring, the colour of the case, the
make), and their answer is checked against the finder's record, typos forgiven.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from flows import texts
from flows.property import names
from flows.property.compare import colour_relation, same_words
from flows.property.features import Detail, Features, ItemFacts, extract
from flows.reading.yesno import is_unknown
from flows.template import fill

Outcome = Literal["pass", "fail", "unsure"]
PASS_AT = 0.7
FAIL_AT = 0.3
_DIGITS = re.compile(r"\d{4}")
_COUNT = re.compile(r"\b\d{1,2}\b")
_COUNT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "just one": 1, "a single": 1,
}  # fmt: skip


@dataclass(frozen=True)
class Question:
    """One question for the owner. `text` is safe to send; `expected` is the finder's record
    and must never be shown to them."""

    key: str  # what is asked, e.g. "digits", "name", "detail:keyring", "colour"
    text: str
    expected: tuple[str, ...]
    category: str
    colours: tuple[str, ...] = ()  # for an accessory: its colours, a partial answer


@dataclass(frozen=True)
class Verdict:
    """How well an answer fits the finder's record: 1 is a clear fit, 0 a clear misfit."""

    score: float
    outcome: Outcome


def verification_question(
    found: Features, lost: Features, asked: Collection[str] = ()
) -> Question | None:
    """The most telling question about what the finder recorded and the owner has not said;
    None when there is nothing left to ask. `asked` holds keys of questions already put, so a
    second question can follow an unsure answer."""
    for key, text, expected in _candidates(found, lost):
        if key not in asked and expected:
            detail = found.detail(key.split(":", 1)[1]) if key.startswith("detail:") else None
            colours = tuple(sorted(detail.colours)) if detail else ()
            return Question(key, text, expected, found.category, colours)
    return None


def _candidates(found: Features, lost: Features) -> list[tuple[str, str, tuple[str, ...]]]:
    out: list[tuple[str, str, tuple[str, ...]]] = []
    if found.digits and not lost.digits:
        out.append(("digits", texts.VERIFY_DIGITS, tuple(sorted(found.digits))))
    found_names = found.names + found.guessed_names
    if found_names and not (lost.names or lost.guessed_names):
        out.append(("name", texts.VERIFY_NAME, tuple(" ".join(n) for n in found_names)))
    for detail in found.details:
        theirs = lost.detail(detail.key)
        said = theirs is not None and bool(theirs.emblems or theirs.words or theirs.colours)
        marks = tuple(sorted(detail.emblems | detail.words))
        if marks and not said:
            out.append((f"detail:{detail.key}", _ask_detail(detail), marks))
    for detail in found.details:
        theirs = lost.detail(detail.key)
        if detail.colours and (theirs is None or not theirs.colours):
            question = fill(texts.VERIFY_DETAIL_COLOUR, detail=_detail_name(detail.key))
            out.append((f"colour:{detail.key}", question, tuple(sorted(detail.colours))))
    mine = {b for _, b in found.brands if b != "android"}
    if mine and not lost.brands:
        out.append(("brand", texts.VERIFY_BRAND, tuple(sorted(mine))))
    numbered = [m for m in found.models if m.number]
    if numbered and not any(m.number for m in lost.models):
        out.append(("model", texts.VERIFY_MODEL, tuple(m.number or "" for m in numbered)))
    if found.key_count and lost.key_count is None:
        out.append(("keys", texts.VERIFY_KEYS, (str(found.key_count),)))
    if found.item_colours and not lost.colours:
        out.append(("colour", texts.VERIFY_COLOUR, tuple(sorted(found.item_colours))))
    if found.patterns and not lost.patterns:
        out.append(("pattern", texts.VERIFY_PATTERN, tuple(sorted(found.patterns))))
    if found.materials and not lost.materials:
        out.append(("material", texts.VERIFY_MATERIAL, tuple(sorted(found.materials))))
    return out


def _detail_name(key: str) -> str:
    return texts.PROPERTY_DETAIL_NAMES.get(key, key)


def _ask_detail(detail: Detail) -> str:
    return texts.VERIFY_DETAIL.get(detail.key) or fill(
        texts.VERIFY_DETAIL_WORDS, detail=_detail_name(detail.key)
    )


def check_answer(question: Question, answer: str) -> Verdict:
    """Whether the owner's answer fits what the finder recorded. "Not sure" is unsure."""
    if not answer.strip() or is_unknown(answer):
        return Verdict(0.5, "unsure")
    kind = question.key.split(":", 1)[0]
    value = _CHECKS[kind](question, answer)
    return Verdict(round(value, 2), _outcome(value))


def _outcome(value: float) -> Outcome:
    return "pass" if value >= PASS_AT else "fail" if value <= FAIL_AT else "unsure"


def _read(question: Question, answer: str) -> Features:
    return extract(ItemFacts(question.category, answer))


def _digits(question: Question, answer: str) -> float:
    given = _DIGITS.findall(answer.replace(" ", ""))
    if not given:
        return 0.5
    return 1.0 if any(d in question.expected for d in given) else 0.0


def _name(question: Question, answer: str) -> float:
    said = _read(question, f"name {answer}")
    written = [tuple(e.split()) for e in question.expected]
    got = said.names + said.guessed_names
    if not got:
        return 0.5
    return 1.0 if names.agree(tuple(written), got) else 0.0


def _detail(question: Question, answer: str) -> float:
    said = _read(question, answer)
    expected = frozenset(question.expected)
    words = frozenset(w for w in said.words) | said.emblems | said.patterns
    tokens = frozenset(re.findall(r"[a-z]+", answer.lower()))
    if expected & said.emblems or same_words(expected, words | tokens):
        return 1.0
    if said.emblems:
        return 0.1  # they named something else
    colour = colour_relation(frozenset(question.colours), said.colours)
    if colour == "same":
        return 0.75  # right colour, nothing said of the rest: enough
    return 0.1 if colour == "conflict" else 0.4


def _colour(question: Question, answer: str) -> float:
    said = _read(question, answer).colours
    relation = colour_relation(frozenset(question.expected), said)
    return {"same": 1.0, "near": 0.6, "conflict": 0.0}.get(relation or "", 0.5)


def _brand(question: Question, answer: str) -> float:
    said = {b for _, b in _read(question, answer).brands}
    if said & set(question.expected):
        return 1.0
    return 0.0 if said else 0.4


def _model(question: Question, answer: str) -> float:
    said = re.findall(r"[a-z]?\d{1,2}", answer.lower().replace(" ", ""))
    if not said:
        return 0.5
    return 1.0 if any(s in question.expected for s in said) else 0.0


def _keys(question: Question, answer: str) -> float:
    low = answer.lower()
    numbers = [int(n) for n in _COUNT.findall(low)]
    numbers += [v for w, v in _COUNT_WORDS.items() if re.search(rf"\b{w}\b", low)]
    if not numbers:
        return 0.5
    gap = min(abs(n - int(question.expected[0])) for n in numbers)
    return 1.0 if gap == 0 else 0.6 if gap == 1 else 0.0  # one key miscounted is forgiven


def _kinds(field: str) -> Callable[[Question, str], float]:
    def check(question: Question, answer: str) -> float:
        said: frozenset[str] = getattr(_read(question, answer), field)
        if said & set(question.expected):
            return 1.0
        return 0.1 if said else 0.5

    return check


_CHECKS: dict[str, Callable[[Question, str], float]] = {
    "digits": _digits,
    "name": _name,
    "detail": _detail,
    "colour": _colour,
    "brand": _brand,
    "model": _model,
    "keys": _keys,
    "pattern": _kinds("patterns"),
    "material": _kinds("materials"),
}
