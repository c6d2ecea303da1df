"""What a time phrase says, before any clock or zone: days back, a weekday, a date, a part of the
day, a clock time, a span back from now. `said()` reads canonical words from `time_words`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flows.reading.time_formats import Clock, WrittenDate, read_clock, read_date, take
from flows.reading.time_words import MONTHS, WEEKDAYS, canonical

# Words that make a phrase something other than one past moment ("not 3", "3 or 4", "from 2").
_POISON = frozenset(
    "not no dont didnt never dunno idk unsure between since for every each from or until "
    "nope nah over more less than least under".split()
)
_FILLER = frozenset(
    "it was is were i think maybe probably like so um erm er hmm ok okay happened posted "
    "sometime some time exactly sharp precisely that when there then he she they we its "
    "wait actually sorry yes yeah mid at about on the in a an of by and after before just "
    "around".split()
)
# Words that change a time's meaning: left over, they mean we have misread something.
_STRAY = (
    frozenset(
        "half quarter past to next few couple oclock sec min hour day week month ago am pm "
        "noon midnight early late yesterday today tonight tomorrow morning afternoon evening "
        "night lunchtime weekend".split()
    )
    | set(WEEKDAYS)
    | set(MONTHS)
)
_NOW = frozenset(
    {
        "now", "just now", "right now", "just", "just happened", "happening now",
        "still happening", "a moment", "moments", "moment", "this min",
        "a sec", "few sec", "a few sec", "this moment",
    }
)  # fmt: skip
_WD = "|".join(WEEKDAYS)
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
_WEEKDAY = re.compile(rf" (?:(last|this|on|past|next) )?({_WD})(?: (last|this|next) week)? ")
_SPANS = (
    (re.compile(r" (?:at )?(?:the |last |this )?weekend "), "weekend"),
    (re.compile(r" (?:earlier )?this week "), "this_week"),
    (re.compile(r" (?:in the )?last week "), "last_week"),
)
_MILITARY_HOURS = re.compile(r" (?:at |about |by )?([01]\d|2[0-3])([0-5]\d) hour ")
_UNIT_WORDS = frozenset({"sec", "min", "hour", "day", "week", "month"})
_PART_WORDS = frozenset(
    "morning afternoon evening night tonight lunchtime earlier overnight hour thing".split()
)
_YEAR = re.compile(r" ((?:19|20)\d\d) ")
_DIGIT = re.compile(r"\d")
_BARE = frozenset({"it", "was", "about", "i", "think"})
_UNIT = r"(?P<u>sec|min|hour|day|week|month)"
_AMOUNT = r"(?P<n>\d+(?:\.\d+)?|an?|(?:a )?few|(?:a )?couple(?: of)?)"
_DURATION = re.compile(
    r" (?P<pre>(?:in |within )?the (?:last|past) |(?:last|past|within|in) )?(?:"
    rf"{_AMOUNT} (?P<half1>and a half )?{_UNIT}(?! (?:past|to) \d)(?P<half2> and a half)?"
    r"(?: (?:and )?(?P<n2>\d+) (?P<u2>sec|min|hour))?"
    r"|(?P<halfan>half an? (?P<hu>hour|min|day))|(?P<quarter>(?:a )?quarter of an hour))"
    r"(?P<post> ago| before| back| earlier| previously| from now| time| later)? "
)
_SPAN_BACK = re.compile(r" (?:in |within )?(?:the )?(?:last|past) (?P<u>hour|min|day) ")
_SECONDS = {"sec": 1, "min": 60, "hour": 3600}
_DAYS = {"day": 1, "week": 7, "month": 30}
_FEW_DAYS = {"day": (2, 5), "week": (14, 28), "month": (60, 120)}
_PARTS = {
    "early hour": "early", "small hour": "early", "early morning": "early",
    "early this morning": "early", "first thing this morning": "morning",
    "first thing in the morning": "morning", "first thing": "morning",
    "late last night": "late_night", "late night": "late_night",
    "late at night": "late_night", "overnight": "overnight",
    "lunchtime": "lunchtime", "morning": "morning", "afternoon": "afternoon",
    "evening": "evening", "tonight": "tonight", "night": "night", "earlier": "earlier",
}  # fmt: skip
_NIGHTS = frozenset({"evening", "night", "late_night"})
_PART = re.compile(
    r" (?P<this>(?:earlier )?(?:this |in the |at |last )|earlier )?"
    r"(?:(?:early|late|mid) (?=after|even))?"
    r"(?P<part>" + "|".join(sorted(_PARTS, key=len, reverse=True)) + r")(?P<today> today| on)? "
)


@dataclass(slots=True)
class Said:
    """Everything a phrase says about when, none of it yet tied to a clock."""

    now: bool = False
    future: bool = False
    back: timedelta | None = None  # an exact span back from now
    fuzz: timedelta | None = None  # how far either side of `back` the moment may be
    within_back: timedelta | None = None  # "in the last hour": any time since then
    days_back: tuple[int, int] | None = None  # from .. to whole days back (yesterday = 1, 1)
    weekday: int | None = None
    weekday_mode: str = "recent"  # recent | last (not today) | last_week (the week before)
    date: WrittenDate | None = None
    date_swaps: bool = False  # "11/12" could be the other way round
    part: str | None = None
    this_part: bool = False  # "this evening" is today's, never yesterday's
    span: str | None = None  # last_week | this_week | weekend
    clock: Clock | None = None
    meridiem: str | None = None
    lone: int | None = None  # a number alone, which is an option number unless asked for a time

    @property
    def has_day(self) -> bool:
        """Whether the phrase names its own day (so an earlier window does not apply)."""
        return any(
            x is not None for x in (self.back, self.within_back, self.days_back, self.date)
        ) or bool(self.span or self.now or self.future or self.weekday_mode != "recent")


def _amount(text: str) -> float | str:
    """A duration's amount: a number, or "few" for the vague ones."""
    if text in {"a", "an"}:
        return 1.0
    if "couple" in text:
        return 2.0
    if "few" in text:
        return "few"
    return float(text)


