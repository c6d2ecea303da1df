"""A shop's opening hours as a manager types them, read and written back one way:
"mon-sat 9am-9pm; sunday 12-6" becomes "Mon-Sat 09:00-21:00, Sun 12:00-18:00"."""

from __future__ import annotations

import re

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_WORDS = {
    **{d.lower(): d for d in DAYS},
    "tues": "Tue",
    "weds": "Wed",
    "thur": "Thu",
    "thurs": "Thu",
    **{
        name: day
        for name, day in zip(
            "monday tuesday wednesday thursday friday saturday sunday".split(), DAYS, strict=True
        )
    },
}
_EVERY_DAY = frozenset({"daily", "every day", "everyday", "all week", "7 days"})
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_SPAN = re.compile(rf"^{_TIME}\s*(?:-|–|to)\s*{_TIME}$")
_DAYS = re.compile(r"^([a-z]+)(?:\s*(?:-|–|to)\s*([a-z]+))?$")
EXAMPLE = "Mon-Sat 09:00-21:00, Sun 12:00-18:00"


class HoursError(ValueError):
    """Why the hours could not be read, in words for the person who typed them."""


def _clock(hour: str, minute: str | None, half: str | None, *, end: bool) -> str:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            raise HoursError(f"{hour}{half} is not a time")
        h = h % 12 + (12 if half == "pm" else 0)
    if end and h == 24 and m == 0:
        return "24:00"
    if h > 23 or m > 59:
        raise HoursError(f"{hour}:{minute or '00'} is not a time of day")
    return f"{h:02d}:{m:02d}"


def _times(text: str) -> str:
    if text in ("closed", "shut"):
        return "closed"
    found = _SPAN.match(text)
    if not found:
        raise HoursError(f"could not read the times {text!r} (write them as 09:00-21:00)")
    h1, m1, p1, h2, m2, p2 = found.groups()
    start = _clock(h1, m1, p1 or ("am" if p2 else None), end=False)  # checked first
    until = _clock(h2, m2, p2, end=True)
    if p2 and not p1 and 1 <= int(h1) <= 12:
        # "1-5pm" is 13:00-17:00, "9-5pm" 09:00-17:00.
        start = _clock(h1, m1, p2, end=False)
        if start >= until:
            start = _clock(h1, m1, "am", end=False)
    else:
        start = _clock(h1, m1, p1, end=False)
    if not (p1 or p2 or m1 or m2) and until <= start and int(h2) < 12:
        until = _clock(str(int(h2) + 12), m2, None, end=True)  # "12-6" means until 18:00
    if until <= start:
        raise HoursError(f"{start}-{until} closes before it opens")
    return f"{start}-{until}"


def _days(text: str) -> str:
    if text in _EVERY_DAY:
        return "Mon-Sun"
    found = _DAYS.match(text)
    first = _DAY_WORDS.get(found.group(1)) if found else None
    last = _DAY_WORDS.get(found.group(2)) if found and found.group(2) else None
    if found is None or first is None or (found.group(2) and last is None):
        raise HoursError(f"could not read the days {text!r} (write them as Mon-Sat or Sun)")
    if last is None or last == first:
        return first
    return f"{first}-{last}"  # "Fri-Mon" runs over the weekend


def read_hours(text: str) -> str:
    """The hours in one standard form, or HoursError saying what could not be read."""
    parts = [p.strip() for p in re.split(r"[,;\n]", text.strip().lower()) if p.strip()]
    if not parts:
        raise HoursError(f"no hours given (for example {EXAMPLE!r})")
    out: list[str] = []
    for part in parts:
        found = re.match(r"^(.*?[a-z])\s*:?\s+(closed|shut|\d.*)$", part)
        if not found:
            raise HoursError(
                f"could not read {part!r}: give the days, then the times ('Sun 12:00-18:00')"
            )
        out.append(f"{_days(found.group(1).strip())} {_times(found.group(2).strip())}")
    written = ", ".join(out)
    if len(written) > 120:
        raise HoursError("that is longer than 120 characters: keep to the days and times")
    return written
