"""Typed time phrases as canonical words: spelling, abbreviations, typos and number words fixed.

"ystrday @ 6PM", "Wensday, 22nd" and "bout twenty mins ago" come out as "yesterday at 6 pm",
"wednesday 22th" and "about 20 min ago", so the grammar in `time_grammar` has one spelling of
each word to deal with.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)  # fmt: skip
UNITS = ("sec", "min", "hour", "day", "week", "month")

# One spelling for each word the grammar knows.
_ALIASES = {
    "yday": "yesterday", "yest": "yesterday", "ystd": "yesterday", "yesterdy": "yesterday",
    "ysterday": "yesterday", "yestday": "yesterday", "yesteday": "yesterday",
    "tday": "today", "tdy": "today", "todays": "today",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tomoz": "tomorrow",
    "tonite": "tonight", "nite": "night",
    "morn": "morning", "mornin": "morning", "arvo": "afternoon",
    "eve": "evening", "evng": "evening", "lunch": "lunchtime", "dinnertime": "lunchtime",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "weds": "wednesday", "thu": "thursday", "thur": "thursday", "thurs": "thursday",
    "fri": "friday", "sat": "saturday", "sun": "sunday",
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december",
    "s": "sec", "secs": "sec", "second": "sec", "seconds": "sec",
    "m": "min", "mins": "min", "minute": "min", "minutes": "min", "mns": "min",
    "h": "hour", "hr": "hour", "hrs": "hour", "hours": "hour", "hs": "hour",
    "d": "day", "days": "day", "w": "week", "wk": "week", "wks": "week", "weeks": "week",
    "months": "month",
    "bout": "about", "abt": "about", "around": "about", "roughly": "about", "approx": "about",
    "approximately": "about", "circa": "about", "ish": "about", "round": "about",
    "bfore": "before", "befor": "before",
    "@": "at", "til": "till", "gone": "after",
    "midday": "noon", "wkend": "weekend",
    "couple": "couple", "several": "few",
}  # fmt: skip
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
}  # fmt: skip
# Words the grammar reads; anything else may be a typo of one of the long ones.
_GRAMMAR = (
    "yesterday today tonight tomorrow morning afternoon evening night noon midnight lunchtime "
    "earlier early late last this next past on in at about ago before after till by the a an "
    "and of half quarter to oclock am pm from now just right moment moments other week "
    "weekend overnight hours small first thing later couple few within"
)
_FILLER = (
    "it was is were i think maybe probably like or so um erm er hmm ok okay happened posted "
    "sometime some time exactly sharp precisely that when around there then he she they we it "
    "its opening closing close open shop store wait actually sorry yes yeah mid"
)
KNOWN = frozenset(
    {*WEEKDAYS, *MONTHS, *UNITS, *_ALIASES, *_ALIASES.values(), *_NUMBERS}
    | {*_GRAMMAR.split(), *_FILLER.split()}
)
# Long words worth correcting typos towards, and how far a typo may stray from each.
_FUZZY_TARGETS = tuple(
    w
    for w in (*WEEKDAYS, *MONTHS, *_GRAMMAR.split(), "minutes", "seconds", *_NUMBERS)
    if len(w) >= 5
)

_AMPM = re.compile(r"(?<![a-z])([ap])\s?\.?\s?m\b\.?")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})[.-](\d{1,2})[.-](\d{2,4})\b")
_UNIT_AHEAD = (
    r"(?!\d|\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\b)"
)
_CLOCK_SEP = re.compile(r"\b(\d{1,2})\.(\d{2})\b" + _UNIT_AHEAD)
_HM_AGO = re.compile(r"\b(\d{1,2})h(\d{2})\b(?=\s*(?:ago|before|back))")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
_NUMBER_WORDS = re.compile(
    r"\b(twenty|thirty|forty|fourty|fifty)[\s-]?(one|two|three|four|five|six|seven|eight|nine)\b"
)
# Spellings with digits in them, read before digits and letters are pulled apart.
_DIGIT_WORDS = re.compile(
    r"\b(2day|2nite|2night|b4|2moro|2morrow|2mrw|lastnight|thismorning|noonish|middayish)\b"
)
_DIGIT_WORD_MEANING = {
    "2day": "today", "2nite": "tonight", "2night": "tonight", "b4": "before",
    "2moro": "tomorrow", "2morrow": "tomorrow", "2mrw": "tomorrow", "lastnight": "last night",
    "thismorning": "this morning", "noonish": "noon", "middayish": "noon",
}  # fmt: skip
_DIGIT = re.compile(r"\d")
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_TOKEN = re.compile(r"\d+(?:[.:/]\d+)*|[a-z]+|@")


_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019`\u00b4")
_SPLIT = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_H_CLOCK = re.compile(r"\b(\d{1,2})h(\d{2})\b")


def _fold(text: str) -> str:
    """Lower case without accents, apostrophes or fancy quotes."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().translate(_APOSTROPHES)


