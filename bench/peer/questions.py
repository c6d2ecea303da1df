"""The shoplifting report as data: each question, its buttons, and how a typed answer is read.

The wording is ShopWatch's own (`flows.texts`), so both bots ask exactly the same things and
one simulated person can answer either. The reading of typed answers is what a careful
developer would write by hand: a few regular expressions, no fuzzy matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flows import texts

LONDON = ZoneInfo("Europe/London")
SKIP_WORDS = frozenset({"skip", "no", "none", "n/a", "dont know", "don't know", "unknown", "idk"})
YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yes please", "ok", "correct"})
NO_WORDS = frozenset({"no", "n", "nope", "nah", "no thanks"})

Reader = Callable[[str, datetime], Any]


class Unreadable(ValueError):
    """A typed answer that does not fit the question; `hint` says what would."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    label: str  # the summary's name for the answer
    buttons: tuple[tuple[str, str], ...] = ()  # (key, label), in the order shown
    per_row: int = 2
    read: Reader | None = None  # typed answers; None means buttons only
    location: bool = False  # offers "Share my location"
    photo: bool = False
    only_if: tuple[str, Any] | None = None  # asked only when that answer has this value


def _words(text: str) -> str:
    return " ".join(text.lower().replace("'", "").split())


def yes_no(text: str, now: datetime) -> bool:
    words = _words(text)
    if words in YES_WORDS:
        return True
    if words in NO_WORDS:
        return False
    raise Unreadable(texts.HINT_YES_NO)


_AGO = re.compile(r"^(?:about |around )?(\d+|an?|half an) (min|minute|hour|hr)s? ago$")
_CLOCK = re.compile(r"^(yesterday |today )?(?:at )?(\d{1,2})(?::(\d{2}))? ?(am|pm)?$")


def when(text: str, now: datetime) -> datetime:
    """Just now, 20 minutes ago, 14:30, yesterday 6pm: the common ways people say it."""
    words = _words(text)
    local = now.astimezone(LONDON)
    if words in ("just now", "now", "right now"):
        return local
    ago = _AGO.match(words)
    if ago:
        amount = {"a": 1, "an": 1, "half an": 0.5}.get(ago.group(1)) or float(ago.group(1))
        unit = timedelta(hours=1) if ago.group(2) in ("hour", "hr") else timedelta(minutes=1)
        moment = local - amount * unit
    else:
        clock = _CLOCK.match(words)
        if not clock or (clock.group(3) is None and clock.group(4) is None):
            raise Unreadable(texts.HINT_WHEN)
        hour, minute = int(clock.group(2)), int(clock.group(3) or 0)
        if clock.group(4) == "pm" and hour < 12:
            hour += 12
        elif clock.group(4) == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise Unreadable(texts.HINT_WHEN)
        moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if clock.group(1) == "yesterday ":
            moment -= timedelta(days=1)
        elif clock.group(1) is None and local - timedelta(hours=6) < moment - timedelta(days=1):
            moment -= timedelta(days=1)  # 23:40 typed just after midnight: last night
    if moment > local + timedelta(minutes=5):
        raise Unreadable(texts.HINT_WHEN_FUTURE)
    if moment < local - timedelta(days=30):
        raise Unreadable(texts.HINT_WHEN_TOO_OLD)
    return moment


def place(text: str, now: datetime) -> str:
    words = _words(text)
    if words in ("shop", "my shop", "here", "in the shop", "at the shop"):
        return "shop"
    if words in ("elsewhere", "somewhere else", "other", "outside"):
        return "elsewhere"
    return street(text, now)


def street(text: str, now: datetime) -> str:
    if sum(c.isalpha() for c in text) < 3:
        raise Unreadable(texts.HINT_WHERE)
    return text.strip()[:300]


def words_of_at_least(letters: int, *, optional: bool = False) -> Reader:
    def read(text: str, now: datetime) -> str | None:
        if optional and _words(text) in SKIP_WORDS:
            return None
        if sum(c.isalnum() for c in text) < letters or not any(c.isalpha() for c in text):
            raise Unreadable(texts.HINT_TEXT_SHORT)
        return text.strip()[:2000]

    return read


_MONEY = re.compile(r"£?\s*(\d+(?:\.\d{1,2})?)\s*(?:pounds?|quid|gbp)?")


def money(text: str, now: datetime) -> float | None:
    words = _words(text).replace(",", "")
    if words in SKIP_WORDS or words in ("not sure", "no idea"):
        return None
    found = _MONEY.search(words)
    if not found:
        raise Unreadable(texts.HINT_VALUE)
    return float(found.group(1))


