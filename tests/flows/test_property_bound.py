"""The stored reading of an item, and the bound that lets a query skip weighing candidates."""

from __future__ import annotations

import json
import random

from bench.property_match import DATA
from bench.property_match import facts as _facts
from flows.property import bound, crime_items, extract, stored, weigh
from flows.property.features import Features


def _labelled() -> tuple[list[Features], list[Features], list[tuple[Features, Features]]]:
    data = json.loads(DATA.read_text())
    found: list[Features] = []
    lost: list[Features] = []
    pairs: list[tuple[Features, Features]] = []
    for pair in data["pairs"]:
        item = extract(_facts(pair["found"]))
        found.append(item)
        facts = _facts(pair["lost"])
        parts = crime_items(facts) if pair["lost_from"] == "crime" else [facts]
        for part in parts:
            other = extract(part)
            lost.append(other)
            pairs.append((item, other))
    found += [extract(_facts(d)) for d in data["distractors"]]
    return found, lost, pairs


def _bound(new: Features, row: Features, *, is_found: bool) -> float:
    profile = bound.profile(new, is_found=is_found)
    assert row.when is not None
    return bound.bound(
        profile, row.when, row.xy, row.colour_mask, stored.marks(row), stored.traits(row)
    )


def test_a_stored_reading_reads_back_as_the_same_features() -> None:
    found, lost, _ = _labelled()
    for item in found + lost:
        _, kept = stored.reading_of(item.facts)
        assert stored.decode(kept.features, item.facts) == item
        assert kept.reading == stored.READING


def test_the_bound_is_never_below_the_weight_either_way() -> None:
    found, lost, pairs = _labelled()
    by_category: dict[str, list[Features]] = {}
    for item in found:
        by_category.setdefault(item.category, []).append(item)
    rng = random.Random(10)
    work = list(pairs)
    for other in lost:
        same = by_category.get(other.category, [])
        work += [(item, other) for item in rng.sample(same, min(20, len(same)))]
    checked = skipped = 0
    for item, other in work:
        if item.category != other.category or item.when is None or other.when is None:
            continue
        weight = weigh(item, other)
        for ceiling in (_bound(other, item, is_found=False), _bound(item, other, is_found=True)):
            checked += 1
            skipped += ceiling < bound.LEAST
            assert weight is None or weight <= ceiling, (item.facts.text, other.facts.text)
    assert checked > 30_000
    assert skipped > checked // 2  # and it is worth having: most are never weighed


def test_the_floor_rises_once_a_leader_clears_the_bar() -> None:
    bar = bound.floor_for(None)
    assert bound.floor_for(bar - 1) == bar
    assert bound.floor_for(bound.ALERT_WEIGHT + 3) > bar
    assert bound.floor_for(bound.ALERT_WEIGHT) < bar  # a close runner-up still counts
    assert bound.LEAST <= bound.floor_for(bound.ALERT_WEIGHT)
