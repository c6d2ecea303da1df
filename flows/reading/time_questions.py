"""The one thing to say back to a typed time that is not yet a moment: a question that narrows
it ("About what time this morning?", "Was it 06:15 or 18:15?"), or why it cannot be used."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from flows import texts
from flows.reading.time_reading import Kind, TimeReading, Window
from flows.template import fill

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A window longer than this spans days, so the day comes first.
_ONE_DAY = timedelta(hours=26)


def ask_back(reading: TimeReading, now: datetime, tz: tzinfo) -> str:
    """What to say to a reading that is not EXACT; pass the answer back as `within=`."""
    if reading.kind is Kind.EXACT:
        raise ValueError("an exact reading needs no question")
    if reading.kind is Kind.FUTURE:
        return texts.HINT_WHEN_FUTURE
    if reading.kind is Kind.TOO_OLD:
        return texts.HINT_WHEN_TOO_OLD
    if reading.window is None:
        return texts.HINT_WHEN
    w = reading.window.astimezone(tz)
    today = now.astimezone(tz).date()
    if w.choices:
        return fill(texts.ASK_WHICH_TIME, choices=_either(w.choices))
    if w.end - w.start > _ONE_DAY:
        return texts.ASK_WHICH_DAY
    day = w.start.date()
    if reading.kind is Kind.DAY:
        return fill(texts.ASK_TIME_ON_DAY, day=_day_words(day, today), example=_example(w, True))
    if w.part is None:
        return fill(texts.ASK_TIME_ROUGHLY, example=_example(w, False))
    if day == today:
        part = texts.PART_TODAY[w.part]
    elif day == today - timedelta(days=1):
        part = texts.PART_YESTERDAY[w.part]
    else:
        on = fill(texts.DAY_ON, day=_day_name(day))
        part = f"{on} {texts.PART_ON_DAY[w.part]}".strip()
    return fill(texts.ASK_TIME_IN_PART, part=part, example=_example(w, False))


def _day_name(day: date) -> str:
    """A day as people read it: "Sat 21 Nov"."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def _day_words(day: date, today: date) -> str:
    if day == today:
        return texts.DAY_TODAY
    if day == today - timedelta(days=1):
        return texts.DAY_YESTERDAY
    return fill(texts.DAY_ON, day=_day_name(day))


def _either(choices: tuple[datetime, ...]) -> str:
    """ "06:15 or 18:15"; with the day when they differ, the zone when the clock repeats."""
    oldest_first = sorted(choices, key=lambda c: c.astimezone(UTC))
    with_day = len({c.date() for c in oldest_first}) > 1
    labels = [f"{c:%H:%M}" for c in oldest_first]
    if with_day:
        labels = [f"{_day_name(c.date())}, {t}" for c, t in zip(oldest_first, labels, strict=True)]
    if len(set(labels)) < len(labels):
        labels = [f"{label} {c.tzname()}" for c, label in zip(oldest_first, labels, strict=True)]
    return texts.CHOICE_JOIN.join(labels[:-1]) + texts.CHOICE_LAST + labels[-1]


def _example(w: Window, whole_day: bool) -> str:
    """A time inside the window to show as an example answer, on the half hour."""
    if whole_day:
        afternoon = w.start.replace(hour=14, minute=30)
        if w.start <= afternoon <= w.end:
            return "14:30"
    middle = w.start + (w.end - w.start) / 2
    return f"{middle.hour:02d}:{30 if middle.minute >= 30 else 0:02d}"
