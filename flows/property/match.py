"""Scoring a found item against a lost one: evidence for and against, in plain words.

Each agreement or difference adds or takes away weight (log-odds); the sum becomes a score
from 0 to 1. A deciding conflict (card digits, a name, the emblem on a keyring, found long
before the loss or weeks after) is a veto: the score is capped below any alert.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flows import texts
from flows.property import compare, compare_marks
from flows.property.features import Features, ItemFacts, colour_mask, extract, split_items
from flows.template import fill

ALERT_AT = 0.88  # log-odds 2.0
# An alert needs the descriptions themselves to agree on something particular, not only a
# category seen near the place and time ("a phone" is no reason to write to anyone).
SPECIFIC_AT = 1.5
# A runner-up this close (in log-odds) means two held items fit about equally well: ask,
# don't alert.
ALERT_MARGIN = 1.5
VETO_SCORE = 0.02
VETO_WEIGHT = -4.0
PRIOR = -3.0
# An owner's described case that the finder, holding the item, does not mention.
UNSEEN_CASE = {"phone": 0.8, "laptop": 0.8}
# The prefilter: found items outside this window around the loss are vetoed anyway.
FOUND_EARLIEST = timedelta(days=2)
FOUND_LATEST = timedelta(days=14)


@dataclass(frozen=True)
class Match:
    """How well a found item fits a lost one.

    `reasons` name only what both descriptions say (plus place and time), so they may be shown
    to the owner; `against` names what the finder recorded and is for staff and officers only.
    """

    score: float
    weight: float  # the evidence as log-odds; unlike the score it does not flatten near 1
    specific: float  # the part of `weight` from the descriptions, without place and time
    reasons: tuple[str, ...]
    against: tuple[str, ...]
    alert: bool
    vetoed: bool

    @property
    def summary(self) -> str:
        return texts.REASON_JOIN.join(self.reasons)


@dataclass(frozen=True)
class Prefilter:
    """Simple columns a query narrows the other side's items by before scoring them: the
    category key, a window on their `at`, and optionally a colour mask (see `colour_mask`).
    Items outside the category or the window are vetoed by `score` anyway, so this filter
    loses nothing; the colour mask is a further, lossy cut for when there are too many."""

    category: str
    at_from: datetime | None
    at_until: datetime | None
    colour_mask: int  # 0: any colour; else keep items with mask 0 or sharing a bit


def found_window(lost: Features) -> Prefilter:
    """Which found items to score for a lost report or a stolen item."""
    at = lost.facts.at
    mask = colour_mask(lost.colours | lost.colours_near)
    if at is None:
        return Prefilter(lost.category, None, None, mask)
    return Prefilter(lost.category, at - FOUND_EARLIEST, at + FOUND_LATEST, mask)


def lost_window(found: Features) -> Prefilter:
    """Which lost reports and stolen items to score for a found item."""
    at = found.facts.at
    mask = colour_mask(found.colours | found.colours_near)
    if at is None:
        return Prefilter(found.category, None, None, mask)
    return Prefilter(found.category, at - FOUND_LATEST, at + FOUND_EARLIEST, mask)


def in_window(item: Features, window: Prefilter, *, colours: bool = False) -> bool:
    """The prefilter in Python, as the SQL query would apply it (for tests and benchmarks)."""
    if item.category != window.category:
        return False
    at = item.facts.at
    if at is not None and window.at_from is not None and window.at_until is not None:
        if not window.at_from <= at <= window.at_until:
            return False
    if colours and window.colour_mask and item.colour_mask:
        return bool(item.colour_mask & window.colour_mask)
    return True


class _Tally:
    def __init__(self, explain: bool) -> None:
        self.explain = explain
        self.total = PRIOR
        self.reasons: list[str] = []
        self.against: list[str] = []
        self.vetoed = False

    def add(self, weight: float, reason: str | bool | None = None) -> None:
        self.total += weight
        if reason and isinstance(reason, str):
            (self.reasons if weight > 0 else self.against).append(reason)

    def veto(self, reason: str | bool) -> None:
        self.vetoed = True
        if reason and isinstance(reason, str):
            self.against.append(reason)


def score(found: Features, lost: Features) -> Match:
    """How well `found` fits `lost`, with the reasons. Pure: no I/O, no clock."""
    if found.category != lost.category:
        return Match(VETO_SCORE, -9.0, -9.0, (), (texts.AGAINST_CATEGORY,), False, True)
    tally = _Tally(explain=True)
    specific = _weigh(found, lost, tally)
    total = min(tally.total, VETO_WEIGHT) if tally.vetoed else tally.total
    value = 1.0 / (1.0 + math.exp(-total))
    return Match(
        score=round(value, 3),
        weight=round(total, 2),
        specific=round(specific, 2),
        reasons=tuple(tally.reasons),
        against=tuple(tally.against),
        alert=value >= ALERT_AT and specific >= SPECIFIC_AT and not tally.vetoed,
        vetoed=tally.vetoed,
    )


def weigh(found: Features, lost: Features) -> float | None:
    """The evidence of `score` as log-odds, without reasons, or None when vetoed. Several
    times cheaper than `score`: for ranking many candidates."""
    if found.category != lost.category:
        return None
    tally = _Tally(explain=False)
    _weigh(found, lost, tally)
    return None if tally.vetoed else tally.total


def _weigh(found: Features, lost: Features, tally: _Tally) -> float:
    """Add every comparison to `tally`; the part not owed to place and time is returned."""
    explain = tally.explain
    weight = 0.8 if found.category == "other" else 1.5
    if explain:
        name = texts.PROPERTY_CATEGORY_NAMES.get(found.category, found.category)
        tally.add(weight, fill(texts.REASON_CATEGORY, category=name))
    else:
        tally.total += weight
    before = tally.total
    if found.families and lost.families:
        compare.kinds(found, lost, tally)
    if found.colours and lost.colours:
        compare.colours(found, lost, tally)
    if found.brands and lost.brands:
        compare.brands(found, lost, tally)
    if found.models and lost.models:
        compare.models(found, lost, tally)
    if (found.details and lost.details) or (found.emblems and lost.emblems):
        compare_marks.details(found, lost, tally)
    if found.category in UNSEEN_CASE and lost.details and not found.details:
        unseen = lost.detail("case")
        if unseen is not None and (unseen.colours or unseen.words or unseen.emblems):
            # The owner's phone is in a case they describe; the finder, holding it, says
            # nothing of any case.
            tally.add(-UNSEEN_CASE[found.category], explain and texts.AGAINST_CASE_UNSEEN)
    if (
        (found.digits and lost.digits)
        or ((found.names or found.guessed_names) and (lost.names or lost.guessed_names))
        or found.key_count
    ):
        compare_marks.numbers(found, lost, tally)
    if (
        (found.materials and lost.materials)
        or (found.patterns and lost.patterns)
        or (found.words and lost.words)
    ):
        compare.surfaces(found, lost, tally)
    if found.size and lost.size:
        compare_marks.sizes(found, lost, tally)
    specific = tally.total - before
    _place_and_time(found, lost, tally)
    return specific


def match(found: ItemFacts, lost: ItemFacts) -> Match:
    """`score` for two items not yet read."""
    return score(extract(found), extract(lost))


@dataclass(frozen=True)
class Ranked:
    """A candidate (a found item, or a lost one when matching a found item) and its match."""

    item: Features
    match: Match


def rank(lost: Features, candidates: Iterable[Features], limit: int = 3) -> list[Ranked]:
    """The found items that best fit `lost` (a lost report or a stolen item), best first;
    vetoed ones are left out. Every candidate is weighed without reasons; only the best
    `limit` are scored with them."""
    weighed = []
    for candidate in candidates:
        weight = weigh(candidate, lost)
        if weight is not None:
            weighed.append((weight, candidate))
    best = heapq.nlargest(limit, weighed, key=lambda pair: pair[0])
    return [Ranked(c, score(c, lost)) for _, c in best]


def rank_lost(found: Features, candidates: Iterable[Features], limit: int = 3) -> list[Ranked]:
    """The lost reports and stolen items that a newly found item best fits, best first."""
    weighed = []
    for candidate in candidates:
        weight = weigh(found, candidate)
        if weight is not None:
            weighed.append((weight, candidate))
    best = heapq.nlargest(limit, weighed, key=lambda pair: pair[0])
    return [Ranked(c, score(found, c)) for _, c in best]


def alert_for(ranked: list[Ranked]) -> Ranked | None:
    """The candidate worth alerting about: above the bar, and clearly ahead of the next one."""
    if not ranked or not ranked[0].match.alert:
        return None
    if len(ranked) > 1 and ranked[0].match.weight - ranked[1].match.weight < ALERT_MARGIN:
        return None
    return ranked[0]


def crime_items(facts: ItemFacts) -> list[ItemFacts]:
    """One `ItemFacts` per item of a crime report's items text, each with the crime's place
    and time, so every stolen item can be matched on its own."""
    return [
        ItemFacts(None, part, facts.street, facts.latitude, facts.longitude, facts.at)
        for part in split_items(facts.text)
    ]


def _gap_words(seconds: float) -> str:
    minutes = abs(seconds) / 60
    if minutes < 90:
        return fill(texts.GAP_MINUTES, n=max(1, round(minutes / 5) * 5))
    if minutes < 36 * 60:
        return fill(texts.GAP_HOURS, n=round(minutes / 60))
    days = round(minutes / 1440)
    return texts.GAP_DAY if days == 1 else fill(texts.GAP_DAYS, n=days)


_EARLIEST_S = FOUND_EARLIEST.total_seconds()
_LATEST_S = FOUND_LATEST.total_seconds()


def near_weight(metres: float) -> float:
    """Evidence from the distance between loss and find: found on the spot counts most, and
    it fades smoothly (1.0 at 0 m, about 0.3 at 300 m, 0 at 600 m, -1 at 5 km)."""
    return max(-2.0, 1.0 - 0.6 * math.log1p(metres / 150))


def soon_weight(hours: float) -> float:
    """Evidence from how long after the loss the item was found: most finds come within
    hours (1.5 at once, 0.7 at 12 h, 0.4 a day, 0 at two days, -0.5 a week, -0.9 two weeks).
    Slightly "before" the loss is allowed for, as the owner's time is a guess."""
    if hours >= 0:
        return 1.5 - 0.5 * math.log1p(hours / 3)
    if hours >= -1:
        return 1.5
    if hours >= -3:
        return 0.5
    return -1.5 if hours >= -12 else -4.0


