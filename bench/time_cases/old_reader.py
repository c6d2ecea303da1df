"""The time reader ShopWatch had before flows.reading.times, kept only as the benchmark's peer."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 5, "few": 5,
}  # fmt: skip
_NOW_WORDS = frozenset(
    {
        "now",
        "just now",
        "right now",
        "happening now",
        "still happening",
        "ongoing",
        "a moment ago",
        "moments ago",
        "a minute ago",
        "just",
        "just happened",
        "it just happened",
        "this minute",
        "seconds ago",
    }
)
# Words that carry no meaning for a time ("at about 6pm" means "6pm").
_TIME_FILLER = frozenset(
    "at about around approx approximately roughly maybe like it was happened on ish "
    "circa abt".split()
)
# Part-of-day words, each with the hour we take them to mean.
_DAY_PARTS = {
    "this morning": 9,
    "morning": 9,
    "lunchtime": 12,
    "lunch time": 12,
    "lunch": 12,
    "this afternoon": 15,
    "afternoon": 15,
    "this evening": 19,
    "evening": 19,
    "tonight": 19,
    "night": 22,
    "last night": 22,
}
_REL_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "w": 10080, "wk": 10080, "wks": 10080, "week": 10080, "weeks": 10080,
    "month": 43200, "months": 43200,
}  # fmt: skip


def _combine(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock `hour:minute` on `day` in `tz` (an hour skipped by the clocks moves on)."""
    local = datetime.combine(day, time(hour, minute), tzinfo=tz)
    # Round-tripping through UTC resolves times that the spring clock change skips.
    return local.astimezone(UTC).astimezone(tz)