@lru_cache(maxsize=4096)
def _fix_typo(word: str) -> str:
    """The long grammar word `word` is a typo of, if exactly one is close; else `word`."""
    if len(word) < 4:
        return word
    best: list[tuple[int, str]] = []
    for target in _FUZZY_TARGETS:
        # Typos rarely change the first letter, and that rule keeps "opening" from "evening".
        if target[0] != word[0] or abs(len(target) - len(word)) > 2:
            continue
        limit = 2 if len(target) >= 7 else 1
        distance = OSA.distance(word, target, score_cutoff=limit)
        if distance <= limit:
            best.append((distance, target))
    if not best:
        return word
    best.sort()
    if len(best) > 1 and best[1][0] == best[0][0]:
        return word  # "tursday" is as near "tuesday" as "thursday": do not guess
    return best[0][1]


def canonical(text: str) -> list[str]:
    """`text` as canonical tokens: words in one spelling, numbers as digits, clocks as H:MM."""
    t = _fold(str(text))
    # Each pass runs only when its text can be there: most phrases need few of them.
    if "m" in t:
        t = _AMPM.sub(r" \1m ", t)
    if "clock" in t:
        t = t.replace("o clock", "oclock")
    if _DIGIT.search(t):
        if "," in t:
            t = _DECIMAL_COMMA.sub(r"\1.\2", t)
        if "." in t or "-" in t:
            t = _DOTTED_DATE.sub(r"\1/\2/\3", t)
            t = _ISO_DATE.sub(r"\1/\2/\3", t)
        if "h" in t:
            t = _HM_AGO.sub(r"\1 h \2 min", t)
            # "10h11" is 24-hour notation; written with seconds, the grammar reads it so.
            t = _H_CLOCK.sub(r"\1:\2:00", t)
        if "." in t:
            t = _CLOCK_SEP.sub(r"\1:\2", t)
        t = _DIGIT_WORDS.sub(lambda m: _DIGIT_WORD_MEANING[m.group(1)], t)
        t = _SPLIT.sub(" ", t)
    elif "night" in t or "morning" in t or "ish" in t:
        t = _DIGIT_WORDS.sub(lambda m: _DIGIT_WORD_MEANING[m.group(1)], t)
    if "ty" in t:
        t = _NUMBER_WORDS.sub(lambda m: str(_NUMBERS[m.group(1)] + _NUMBERS[m.group(2)]), t)
    out: list[str] = []
    for token in _TOKEN.findall(t):
        if token[0].isalpha() and token not in KNOWN:
            token = _fix_typo(token)
        token = _ALIASES.get(token, token)
        if token in _NUMBERS:
            token = str(_NUMBERS[token])
        if token in _ORDINALS and out and out[-1].isdigit():
            out[-1] += "th"  # "22nd" is one ordinal token
            continue
        out.append(token)
    return out
