"""Turning a description into tagged words: normalising, forgiving typos, finding phrases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from flows.property import brands, colours, words

# A tag says what a phrase means: ("category", category, kind, family), ("colour", family,
# shade), ("brand", group, brand), ("model", line), ("detail", key), ("material", key),
# ("pattern", key), ("emblem", key).
Tag = tuple[str, ...]

BREAK = "|"
AND = "^"  # "and" is a list break, except between two colours ("black and white")
_BREAKS = re.compile(r"[,.;:!?()\[\]\n\r\t/+]|\s-\s|\s&\s|\bplus\b|\balso\b")
_AND = re.compile(r"\band\b")
_NOT_WORD = re.compile(r"[^a-z0-9|^]+")
_DIGIT_EDGE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_INITIAL = re.compile(r"\b([a-z])\.")  # "J. Smith", "J.B.": no list break after an initial
# Names with "and" or "&" inside, read as one word before "and" starts a new list item.
_JOINED = (
    (re.compile(r"\bh ?(?:&|and|n) ?m\b"), " handm "),
    (re.compile(r"\bm ?(?:&|and|n) ?s\b|\bmarks (?:&|and) spencers?\b"), " mands "),
    (re.compile(r"\bbeats by dre\b"), " beats "),
)


def normalise(text: str) -> str:
    """Lower case ASCII words and digits; list breaks (commas, 'and') become `|`."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("'", "").replace("’", "")
    plain = _INITIAL.sub(r"\1 ", plain)
    for pattern, joined in _JOINED:
        plain = pattern.sub(joined, plain)
    plain = plain.replace("&", " & ")
    plain = _AND.sub(f" {AND} ", _BREAKS.sub(f" {BREAK} ", plain))
    plain = _DIGIT_EDGE.sub(" ", _NOT_WORD.sub(" ", plain))
    return " ".join(plain.split())


def _phrases(spec: str) -> list[str]:
    return [p.strip() for p in spec.split(",") if p.strip()]


def _build() -> dict[tuple[str, ...], list[Tag]]:
    table: dict[tuple[str, ...], list[Tag]] = {}

    def add(phrase: str, tag: Tag) -> None:
        key = tuple(normalise(phrase).replace(BREAK, " ").split())
        if key and tag not in table.setdefault(key, []):
            table[key].append(tag)

    for category, kinds in words.KINDS.items():
        for kind, (family, spec) in kinds.items():
            for phrase in _phrases(spec):
                add(phrase, ("category", category, kind, family))
    for family, spec in colours.FAMILIES.items():
        for phrase in _phrases(spec):
            add(phrase, ("colour", family, phrase))
    for group, names in brands.BRANDS.items():
        for brand, spec in names.items():
            for phrase in _phrases(spec):
                add(phrase, ("brand", group, brand))
    for phrase, line in brands.MODEL_LINES.items():
        add(phrase, ("model", line))
    for table_name, entries in (
        ("detail", words.DETAILS),
        ("material", words.MATERIALS),
        ("pattern", words.PATTERNS),
        ("emblem", brands.EMBLEMS),
    ):
        for key, spec in entries.items():
            for phrase in _phrases(spec):
                add(phrase, (table_name, key))
    return table


PHRASES = _build()
LONGEST = max(len(k) for k in PHRASES)
# Single words a typo may be corrected to: long enough that one slip cannot land on another word.
# (A word only found inside longer phrases, like the "paul" of "paul smith", is a target only
# when long: "paula" is no typo.)
_TARGETS = sorted(
    {
        w
        for k in PHRASES
        for w in k
        if w.isalpha() and (len(w) >= 6 or (len(w) >= 4 and (w,) in PHRASES))
    }
)
_LONGER = [w for w in _TARGETS if len(w) == 5]
# first word of a phrase -> the longest phrase starting with it
_STARTS: dict[str, int] = {}
for _key in PHRASES:
    _STARTS[_key[0]] = max(_STARTS.get(_key[0], 0), len(_key))
_KNOWN = frozenset(w for k in PHRASES for w in k)


@lru_cache(maxsize=65536)
def correct(word: str) -> str:
    """The vocabulary word `word` was meant to be, or `word` itself when none is clearly meant."""
    if word in _KNOWN or word in words.STOP or not word.isalpha() or len(word) < 4:
        return word
    if word.endswith("s") and word[:-1] in _KNOWN:
        return word[:-1]
    if word.endswith("es") and word[:-2] in _KNOWN:
        return word[:-2]
    if word in words.STOP or word in _PROTECTED:
        return word
    limit = 1 if len(word) < 8 else 2
    # A four-letter word is only corrected by a missing letter ("blck"): "golf" is not "gold".
    targets = _LONGER if len(word) == 4 else _TARGETS
    found = process.extract(word, targets, scorer=OSA.distance, score_cutoff=limit, limit=2)
    if not found:
        return word
    if len(found) > 1 and found[1][1] == found[0][1]:
        # Two words fit equally well: fine if they mean the same, or if only one of them means
        # anything alone ("back" is only part of "back pack"); else it is a coin toss.
        meanings = {w: PHRASES.get((w,)) for w, distance, _ in found if distance == found[0][1]}
        alone = [w for w, m in meanings.items() if m]
        if len({str(meanings[w]) for w in alone}) != 1:
            return word
        return alone[0] if alone[0][0] == word[0] else word
    best = found[0][0]
    # The first letter is rarely the slip; "bold" is not "gold".
    return best if best[0] == word[0] else word


_PROTECTED = frozenset(
    """with have lost left near back just cash care cart read bold cord word kept bags beds
    rest best test king sing wing thing think things chair hand land sand pint link mink tags
    from form farm boat goat cost colt hold told cold fold sold mold bunk tank pans pens mums
    shone stone show over ever even oven base vase lace face race pace chase match catch batch
    latch black block slack stack dream steam greek queen write while ballet mallet pallet
    nurse curse horse house mouse louse think blind bland brand brands cased paid pain rain
    train trains sale male mail tale talk walk wall wallk well will tell sell bell belt""".split()
)


def _colour(word: str) -> bool:
    return any(tag[0] == "colour" for tag in PHRASES.get((word,), ()))


@dataclass(frozen=True)
class Mention:
    """A phrase found at token positions [start, end) and what it means."""

    start: int
    end: int
    text: str
    tags: tuple[Tag, ...]


def read(text: str) -> tuple[list[str], list[Mention]]:
    """The corrected words of `text` and the phrases found in them, longest phrase first."""
    tokens, _, mentions = read_with_raw(text)
    return tokens, mentions


def read_with_raw(text: str) -> tuple[list[str], list[str], list[Mention]]:
    """As `read`, with the words as typed beside the corrected ones (for names: "Paula" is a
    name, not a typo for the "Paul" of Paul Smith)."""
    raw = normalise(text).split()
    tokens = [correct(t) for t in raw]
    # "white and grey marble case": colours joined by "and" describe one thing, no list break.
    for i, t in enumerate(tokens):
        if t == AND:
            joined = 0 < i < len(tokens) - 1 and _colour(tokens[i - 1]) and _colour(tokens[i + 1])
            tokens[i] = raw[i] = AND if joined else BREAK
    keep = [i for i, t in enumerate(tokens) if t != AND]
    tokens, raw = [tokens[i] for i in keep], [raw[i] for i in keep]
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        longest = _STARTS.get(tokens[i], 0)
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + size])
            tags = PHRASES.get(key)
            if tags:
                mentions.append(Mention(i, i + size, " ".join(key), tuple(tags)))
                i += size
                break
        else:
            i += 1
    return tokens, raw, mentions
