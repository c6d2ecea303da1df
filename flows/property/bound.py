"""A cheap upper bound on a candidate's weight, from the index columns alone.

`bound` never under-estimates `weigh` (tests/flows/test_property_bound.py checks it on every
labelled pair), so a candidate whose bound cannot reach the alert bar, or the best weight
found so far less the alert margin, is never read or weighed, and the alert sent is the one a
full ranking of every candidate would send (bench/property_store.py counts that it is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flows.property import compare, stored
from flows.property.colours import COMMON
from flows.property.features import Features, _metres, colour_mask
from flows.property.match import (
    ALERT_AT,
    ALERT_MARGIN,
    FOUND_EARLIEST,
    FOUND_LATEST,
    PRIOR,
    near_weight,
    soon_weight,
)
from flows.property.stored import (
    DETAILS_SHIFT,
    HAS_BRANDS,
    HAS_COLOURS,
    HAS_DIGITS,
    HAS_EMBLEMS,
    HAS_FAMILIES,
    HAS_KEYS,
    HAS_MATERIALS,
    HAS_MODELS,
    HAS_NAMES,
    HAS_PATTERNS,
    HAS_SIZE,
    PRESENT_ONLY,
    WORDS_SHIFT,
)

_MARGIN_SLACK = 0.02  # the decision compares weights rounded to 2 places


@dataclass(frozen=True, slots=True)
class Profile:
    """One item (the new one a query is for) ready to bound candidates of the other side."""

    item: Features
    is_found: bool  # the new item is the found one (candidates are lost or stolen)
    base: float
    kind_mask: int
    family_mask: int
    near_mask: int
    colour_bits: int
    colour_gain: float
    brand_mask: int
    brand_gain: float
    model_mask: int
    detail_mask: int
    detail_colour_mask: int
    detail_emblem_mask: int
    emblem_mask: int
    digit_mask: int
    material_mask: int
    pattern_mask: int
    any_mask: int  # every mask above but kinds'
    words: int
    details: int
    traits: int
    conflict: float


def profile(item: Features, *, is_found: bool) -> Profile:
    brand_gain = 0.0
    for group in {g for g, _ in item.brands}:
        brand_gain += max(
            compare.BRAND_AGREE.get(b, compare.GROUP_AGREE.get(group, 1.5))
            for g, b in item.brands
            if g == group
        )
    near_families = {n for a in item.families for n in compare.KIND_NEAR.get(a, frozenset())}
    return Profile(
        item=item,
        is_found=is_found,
        base=PRIOR + (0.8 if item.category == "other" else 1.5),
        kind_mask=stored.mask(f"k:{k}" for k in item.kinds),
        family_mask=stored.mask(f"f:{k}" for k in item.families),
        near_mask=stored.mask(f"f:{k}" for k in near_families),
        colour_bits=colour_mask(item.colours),
        colour_gain=max((1.6 * COMMON.get(c, 1.0) for c in item.colours), default=0.0) + 0.3,
        brand_mask=stored.mask(f"b:{g}:{b}" for g, b in item.brands),
        brand_gain=brand_gain,
        model_mask=stored.mask(f"m:{m.line}:{m.number}" for m in item.models if m.number),
        detail_mask=stored.mask(f"d:{d.key}" for d in item.details),
        detail_colour_mask=stored.mask(
            f"dc:{d.key}:{c}" for d in item.details for c in d.colours if c != "multi"
        ),
        detail_emblem_mask=stored.mask(f"de:{d.key}:{e}" for d in item.details for e in d.emblems),
        emblem_mask=stored.mask(f"e:{e}" for e in item.emblems),
        digit_mask=stored.mask(f"n:{d}" for d in item.digits),
        material_mask=stored.mask(f"t:{m}" for m in item.materials),
        pattern_mask=stored.mask(f"p:{p}" for p in item.patterns),
        any_mask=stored.mask(t for t in stored.tokens(item) if t.split(":")[0] not in ("k", "f")),
        words=min(3, len(item.words)),
        details=len(item.details),
        traits=stored.traits(item),
        conflict=compare.KIND_CONFLICT.get(item.category, 3.5),
    )


# A second either side: the database's epoch seconds may differ from Python's by microseconds.
_EARLIEST_S = -FOUND_EARLIEST.total_seconds() - 1
_LATEST_S = FOUND_LATEST.total_seconds() + 1
_ROUNDING = 1e-6
_DETAILS = 7 << DETAILS_SHIFT
_WORDS = 3 << WORDS_SHIFT


def bound(
    p: Profile,
    at: float,
    xy: tuple[float, float] | None,
    colour_bits: int,
    marks_: int,
    traits_: int,
) -> float:
    """A weight no lower than `weigh` gives this candidate against `p.item` (-inf when its
    time alone vetoes it); `at` is the candidate's time in epoch seconds. A shared hashed bit
    may be a collision: that only loosens it."""
    when = p.item.when
    t = p.base
    if when is not None:
        seconds = (when - at) if p.is_found else (at - when)
        if seconds < _EARLIEST_S or seconds > _LATEST_S:
            return -math.inf
        t += soon_weight(seconds / 3600)
    both = traits_ & p.traits
    if both & HAS_FAMILIES:
        if marks_ & p.kind_mask:
            t += 1.0
        elif marks_ & p.family_mask:
            t += 0.6
        elif marks_ & p.near_mask:
            t -= 0.5
        else:
            t -= p.conflict
    if both & HAS_COLOURS:
        t += p.colour_gain if colour_bits & p.colour_bits else 0.2
    if marks_ & p.any_mask:  # some token shared (or a collision): count each kind
        if both & HAS_BRANDS and marks_ & p.brand_mask:
            t += p.brand_gain
        if both & HAS_MODELS and marks_ & p.model_mask:
            t += 1.5
        if p.details and marks_ & p.detail_mask:
            # Each accessory both name: words alike 1.2 (a shared emblem 2.5), and its colour
            # 1.2 if they share one; nothing said of it 0.5 at most.
            theirs = (traits_ & _DETAILS) >> DETAILS_SHIFT
            each = 1.2
            if marks_ & p.detail_colour_mask:
                each += 1.2
            if marks_ & p.detail_emblem_mask:
                each += 1.3
            t += each * min(p.details, theirs if theirs < 7 else p.details)
        if both & HAS_EMBLEMS and marks_ & p.emblem_mask:
            t += 1.5
        if both & HAS_DIGITS and marks_ & p.digit_mask:
            t += 4.0
        if both & HAS_MATERIALS and marks_ & p.material_mask:
            t += 0.6
        if both & HAS_PATTERNS and marks_ & p.pattern_mask:
            t += 1.0
    if both & PRESENT_ONLY:
        if both & HAS_NAMES:
            t += 3.5
        if both & HAS_KEYS:
            t += 0.8
        if both & HAS_SIZE:
            t += 0.8
    if p.words and traits_ & _WORDS:
        # Shared words are counted among the found item's words.
        t += 0.5 * (p.words if p.is_found else (traits_ & _WORDS) >> WORDS_SHIFT)
    own = p.item.xy
    if xy is not None and own is not None:
        t += near_weight(math.hypot(xy[0] - own[0], xy[1] - own[1]))
    else:
        t += 0.8
    return t + _ROUNDING


ALERT_WEIGHT = math.log(ALERT_AT / (1 - ALERT_AT))


# The lowest `floor_for` ever gives: a candidate whose bound is under it is never weighed.
LEAST = ALERT_WEIGHT - ALERT_MARGIN - _MARGIN_SLACK


def floor_for(best: float | None) -> float:
    """The least bound a candidate may have and still change the alert decision, given the
    best weight found so far (candidates are taken highest bound first): while the best is
    below the bar, one below the bar cannot alert (nor can the best); once the best is over
    it, one below the best less the margin can neither lead nor stop the leader's alert."""
    if best is None or best < ALERT_WEIGHT:
        return ALERT_WEIGHT - _MARGIN_SLACK
    return best - ALERT_MARGIN - _MARGIN_SLACK


def xy_of(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """A candidate row's coordinates as `Features.xy` has them."""
    return _metres(latitude, longitude)
