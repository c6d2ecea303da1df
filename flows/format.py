"""Times as people on the shop floor read them: 24-hour, London, short."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_time(dt: datetime, tz: ZoneInfo) -> str:
    """A moment as people on the shop floor read it: "Mon 23 Nov, 14:30" (24-hour, local)."""
    local = dt.astimezone(tz)
    return (
        f"{_DAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]}, {local:%H:%M}"
    )


def format_clock(dt: datetime, tz: ZoneInfo) -> str:
    """Just the 24-hour local time of `dt`: "14:30"."""
    return f"{dt.astimezone(tz):%H:%M}"
