"""Reading "When did it happen?": an exact moment, or an honest "I need more" (a window to ask
about, a day without a time, a time still to come, too long ago, or unreadable).

A confident wrong answer is worse than a question back, so the reader invents nothing: "this
morning" is a window, "wednesday" is a day, "yesterday at 6" is two choices. Times are London wall
clock; spans back from now are subtracted in UTC so a clock change never shifts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from flows.reading.time_grammar import Clock, Said, said

MAX_AGE = timedelta(days=30)
# A time a few minutes ahead is a slow watch, not the future.
FUTURE_SLACK = timedelta(minutes=5)
# Without am/pm, a time in these hours is asked about rather than assumed ("3" at 10:00).
_SMALL_HOURS = range(0, 7)
# Parts of a day as minutes from that day's midnight (past 1440 runs into the next day).
PARTS = {
    "early": (0, 7 * 60),
    "morning": (5 * 60, 12 * 60),
    "lunchtime": (11 * 60 + 30, 14 * 60 + 30),
    "afternoon": (12 * 60, 18 * 60),
    "evening": (17 * 60, 24 * 60),
    "tonight": (17 * 60, 30 * 60 - 1),
    "night": (18 * 60, 30 * 60 - 1),  # to 05:59, so "6 last night" is 18:00
    "late_night": (21 * 60, 28 * 60),
    "overnight": (20 * 60, 32 * 60 - 1),
    "earlier": (0, 24 * 60),
}
# Parts that belong to the evening before when it is still the small hours.
_EVENING_PARTS = frozenset({"evening", "tonight", "night", "late_night", "overnight"})


class Kind(StrEnum):
    """What a reading is, and so what the bot does next."""

    EXACT = "exact"  # use `when`
    VAGUE = "vague"  # ask within `window` (a part of a day, or `window.choices` to pick from)
    DAY = "day"  # a day without a time: ask what time on it
    FUTURE = "future"  # still to come: ask again
    TOO_OLD = "too_old"  # more than MAX_AGE ago: older incidents go elsewhere
    UNREADABLE = "unreadable"  # nothing we can use, or a lone number (an option, not a time)


@dataclass(frozen=True, slots=True)
class Window:
    """Where the moment lies, inclusive; pass it back as `within=` to read the answer inside it."""

    start: datetime
    end: datetime
    part: str | None = None  # a key of PARTS, for asking "about what time this morning?"
    choices: tuple[datetime, ...] = ()  # readings to choose between, most recent first

    def __contains__(self, when: object) -> bool:
        # Compared in UTC: within one zone Python compares wall clocks, blind to a clock change.
        if not isinstance(when, datetime):
            return False
        return _utc(self.start) <= _utc(when) <= _utc(self.end)

    def astimezone(self, tz: tzinfo) -> Window:
        """The same window with its times shown in `tz`."""
        return Window(
            self.start.astimezone(tz),
            self.end.astimezone(tz),
            self.part,
            tuple(c.astimezone(tz) for c in self.choices),
        )

    def to_json(self) -> dict[str, str | list[str] | None]:
        """The window as JSON-safe values, for keeping in a conversation's state."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "part": self.part,
            "choices": [c.isoformat() for c in self.choices],
        }

    @classmethod
    def from_json(cls, data: dict[str, str | list[str] | None], tz: tzinfo) -> Window:
        """The window `to_json` gave, with its times in `tz`."""

        def moment(text: object) -> datetime:
            return datetime.fromisoformat(str(text)).astimezone(tz)

        choices = data.get("choices") or []
        part = data.get("part")
        return cls(
            moment(data["start"]),
            moment(data["end"]),
            str(part) if part else None,
            tuple(moment(c) for c in choices),
        )


@dataclass(frozen=True, slots=True)
class TimeReading:
    """One reading of a typed time: `when` for EXACT (and the moment meant, for FUTURE and
    TOO_OLD where there is one); `window` for VAGUE and DAY."""

    kind: Kind
    when: datetime | None = None
    window: Window | None = None
    words: tuple[str, ...] = field(default=(), compare=False)  # words read past, for logs


UNREADABLE = TimeReading(Kind.UNREADABLE)


def _utc(when: datetime) -> datetime:
    return when.astimezone(UTC)


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
    at = _Now(_utc(now), now.astimezone(tz), tz)
    reading = _in_range(_resolve(s, at, within.astimezone(UTC) if within else None), at)
    if reading.when is not None:
        return TimeReading(reading.kind, reading.when.astimezone(tz))
    if reading.window is not None:
        return TimeReading(reading.kind, window=reading.window.astimezone(tz))
    return reading


