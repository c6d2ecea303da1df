"""The stretches of time a phrase names, as UTC windows: a day, a part of one ("this morning",
"last night"), a span ("last week", "in the last hour"); and wall-clock times on a day, honest
about the hour the autumn change repeats and the hour the spring change skips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

from flows.reading.time_grammar import Said
from flows.reading.time_reading import MAX_AGE, Window

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


@dataclass(frozen=True, slots=True)
class Now:
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


@lru_cache(maxsize=2048)
def wall_time(day: date, hour: int, minute: int, second: int, tz: tzinfo) -> tuple[datetime, ...]:
    """Wall-clock time on `day` as UTC moments: two in the hour the autumn change repeats, and
    for the hour the spring change skips, the moment an unchanged clock showed it."""
    day, hour = day + timedelta(days=hour // 24), hour % 24
    wall = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    if wall.utcoffset() == wall.replace(fold=1).utcoffset():
        return (wall.astimezone(UTC),)  # no clock change near: the usual case
    found = set()
    for fold in (0, 1):
        moment = wall.replace(fold=fold).astimezone(UTC)
        back = moment.astimezone(tz)
        if (back.date(), back.hour, back.minute) == (day, hour, minute):
            found.add(moment)
    return tuple(sorted(found)) or (wall.astimezone(UTC),)


def midnight(day: date, at: Now) -> datetime:
    return wall_time(day, 0, 0, 0, at.tz)[0]


def day_window(day: date, at: Now) -> Window:
    end = midnight(day + timedelta(days=1), at) - timedelta(seconds=1)
    return Window(midnight(day, at), end)


def part_window(day: date, part: str, at: Now) -> Window:
    if part == "earlier":
        return Window(midnight(day, at), min(at.utc, day_window(day, at).end), part)
    start, end = PARTS[part]
    first = wall_time(day, start // 60, start % 60, 0, at.tz)[0]
    return Window(first, wall_time(day, end // 60, end % 60, 0, at.tz)[-1], part)


def _date_day(s: Said, at: Now) -> date | None:
    """The day a written date names; None if there is none, or if it could be either way round
    and only the American order gives a day in the last month ("11/12" said in November)."""
    assert s.date is not None
    year, month, day = s.date
    found = _most_recent(year, month, day, at.today)
    if s.date_swaps and month is not None:
        other = _most_recent(year, day, month, at.today)
        recent = found is not None and timedelta(0) <= at.today - found <= MAX_AGE
        if not recent and other is not None and timedelta(0) <= at.today - other <= MAX_AGE:
            return None
    return found


def _most_recent(year: int | None, month: int | None, day: int, today: date) -> date | None:
    """The date, or with no year (or month) the most recent such day up to today."""
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


def _days(s: Said, at: Now) -> list[date] | None:
    """The days the phrase names, most recent first; [] if none; None if they contradict."""
    today = at.today
    days: list[date] = []
    if s.date is not None:
        found = _date_day(s, at)
        if found is None or s.days_back not in {None, ((today - found).days,) * 2}:
            return None  # no such day, or "yesterday" said of another date
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


def _span(s: Said, at: Now) -> Window | None:
    """The window of a span ("last week", "at the weekend", "in the last hour", "1.5 days")."""
    if s.within_back is not None:
        return Window(at.utc - s.within_back, at.utc)
    if s.back is not None and s.fuzz is not None:
        mid = at.utc - s.back
        return Window(mid - s.fuzz, mid + s.fuzz)
    if s.days_back is not None and s.days_back[0] != s.days_back[1]:
        first, last = s.days_back
        end = day_window(at.today - timedelta(days=first), at).end
        return Window(midnight(at.today - timedelta(days=last), at), end)
    monday = at.today - timedelta(days=at.today.weekday())
    if s.span == "this_week":
        return Window(midnight(monday, at), at.utc)
    if s.span == "last_week" and s.weekday is None:
        return Window(midnight(monday - timedelta(days=7), at), midnight(monday, at))
    if s.span == "weekend":
        saturday = monday + timedelta(days=5 if at.today.weekday() >= 5 else -2)
        return Window(midnight(saturday, at), midnight(saturday + timedelta(days=2), at))
    return None


def windows_for(s: Said, at: Now, within: Window | None) -> list[Window] | None:
    """The windows the phrase allows, most recent first; [] for none; None on a contradiction."""
    span = _span(s, at)
    days: list[date] | None
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
            w = part_window(d, s.part, at) if s.part else day_window(d, at)
            start, end = max(w.start, span.start), min(w.end, span.end)
            if start <= end:
                out.append(Window(start, end, w.part))
        return out
    if s.part is not None and not days:
        day = at.today
        if s.part in _EVENING_PARTS and at.local.hour < 5:
            day -= timedelta(days=1)  # "this evening", said at 01:00, is still yesterday's
        if not s.this_part and part_window(day, s.part, at).start > at.utc:
            day -= timedelta(days=1)  # "in the evening", said at 10:00
        days = [day]
    return [part_window(d, s.part, at) if s.part else day_window(d, at) for d in days]
