"""Parsers that turn what people type into values the flows (and handlers) can use."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from flows.model import Option, Street

# Fuzzy scores below this are guesses we would rather ask about than act on.
CHOICE_CUTOFF = 80.0
STREET_SURE = 88.0
STREET_UNSURE = 70.0
# A runner-up this close means two streets fit about equally well, so we ask.
STREET_MARGIN = 5.0

_YES = frozenset(
    "y yes yeah yea yeh yep yup ya yah yas aye sure ok okay correct right true "
    "please definitely absolutely affirmative indeed".split()
) | {"yes please", "it is", "they are", "that is right", "thats right", "of course"}
_NO = frozenset("n no nope nah na not negative false nobody noone nothing none".split()) | {
    "no thanks",
    "no one",
    "not really",
    "no way",
    "of course not",
}
_YES_LEAD = frozenset({"yes", "yeah", "yep", "yup", "y", "aye"})
_NO_LEAD = frozenset({"no", "nope", "nah", "n"})

_UNKNOWN = frozenset(
    {
        "unknown",
        "dont know",
        "do not know",
        "not sure",
        "unsure",
        "no idea",
        "idk",
        "dunno",
        "skip",
        "n a",
        "na",
        "not known",
        "no clue",
    }
)

_WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 5, "few": 5,
}  # fmt: skip
_NOW_WORDS = frozenset(
    {
        "now",
        "just now",
        "right now",
        "happening now",
        "still happening",
        "ongoing",
        "a moment ago",
        "moments ago",
        "a minute ago",
        "just",
        "just happened",
        "it just happened",
        "this minute",
        "seconds ago",
    }
)
# Words that carry no meaning for a time ("at about 6pm" means "6pm").
_TIME_FILLER = frozenset(
    "at about around approx approximately roughly maybe like it was happened on ish "
    "circa abt".split()
)
# Part-of-day words, each with the hour we take them to mean.
_DAY_PARTS = {
    "this morning": 9,
    "morning": 9,
    "lunchtime": 12,
    "lunch time": 12,
    "lunch": 12,
    "this afternoon": 15,
    "afternoon": 15,
    "this evening": 19,
    "evening": 19,
    "tonight": 19,
    "night": 22,
    "last night": 22,
}
_REL_UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "w": 10080, "wk": 10080, "wks": 10080, "week": 10080, "weeks": 10080,
    "month": 43200, "months": 43200,
}  # fmt: skip

_STREET_ABBREVIATIONS = {
    "st": "street",
    "str": "street",
    "sq": "square",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "pl": "place",
    "cir": "circus",
    "circ": "circus",
    "gdns": "gardens",
    "ct": "court",
    "cres": "crescent",
    "x": "cross",  # "Charing X" is common London shorthand
}
# Kinds of street: on their own they say nothing about which street is meant.
_STREET_GENERIC = frozenset({"street", "road", "square", "avenue", "lane", "place", "the"})
# Words people put around a place name ("outside 12 Coventry St").
_PLACE_FILLER = frozenset(
    "outside near nr by on in at of opposite opp corner junction jct top bottom end "
    "tube station stn entrance the".split()
)

_CRN_RE = re.compile(r"^[A-Z0-9/-]{4,20}$")
_CRN_LEAD = frozenset(
    {"REF", "REFERENCE", "CRIME", "CRN", "NUMBER", "NO", "IS", "ITS", "THE", "CAD:"}
)
_CASE_REF_RE = re.compile(
    r"(?<![A-Za-z])([A-Za-z]{2,5})(?:\s*[-\u2010-\u2015]\s*|)(\d{4,7})(?!\d)"
)
_CASE_REF_NUMBER_RE = re.compile(r"^\s*#?\s*(\d{1,7})\s*$")

OUTCOMES = ("detained", "crime-ref", "recovered", "nfa", "not-police", "duplicate")
_OUTCOME_WORDS = {
    "detained": "detained",
    "offender detained": "detained",
    "suspect detained": "detained",
    "arrested": "detained",
    "arrest": "detained",
    "arrest made": "detained",
    "crime ref": "crime-ref",
    "crime reference": "crime-ref",
    "crime reference number": "crime-ref",
    "crime number": "crime-ref",
    "crimeref": "crime-ref",
    "crn": "crime-ref",
    "recovered": "recovered",
    "property recovered": "recovered",
    "goods recovered": "recovered",
    "returned": "recovered",
    "nfa": "nfa",
    "no further action": "nfa",
    "no action": "nfa",
    "not police": "not-police",
    "not a police matter": "not-police",
    "not for police": "not-police",
    "civil matter": "not-police",
    "duplicate": "duplicate",
    "dupe": "duplicate",
    "dup": "duplicate",
    "already reported": "duplicate",
}


@dataclass(frozen=True)
class StreetMatch:
    """The street a piece of text most likely names, and whether we are sure enough to use it."""

    street: Street | None
    score: float
    sure: bool


def normalise(text: str) -> str:
    """Lower-case `text`, drop accents and apostrophes, and turn other punctuation into spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def parse_choice(
    text: str,
    options: Sequence[Option],
    aliases: Mapping[str, str] | None = None,
    cutoff: float = CHOICE_CUTOFF,
) -> str | None:
    """Key of the option `text` names: by number, label, key, alias or a forgiving fuzzy match."""
    t = normalise(text)
    if not t or not options:
        return None
    if t.isdigit():
        n = int(t)
        return options[n - 1].key if 1 <= n <= len(options) else None
    phrases: list[tuple[str, str]] = []
    for opt in options:
        phrases.append((normalise(opt.label), opt.key))
        phrases.append((normalise(opt.key), opt.key))
    keys = {o.key for o in options}
    for words, key in (aliases or {}).items():
        if key in keys:
            phrases.append((normalise(words), key))
    phrases = [(p, k) for p, k in phrases if p]
    for phrase, key in phrases:
        if t == phrase:
            return key
    # Two letters is too little to guess from; "no" must never fuzzily become "not sure".
    # A cutoff above 100 asks for exact words only.
    if len(t) < 3 or cutoff > 100:
        return None
    scored = process.extract(
        t, [p for p, _ in phrases], scorer=fuzz.WRatio, limit=len(phrases), score_cutoff=cutoff
    )
    if not scored:
        return None
    best_key = phrases[scored[0][2]][1]
    best_score = scored[0][1]
    for _, score, idx in scored[1:]:
        # Two different answers fitting equally well means we cannot tell which was meant.
        if phrases[idx][1] != best_key and score >= best_score - 2:
            return None
    return best_key


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no (with "yeah", "nope", typos and the like), None otherwise."""
    t = normalise(text)
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    words = t.split()
    if words[0] in _YES_LEAD:
        return True
    if words[0] in _NO_LEAD:
        return False
    if len(t) >= 3 and " " not in t:
        if OSA.distance(t, "yes") <= 1 or OSA.distance(t, "yeah") <= 1:
            return True
        if OSA.distance(t, "nope") <= 1 or t in {"noo", "nooo", "mo"}:
            return False
    return None


def is_unknown(text: str) -> bool:
    """Whether `text` says the person does not know (or wants to skip) the answer."""
    return normalise(text) in _UNKNOWN


def parse_money(text: str) -> float | None:
    """Pounds named in `text` ("£45", "45.50", "about 200 quid", "£1.2k"); None if unclear."""
    t = str(text).lower().replace(",", "")
    if is_unknown(t):
        return None
    found = list(
        re.finditer(
            r"(£\s*)?(\d+(?:\.\d{1,2})?)\s*(k\b|p\b|pence|quid|pounds?|gbp|£)?",
            t,
        )
    )
    if not found:
        return None
    with_currency = [m for m in found if m.group(1) or m.group(3)]
    if with_currency:
        m = with_currency[0]
    elif len(found) == 1:
        m = found[0]
    else:
        # "2 bottles, 30" is ambiguous without a £ sign, so we ask again.
        return None
    value = float(m.group(2))
    unit = (m.group(3) or "").strip()
    if unit == "k":
        value *= 1000
    elif unit in {"p", "pence"}:
        value /= 100
    if not math.isfinite(value) or value < 0 or value > 10_000_000:
        return None
    return round(value, 2)


def _combine(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock `hour:minute` on `day` in `tz` (an hour skipped by the clocks moves on)."""
    local = datetime.combine(day, time(hour, minute), tzinfo=tz)
    # Round-tripping through UTC resolves times that the spring clock change skips.
    return local.astimezone(UTC).astimezone(tz)