def _parse_clock(text: str) -> tuple[list[tuple[int, int]], bool] | None:
    """Candidate (hour, minute) pairs for a clock time, and whether it was unambiguous."""
    t = text.strip()
    if t in {"noon", "midday", "12 noon"}:
        return [(12, 0)], True
    if t == "midnight":
        return [(0, 0)], True
    if t in _DAY_PARTS:
        return [(_DAY_PARTS[t], 0)], True
    m = re.fullmatch(r"(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(am|pm|a m|p m)?", t)
    if m is None:
        m4 = re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)", t)
        if m4 is None:
            return None
        return [(int(m4.group(1)), int(m4.group(2)))], True
    hour = int(m.group(1))
    minute = int(m.group(2) or 0)
    suffix = (m.group(3) or "").replace(" ", "")
    if minute > 59 or hour > 23:
        return None
    if suffix:
        if hour == 0 or hour > 12:
            return ([(hour, minute)], True) if hour > 12 else None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
        return [(hour, minute)], True
    if m.group(1).startswith("0") or hour == 0 or hour > 12:
        return [(hour, minute)], True
    # "6" or "2:30" could be morning or afternoon; the caller picks the most recent.
    return [(hour % 12, minute), (hour % 12 + 12, minute)], False


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When `text` says something happened, as an aware datetime in `tz`; None if unreadable."""
    # Bare times and weekdays mean the most recent such moment ("23:50" typed at 00:10 is
    # yesterday). Explicit future dates come back as given, so the caller can refuse them.
    local_now = now.astimezone(tz)
    t = str(text).lower().replace("o'clock", "").replace("oclock", "").replace("’", "'")
    t = re.sub(r"\b(\d{1,2})\s*ish\b", r"\1", t)
    t = re.sub(r"[^a-z0-9:./ ]+", " ", t)
    t = re.sub(r"(?<![\d])\.|\.(?![\d])", " ", t)
    t = " ".join(w for w in t.split() if w not in _TIME_FILLER)
    if not t:
        return None
    if t in _NOW_WORDS:
        return local_now

    if t in {"half an hour ago", "half an hour", "half hour ago", "30 mins ago"}:
        return (now.astimezone(UTC) - timedelta(minutes=30)).astimezone(tz)
    units = "|".join(sorted(_REL_UNITS, key=len, reverse=True))
    rel = re.fullmatch(rf"(\d+(?:\.\d+)?|[a-z]+(?: [a-z]+)??(?: of)?) ?({units})(?: ago)?", t)
    if rel and rel.group(2) in _REL_UNITS:
        amount_text = rel.group(1)
        if amount_text.replace(".", "", 1).isdigit():
            amount = float(amount_text)
        elif amount_text in _NUMBER_WORDS:
            amount = float(_NUMBER_WORDS[amount_text])
        else:
            amount = -1.0
        if amount >= 0 and amount <= 60 * 24 * 400:
            minutes = amount * _REL_UNITS[rel.group(2)]
            if minutes > 60 * 24 * 400:
                return None
            # Subtract in UTC: wall-clock arithmetic would be an hour out across a clock change.
            return (now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(tz)

    day: date | None = None
    weekday: int | None = None
    rest = f" {t} "

    def take(pattern: str) -> re.Match[str] | None:
        """Find `pattern` in what is left of the text and cut it out."""
        nonlocal rest
        found = re.search(pattern, rest)
        if found:
            rest = rest[: found.start()] + " " + rest[found.end() :]
        return found

    if take(r" (?:the )?day before yesterday "):
        day = local_now.date() - timedelta(days=2)
    elif take(r" last night "):
        day = local_now.date() - timedelta(days=1)
        rest = rest + " night "
    elif take(r" (?:yesterday|yday|yest|ystd) "):
        day = local_now.date() - timedelta(days=1)
    elif take(r" (?:today|tday|tonight) "):
        day = local_now.date()
        if "tonight" in t:
            rest = rest + " evening "
    else:
        names = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
        wd = take(rf" (?:last |this |on )?({names}) ")
        if wd:
            weekday = _WEEKDAYS[wd.group(1)]
        else:
            months = "|".join(sorted(_MONTHS, key=len, reverse=True))
            d = take(r" (\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))? ")
            if d is None:
                d2 = take(rf" (\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({months})[a-z]* ")
                d3 = None if d2 else take(rf" ({months})[a-z]* (\d{{1,2}})(?:st|nd|rd|th)? ")
                if d2:
                    dd, mm, yy = int(d2.group(1)), _MONTHS[d2.group(2)], None
                elif d3:
                    dd, mm, yy = int(d3.group(2)), _MONTHS[d3.group(1)], None
                else:
                    dd = mm = 0
                    yy = None
            else:
                dd, mm = int(d.group(1)), int(d.group(2))
                yy = int(d.group(3)) if d.group(3) else None
            if mm:
                year = yy if yy is None or yy >= 100 else 2000 + yy
                try:
                    day = date(year or local_now.year, mm, dd)
                except ValueError:
                    return None
                if year is None and day > local_now.date():
                    try:
                        day = date(local_now.year - 1, mm, dd)
                    except ValueError:
                        return None

    rest = " ".join(rest.split())
    explicit_day = day is not None or weekday is not None
    if not rest:
        return None
    parsed = _parse_clock(rest)
    if parsed is None:
        return None
    candidates, _exact = parsed

    if weekday is not None:
        offset = (local_now.weekday() - weekday) % 7
        day = local_now.date() - timedelta(days=offset)

    results: list[datetime] = []
    for hour, minute in candidates:
        if day is not None:
            when = _combine(day, hour, minute, tz)
            if weekday is not None and when > local_now:
                when = _combine(day - timedelta(days=7), hour, minute, tz)
        else:
            when = _combine(local_now.date(), hour, minute, tz)
            if when > local_now:
                when = _combine(local_now.date() - timedelta(days=1), hour, minute, tz)
        results.append(when)
    past = [r for r in results if r <= local_now]
    if past:
        return max(past)
    # Every reading is in the future: give the nearest so the caller can say so.
    return min(results) if explicit_day else max(results)