def _duration(s: Said, m: re.Match[str]) -> bool:
    """Record a duration; False if it makes no sense."""
    pre, post = (m.group("pre") or "").strip(), (m.group("post") or "").strip()
    if (pre == "in" and not post) or post in {"from now", "time", "later"}:
        s.future = True
        return True
    if m.group("halfan"):
        unit, amount = m.group("hu"), 0.5
    elif m.group("quarter"):
        unit, amount = "min", 15.0
    else:
        unit, raw = m.group("u"), _amount(m.group("n"))
        if isinstance(raw, str):  # "a few"
            if unit in _FEW_DAYS:
                s.days_back = _FEW_DAYS[unit]
                return not pre and m.group("n2") is None
            # "a few minutes" is near enough five; "a few hours" is only a window.
            amount = {"sec": 5.0, "min": 5.0, "hour": 3.0}[unit]
            s.fuzz = timedelta(hours=1) if unit == "hour" else None
        else:
            amount = raw
        if m.group("half1") or m.group("half2"):
            amount += 0.5
    if unit in _SECONDS:
        back = timedelta(seconds=amount * _SECONDS[unit])
    elif amount == int(amount) and not pre:
        days = int(amount) * _DAYS[unit]
        s.days_back = (days, days)
        return m.group("n2") is None
    else:
        back = timedelta(days=amount * _DAYS[unit])
        s.fuzz = timedelta(hours=3)  # "1.5 days" is a rough figure
    if m.group("n2"):
        back += timedelta(seconds=int(m.group("n2")) * _SECONDS[m.group("u2")])
    if pre:
        s.within_back = back
        s.fuzz = None
    else:
        s.back = back
    return back < timedelta(days=3660)


def _days(s: Said, rest: str) -> str:
    """Cut day words (yesterday, a weekday, last week) out of `rest` into `s`."""
    for pattern, back in ((" day before yesterday ", 2), (" yesterday ", 1), (" today ", 0)):
        if pattern in rest and s.days_back is None:
            rest = rest.replace(pattern, " ", 1)
            s.days_back = (back, back)
    if " the other day " in rest and s.days_back is None:
        rest = rest.replace(" the other day ", " ", 1)
        s.days_back = (2, 6)
    rest, m = take(rest, _WEEKDAY) if _WEEKDAY_WORDS & set(rest.split()) else (rest, None)
    if m:
        s.weekday = WEEKDAYS.index(m.group(2))
        if "next" in {m.group(1), m.group(3)}:
            s.future = True
        elif m.group(3) == "last":
            s.weekday_mode = "last_week"
        elif m.group(1) == "last":
            s.weekday_mode = "last"
    if " week" in rest:
        for span_pattern, span in _SPANS:
            rest, m = take(rest, span_pattern)
            if m:
                s.span = span
    return rest


