"""A BID's tips and lessons: content files (YAML) read into checked data.

Pure: the caller reads the files; this turns their text into Tips and Lessons, or says
clearly (file, item, what) what is wrong with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MIN_MESSAGES, MAX_MESSAGES = 3, 6
MIN_ANSWERS, MAX_ANSWERS = 2, 4
QUICK = 3  # "Want 3 quick tips…?"


class ContentError(ValueError):
    """A content file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Tips:
    key: str
    title: str
    tips: tuple[str, ...]
    for_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    messages: tuple[str, ...]
    question: str
    answers: tuple[str, ...]
    correct: int  # index into answers
    explain: str


def _load(text: str, name: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: not valid YAML ({exc})") from None


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: must be some text")
    return " ".join(value.split())


def parse_tips(text: str, name: str = "tips.yaml") -> dict[str, Tips]:
    data = _load(text, name)
    if not isinstance(data, dict) or not data:
        raise ContentError(f"{name}: must list crime kinds, each with a title and tips")
    found: dict[str, Tips] = {}
    for key, entry in data.items():
        where = f"{name}: {key}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: must have a title and tips")
        tips = entry.get("tips")
        if not isinstance(tips, list) or not tips:
            raise ContentError(f"{where}: tips must be a list of at least one tip")
        kinds = entry.get("for_kinds") or []
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ContentError(f"{where}: for_kinds must be a list of kinds")
        found[str(key)] = Tips(
            str(key),
            _text(entry.get("title"), f"{where}: title"),
            tuple(_text(t, f"{where}: tip {n}") for n, t in enumerate(tips, start=1)),
            tuple(kinds),
        )
    return found


def parse_lessons(text: str, name: str = "lessons.yaml") -> list[Lesson]:
    data = _load(text, name)
    if not isinstance(data, list) or not data:
        raise ContentError(f"{name}: must be a list of lessons")
    lessons: list[Lesson] = []
    keys: set[str] = set()
    for number, entry in enumerate(data, start=1):
        where = f"{name}: lesson {number}"
        if not isinstance(entry, dict):
            raise ContentError(f"{where}: must have key, title, messages, question, options")
        key = _text(entry.get("key"), f"{where}: key")
        if not key.isidentifier() or len(key) > 24 or key in keys:
            raise ContentError(f"{where}: key must be a short unique word")
        keys.add(key)
        messages = entry.get("messages")
        if not isinstance(messages, list) or not MIN_MESSAGES <= len(messages) <= MAX_MESSAGES:
            raise ContentError(f"{where}: needs {MIN_MESSAGES} to {MAX_MESSAGES} messages")
        options = entry.get("options")
        if not isinstance(options, list) or not MIN_ANSWERS <= len(options) <= MAX_ANSWERS:
            raise ContentError(f"{where}: needs {MIN_ANSWERS} to {MAX_ANSWERS} options")
        answers, correct = [], []
        for n, option in enumerate(options):
            if not isinstance(option, dict):
                raise ContentError(f"{where}: option {n + 1} must have a text")
            answers.append(_text(option.get("text"), f"{where}: option {n + 1}"))
            if option.get("correct") is True:
                correct.append(n)
        if len(correct) != 1:
            raise ContentError(f"{where}: exactly one option must be marked correct: true")
        lessons.append(
            Lesson(
                key,
                _text(entry.get("title"), f"{where}: title"),
                tuple(_text(m, f"{where}: message {i}") for i, m in enumerate(messages, 1)),
                _text(entry.get("question"), f"{where}: question"),
                tuple(answers),
                correct[0],
                _text(entry.get("explain"), f"{where}: explain"),
            )
        )
    return lessons


def tips_for_kind(tips: dict[str, Tips], kind: str) -> Tips | None:
    """The tips offered after a report of `kind`."""
    return next((t for t in tips.values() if kind in t.for_kinds), None)
