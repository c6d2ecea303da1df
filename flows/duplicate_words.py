"""Reading report words for the duplicate check: canonical tokens with weights, colours, plates.

Two people describing one incident use different words ("iPhone" and "mobile", "trackies" and
"tracksuit"), so words are mapped to one canonical form and weighted by how much they tell apart:
an item or a colour says more than "man" or "ran off".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from flows.model import JSON, Street
from flows.reading.words import normalise

FUZZY_MIN_LEN = 5  # shorter words must match exactly: "red" is not "bed"
FUZZY_CUTOFF = 85.0
_KNOWN_MAX = 512

_STOP = frozenset(
    "a an the and or but of to from in on at by with without into onto out up down off over "
    "for as is was were be been being had has have having do did does i me my we our us you "
    "he him his she her hers they them their it its this that these those there here then "
    "than so very just also too some any all both each other another which who whom what "
    "when where while about around approx roughly maybe like looked look looking seemed "
    "not no yes one ones s t said says told saw seen see got get gets went go going came "
    "come could would should will can may might".split()
)
# Words every report uses: they count a little, not as evidence of one incident.
_GENERIC = frozenset(
    "male female person people offender offenders suspect suspects stole steal stealing "
    "stolen took take taking taken ran run running grabbed grab grabbing snatched snatch "
    "shop store item items thing things stuff left away walked walking tried trying "
    "customer customers staff member members security guard young old tall short medium "
    "build slim skinny large big small age aged years year wearing wore dressed clothes "
    "group towards toward direction way street road after before again time approached "
    "outside inside front door entrance square circus lane avenue place cross corner near "
    "opposite".split()
)
_CANON = {
    # people
    "man": "male", "men": "male", "guy": "male", "guys": "male", "bloke": "male",
    "lad": "male", "lads": "male", "boy": "male", "boys": "male", "youth": "male",
    "youths": "male", "teenager": "male", "teen": "male", "gentleman": "male",
    "woman": "female", "women": "female", "girl": "female", "girls": "female",
    "lady": "female", "ladies": "female",
    # items
    "iphone": "phone", "mobile": "phone", "smartphone": "phone", "samsung": "phone",
    "android": "phone", "handset": "phone", "pixel": "phone", "phones": "phone",
    "handbag": "bag", "tote": "bag", "clutch": "bag", "satchel": "bag", "bags": "bag",
    "rucksack": "backpack", "purse": "wallet", "cardholder": "wallet",
    "fragrance": "perfume", "aftershave": "perfume", "cologne": "perfume", "scent": "perfume",
    "perfumes": "perfume", "macbook": "laptop", "airpods": "headphones",
    "earbuds": "headphones", "earphones": "headphones", "headset": "headphones",
    "ipad": "tablet", "ipads": "tablet", "tablets": "tablet", "cognac": "brandy",
    "hennessy": "brandy", "money": "cash", "notes": "cash", "booze": "alcohol",
    "spirits": "alcohol",
    "makeup": "cosmetics", "lipstick": "cosmetics", "mascara": "cosmetics",
    "foundation": "cosmetics", "razors": "razor", "blades": "razor",
    "sunnies": "sunglasses", "shades": "sunglasses", "necklace": "jewellery",
    "bracelet": "jewellery", "jewelry": "jewellery", "rings": "jewellery",
    "earrings": "jewellery", "chain": "jewellery", "watches": "watch", "rolex": "watch",
    # clothes
    "hoody": "hoodie", "hooded": "hoodie", "hood": "hoodie", "hoodies": "hoodie",
    "coat": "jacket", "puffa": "puffer", "anorak": "jacket", "parka": "jacket",
    "trackies": "tracksuit", "trackie": "tracksuit", "joggers": "tracksuit",
    "jogging": "tracksuit", "sweatpants": "tracksuit", "beanie": "hat", "woolly": "hat",
    "balaclava": "mask", "masked": "mask", "covered": "mask", "snood": "mask",
    "trainers": "trainer", "sneakers": "trainer", "helmets": "helmet",
    "rucksacks": "backpack", "backpacks": "backpack", "glasses": "glasses",
    # vehicles
    "scooter": "moped", "mopeds": "moped", "motorbike": "moped", "motorcycle": "moped",
    "bikes": "bike", "ebike": "bike", "bicycle": "bike", "cycle": "bike",
    # colours
    "gray": "grey", "navy": "blue", "maroon": "red", "burgundy": "red", "crimson": "red",
    "turquoise": "blue", "teal": "blue", "khaki": "green", "olive": "green", "tan": "brown",
    "cream": "white", "beige": "brown", "camel": "brown", "golden": "gold",
    # numbers
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "couple": "2",
    "pair": "2", "several": "4",
}  # fmt: skip
COLOURS = frozenset(
    "black white grey red blue green yellow orange pink purple brown silver gold dark light "
    "camo".split()
)
_ITEMS = frozenset(
    "phone bag backpack wallet perfume laptop headphones cash alcohol vodka whisky gin wine "
    "champagne cosmetics razor sunglasses jewellery watch tablet ipad charger camera meat "
    "cheese steak chocolate coffee baby formula clothes dress shirt trainer cigarette vape "
    "tobacco bottle keys passport card tablet brandy".split()
)
_CLOTHES = frozenset(
    "hoodie jacket puffer tracksuit hat cap mask helmet trainer jeans shorts coat scarf "
    "gloves glasses suit uniform hivis vest tshirt".split()
)
# Said of nearly every snatch, so they tell one snatch from another very little.
_SNATCH_WORDS = frozenset({"moped", "bike", "helmet", "rider", "passenger", "pavement"})
_WEIGHTS = {
    "item": 1.6,
    "colour": 1.1,
    "clothes": 1.0,
    "word": 1.0,
    "street": 0.5,
    "number": 0.4,
    "snatch": 0.4,
}
_GENERIC_WEIGHT = 0.25
_PLURAL_KEEP = frozenset({"glasses", "gloves", "keys", "jeans", "shorts", "trainers", "boots"})


@dataclass(frozen=True)
class Words:
    """The distinct canonical words of a report, each with its weight."""

    weights: Mapping[str, float]
    # Which words these words share (`_has`), remembered: one report is asked the same words
    # by every report it is compared with. Bounded by `_KNOWN_MAX`.
    _known: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def total(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def colour_set(self) -> frozenset[str]:
        return frozenset(w for w in self.weights if w in COLOURS and w not in ("dark", "light"))

    @cached_property
    def _fuzzy(self) -> tuple[str, ...]:
        """The words long enough to be matched loosely."""
        return tuple(w for w in self.weights if len(w) >= FUZZY_MIN_LEN - 1)

    def _has(self, word: str) -> bool:
        if word in self.weights:
            return True
        if len(word) < FUZZY_MIN_LEN or word.isdigit():
            return False
        known = self._known.get(word)
        if known is None:
            found = process.extractOne(
                word, self._fuzzy, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            known = found is not None
            if len(self._known) >= _KNOWN_MAX:
                self._known.clear()
            self._known[word] = known
        return known

    def shared_weight(self, other: Words) -> float:
        """Weight of the words each report shares with the other, averaged over both sides."""
        ab = sum(wt for w, wt in self.weights.items() if other._has(w))
        ba = sum(wt for w, wt in other.weights.items() if self._has(w))
        return (ab + ba) / 2

    def matches_word(self, raw: str, streets: Sequence[Street]) -> float:
        """The weight of one typed word when these words share it, else 0."""
        return self.matches_read(read_word(raw, _street_names(streets)))

    def matches_read(self, read: tuple[tuple[str, float], ...]) -> float:
        """`matches_word` for a word already read by `read_word`."""
        for canon, weight in read:
            if self._has(canon):
                return weight
        return 0.0


def tokens(text: str, streets: Sequence[Street] = ()) -> Words:
    """The weighted canonical words of `text`."""
    return tokens_of(str(text), _street_names(streets))


@lru_cache(maxsize=1024)
def tokens_of(text: str, names: tuple[str, ...]) -> Words:
    """`tokens` with the streets given by their names."""
    # Cached: the stored reports near a new one are read again at every filing. Bounded, and
    # in this process only (the texts are reports' words).
    street_words = _street_words(names)
    weights: dict[str, float] = {}
    for word in normalise(text).split():
        canon = _canonical(word)
        if canon:
            weights[canon] = _weight(canon, street_words)
    return Words(weights)


@lru_cache(maxsize=4096)
def read_word(raw: str, names: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """One typed word as `matches_word` reads it: its canonical words, each with its weight."""
    street_words = _street_words(names)
    read = []
    for word in normalise(raw).split():
        canon = _canonical(word)
        if canon:
            read.append((canon, _weight(canon, street_words)))
    return tuple(read)


def _street_names(streets: Sequence[Street]) -> tuple[str, ...]:
    return tuple(s.name for s in streets)


def colours(text: JSON) -> frozenset[str]:
    """The colour words of an answer: "dark red" → {"dark", "red"}."""
    if not isinstance(text, str):
        return frozenset()
    found = {_canonical(w) for w in normalise(text).split()}
    return frozenset(w for w in found if w in COLOURS)


def plate_overlap(a: JSON, b: JSON) -> tuple[str, bool] | None:
    """What two partial plates share, and whether they clash; None unless both were given."""
    pa, pb = _plate(a), _plate(b)
    if not pa or not pb:
        return None
    match = SequenceMatcher(None, pa, pb, autojunk=False).find_longest_match()
    common = pa[match.a : match.a + match.size]
    if len(common) >= 3 or (len(common) == 2 and min(len(pa), len(pb)) == 2):
        return common, False
    return "", len(pa) >= 4 and len(pb) >= 4


_VICTIM_SEX = {
    "man": "male", "gentleman": "male", "guy": "male", "bloke": "male", "lad": "male",
    "boy": "male", "woman": "female", "lady": "female", "girl": "female",
}  # fmt: skip
_VICTIM_RE = re.compile(
    r"\b(?:from|off|of|at) (?:a|an|the|one|this|that) (?:\w+ )?(man|gentleman|guy|bloke|lad|boy"
    r"|woman|lady|girl)\b|\b(man|gentleman|guy|bloke|lad|boy|woman|lady|girl)['\u2019]s\b"
)


def victim_sex(text: JSON) -> str | None:
    """Whether the words name the person robbed as a man or a woman ("a woman's phone")."""
    found = {_VICTIM_SEX[a or b] for a, b in _VICTIM_RE.findall(str(text or "").lower())}
    return found.pop() if len(found) == 1 else None


def item_set(words: Words) -> frozenset[str]:
    """The things taken that the words name: phone, bag, wallet…"""
    return frozenset(w for w in words.weights if w in _ITEMS)


def vague_time(answers: Mapping[str, JSON]) -> float:
    """How loosely the time was given: 1 for a clock time, more for "this afternoon"."""
    words = set(normalise(str(answers.get("when_text") or "")).split())
    if words & {"morning", "afternoon", "evening", "lunch", "lunchtime", "night", "earlier"}:
        return 2.5
    if words & {"hour", "hours", "hr", "hrs", "half"}:
        return 2.0
    if words & {"about", "around", "ish", "roughly", "approx", "just", "now", "ago"}:
        return 1.5
    return 1.0


@lru_cache(maxsize=4096)
def is_stopword(raw: str) -> bool:
    """Whether a typed word is a little word ("by", "the") that carries no fact."""
    words = normalise(raw).split()
    return bool(words) and all(w in _STOP for w in words)


def _plate(value: JSON) -> str:
    return "".join(c for c in str(value or "").upper() if c.isalnum())


def _canonical(word: str) -> str:
    if word in _STOP or (len(word) < 2 and not word.isdigit()):
        return ""
    if word in _CANON:
        return _CANON[word]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        if word not in _PLURAL_KEEP:
            singular = word[:-1]
            return _CANON.get(singular, singular)
    return word


def _weight(word: str, street_words: frozenset[str]) -> float:
    if word in _GENERIC or word in ("male", "female"):
        return _GENERIC_WEIGHT
    if word in _SNATCH_WORDS:
        return _WEIGHTS["snatch"]
    if word in _ITEMS:
        return _WEIGHTS["item"]
    if word in COLOURS:
        return _WEIGHTS["colour"]
    if word in _CLOTHES:
        return _WEIGHTS["clothes"]
    if word in street_words:
        return _WEIGHTS["street"]
    if word.isdigit():
        return _WEIGHTS["number"]
    return _WEIGHTS["word"]


@lru_cache(maxsize=32)
def _street_words(names: tuple[str, ...]) -> frozenset[str]:
    generic = {"street", "road", "square", "avenue", "lane", "place", "circus", "cross"}
    words = {_canonical(w) for name in names for w in normalise(name).split()}
    return frozenset(w for w in words if w and w not in generic)
