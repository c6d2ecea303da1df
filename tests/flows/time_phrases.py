"""ShopWatch's own labelled time phrasings: what each should read as, against a fixed 'now' in
London (an afternoon, a morning, an evening, both sides of midnight, both clock changes, the new
year). Labels follow the reader's rules: the most recent such moment; a part of a day, a day
alone, or an am/pm doubt is asked back; the future and over 30 days are refused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from timekit import LONDON, Case, Label

from flows.reading.times import Kind


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, fold: int = 0) -> datetime:
    """A London wall-clock time (`fold=1` for the second 01:xx of the autumn change)."""
    return datetime(y, mo, d, h, mi, s, tzinfo=LONDON, fold=fold)


def nov(d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return at(2026, 11, d, h, mi, s)


AFTERNOON = nov(24, 15, 10)  # Tuesday
MORNING = nov(24, 8, 41)
EVENING = nov(24, 19, 30)
PAST_MIDNIGHT = nov(24, 0, 10)
TO_MIDNIGHT = nov(23, 23, 55)  # Monday
SPRING = at(2026, 3, 29, 3, 30)  # Sunday: 01:00 GMT became 02:00 BST
SPRING_AFTER = at(2026, 3, 30, 10, 0)
AUTUMN = at(2026, 10, 25, 3, 0)  # Sunday: 02:00 BST became 01:00 GMT
AUTUMN_AFTER = at(2026, 10, 26, 9, 0)
NEW_YEAR = at(2027, 1, 2, 10, 0)  # Saturday

FUTURE = Label(Kind.FUTURE)
TOO_OLD = Label(Kind.TOO_OLD)
UNREADABLE = Label(Kind.UNREADABLE)


def ex(when: datetime) -> Label:
    return Label(Kind.EXACT, when)


def vague(start: datetime, end: datetime) -> Label:
    return Label(Kind.VAGUE, start=start, end=end)


def pick(*choices: datetime) -> Label:
    """Choices to offer, most recent first."""
    return Label(Kind.VAGUE, start=choices[-1], end=choices[0], choices=choices)


def day(d: date, now: datetime) -> Label:
    """A whole day, up to `now` if it is today."""
    start = datetime(d.year, d.month, d.day, tzinfo=LONDON)
    end = min(start + timedelta(days=1) - timedelta(seconds=1), now)
    return Label(Kind.DAY, start=start, end=end)


def _cases() -> list[Case]:
    a, m, e = AFTERNOON, MORNING, EVENING
    n, p = PAST_MIDNIGHT, TO_MIDNIGHT
    d = date
    rows: list[tuple[datetime, str, Label]] = [
        # Spans back from now
        (a, "just now", ex(a)),
        (a, "now", ex(a)),
        (a, "a moment ago", ex(a)),
        (a, "it just happened", ex(a)),
        (a, "5 mins ago", ex(nov(24, 15, 5))),
        (a, "bout 20 mins ago", ex(nov(24, 14, 50))),
        (a, "20 minutes ago", ex(nov(24, 14, 50))),
        (a, "20min ago", ex(nov(24, 14, 50))),
        (a, "about 20 mins", ex(nov(24, 14, 50))),
        (a, "twenty minutes ago", ex(nov(24, 14, 50))),
        (a, "half an hour ago", ex(nov(24, 14, 40))),
        (a, "an hour ago", ex(nov(24, 14, 10))),
        (a, "an hour and a half ago", ex(nov(24, 13, 40))),
        (a, "one and a half hours ago", ex(nov(24, 13, 40))),
        (a, "1.5 hrs ago", ex(nov(24, 13, 40))),
        (a, "90 mins ago", ex(nov(24, 13, 40))),
        (a, "1h30 ago", ex(nov(24, 13, 40))),
        (a, "1 hour 20 mins ago", ex(nov(24, 13, 50))),
        (a, "2 hours ago", ex(nov(24, 13, 10))),
        (a, "a couple of hours ago", ex(nov(24, 13, 10))),
        (a, "3 hrs ago", ex(nov(24, 12, 10))),
        (a, "quarter of an hour ago", ex(nov(24, 14, 55))),
        (a, "a few minutes ago", ex(nov(24, 15, 5))),
        (a, "10 mins back", ex(nov(24, 15, 0))),
        (a, "45 minuets ago", ex(nov(24, 14, 25))),
        (a, "a minute ago", ex(nov(24, 15, 9))),
        (a, "30 secs ago", ex(nov(24, 15, 9, 30))),
        (a, "24 hours ago", ex(nov(23, 15, 10))),
        (a, "a few hours ago", vague(nov(24, 11, 10), nov(24, 13, 10))),
        (a, "in the last hour", vague(nov(24, 14, 10), a)),
        # Clock times alone: the most recent such moment
        (a, "14:30", ex(nov(24, 14, 30))),
        (a, "2:30pm", ex(nov(24, 14, 30))),
        (a, "2.30 pm", ex(nov(24, 14, 30))),
        (a, "14.30", ex(nov(24, 14, 30))),
        (a, "1430", ex(nov(24, 14, 30))),
        (a, "at 1430", ex(nov(24, 14, 30))),
        (a, "2pm", ex(nov(24, 14, 0))),
        (a, "2 PM", ex(nov(24, 14, 0))),
        (a, "2 o'clock", ex(nov(24, 14, 0))),
        (a, "half 2", ex(nov(24, 14, 30))),
        (a, "half past two", ex(nov(24, 14, 30))),
        (a, "quarter past 1", ex(nov(24, 13, 15))),
        (a, "quarter to 3", ex(nov(24, 14, 45))),
        (a, "ten past 2", ex(nov(24, 14, 10))),
        (a, "at about 2ish", ex(nov(24, 14, 0))),
        (a, "2ish", ex(nov(24, 14, 0))),
        (a, "around 11", ex(nov(24, 11, 0))),
        (a, "11:30", ex(nov(24, 11, 30))),
        (a, "at 9", ex(nov(24, 9, 0))),
        (a, "7:45", ex(nov(24, 7, 45))),
        (a, "12:15", ex(nov(24, 12, 15))),
        (a, "3:05", ex(nov(24, 15, 5))),
        (a, "at 3", ex(nov(24, 15, 0))),
        (a, "3pm", ex(nov(24, 15, 0))),
        (a, "15:00", ex(nov(24, 15, 0))),
        (a, "16:00", ex(nov(23, 16, 0))),
        (a, "10pm", ex(nov(23, 22, 0))),
        (a, "22:15", ex(nov(23, 22, 15))),
        (a, "noon", ex(nov(24, 12, 0))),
        (a, "midday", ex(nov(24, 12, 0))),
        (a, "midnight", ex(nov(24, 0, 0))),
        (a, "00:30", ex(nov(24, 0, 30))),
        (a, "6am", ex(nov(24, 6, 0))),
        # Small hours without am/pm: ask rather than assume
        (a, "about 6", pick(nov(24, 6, 0), nov(23, 18, 0))),
        (a, "at 4", pick(nov(24, 4, 0), nov(23, 16, 0))),
        (a, "4:30", pick(nov(24, 4, 30), nov(23, 16, 30))),
        # Not times
        (a, "1", UNREADABLE),
        (a, "2", UNREADABLE),
        (a, "11", UNREADABLE),
        (a, "2026", UNREADABLE),
        (a, "banana", UNREADABLE),
        (a, "", UNREADABLE),
        (a, "dont know", UNREADABLE),
        (a, "not sure, maybe 3", UNREADABLE),
        (a, "between 2 and 3", UNREADABLE),
        (a, "3 or 4", UNREADABLE),
        (a, "25:00", UNREADABLE),
        (a, "14:75", UNREADABLE),
        (a, "16:14 am", UNREADABLE),
        (a, "he came in at 3 and took 2 bottles", UNREADABLE),
        (a, "on the 3rd yesterday at 2pm", UNREADABLE),
        (a, "monday tuesday", UNREADABLE),
        (a, "this morning this evening", UNREADABLE),
        (a, "23/11 yesterday 2pm", ex(nov(23, 14, 0))),
        (a, "it went on for 20 mins", UNREADABLE),
        # How people actually type
        (a, "About 20 minutes ago.", ex(nov(24, 14, 50))),
        (a, "roughly 2:30", ex(nov(24, 14, 30))),
        (a, "at approx 14:20", ex(nov(24, 14, 20))),
        (a, "It was around half 3", pick(nov(24, 3, 30), nov(23, 15, 30))),
        (a, "happened at 3ish today", pick(nov(24, 15, 0), nov(24, 3, 0))),
        (a, "i think about 11am", ex(nov(24, 11, 0))),
        (a, "just after 2", ex(nov(24, 14, 0))),
        (a, "gone 2", ex(nov(24, 14, 0))),
        (a, "2.15", ex(nov(24, 14, 15))),
        (a, "1:45 p.m.", ex(nov(24, 13, 45))),
        (a, "This Morning!!", vague(nov(24, 5), nov(24, 12))),
        (a, "YESTERDAY 6PM", ex(nov(23, 18, 0))),
        (a, "yesterday @ 5:30pm", ex(nov(23, 17, 30))),
        (a, "yestrday about 5", pick(nov(23, 17, 0), nov(23, 5, 0))),
        (a, "lastnight", vague(nov(23, 18), nov(24, 5, 59))),
        (a, "tonite", FUTURE),
        (a, "this arvo", vague(nov(24, 12), a)),
        (a, "a while ago", UNREADABLE),
        (a, "20 mins ago at the till", ex(nov(24, 14, 50))),
        (a, "couple mins ago", ex(nov(24, 15, 8))),
        (a, "2 hrs 15 mins ago", ex(nov(24, 12, 55))),
        (a, "an hour or so ago", ex(nov(24, 14, 10))),
        (a, "20 minuts ago", ex(nov(24, 14, 50))),
        (a, "sunday just gone", day(d(2026, 11, 22), a)),
        (a, "sat night", vague(nov(21, 18), nov(22, 5, 59))),
        (a, "on saturday at about 4", pick(nov(21, 16, 0), nov(21, 4, 0))),
        (a, "22 november at quarter past 4", pick(nov(22, 16, 15), nov(22, 4, 15))),
        (a, "at 3 this afternoon", ex(nov(24, 15, 0))),
        (a, "6 last night", ex(nov(23, 18, 0))),
        (a, "10 this morning", ex(nov(24, 10, 0))),
        (a, "half eleven", ex(nov(24, 11, 30))),
        (a, "quarter to midnight", ex(nov(23, 23, 45))),
        (a, "5 past midnight", ex(nov(24, 0, 5))),
        (a, "noonish", ex(nov(24, 12, 0))),
        (a, "after lunch", vague(nov(24, 12), a)),
        (a, "quarter to", UNREADABLE),
        (a, "an hour ago at 3", UNREADABLE),
        (a, "2:30 yesterday", pick(nov(23, 14, 30), nov(23, 2, 30))),
        # Yesterday and other days back
        (a, "yesterday", day(d(2026, 11, 23), a)),
        (a, "ystrday 6pm", ex(nov(23, 18, 0))),
        (a, "yesterday 6pm", ex(nov(23, 18, 0))),
        (a, "yesterday at 18:15", ex(nov(23, 18, 15))),
        (a, "18:15 yesterday", ex(nov(23, 18, 15))),
        (a, "yday 2pm", ex(nov(23, 14, 0))),
        (a, "yesterday at 6", pick(nov(23, 18, 0), nov(23, 6, 0))),
        (a, "quarter past 6 yesterday", pick(nov(23, 18, 15), nov(23, 6, 15))),
        (a, "yesterday afternoon", vague(nov(23, 12), nov(23, 18))),
        (a, "yesterday morning", vague(nov(23, 5), nov(23, 12))),
        (a, "yesterday morning at 10", ex(nov(23, 10, 0))),
        (a, "yesterday evening about 7", ex(nov(23, 19, 0))),
        (a, "yesterday lunchtime", vague(nov(23, 11, 30), nov(23, 14, 30))),
        (a, "yesterday at lunch about 1", ex(nov(23, 13, 0))),
        (a, "day before yesterday", day(d(2026, 11, 22), a)),
        (a, "the day before yesterday at 5pm", ex(nov(22, 17, 0))),
        (a, "2 days ago", day(d(2026, 11, 22), a)),
        (a, "2 days ago at 4pm", ex(nov(22, 16, 0))),
        (a, "3 days ago", day(d(2026, 11, 21), a)),
        (a, "a week ago", day(d(2026, 11, 17), a)),
        (a, "a week ago at 12:00 am", ex(nov(17, 0, 0))),
        (a, "today", day(d(2026, 11, 24), a)),
        (a, "today at 2pm", ex(nov(24, 14, 0))),
        (a, "today at 5", ex(nov(24, 5, 0))),
        (a, "a few days ago", vague(nov(19), nov(22, 23, 59, 59))),
        (a, "the other day", vague(nov(18), nov(22, 23, 59, 59))),
        # Still to come
        (a, "today at 9pm", FUTURE),
        (a, "tomorrow", FUTURE),
        (a, "tomorrow at 3", FUTURE),
        (a, "in 2 hours", FUTURE),
        (a, "in an hour", FUTURE),
        (a, "3 hours from now", FUTURE),
        (a, "later", FUTURE),
        (a, "next tuesday", FUTURE),
        (a, "tonight", FUTURE),
        (a, "this evening", FUTURE),
        (a, "this evening at 6", FUTURE),
        # Parts of the day
        (a, "this morning", vague(nov(24, 5), nov(24, 12))),
        (a, "this morning at 10ish", ex(nov(24, 10, 0))),
        (a, "this morning around half 9", ex(nov(24, 9, 30))),
        (a, "this morning 8:15", ex(nov(24, 8, 15))),
        (a, "first thing this morning", vague(nov(24, 5), nov(24, 12))),
        (a, "in the morning", vague(nov(24, 5), nov(24, 12))),
        (a, "this afternoon", vague(nov(24, 12), a)),
        (a, "this afternoon at 2", ex(nov(24, 14, 0))),
        (a, "at lunchtime", vague(nov(24, 11, 30), nov(24, 14, 30))),
        (a, "earlier", vague(nov(24), a)),
        (a, "earlier today", vague(nov(24), a)),
        (a, "earlier today around 3", pick(nov(24, 15, 0), nov(24, 3, 0))),
        (a, "earlier, about 2pm", ex(nov(24, 14, 0))),
        (a, "in the evening", vague(nov(23, 17), nov(24))),
        (a, "last night", vague(nov(23, 18), nov(24, 5, 59))),
        (a, "last night about 9", ex(nov(23, 21, 0))),
        (a, "last night at 11", ex(nov(23, 23, 0))),
        (a, "last night at 2", ex(nov(24, 2, 0))),
        (a, "last nite at half 10", ex(nov(23, 22, 30))),
        (a, "late last night", vague(nov(23, 21), nov(24, 4))),
        (a, "in the night", vague(nov(23, 18), nov(24, 5, 59))),
        (a, "overnight", vague(nov(23, 20), nov(24, 7, 59))),
        (a, "in the early hours", vague(nov(24), nov(24, 7))),
        (a, "this morning at 3pm", UNREADABLE),
        (a, "last night at 3pm", UNREADABLE),
        # Weekdays (now is a Tuesday)
        (a, "last tuesday 3pm", ex(nov(17, 15, 0))),
        (a, "last tuesday", day(d(2026, 11, 17), a)),
        (a, "tuesday 3pm", ex(nov(24, 15, 0))),
        (a, "tuesday", day(d(2026, 11, 24), a)),
        (a, "tuesday at 2", pick(nov(24, 14), nov(24, 2), nov(17, 14), nov(17, 2))),
        (a, "monday", day(d(2026, 11, 23), a)),
        (a, "monday 3pm", ex(nov(23, 15, 0))),
        (a, "monday at 3", pick(nov(23, 15, 0), nov(23, 3, 0))),
        (a, "monday night", vague(nov(23, 18), nov(24, 5, 59))),
        (a, "monday evening around 8", ex(nov(23, 20, 0))),
        (a, "wensday", day(d(2026, 11, 18), a)),
        (a, "wednesday 10am", ex(nov(18, 10, 0))),
        (a, "weds 4pm", ex(nov(18, 16, 0))),
        (a, "on thursday at 14:00", ex(nov(19, 14, 0))),
        (a, "thurs afternoon", vague(nov(19, 12), nov(19, 18))),
        (a, "thrusday", day(d(2026, 11, 19), a)),
        (a, "fri 9pm", ex(nov(20, 21, 0))),
        (a, "friday night", vague(nov(20, 18), nov(21, 5, 59))),
        (a, "last friday", day(d(2026, 11, 20), a)),
        (a, "saturday", day(d(2026, 11, 21), a)),
        (a, "sat about 2pm", ex(nov(21, 14, 0))),
        (a, "sunday 11:45", pick(nov(22, 23, 45), nov(22, 11, 45))),
        (a, "sunday 11:45am", ex(nov(22, 11, 45))),
        (a, "tuesday last week", day(d(2026, 11, 17), a)),
        (a, "last week", vague(nov(16), nov(23))),
        (a, "this week", vague(nov(23), a)),
        (a, "at the weekend", vague(nov(21), nov(23))),
        # Dates
        (a, "22nd at 3pm", ex(nov(22, 15, 0))),
        (a, "the 22nd", day(d(2026, 11, 22), a)),
        (a, "on the 20th", day(d(2026, 11, 20), a)),
        (a, "23 Nov 2026", day(d(2026, 11, 23), a)),
        (a, "23/11", day(d(2026, 11, 23), a)),
        (a, "23/11/2026", day(d(2026, 11, 23), a)),
        (a, "23/11/26", day(d(2026, 11, 23), a)),
        (a, "23.11.2026", day(d(2026, 11, 23), a)),
        (a, "2026-11-23", day(d(2026, 11, 23), a)),
        (a, "23rd november", day(d(2026, 11, 23), a)),
        (a, "november 23rd", day(d(2026, 11, 23), a)),
        (a, "nov 23 at 2pm", ex(nov(23, 14, 0))),
        (a, "23 nov 14:00", ex(nov(23, 14, 0))),
        (a, "23/11 at 14:30", ex(nov(23, 14, 30))),
        (a, "21st nov about 4pm", ex(nov(21, 16, 0))),
        (a, "sat 21 nov", day(d(2026, 11, 21), a)),
        (a, "mon 22 nov", UNREADABLE),
        (a, "1st nov", day(d(2026, 11, 1), a)),
        (a, "31 oct", day(d(2026, 10, 31), a)),
        (a, "30th", day(d(2026, 10, 30), a)),
        (a, "20 oct", TOO_OLD),
        (a, "25 dec", TOO_OLD),
        (a, "23 Nov 2025", TOO_OLD),
        (a, "6 weeks ago", TOO_OLD),
        (a, "25/12/2026", FUTURE),
        # A morning
        (m, "this morning", vague(nov(24, 5), m)),
        (m, "this morning about 7", ex(nov(24, 7, 0))),
        (m, "this morning at 10", FUTURE),
        (m, "earlier", vague(nov(24), m)),
        (m, "first thing", vague(nov(24, 5), m)),
        (m, "at 8", ex(nov(24, 8, 0))),
        (m, "about 9", ex(nov(23, 21, 0))),
        (m, "7:30", ex(nov(24, 7, 30))),
        (m, "half 7", ex(nov(24, 7, 30))),
        (m, "at 6", pick(nov(24, 6, 0), nov(23, 18, 0))),
        (m, "last night", vague(nov(23, 18), nov(24, 5, 59))),
        (m, "last night around 11", ex(nov(23, 23, 0))),
        (m, "tonight", FUTURE),
        (m, "in the evening", vague(nov(23, 17), nov(24))),
        (m, "yesterday evening", vague(nov(23, 17), nov(24))),
        (m, "an hour ago", ex(nov(24, 7, 41))),
        # An evening
        (e, "this evening", vague(nov(24, 17), e)),
        (e, "this evening at 6", ex(nov(24, 18, 0))),
        (e, "tonight about 7", ex(nov(24, 19, 0))),
        (e, "tonight", vague(nov(24, 17), e)),
        (e, "earlier this evening", vague(nov(24, 17), e)),
        (e, "this afternoon", vague(nov(24, 12), nov(24, 18))),
        (e, "this afternoon around 4", ex(nov(24, 16, 0))),
        (e, "this morning", vague(nov(24, 5), nov(24, 12))),
        (e, "at 7", ex(nov(24, 19, 0))),
        (e, "half 6", ex(nov(24, 18, 30))),
        (e, "8", UNREADABLE),
        (e, "at 8", ex(nov(24, 8, 0))),
        (e, "5 to 7", ex(nov(24, 18, 55))),
        (e, "twenty to seven", ex(nov(24, 18, 40))),
        (e, "in the last hour", vague(nov(24, 18, 30), e)),
        (e, "lunchtime", vague(nov(24, 11, 30), nov(24, 14, 30))),
        # Just after midnight (Tuesday 00:10)
        (n, "23:50", ex(nov(23, 23, 50))),
        (n, "10 mins ago", ex(nov(24, 0, 0))),
        (n, "20 mins ago", ex(nov(23, 23, 50))),
        (n, "11:50", ex(nov(23, 23, 50))),
        (n, "ten to 12", ex(nov(23, 23, 50))),
        (n, "00:05", ex(nov(24, 0, 5))),
        (n, "midnight", ex(nov(24, 0, 0))),
        (n, "last night at 11", ex(nov(23, 23, 0))),
        (n, "at 11pm", ex(nov(23, 23, 0))),
        (n, "yesterday at 11pm", ex(nov(23, 23, 0))),
        (n, "today", day(d(2026, 11, 24), n)),
        (n, "this evening", vague(nov(23, 17), nov(24))),
        (n, "tonight", vague(nov(23, 17), n)),
        (n, "last night", vague(nov(23, 18), n)),
        (n, "yesterday", day(d(2026, 11, 23), n)),
        (n, "an hour ago", ex(nov(23, 23, 10))),
        (n, "yesterday evening around 9", ex(nov(23, 21, 0))),
        (n, "monday 10pm", ex(nov(23, 22, 0))),
        (n, "at 12", pick(nov(24, 0, 0), nov(23, 12, 0))),
        # Just before midnight (Monday 23:55)
        (p, "23:30", ex(nov(23, 23, 30))),
        (p, "11:30", ex(nov(23, 23, 30))),
        (p, "half 11", ex(nov(23, 23, 30))),
        (p, "5 mins ago", ex(nov(23, 23, 50))),
        (p, "tonight", vague(nov(23, 17), p)),
        (p, "this evening at 9", ex(nov(23, 21, 0))),
        (p, "today at 12:30", pick(nov(23, 12, 30), nov(23, 0, 30))),
        (nov(23, 23, 40), "midnight", ex(nov(23, 0, 0))),
        (p, "yesterday", day(d(2026, 11, 22), p)),
        # Spring change (Sunday 29 March, 03:30 BST)
        (SPRING, "2 hours ago", ex(at(2026, 3, 29, 0, 30))),
        (SPRING, "3 hours ago", ex(at(2026, 3, 28, 23, 30))),
        (SPRING, "an hour ago", ex(at(2026, 3, 29, 2, 30))),
        (SPRING, "90 mins ago", ex(at(2026, 3, 29, 2, 0))),
        (SPRING, "half an hour ago", ex(at(2026, 3, 29, 3, 0))),
        (SPRING, "00:45", ex(at(2026, 3, 29, 0, 45))),
        (SPRING, "1:30am", ex(at(2026, 3, 29, 2, 30))),
        (SPRING, "midnight", ex(at(2026, 3, 29, 0, 0))),
        (SPRING, "yesterday 11pm", ex(at(2026, 3, 28, 23, 0))),
        (SPRING, "last night at 11", ex(at(2026, 3, 28, 23, 0))),
        (SPRING, "24 hours ago", ex(at(2026, 3, 28, 2, 30))),
        (SPRING, "03:15", ex(at(2026, 3, 29, 3, 15))),
        (SPRING, "3am", ex(at(2026, 3, 29, 3, 0))),
        (SPRING, "a day ago", day(d(2026, 3, 28), SPRING)),
        (SPRING_AFTER, "yesterday at 3am", ex(at(2026, 3, 29, 3, 0))),
        (SPRING_AFTER, "yesterday 00:30", ex(at(2026, 3, 29, 0, 30))),
        (SPRING_AFTER, "24 hours ago", ex(at(2026, 3, 29, 10, 0))),
        (SPRING_AFTER, "36 hours ago", ex(at(2026, 3, 28, 21, 0))),
        (SPRING_AFTER, "sunday 9am", ex(at(2026, 3, 29, 9, 0))),
        (SPRING_AFTER, "saturday 11pm", ex(at(2026, 3, 28, 23, 0))),
        # Autumn change (Sunday 25 October, 03:00 GMT): 01:xx happens twice
        (AUTUMN, "1:30am", pick(at(2026, 10, 25, 1, 30, fold=1), at(2026, 10, 25, 1, 30))),
        (AUTUMN, "01:30", pick(at(2026, 10, 25, 1, 30, fold=1), at(2026, 10, 25, 1, 30))),
        (AUTUMN, "2 hours ago", ex(at(2026, 10, 25, 1, 0, fold=1))),
        (AUTUMN, "3 hours ago", ex(at(2026, 10, 25, 1, 0))),
        (AUTUMN, "an hour ago", ex(at(2026, 10, 25, 2, 0))),
        (AUTUMN, "00:30", ex(at(2026, 10, 25, 0, 30))),
        (AUTUMN, "02:30", ex(at(2026, 10, 25, 2, 30))),
        (AUTUMN, "yesterday 18:00", ex(at(2026, 10, 24, 18, 0))),
        (AUTUMN, "24 hours ago", ex(at(2026, 10, 24, 4, 0))),
        (AUTUMN, "last night at 11", ex(at(2026, 10, 24, 23, 0))),
        (AUTUMN, "midnight", ex(at(2026, 10, 25, 0, 0))),
        (
            AUTUMN_AFTER,
            "yesterday at 1:30am",
            pick(at(2026, 10, 25, 1, 30, fold=1), at(2026, 10, 25, 1, 30)),
        ),
        (AUTUMN_AFTER, "yesterday 1:30pm", ex(at(2026, 10, 25, 13, 30))),
        (AUTUMN_AFTER, "24 hours ago", ex(at(2026, 10, 25, 9, 0))),
        (AUTUMN_AFTER, "48 hours ago", ex(at(2026, 10, 24, 10, 0))),
        (AUTUMN_AFTER, "saturday 9am", ex(at(2026, 10, 24, 9, 0))),
        (AUTUMN_AFTER, "sunday at 2am", ex(at(2026, 10, 25, 2, 0))),
        (AUTUMN_AFTER, "2 days ago", day(d(2026, 10, 24), AUTUMN_AFTER)),
        # Across the new year (Saturday 2 January 2027)
        (NEW_YEAR, "31/12", day(d(2026, 12, 31), NEW_YEAR)),
        (NEW_YEAR, "31st dec at 11pm", ex(at(2026, 12, 31, 23, 0))),
        (NEW_YEAR, "30 december 2026", day(d(2026, 12, 30), NEW_YEAR)),
        (NEW_YEAR, "1st jan", day(d(2027, 1, 1), NEW_YEAR)),
        (NEW_YEAR, "1 jan 2027 2am", ex(at(2027, 1, 1, 2, 0))),
        (NEW_YEAR, "yesterday", day(d(2027, 1, 1), NEW_YEAR)),
        (NEW_YEAR, "thursday", day(d(2026, 12, 31), NEW_YEAR)),
        (NEW_YEAR, "last week", vague(at(2026, 12, 21), at(2026, 12, 28))),
        (NEW_YEAR, "the 28th", day(d(2026, 12, 28), NEW_YEAR)),
        (NEW_YEAR, "2/1", day(d(2027, 1, 2), NEW_YEAR)),
        (NEW_YEAR, "3/1", TOO_OLD),
    ]
    return [Case(now, text, label) for now, text, label in rows]


CASES = _cases()