def said(text: str) -> Said | None:
    """What `text` says about when something happened; None if it cannot be one past moment."""
    words = canonical(text)
    joined = " ".join(words).replace(" or so", "").replace("from now", "later")
    joined = joined.replace("over the weekend", "at the weekend")  # not "over an hour"
    vocabulary = set(joined.split())
    if vocabulary & _POISON:
        return None
    s = Said()
    bare = " ".join(w for w in joined.split() if w not in _BARE).removesuffix(" ago")
    if bare in _NOW:
        s.now = True
        return s
    rest = f" {joined} "
    if " tomorrow " in rest or " later " in rest:
        s.future = True
        return s
    units = bool(vocabulary & _UNIT_WORDS)
    rest, m = take(rest, _MILITARY_HOURS) if "hour" in vocabulary else (rest, None)
    if m:
        s.clock = Clock(int(m.group(1)), int(m.group(2)))
    rest, m = take(rest, _DURATION) if units else (rest, None)
    if m:
        if not _duration(s, m):
            return None
        if s.future:
            return s
    elif units:
        rest, m = take(rest, _SPAN_BACK)
        if m:
            s.within_back = timedelta(seconds=_SECONDS.get(m.group("u"), 86400))
    digits = _DIGIT.search(joined) is not None
    if digits:
        rest, s.date, s.date_swaps = read_date(rest)
    rest = _days(s, rest)
    if s.future:
        return s
    rest = rest.replace(" after lunchtime ", " afternoon ")
    rest = rest.replace(" before lunchtime ", " morning ")
    rest, m = take(rest, _PART) if vocabulary & _PART_WORDS else (rest, None)
    if m:
        s.part = _PARTS[m.group("part")]
        lead = (m.group("this") or "").strip().removeprefix("earlier ")
        s.this_part = lead == "this" or bool(m.group("today")) or s.part == "tonight"
        if m.group("part") == "late last night" or (lead == "last" and s.part in _NIGHTS):
            s.part = "night" if s.part == "evening" else s.part
            s.days_back = s.days_back or (1, 1)
    if s.clock is None and (digits or "noon" in vocabulary or "midnight" in vocabulary):
        if (clocked := read_clock(rest)) is None:
            return None
        rest, s.clock = clocked
    if s.date and s.date[0] is None and (y := _YEAR.search(rest)):
        s.date = (int(y.group(1)), s.date[1], s.date[2])
        rest = rest.replace(y.group(0), " ", 1)
    left = [w for w in rest.split() if w not in _FILLER]
    for meridiem in ("am", "pm"):
        if meridiem in left:
            left.remove(meridiem)
            s.meridiem = meridiem
    numbers = [w for w in left if w[0].isdigit()]
    anchored = s.has_day or s.part is not None or s.weekday is not None
    if s.clock is None and len(numbers) == 1 and len(numbers[0]) <= 2 and numbers[0].isdigit():
        n = int(numbers[0])
        left.remove(numbers[0])
        if s.meridiem and 1 <= n <= 12:
            s.clock, s.meridiem = Clock(n % 12 + (12 if s.meridiem == "pm" else 0), 0), None
        elif anchored and n <= 23:
            s.clock = Clock(n, 0, twelve=1 <= n <= 12, weak=True)
        elif not left and not anchored:
            s.lone = n
    elif s.clock is None and numbers == left and len(left) == 1 and len(left[0]) == 4:
        # A bare "1430" is a time; "2026" may be a year, so it is not read as 20:26.
        hhmm = left[0]
        year_like = hhmm[:2] in {"19", "20"}
        if hhmm.isdigit() and not year_like and int(hhmm[:2]) < 24 and int(hhmm[2:]) < 60:
            s.clock = Clock(int(hhmm[:2]), int(hhmm[2:]))
            left = []
    if s.meridiem and s.clock and s.clock.twelve:
        c = s.clock
        s.clock = Clock(c.hour % 12 + (12 if s.meridiem == "pm" else 0), c.minute, c.second)
        s.meridiem = None
    if any(w[0].isdigit() or w in _STRAY for w in left):
        return None  # "quarter to" with nothing after it, or a number we could not place
    strong = anchored or s.now or (s.clock is not None and not s.clock.weak)
    if left and not strong:
        return None
    empty = not (anchored or s.clock or s.meridiem or s.lone is not None or s.within_back)
    return None if empty else s
