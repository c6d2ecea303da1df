"""How the digest's figures read: counts, durations, shares, each with the period before."""

from __future__ import annotations

from flows import texts
from flows.template import fill


def duration(seconds: float | None) -> str:
    """12 min, 3 h 5 min, 4 days."""
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        return f"{round(seconds / 86400)} days"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def share(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value)}%"


def count(value: float | None) -> str:
    return "-" if value is None else str(round(value))


def compared(now: str, before: str) -> str:
    """ "12 (was 9)", or "12 (same)"."""
    if now == before:
        return f"{now} {texts.SAME}"
    return f"{now} {fill(texts.WAS, before=before)}"


def counted(now: float | None, before: float | None) -> str:
    return compared(count(now), count(before))
