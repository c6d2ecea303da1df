"""Which known street or landmark words or a shared location name."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from flows.model import Street
from flows.reading.words import normalise

STREET_SURE = 88.0
STREET_UNSURE = 70.0
# A runner-up this close means two streets fit about equally well, so we ask.
STREET_MARGIN = 5.0


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


@dataclass(frozen=True)
class StreetMatch:
    """The street a piece of text most likely names, and whether we are sure enough to use it."""

    street: Street | None
    score: float
    sure: bool


def _street_words(text: str) -> str:
    """Street text normalised for comparison: st → street, filler and house numbers gone."""
    words = [_STREET_ABBREVIATIONS.get(w, w) for w in normalise(text).split()]
    return " ".join(w for w in words if not w.isdigit() and w not in _PLACE_FILLER)


def _street_core(words: str) -> str:
    """The distinctive part of a street name ("coventry" of "coventry street")."""
    return " ".join(w for w in words.split() if w not in _STREET_GENERIC)


@lru_cache(maxsize=1024)
def _street_forms(name: str) -> tuple[str, str]:
    """A known street's name as compared: all its words, and its distinctive ones (or all).

    Cached: the BID's streets are compared with every place anyone types.
    """
    words = _street_words(name)
    return words, _street_core(words) or words


def match_street(text: str, streets: Sequence[Street]) -> StreetMatch:
    """The street in `streets` that `text` names, forgiving typos and abbreviations."""
    query = _street_words(text)
    core = _street_core(query)
    if len(core.replace(" ", "")) < 3 or not streets:
        return StreetMatch(None, 0.0, False)
    scores: list[tuple[float, float, Street]] = []
    for street in streets:
        words, street_core = _street_forms(street.name)
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


# A shared location with no address is kept as "51.51040, -0.13230": not words to show people.
_COORDINATES = re.compile(r"-?\d{1,3}\.\d+, -?\d{1,3}\.\d+")


def is_coordinates(text: str) -> bool:
    """Whether a place's words are only the numbers of a shared location."""
    return _COORDINATES.fullmatch(text.strip()) is not None


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


# Words that add nothing beside a street's own name ("at the Haymarket").
_BARE = frozenset({"the", "a", "on", "in", "at", "of"})


def has_extra_words(typed: str, street_name: str) -> bool:
    """Whether `typed` says more than the street's name ("piccadilly circus, by the tube exit").

    The street's own words count as said in any spelling, abbreviation or close typo, so
    "coventy st" says no more than Coventry Street and "outside 12 Coventry St" does.
    """
    own = [_STREET_ABBREVIATIONS.get(w, w) for w in normalise(street_name).split()]
    for word in normalise(typed).split():
        word = _STREET_ABBREVIATIONS.get(word, word)
        if word in _BARE or any(fuzz.ratio(word, w) >= 80 for w in own):
            continue
        return True
    return False


def distance_from_area(lat: float, lon: float, streets: Sequence[Street]) -> float | None:
    """Metres to the nearest street with coordinates; None when no street has any."""
    known = [s for s in streets if s.latitude is not None and s.longitude is not None]
    if not known:
        return None
    return min(distance_m(lat, lon, s.latitude or 0.0, s.longitude or 0.0) for s in known)