_COUNT_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4_or_more", "several": "4_or_more"}


def offenders(text: str, now: datetime) -> str:
    words = _words(text)
    if words in ("dont know", "not sure", "unknown", "no idea"):
        return "unknown"
    number = re.match(r"^(\d+)", words)
    if number and int(number.group(1)) > 0:
        return number.group(1) if int(number.group(1)) <= 3 else "4_or_more"
    if words.split(" ", 1)[0] in _COUNT_WORDS:
        return _COUNT_WORDS[words.split(" ", 1)[0]]
    raise Unreadable(texts.HINT_OFFENDERS)


def cctv(text: str, now: datetime) -> str:
    words = _words(text)
    if words in ("not sure", "dont know", "maybe", "unsure"):
        return "not_sure"
    return "yes" if yes_no(text, now) else "no"


_CRN = re.compile(r"^[A-Z0-9/-]{4,20}$")


def crn(text: str, now: datetime) -> str | None:
    if _words(text) in SKIP_WORDS:
        return None
    ref = "".join(text.upper().split())
    if not _CRN.match(ref) or not any(c.isdigit() for c in ref):
        raise Unreadable(texts.HINT_CRN)
    return ref


def photo_skip(text: str, now: datetime) -> None:
    if _words(text) in SKIP_WORDS or _words(text) == "no photo":
        return None
    raise Unreadable(texts.HINT_PHOTO)


YES_NO = (("yes", texts.YES), ("no", texts.NO))
SKIP = (("skip", texts.SKIP),)
KINDS = (
    ("shoplifting", texts.SHOPLIFTING_LABEL),
    ("begging_asb", texts.BEGGING_LABEL),
    ("moped_snatch", texts.MOPED_LABEL),
    ("theft", texts.THEFT_LABEL),
)
KIND = Question("kind", texts.PICK_KIND, "", KINDS, per_row=1)

REPORT: tuple[Question, ...] = (
    Question("safety", texts.ASK_SAFETY, texts.LABEL_SAFETY, YES_NO, 3, yes_no),
    Question("when", texts.ASK_WHEN, texts.LABEL_WHEN, (("now", texts.JUST_NOW),), 3, when),
    Question(
        "where",
        texts.ASK_WHERE,
        texts.LABEL_WHERE,
        (("shop", texts.AT_SHOP), ("elsewhere", texts.SOMEWHERE_ELSE)),
        1,
        place,
        location=True,
    ),
    Question(
        "where_other",
        texts.ASK_WHERE_OTHER,
        texts.LABEL_WHERE_OTHER,
        read=street,
        location=True,
        only_if=("where", "elsewhere"),
    ),
    Question("what", texts.ASK_WHAT, texts.LABEL_WHAT, read=words_of_at_least(5)),
    Question("items", texts.ASK_ITEMS, texts.LABEL_ITEMS, read=words_of_at_least(2)),
    Question("value", texts.ASK_VALUE, texts.LABEL_VALUE, (("skip", texts.DONT_KNOW),), 3, money),
    Question(
        "offenders",
        texts.ASK_OFFENDERS,
        texts.LABEL_OFFENDERS,
        (
            ("1", "1"),
            ("2", "2"),
            ("3", "3"),
            ("4_or_more", texts.FOUR_OR_MORE),
            ("unknown", texts.DONT_KNOW),
        ),
        per_row=2,
        read=offenders,
    ),
    Question(
        "description",
        texts.ASK_DESCRIPTION,
        texts.LABEL_DESCRIPTION,
        SKIP,
        3,
        words_of_at_least(3, optional=True),
    ),
    Question(
        "direction",
        texts.ASK_DIRECTION,
        texts.LABEL_DIRECTION,
        SKIP,
        3,
        words_of_at_least(2, optional=True),
    ),
    Question(
        "cctv",
        texts.ASK_CCTV,
        texts.LABEL_CCTV,
        (*YES_NO, ("not_sure", texts.NOT_SURE)),
        3,
        cctv,
    ),
    Question("reported", texts.ASK_REPORTED, texts.LABEL_REPORTED, YES_NO, 3, yes_no),
    Question("crn", texts.ASK_CRN, texts.LABEL_CRN, SKIP, 3, crn, only_if=("reported", True)),
    Question("photo", texts.ASK_PHOTO, texts.LABEL_PHOTO, SKIP, 3, photo_skip, photo=True),
)
BY_ID = {q.id: q for q in REPORT}
