"""Reading "When did it happen?": an exact moment, or an honest "I need more" (a window to ask
about, a day without a time, a time still to come, too long ago, or unreadable).

A confident wrong answer is worse than a question back, so the reader invents nothing: "this
morning" is a window, "wednesday" is a day, "yesterday at 6" is two choices. Times are London wall
clock; spans back from now are subtracted in UTC so a clock change never shifts them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from flows.reading.time_days import Now, part_window, wall_time, windows_for
from flows.reading.time_formats import Clock
from flows.reading.time_grammar import Said, said
from flows.reading.time_questions import ask_back
from flows.reading.time_reading import (
    FUTURE_SLACK,
    MAX_AGE,
    UNREADABLE,
    Kind,
    TimeReading,
    Window,
)

__all__ = ["FUTURE_SLACK", "MAX_AGE", "Kind", "TimeReading", "Window", "ask_back", "read_time"]

# Without am/pm, a time in these hours is asked about rather than assumed ("3" at 10:00).
_SMALL_HOURS = range(0, 7)


def read_time(
    text: str, now: datetime, tz: tzinfo, *, within: Window | None = None
) -> TimeReading:
    """When `text` says something happened, read against `now` in `tz`.

    `within` is the window of an earlier VAGUE or DAY reading: a follow-up like "about 10" or
    "pm" is then read inside it. A lone number ("2") is read as an hour only `within` a window;
    on its own it is an option number, never 02:00. Exact times and windows are within
    MAX_AGE of `now` and at most FUTURE_SLACK ahead, or come back as TOO_OLD or FUTURE.
    """
    s = said(text)
    if s is None:
        return UNREADABLE
    at = Now(now.astimezone(UTC), now.astimezone(tz), tz)
    reading = _in_range(_resolve(s, at, within.astimezone(UTC) if within else None), at)
    if reading.when is not None:
        return TimeReading(reading.kind, reading.when.astimezone(tz))
    if reading.window is not None:
        return TimeReading(reading.kind, window=reading.window.astimezone(tz))
    return reading


def _candidates(clock: Clock, windows: list[Window], at: Now) -> list[datetime]:
    """Every moment the clock time may mean inside the windows, most recent first."""
    h, m, sec = clock.hour, clock.minute, clock.second
    readings = [(h % 12, m, sec), (h % 12 + 12, m, sec)] if clock.twelve else [(h, m, sec)]
    found: set[datetime] = set()
    for w in windows:
        first, last = at.date(w.start), at.date(w.end)
        for d in (first + timedelta(days=n) for n in range((last - first).days + 1)):
            for hh, mm, ss in readings:
                found.update(x for x in wall_time(d, hh, mm, ss, at.tz) if w.start <= x <= w.end)
    return sorted(found, reverse=True)


def _choose(found: list[datetime], at: Now, part: str | None = None) -> TimeReading:
    """One moment if only one of `found` has passed; else the choices, most recent first."""
    past = [f for f in found if f <= at.utc + FUTURE_SLACK]
    if not past:
        return TimeReading(Kind.FUTURE, min(found))
    if len(past) == 1:
        return TimeReading(Kind.EXACT, past[0])
    return TimeReading(Kind.VAGUE, window=Window(past[-1], past[0], part, tuple(past)))


def _clock_reading(s: Said, clock: Clock, windows: list[Window], at: Now) -> TimeReading:
    """A clock time inside the windows; with none, the most recent such time in the last day."""
    if not windows:
        last_day = Window(at.utc - timedelta(days=1) + FUTURE_SLACK, at.utc + FUTURE_SLACK)
        found = [f for f in _candidates(clock, [last_day], at) if f > last_day.start]
        # Each reading once, on the latest day it falls (a 23-hour spring day holds some twice).
        latest: dict[tuple[int, int], date] = {}
        for f in found:
            latest.setdefault((at.hour(f), f.minute), at.date(f))
        found = [f for f in found if latest[(at.hour(f), f.minute)] == at.date(f)]
        if not found:
            return UNREADABLE
        if clock.twelve and at.hour(found[0]) not in _SMALL_HOURS:
            return TimeReading(Kind.EXACT, found[0])
        return _choose(found, at)  # two only in the repeated hour, or to ask am or pm
    if clock.midnight and s.part is None:
        # "Tuesday at midnight" may be the start of Tuesday or its end.
        windows = [Window(w.start, w.end + timedelta(seconds=1), w.part) for w in windows]
    found = _candidates(clock, windows, at)
    if not found:
        return UNREADABLE
    past = [f for f in found if f <= at.utc + FUTURE_SLACK]
    if not clock.twelve and not clock.midnight and past:
        # The most recent, unless the autumn change makes that wall time happen twice.
        twins = [p for p in past if at.date(p) == at.date(past[0])]
        return _choose(twins, at, windows[0].part)
    return _choose(found, at, windows[0].part)


def _pick(s: Said, within: Window, at: Now) -> TimeReading | None:
    """The choice an answer like "pm" or "in the evening" names; None if it names none."""
    keep = list(within.choices)
    if s.meridiem:
        keep = [c for c in keep if (at.hour(c) >= 12) == (s.meridiem == "pm")]
    elif s.part:
        part = s.part
        keep = [
            c
            for c in keep
            if any(c in part_window(at.date(c) - timedelta(days=n), part, at) for n in (0, 1))
        ]
    elif s.weekday is not None:
        keep = [c for c in keep if at.date(c).weekday() == s.weekday]
    else:
        return None
    if len(keep) == 1:
        return TimeReading(Kind.EXACT, keep[0])
    return TimeReading(Kind.VAGUE, window=within)


def _resolve(s: Said, at: Now, within: Window | None) -> TimeReading:
    """What the phrase means at `at` (in UTC), before range checks."""
    if s.future:
        return TimeReading(Kind.FUTURE)
    if s.now:
        return TimeReading(Kind.EXACT, at.utc)
    if s.back is not None and s.fuzz is None:
        if s.part or s.clock or s.days_back or s.date or s.weekday is not None:
            return UNREADABLE  # "an hour ago at 3" says two different things
        return TimeReading(Kind.EXACT, at.utc - s.back)
    if within is not None and within.choices and not s.has_day and s.clock is None:
        picked = _pick(s, within, at)
        if picked is not None:
            return picked
    clock = s.clock
    if s.lone is not None:
        if within is None or s.lone > 23:
            return UNREADABLE
        clock = Clock(s.lone, 0, twelve=1 <= s.lone <= 12)
    windows = windows_for(s, at, within)
    if within is not None and windows == [] and s.weekday is not None:
        windows = windows_for(s, at, None)  # a day outside the window: they mean another day
    if windows is None:
        return UNREADABLE
    if clock is not None:
        reading = _clock_reading(s, clock, windows, at)
        if reading.kind is Kind.UNREADABLE and within is not None and not s.has_day:
            return TimeReading(Kind.VAGUE, window=within)  # not inside the window: ask again
        return reading
    if not windows:
        return UNREADABLE
    if len(windows) > 1 and s.weekday is None:
        w = Window(windows[-1].start, windows[0].end)
    else:
        w = next((w for w in windows if w.start <= at.utc), windows[0])
    whole_day = (
        s.part is None
        and at.date(w.start) == at.date(w.end)
        and (w.end - w.start >= timedelta(hours=22))
    )
    return TimeReading(Kind.DAY if whole_day else Kind.VAGUE, window=w)


def _in_range(r: TimeReading, at: Now) -> TimeReading:
    """Flag readings in the future or more than MAX_AGE ago; trim windows to what can be."""
    oldest, latest = at.utc - MAX_AGE, at.utc + FUTURE_SLACK
    if r.kind is Kind.EXACT and r.when is not None:
        if r.when > latest:
            return TimeReading(Kind.FUTURE, r.when)
        if r.when < oldest:
            return TimeReading(Kind.TOO_OLD, r.when)
        return r
    if r.window is None or r.kind not in {Kind.VAGUE, Kind.DAY}:
        return r
    w = r.window
    # A window with no clock time in it must have begun ("this morning" said at 04:55 has not).
    if w.start > (latest if w.choices else at.utc):
        return TimeReading(Kind.FUTURE, w.start)
    if w.end < oldest:
        return TimeReading(Kind.TOO_OLD, w.end)
    choices = tuple(c for c in w.choices if oldest <= c <= latest)
    if w.choices and len(choices) <= 1:
        return TimeReading(Kind.EXACT, choices[0]) if choices else TimeReading(Kind.TOO_OLD)
    # A choice a few minutes ahead (a slow watch) stays inside its window.
    end = max(choices) if choices else min(w.end, at.utc)
    window = Window(max(w.start, oldest), end, w.part, choices)
    return TimeReading(r.kind, window=window)