def _parse_clock(text: str) -> tuple[list[tuple[int, int]], bool] | None:
    """Candidate (hour, minute) pairs for a clock time, and whether it was unambiguous."""
    t = text.strip()
    if t in {"noon", "midday", "12 noon"}:
        return [(12, 0)], True
    if t == "midnight":
        return [(0, 0)], True
    if t in _DAY_PARTS:
        return [(_DAY_PARTS[t], 0)], True
    m = re.fullmatch(r"(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(am|pm|a m|p m)?", t)
    if m is None:
        m4 = re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)", t)
        if m4 is None:
            return None
        return [(int(m4.group(1)), int(m4.group(2)))], True
    hour = int(m.group(1))
    minute = int(m.group(2) or 0)
    suffix = (m.group(3) or "").replace(" ", "")
    if minute > 59 or hour > 23:
        return None
    if suffix:
        if hour == 0 or hour > 12:
            return ([(hour, minute)], True) if hour > 12 else None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
        return [(hour, minute)], True
    if m.group(1).startswith("0") or hour == 0 or hour > 12:
        return [(hour, minute)], True
    # "6" or "2:30" could be morning or afternoon; the caller picks the most recent.
    return [(hour % 12, minute), (hour % 12 + 12, minute)], False


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When `text` says something happened, as an aware datetime in `tz`; None if unreadable."""
    # Bare times and weekdays mean the most recent such moment ("23:50" typed at 00:10 is
    # yesterday). Explicit future dates come back as given, so the caller can refuse them.
    local_now = now.astimezone(tz)
    t = str(text).lower().replace("o'clock", "").replace("oclock", "").replace("’", "'")
    t = re.sub(r"\b(\d{1,2})\s*ish\b", r"\1", t)
    t = re.sub(r"[^a-z0-9:./ ]+", " ", t)
    t = re.sub(r"(?<![\d])\.|\.(?![\d])", " ", t)
    t = " ".join(w for w in t.split() if w not in _TIME_FILLER)
    if not t:
        return None
    if t in _NOW_WORDS:
        return local_now

    if t in {"half an hour ago", "half an hour", "half hour ago", "30 mins ago"}:
        return (now.astimezone(UTC) - timedelta(minutes=30)).astimezone(tz)
    units = "|".join(sorted(_REL_UNITS, key=len, reverse=True))
    rel = re.fullmatch(rf"(\d+(?:\.\d+)?|[a-z]+(?: [a-z]+)??(?: of)?) ?({units})(?: ago)?", t)
    if rel and rel.group(2) in _REL_UNITS:
        amount_text = rel.group(1)
        if amount_text.replace(".", "", 1).isdigit():
            amount = float(amount_text)
        elif amount_text in _NUMBER_WORDS:
            amount = float(_NUMBER_WORDS[amount_text])
        else:
            amount = -1.0
        if amount >= 0 and amount <= 60 * 24 * 400:
            minutes = amount * _REL_UNITS[rel.group(2)]
            if minutes > 60 * 24 * 400:
                return None
            # Subtract in UTC: wall-clock arithmetic would be an hour out across a clock change.
            return (now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(tz)

    day: date | None = None
    weekday: int | None = None
    rest = f" {t} "

    def take(pattern: str) -> re.Match[str] | None:
        """Find `pattern` in what is left of the text and cut it out."""
        nonlocal rest
        found = re.search(pattern, rest)
        if found:
            rest = rest[: found.start()] + " " + rest[found.end() :]
        return found

    if take(r" (?:the )?day before yesterday "):
        day = local_now.date() - timedelta(days=2)
    elif take(r" last night "):
        day = local_now.date() - timedelta(days=1)
        rest = rest + " night "
    elif take(r" (?:yesterday|yday|yest|ystd) "):
        day = local_now.date() - timedelta(days=1)
    elif take(r" (?:today|tday|tonight) "):
        day = local_now.date()
        if "tonight" in t:
            rest = rest + " evening "
    else:
        names = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
        wd = take(rf" (?:last |this |on )?({names}) ")
        if wd:
            weekday = _WEEKDAYS[wd.group(1)]
        else:
            months = "|".join(sorted(_MONTHS, key=len, reverse=True))
            d = take(r" (\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))? ")
            if d is None:
                d2 = take(rf" (\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({months})[a-z]* ")
                d3 = None if d2 else take(rf" ({months})[a-z]* (\d{{1,2}})(?:st|nd|rd|th)? ")
                if d2:
                    dd, mm, yy = int(d2.group(1)), _MONTHS[d2.group(2)], None
                elif d3:
                    dd, mm, yy = int(d3.group(2)), _MONTHS[d3.group(1)], None
                else:
                    dd = mm = 0
                    yy = None
            else:
                dd, mm = int(d.group(1)), int(d.group(2))
                yy = int(d.group(3)) if d.group(3) else None
            if mm:
                year = yy if yy is None or yy >= 100 else 2000 + yy
                try:
                    day = date(year or local_now.year, mm, dd)
                except ValueError:
                    return None
                if year is None and day > local_now.date():
                    try:
                        day = date(local_now.year - 1, mm, dd)
                    except ValueError:
                        return None

    rest = " ".join(rest.split())
    explicit_day = day is not None or weekday is not None
    if not rest:
        return None
    parsed = _parse_clock(rest)
    if parsed is None:
        return None
    candidates, _exact = parsed

    if weekday is not None:
        offset = (local_now.weekday() - weekday) % 7
        day = local_now.date() - timedelta(days=offset)

    results: list[datetime] = []
    for hour, minute in candidates:
        if day is not None:
            when = _combine(day, hour, minute, tz)
            if weekday is not None and when > local_now:
                when = _combine(day - timedelta(days=7), hour, minute, tz)
        else:
            when = _combine(local_now.date(), hour, minute, tz)
            if when > local_now:
                when = _combine(local_now.date() - timedelta(days=1), hour, minute, tz)
        results.append(when)
    past = [r for r in results if r <= local_now]
    if past:
        return max(past)
    # Every reading is in the future: give the nearest so the caller can say so.
    return min(results) if explicit_day else max(results)


def _street_words(text: str) -> str:
    """Street text normalised for comparison: st → street, filler and house numbers gone."""
    words = [_STREET_ABBREVIATIONS.get(w, w) for w in normalise(text).split()]
    return " ".join(w for w in words if not w.isdigit() and w not in _PLACE_FILLER)


def _street_core(words: str) -> str:
    """The distinctive part of a street name ("coventry" of "coventry street")."""
    return " ".join(w for w in words.split() if w not in _STREET_GENERIC)


def match_street(text: str, streets: Sequence[Street]) -> StreetMatch:
    """The street in `streets` that `text` names, forgiving typos and abbreviations."""
    query = _street_words(text)
    core = _street_core(query)
    if len(core.replace(" ", "")) < 3 or not streets:
        return StreetMatch(None, 0.0, False)
    scores: list[tuple[float, float, Street]] = []
    for street in streets:
        words = _street_words(street.name)
        street_core = _street_core(words) or words
        # Compare the distinctive words, so "Oxford Street" is not close to "Wardour Street".
        main = fuzz.WRatio(core, street_core)
        whole = fuzz.WRatio(query, words)
        scores.append((main, whole, street))
    scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best_main, _, best = scores[0]
    if best_main < STREET_UNSURE:
        return StreetMatch(None, best_main, False)
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    sure = best_main >= STREET_SURE and best_main - runner_up >= STREET_MARGIN
    return StreetMatch(best, best_main, sure)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def nearest_street(
    lat: float, lon: float, streets: Sequence[Street], max_m: float = 300
) -> Street | None:
    """The street with coordinates nearest to (lat, lon), if it is within `max_m` metres."""
    best: tuple[float, Street] | None = None
    for street in streets:
        if street.latitude is None or street.longitude is None:
            continue
        d = distance_m(lat, lon, street.latitude, street.longitude)
        if best is None or d < best[0]:
            best = (d, street)
    if best is None or best[0] > max_m:
        return None
    return best[1]


def parse_crn(text: str) -> str | None:
    """A CAD or crime reference: 4–20 letters, digits, `/` or `-`, with at least one digit."""
    words = str(text).upper().replace("#", " ").replace(":", " ").split()
    while len(words) > 1 and words[0] in _CRN_LEAD:
        words = words[1:]
    ref = "".join(words).strip(".,;")
    if _CRN_RE.fullmatch(ref) and any(c.isdigit() for c in ref):
        return ref
    return None


def parse_case_ref(text: str, default_code: str | None = None) -> tuple[str, int] | None:
    """A case reference like "we-1042" as ("WE", 1042); bare numbers take `default_code`."""
    t = str(text)
    m = _CASE_REF_RE.search(t)
    if m:
        return m.group(1).upper(), int(m.group(2))
    if default_code:
        bare = _CASE_REF_NUMBER_RE.match(t)
        # "WE 42" is safe to read only for the code we expect; "case 1234" must not become CASE.
        spaced = re.search(rf"(?<![A-Za-z]){re.escape(default_code)}\s+(\d{{1,7}})(?!\d)", t, re.I)
        if bare:
            return default_code.upper(), int(bare.group(1))
        if spaced:
            return default_code.upper(), int(spaced.group(1))
    return None


def format_ref(code: str, number: int) -> str:
    """A case reference as people see it: "WE-0042"."""
    return f"{code.upper()}-{number:04d}"


def parse_outcome(text: str) -> str | None:
    """An officer's close outcome (detained, crime-ref, recovered, nfa, not-police, duplicate)."""
    options = [Option(key, key.replace("-", " ")) for key in OUTCOMES]
    return parse_choice(text, options, _OUTCOME_WORDS)


def format_time(dt: datetime, tz: ZoneInfo) -> str:
    """A moment as people on the shop floor read it: "Mon 23 Nov, 14:30" (24-hour, local)."""
    local = dt.astimezone(tz)
    return (
        f"{_DAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]}, {local:%H:%M}"
    )


def format_clock(dt: datetime, tz: ZoneInfo) -> str:
    """Just the 24-hour local time of `dt`: "14:30"."""
    return f"{dt.astimezone(tz):%H:%M}"
