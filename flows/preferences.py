"""What each topic of push may do: be turned off, wait out quiet hours, or be dropped in them.

Pure: the push gate in handlers/delivery.py asks these questions of a member's preferences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Quiet = Literal["delay", "drop", "send"]


@dataclass(frozen=True)
class Topic:
    """One kind of message pushed to people."""

    optional: bool  # a member may turn it off with `alerts`
    quiet: Quiet  # in quiet hours: wait until they end, drop it, or send anyway
    kinds: bool = False  # carries a crime kind, so a member's muted kinds apply


TOPICS: dict[str, Topic] = {
    "new_case": Topic(optional=False, quiet="delay", kinds=True),  # officers pick streets
    "case_update": Topic(optional=False, quiet="delay"),
    "reply": Topic(optional=False, quiet="delay"),
    "property": Topic(optional=False, quiet="delay"),
    "alert": Topic(optional=True, quiet="delay", kinds=True),
    # A hot spot is stale by morning; it is in the digest anyway.
    "hotspot": Topic(optional=True, quiet="drop", kinds=True),
    "digest": Topic(optional=False, quiet="delay"),
    "event": Topic(optional=True, quiet="delay"),
    "poll": Topic(optional=True, quiet="delay"),
    "tips": Topic(optional=True, quiet="delay"),
    "training": Topic(optional=True, quiet="delay"),
    "reminder": Topic(optional=True, quiet="delay"),
}
# A push without a topic is something the person must get at once (stop still applies).
UNNAMED = Topic(optional=False, quiet="send")

# The topics each role can turn off, in the order `alerts` lists them.
CHOOSABLE: dict[str, tuple[str, ...]] = {
    "staff": ("alert", "event", "poll", "tips", "training"),
    "officer": ("hotspot", "reminder", "event", "poll", "training"),
    "manager": ("hotspot", "event", "poll", "training"),
    "admin": ("hotspot", "event", "poll", "training"),
}


def topic(name: str | None) -> Topic:
    return TOPICS.get(name or "", UNNAMED)


def in_quiet_hours(local: datetime, start: int | None, end: int | None) -> bool:
    """Whether the local time falls in quiet hours [start, end) (minutes after midnight)."""
    if start is None or end is None or start == end:
        return False
    minute = local.hour * 60 + local.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # over midnight: 22:00-07:00


def quiet_ends(now: datetime, tz: ZoneInfo, start: int | None, end: int | None) -> datetime:
    """The first moment after `now` when quiet hours are over (now itself when they are not)."""
    local = now.astimezone(tz)
    if not in_quiet_hours(local, start, end):
        return now
    assert end is not None
    day = local.date()
    candidate = datetime.combine(day, time(end // 60, end % 60), tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(day + timedelta(days=1), time(end // 60, end % 60), tzinfo=tz)
    return candidate.astimezone(now.tzinfo)


_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_RANGE = re.compile(rf"^\s*{_CLOCK}\s*(?:-|–|to|until|till)\s*{_CLOCK}\s*$", re.IGNORECASE)


def _minutes(hour: str, minute: str | None, half: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    if h == 24 and m == 0:
        h = 0
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return h * 60 + m


def parse_quiet(text: str) -> tuple[int, int] | None:
    """ "22:00-07:00", "10pm to 7am", "22-7" → minutes after midnight; None if unreadable."""
    match = _RANGE.match(text)
    if not match:
        return None
    start = _minutes(match[1], match[2], match[3])
    end = _minutes(match[4], match[5], match[6])
    if start is None or end is None or start == end:
        return None
    return start, end


def clock_words(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 1320 → "22:00"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
