"""What a manager asks of `digest`: a period to look back on, or how often to get it pushed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Frequency = Literal["weekly", "daily", "off"]
FREQUENCIES: tuple[Frequency, ...] = ("weekly", "daily", "off")
DEFAULT_DAYS = 7
MAX_DAYS = 731
DIGEST_HOUR = 8  # pushed digests go out at 08:00 London time
DIGEST_WEEKDAY = 0  # weekly on Mondays

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


def _clean(text: str) -> str:
    """Lower case, commas and full stops as spaces; slashes and hyphens kept for dates."""
    return " ".join(re.sub(r"[,;!?]|\.(?!\d)", " ", text.lower()).split())


_DAYS = re.compile(r"^(?:last\s+|past\s+)?(\d{1,4})(?:\s*(?:days?|d))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{4}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Ask:
    """One reading of `digest …`: a period (start, end) or a new frequency, or a problem."""

    start: datetime | None = None
    end: datetime | None = None
    since: bool = False  # the period was asked as "since DATE"
    frequency: Frequency | None = None
    problem: Literal["unreadable", "future", "too_long"] | None = None


def read_digest_args(text: str, now: datetime, tz: ZoneInfo) -> Ask:
    """ "" → the last 7 days; "30" → 30 days; "since 1 Nov" → from then; "daily" → schedule."""
    words = _clean(text)
    if not words:
        return Ask(start=now - timedelta(days=DEFAULT_DAYS), end=now)
    if words in FREQUENCIES:
        return Ask(frequency=words)
    if words in ("week", "last week"):
        return Ask(start=now - timedelta(days=7), end=now)
    if words in ("month", "last month"):
        return Ask(start=now - timedelta(days=30), end=now)
    days = _DAYS.match(words)
    if days:
        count = int(days[1])
        if count < 1:
            return Ask(problem="unreadable")
        if count > MAX_DAYS:
            return Ask(problem="too_long")
        return Ask(start=now - timedelta(days=count), end=now)
    if words.startswith(("since ", "from ")):
        day = read_date(words.split(" ", 1)[1], now.astimezone(tz).date())
        if day is None:
            return Ask(problem="unreadable")
        start = datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(now.tzinfo)
        if start >= now:
            return Ask(problem="future")
        if now - start > timedelta(days=MAX_DAYS):
            return Ask(problem="too_long")
        return Ask(start=start, end=now, since=True)
    return Ask(problem="unreadable")


def read_date(text: str, today: date) -> date | None:
    """A past day: "1 Nov", "November 1st", "1/11", "2026-11-01", "monday", "yesterday"."""
    t = _clean(text).removeprefix("the ").strip()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    if t.removeprefix("last ") in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS[t.removeprefix("last ")]) % 7 or 7
        return today - timedelta(days=back)
    found: tuple[int | None, int, int] | None = None
    if match := _ISO.match(t):
        found = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _DAY_MONTH.match(t):
        if match[2] in _MONTHS:
            found = (_year(match[3]), _MONTHS[match[2]], int(match[1]))
    elif match := _MONTH_DAY.match(t):
        if match[1] in _MONTHS:
            found = (_year(match[3]), _MONTHS[match[1]], int(match[2]))
    elif match := _NUMERIC.match(t):  # British order: day first
        found = (_year(match[3]), int(match[2]), int(match[1]))
    if found is None:
        return None
    year, month, day = found
    try:
        candidate = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and candidate > today:
        candidate = candidate.replace(year=today.year - 1)
    return candidate


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def next_digest_at(after: datetime, frequency: Frequency, tz: ZoneInfo) -> datetime | None:
    """When the next pushed digest is due after `after` (None when they are off)."""
    if frequency == "off":
        return None
    local = after.astimezone(tz)
    day = local.date()
    while True:
        slot = datetime.combine(day, time(DIGEST_HOUR, 0), tzinfo=tz)
        weekly_ok = frequency == "daily" or day.weekday() == DIGEST_WEEKDAY
        if weekly_ok and slot > local:
            return slot.astimezone(after.tzinfo)
        day += timedelta(days=1)


def period_of(frequency: Frequency) -> timedelta:
    """How far back a pushed digest looks."""
    return timedelta(days=1) if frequency == "daily" else timedelta(days=7)


def last_digest_slot(now: datetime, frequency: Frequency, tz: ZoneInfo) -> datetime | None:
    """The latest time at or before `now` a pushed digest was due (None when they are off)."""
    if frequency == "off":
        return None
    local = now.astimezone(tz)
    day = local.date()
    while True:
        slot = datetime.combine(day, time(DIGEST_HOUR, 0), tzinfo=tz)
        weekly_ok = frequency == "daily" or day.weekday() == DIGEST_WEEKDAY
        if weekly_ok and slot <= local:
            return slot.astimezone(now.tzinfo)
        day -= timedelta(days=1)