def _place_and_time(found: Features, lost: Features, tally: _Tally) -> None:
    explain = tally.explain
    if not explain:  # the same weights, without words: this runs for every candidate
        if found.xy is not None and lost.xy is not None:
            metres = math.hypot(found.xy[0] - lost.xy[0], found.xy[1] - lost.xy[1])
            tally.total += near_weight(metres)
        elif found.street is not None and found.street == lost.street:
            tally.total += 0.8
        if found.when is not None and lost.when is not None:
            seconds = found.when - lost.when
            if seconds < -_EARLIEST_S or seconds > _LATEST_S:
                tally.vetoed = True
            else:
                tally.total += soon_weight(seconds / 3600)
        return
    place: str | None = None
    if found.xy is not None and lost.xy is not None:
        metres = math.hypot(found.xy[0] - lost.xy[0], found.xy[1] - lost.xy[1])
        weight = near_weight(metres)
        if weight > 0.25 and explain:
            place = fill(texts.REASON_FOUND_M, metres=_round_metres(metres))
        far = weight < 0 and explain and fill(texts.AGAINST_FAR, km=round(metres / 1000, 1))
        tally.add(weight, far)
    elif found.street is not None and found.street == lost.street:
        tally.add(0.8)
        place = texts.REASON_FOUND_STREET
    when: str | None = None
    if found.when is not None and lost.when is not None:
        seconds = found.when - lost.when
        hours = seconds / 3600
        gap = _gap_words(seconds) if explain else ""
        if seconds < -_EARLIEST_S or seconds > _LATEST_S:
            text = texts.AGAINST_BEFORE if hours < 0 else texts.AGAINST_LATE
            tally.veto(explain and fill(text, gap=gap))
        else:
            weight = soon_weight(hours)
            if weight > 0.25:
                tally.add(weight)
                when = (explain and fill(texts.REASON_FOUND_AFTER, gap=gap)) or None
            elif weight < 0:
                text = texts.AGAINST_BEFORE if hours < 0 else texts.AGAINST_LATE
                tally.add(weight, explain and fill(text, gap=gap))
            else:
                tally.add(weight)
    if explain and (place or when):
        tally.reasons.append(f"{place}, {when}" if place and when else place or when or "")


def _round_metres(metres: float) -> int:
    return max(10, round(metres / 50) * 50) if metres >= 50 else max(10, round(metres / 10) * 10)
