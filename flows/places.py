"""Who an alert is for, from the words before its colon: streets, a radius around a street,
a crime kind, or the whole BID. Unsure street names are asked about, never guessed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from flows.model import Option, Street
from flows.reading.choice import parse_choice
from flows.reading.streets import distance_m, match_street
from flows.reading.words import normalise

DEFAULT_METRES = 300
# Surer than a report's street must be: a wrong guess here alerts the wrong shops.
ALERT_SURE = 92.0
MAX_METRES = 3000
_EVERYONE = frozenset(
    "all|everyone|everybody|every shop|all shops|whole bid|the whole bid|bid|the bid|"
    "all streets|everywhere".split("|")
)
_RADIUS = (
    re.compile(
        r"^(?:within\s+)?(\d+(?:\.\d+)?)\s*(m|metres|meters|km)\s+(?:of|around|from)\s+(.+)$"
    ),
    re.compile(r"^(?:around|near|round)\s+(.+?)(?:\s+(\d+(?:\.\d+)?)\s*(m|metres|meters|km))?$"),
    re.compile(r"^(.+?)\s+(\d+(?:\.\d+)?)\s*(m|metres|meters|km)$"),
)
# Words for crime kinds beside their names ("moped" alone, "shoplifters").
KIND_ALIASES = {
    "moped": "moped_snatch",
    "mopeds": "moped_snatch",
    "snatch": "moped_snatch",
    "phone snatch": "moped_snatch",
    "shoplifters": "shoplifting",
    "shoplifter": "shoplifting",
    "begging": "begging_asb",
    "beggars": "begging_asb",
    "asb": "begging_asb",
    "pickpockets": "theft",
    "pickpocketing": "theft",
}


@dataclass(frozen=True)
class Target:
    """Who it goes to; the streets are names as the BID knows them."""

    everyone: bool = False
    streets: tuple[str, ...] = ()
    around: str | None = None  # a street at the centre of a radius
    metres: int = 0
    kind: str | None = None

    @property
    def has_area(self) -> bool:
        return self.everyone or bool(self.streets) or self.around is not None


@dataclass
class Reading:
    target: Target
    unsure: list[tuple[str, str]] = field(default_factory=list)  # (typed, best street)
    unknown: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.unsure
            and not self.unknown
            and (self.target.has_area or bool(self.target.kind))
        )


def split_alert(text: str) -> tuple[str, str] | None:
    """ "Coventry Street, Haymarket: two women…" → (places, message); None without a colon."""
    places, colon, message = text.partition(":")
    if not colon:
        return None
    return places.strip(), message.strip()


def _metres(number: str, unit: str) -> int:
    value = float(number) * (1000 if unit.lower() == "km" else 1)
    return max(50, min(MAX_METRES, round(value)))


def _items(places: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\+|\band\b)\s*", places.strip(), flags=re.IGNORECASE)
    return [p for p in (part.strip() for part in parts) if p]


def read_places(places: str, streets: Sequence[Street], kinds: Sequence[Option]) -> Reading:
    """Each comma-separated place as a street, radius, crime kind or everyone."""
    everyone = False
    chosen: list[str] = []
    around: str | None = None
    metres = 0
    kind: str | None = None
    reading = Reading(Target())
    for item in _items(places):
        words = normalise(item)
        if words in _EVERYONE:
            everyone = True
            continue
        radius = _radius(item)
        if radius is not None:
            centre, metres = radius
            match = match_street(centre, streets)
            if match.street is not None and match.sure and match.score >= ALERT_SURE:
                around = match.street.name
            elif match.street is not None:
                reading.unsure.append((centre, match.street.name))
                around = match.street.name
            else:
                reading.unknown.append(centre)
            continue
        match = match_street(item, streets)
        found_kind = parse_choice(item, kinds, KIND_ALIASES, cutoff=88)
        if match.street is not None and match.sure and match.score >= ALERT_SURE:
            if match.street.name not in chosen:
                chosen.append(match.street.name)
        elif found_kind is not None:
            kind = found_kind
        elif match.street is not None:
            reading.unsure.append((item, match.street.name))
            chosen.append(match.street.name)
        else:
            reading.unknown.append(item)
    reading.target = Target(everyone, tuple(chosen), around, metres, kind)
    return reading


def _radius(item: str) -> tuple[str, int] | None:
    text = " ".join(item.split())
    first = _RADIUS[0].match(text)
    if first:
        return first[3], _metres(first[1], first[2])
    second = _RADIUS[1].match(text)
    if second:
        return second[1], _metres(second[2], second[3]) if second[2] else DEFAULT_METRES
    third = _RADIUS[2].match(text)
    if third:
        return third[1], _metres(third[2], third[3])
    return None


def streets_within(centre: str, metres: int, streets: Sequence[Street]) -> list[str]:
    """The centre street and every street with coordinates within `metres` of it."""
    found = next((s for s in streets if s.name == centre), None)
    if found is None or found.latitude is None or found.longitude is None:
        return [centre]
    near = [
        s.name
        for s in streets
        if s.latitude is not None
        and s.longitude is not None
        and distance_m(found.latitude, found.longitude, s.latitude, s.longitude) <= metres
    ]
    return near or [centre]


def same_street(shop_street: str, name: str) -> bool:
    """Whether a shop's street (as registered) is the BID street `name`."""
    a, b = normalise(shop_street), normalise(name)
    return a == b or fuzz.ratio(a, b) >= 92
