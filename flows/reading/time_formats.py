"""Written dates and clock times, in the canonical words of `time_words`: "22/11", "Nov 22nd
2026", "the 22nd"; "14:30", "2.45 pm", "half 2", "quarter to midnight", "at 3"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.reading.time_words import MONTHS

# Year, month and day as written; the year or month may be left out ("22/11", "the 22nd").
WrittenDate = tuple[int | None, int | None, int]

_MO = "|".join(MONTHS)
_ISO = re.compile(r" (\d{4})/(\d{1,2})/(\d{1,2}) ")
_NUMERIC = re.compile(r" (\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))? ")
_NAMED = re.compile(
    rf" (?:(?P<d1>\d{{1,2}})(?:th)? (?:of )?(?P<m1>{_MO})|(?P<m2>{_MO}) (?:the )?"
    rf"(?P<d2>\d{{1,2}})(?:th)?(?! (?:am|pm|oclock|about)))(?: (?P<y>\d{{4}}))? "
)
_ORDINAL = re.compile(r" (?:the )?(\d{1,2})th ")
_CLOCK = re.compile(r" (\d{1,2}):(\d{2})(?::(\d{2}))?(?: (am|pm))? ")
_HOUR_AMPM = re.compile(r" (\d{1,2}) (am|pm) ")
_PAST_TO = re.compile(r" (half|quarter|\d{1,2})(?: min)? (past|to) (\d{1,2}|midnight|noon) ")
_HALF_N = re.compile(r" half (\d{1,2}) ")
_NOON = re.compile(r" (?:12 )?(noon|midnight) ")
_MARKED = re.compile(r" (?:(?:at|about|by|after|before) (\d{1,2})|(\d{1,2}) (?:oclock|about)) ")
_MILITARY = re.compile(r" (?:at|about|by) ([01]\d|2[0-3])([0-5]\d) ")


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day as said: `twelve` when it could be either half of the day."""

    hour: int
    minute: int
    second: int = 0
    twelve: bool = False
    midnight: bool = False
    weak: bool = False  # a bare number with a marker ("at 3"): not enough to ignore other words


def take(rest: str, pattern: re.Pattern[str]) -> tuple[str, re.Match[str] | None]:
    """`rest` with the first match of `pattern` cut out, and the match."""
    m = pattern.search(rest)
    if m is None:
        return rest, None
    return rest[: m.start()] + " " + rest[m.end() :], m


def read_date(rest: str) -> tuple[str, WrittenDate | None, bool]:
    """Cut a written date ("22/11", "Nov 22nd 2026", "the 22nd") out of `rest`, and whether
    the day and month could be the other way round ("11/12" is 12 Nov to an American)."""
    rest, m = take(rest, _ISO)
    if m:
        return rest, (int(m.group(1)), int(m.group(2)), int(m.group(3))), False
    rest, m = take(rest, _NUMERIC)
    if m:
        d, mo = int(m.group(1)), int(m.group(2))
        if mo > 12 >= d:
            d, mo = mo, d  # "06-17-2014": only the American order makes sense
        year = int(m.group(3)) if m.group(3) else None
        year = year + 2000 if year is not None and year < 100 else year
        return rest, (year, mo, d), d != mo and d <= 12
    rest, m = take(rest, _NAMED)
    if m:
        month = MONTHS.index(m.group("m1") or m.group("m2")) + 1
        year = int(m.group("y")) if m.group("y") else None
        return rest, (year, month, int(m.group("d1") or m.group("d2"))), False
    rest, m = take(rest, _ORDINAL)
    return rest, (None, None, int(m.group(1))) if m else None, False


def read_clock(rest: str) -> tuple[str, Clock | None] | None:
    """Cut a clock time ("14:30", "half 2", "quarter to midnight") out of `rest`; None if the
    time written there is not a real one ("25:00", "16:14 am")."""
    rest, m = take(rest, _CLOCK)
    hour = minute = second = 0
    meridiem: str | None = None
    weak = False
    if m:
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        meridiem = m.group(4)
        # Seconds or a leading zero mean a 24-hour clock ("09:30", "11:30:14").
        twelve = not (m.group(1).startswith("0") or m.group(3))
    elif (found := take(rest, _PAST_TO))[1]:
        rest, m = found
        assert m is not None
        n, word, target = m.group(1), m.group(2), m.group(3)
        minute = {"half": 30, "quarter": 15}.get(n) or int(n)
        hour = {"midnight": 0, "noon": 12}.get(target, 0) if not target.isdigit() else int(target)
        twelve = target.isdigit()
        if word == "to":
            hour, minute = ((hour - 1) % 12 or 12) if twelve else (hour - 1) % 24, 60 - minute
        if minute >= 60:
            return None
    elif (found := take(rest, _HALF_N))[1]:
        rest, m = found
        assert m is not None
        hour, minute, twelve = int(m.group(1)), 30, True  # "half 2" is 2:30 in Britain
    elif (found := take(rest, _HOUR_AMPM))[1]:
        rest, m = found
        assert m is not None
        hour, meridiem, twelve = int(m.group(1)), m.group(2), True
    elif (found := take(rest, _NOON))[1]:
        rest, m = found
        assert m is not None
        midnight = m.group(1) == "midnight"
        return rest, Clock(0 if midnight else 12, 0, midnight=midnight)
    elif (found := take(rest, _MILITARY))[1]:
        rest, m = found
        assert m is not None
        hour, minute, twelve = int(m.group(1)), int(m.group(2)), False
    elif (found := take(rest, _MARKED))[1]:
        rest, m = found
        assert m is not None
        hour, twelve, weak = int(m.group(1) or m.group(2)), True, True
    else:
        return rest, None
    if minute > 59 or second > 59 or hour > 23:
        return None
    if meridiem:
        if hour > 12 or hour == 0:
            # "13:30 PM" agrees with itself; "16:14 AM" and "0 PM" do not.
            if (meridiem == "am") == (hour > 12) or (hour == 0 and meridiem == "pm"):
                return None
        else:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        twelve = False
    elif hour == 0 or hour > 12:
        twelve = False
    return rest, Clock(hour, minute, second, twelve=twelve, weak=weak)