@dataclass(frozen=True, slots=True)
class _Now:
    """The moment of reading: in UTC for arithmetic, in the zone for days and hours."""

    utc: datetime
    local: datetime
    tz: tzinfo

    @property
    def today(self) -> date:
        return self.local.date()

    def hour(self, when: datetime) -> int:
        return when.astimezone(self.tz).hour

    def date(self, when: datetime) -> date:
        return when.astimezone(self.tz).date()


def _at(day: date, hour: int, minute: int, second: int, tz: tzinfo) -> list[datetime]:
    """Wall-clock time on `day` as UTC moments: two in the hour the autumn change repeats, and
    for the hour the spring change skips, the moment an unchanged clock showed it."""
    day, hour = day + timedelta(days=hour // 24), hour % 24
    wall = datetime.combine(day, time(hour, minute, second), tzinfo=tz)
    found = set()
    for fold in (0, 1):
        moment = wall.replace(fold=fold).astimezone(UTC)
        back = moment.astimezone(tz)
        if (back.date(), back.hour, back.minute) == (day, hour, minute):
            found.add(moment)
    return sorted(found) or [wall.astimezone(UTC)]


def _midnight(day: date, at: _Now) -> datetime:
    return _at(day, 0, 0, 0, at.tz)[0]


def _day_window(day: date, at: _Now) -> Window:
    end = _midnight(day + timedelta(days=1), at) - timedelta(seconds=1)
    return Window(_midnight(day, at), end)


def _part_window(day: date, part: str, at: _Now) -> Window:
    if part == "earlier":
        return Window(_midnight(day, at), min(at.utc, _day_window(day, at).end), part)
    start, end = PARTS[part]
    first = _at(day, start // 60, start % 60, 0, at.tz)[0]
    return Window(first, _at(day, end // 60, end % 60, 0, at.tz)[-1], part)


def _date_day(s: Said, at: _Now) -> date | None:
    """The day a written date names: with no year (or month), the most recent such day."""
    assert s.date is not None
    year, month, day = s.date
    today = at.today
    if year is not None and month is not None:
        tries = [(year, month)]
    elif month is not None:
        tries = [(today.year, month), (today.year - 1, month)]
    else:
        last_month = today.replace(day=1) - timedelta(days=1)
        tries = [(today.year, today.month), (last_month.year, last_month.month)]
    for y, m in tries:
        try:
            found = date(y, m, day)
        except ValueError:
            continue
        if found <= today or year is not None:
            return found
    return None


def _days(s: Said, at: _Now) -> list[date] | None:
    """The days the phrase names, most recent first; [] if none; None if they contradict."""
    today = at.today
    days: list[date] = []
    if s.date is not None:
        found = _date_day(s, at)
        if found is None:
            return None
        days = [found]
    elif s.days_back is not None:
        first, last = s.days_back
        days = [today - timedelta(days=n) for n in range(first, last + 1)]
    elif s.weekday is not None:
        if s.weekday_mode == "last_week" or s.span == "last_week":
            monday = today - timedelta(days=today.weekday())
            return [monday - timedelta(days=7 - s.weekday)]
        back = (today.weekday() - s.weekday) % 7
        if s.weekday_mode == "last":
            return [today - timedelta(days=back or 7)]
        # A weekday that is also today could be today or a week ago.
        return [today - timedelta(days=back)] + ([today - timedelta(days=7)] if not back else [])
    if s.weekday is not None and any(d.weekday() != s.weekday for d in days):
        return None  # "Tues 9th Aug 2015" was a Sunday: ask rather than pick one
    return days


def _span(s: Said, at: _Now) -> Window | None:
    """The window of a span ("last week", "at the weekend", "in the last hour", "1.5 days")."""
    if s.within_back is not None:
        return Window(at.utc - s.within_back, at.utc)
    if s.back is not None and s.fuzz is not None:
        mid = at.utc - s.back
        return Window(mid - s.fuzz, mid + s.fuzz)
    if s.days_back is not None and s.days_back[0] != s.days_back[1]:
        first, last = s.days_back
        end = _day_window(at.today - timedelta(days=first), at).end
        return Window(_midnight(at.today - timedelta(days=last), at), end)
    monday = at.today - timedelta(days=at.today.weekday())
    if s.span == "this_week":
        return Window(_midnight(monday, at), at.utc)
    if s.span == "last_week" and s.weekday is None:
        return Window(_midnight(monday - timedelta(days=7), at), _midnight(monday, at))
    if s.span == "weekend":
        saturday = monday + timedelta(days=5 if at.today.weekday() >= 5 else -2)
        return Window(_midnight(saturday, at), _midnight(saturday + timedelta(days=2), at))
    return None


def _windows(s: Said, at: _Now, within: Window | None) -> list[Window] | None:
    """The windows the phrase allows, most recent first; [] for none; None on a contradiction."""
    span = _span(s, at)
    if span is None and within is not None and not s.has_day and s.days_back is None:
        span, days = within, []  # "tuesday", answering "which day last week?"
    else:
        days = [] if span is not None and s.days_back else _days(s, at)
    if days is None:
        return None
    if span is not None:
        if days:
            return None  # "yesterday, in the last hour"
        if s.part is None and s.weekday is None:
            return [span]
        first, last = at.date(span.start), at.date(span.end)
        dates = [last - timedelta(days=n) for n in range((last - first).days + 1)]
        out = []
        for d in dates:
            if s.weekday is not None and d.weekday() != s.weekday:
                continue
            w = _part_window(d, s.part, at) if s.part else _day_window(d, at)
            start, end = max(w.start, span.start), min(w.end, span.end)
            if start <= end:
                out.append(Window(start, end, w.part))
        return out
    if s.part is not None and not days:
        day = at.today
        if s.part in _EVENING_PARTS and at.local.hour < 5:
            day -= timedelta(days=1)  # "this evening", said at 01:00, is still yesterday's
        if not s.this_part and _part_window(day, s.part, at).start > at.utc:
            day -= timedelta(days=1)  # "in the evening", said at 10:00
        days = [day]
    return [_part_window(d, s.part, at) if s.part else _day_window(d, at) for d in days]


def _candidates(clock: Clock, windows: list[Window], at: _Now) -> list[datetime]:
    """Every moment the clock time may mean inside the windows, most recent first."""
    h, m, sec = clock.hour, clock.minute, clock.second
    readings = [(h % 12, m, sec), (h % 12 + 12, m, sec)] if clock.twelve else [(h, m, sec)]
    found: set[datetime] = set()
    for w in windows:
        first, last = at.date(w.start), at.date(w.end)
        for d in (first + timedelta(days=n) for n in range((last - first).days + 1)):
            for hh, mm, ss in readings:
                found.update(x for x in _at(d, hh, mm, ss, at.tz) if w.start <= x <= w.end)
    return sorted(found, reverse=True)


def _choose(found: list[datetime], at: _Now, part: str | None = None) -> TimeReading:
    """One moment if only one of `found` has passed; else the choices, most recent first."""
    past = [f for f in found if f <= at.utc + FUTURE_SLACK]
    if not past:
        return TimeReading(Kind.FUTURE, min(found))
    if len(past) == 1:
        return TimeReading(Kind.EXACT, past[0])
    return TimeReading(Kind.VAGUE, window=Window(past[-1], past[0], part, tuple(past)))


def _clock_reading(s: Said, clock: Clock, windows: list[Window], at: _Now) -> TimeReading:
    """A clock time inside the windows; with none, the most recent such time in the last day."""
    if not windows:
        last_day = Window(at.utc - timedelta(days=1) + FUTURE_SLACK, at.utc + FUTURE_SLACK)
        found = [f for f in _candidates(clock, [last_day], at) if f > last_day.start]
        # Each reading once, on the latest day it falls (a 23-hour spring day holds some twice).
        latest: dict[tuple[int, int], date] = {}
        for f in found:
            latest.setdefault((at.hour(f), f.minute), at.date(f))
        found = [f for f in found if latest[(at.hour(f), f.minute)] == at.date(f)]
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


def _pick(s: Said, within: Window, at: _Now) -> TimeReading | None:
    """The choice an answer like "pm" or "in the evening" names; None if it names none."""
    keep = list(within.choices)
    if s.meridiem:
        keep = [c for c in keep if (at.hour(c) >= 12) == (s.meridiem == "pm")]
    elif s.part:
        part = s.part
        keep = [
            c
            for c in keep
            if any(c in _part_window(at.date(c) - timedelta(days=n), part, at) for n in (0, 1))
        ]
    elif s.weekday is not None:
        keep = [c for c in keep if at.date(c).weekday() == s.weekday]
    else:
        return None
    if len(keep) == 1:
        return TimeReading(Kind.EXACT, keep[0])
    return TimeReading(Kind.VAGUE, window=within)


def _resolve(s: Said, at: _Now, within: Window | None) -> TimeReading:
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
    windows = _windows(s, at, within)
    if within is not None and windows == [] and s.weekday is not None:
        windows = _windows(s, at, None)  # a day outside the window: they mean another day
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


def _in_range(r: TimeReading, at: _Now) -> TimeReading:
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
    if w.start > latest:
        return TimeReading(Kind.FUTURE, w.start)
    if w.end < oldest:
        return TimeReading(Kind.TOO_OLD, w.end)
    choices = tuple(c for c in w.choices if oldest <= c <= latest)
    if w.choices and len(choices) <= 1:
        return TimeReading(Kind.EXACT, choices[0]) if choices else TimeReading(Kind.TOO_OLD)
    window = Window(max(w.start, oldest), min(w.end, at.utc), w.part, choices)
    return TimeReading(r.kind, window=window)
