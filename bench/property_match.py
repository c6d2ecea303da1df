"""Property matching quality and cost, on the labelled set of tests/data/property_pairs.json.

A register of found items (the found side of every labelled pair plus distractors) is searched
for each lost description: recall@1 and recall@3 of the true item, and the precision and recall
of the alerts we would send (top candidate above the alert bar and clear of the runner-up). Lost
descriptions of the "different" pairs have no true item in the register, so any alert for them
is a false one. Figures are printed for the tune split and the holdout split apart.
Run: .venv/bin/python -m bench.property_match
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flows.property import (
    Features,
    ItemFacts,
    alert_for,
    crime_items,
    extract,
    prefilter,
    rank,
    score,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "property_pairs.json"
HELD_ITEMS = 100_000
HELD_DAYS = 90  # how long held items stay held (TfL keeps them three months)
BUDGET_MS = 20.0


def facts(side: dict) -> ItemFacts:
    at = datetime.fromisoformat(side["at"]) if side.get("at") else None
    return ItemFacts(
        side.get("category"),
        side["text"],
        side.get("street"),
        side.get("latitude"),
        side.get("longitude"),
        at,
    )


@dataclass
class Query:
    pair: dict
    items: list[Features]  # one for a lost report, one per item for a crime
    found: int  # index of this pair's found item in the register
    truth: int | None  # the same index when the pair is the same item, else None


def load() -> tuple[list[Features], list[Query]]:
    data = json.loads(DATA.read_text())
    register: list[Features] = []
    queries: list[Query] = []
    for pair in data["pairs"]:
        register.append(extract(facts(pair["found"])))
        lost = facts(pair["lost"])
        parts = crime_items(lost) if pair["lost_from"] == "crime" else [lost]
        truth = len(register) - 1 if pair["label"] == "same" else None
        queries.append(Query(pair, [extract(p) for p in parts], len(register) - 1, truth))
    register += [extract(facts(d)) for d in data["distractors"]]
    return register, queries


def in_window(candidate: Features, lost: Features) -> bool:
    keys = prefilter(lost)
    at = candidate.facts.at
    if candidate.category != keys.category:
        return False
    if at is None or keys.found_from is None or keys.found_until is None:
        return True
    return keys.found_from <= at <= keys.found_until


def search(register: list[Features], query: Query) -> tuple[list[int], bool, int]:
    """Top 3 register indices for the query, whether an alert names the first, window size."""
    index = {id(f): i for i, f in enumerate(register)}
    best: dict[int, float] = {}
    alert_hit: tuple[float, int] | None = None
    window = 0
    for lost in query.items:
        candidates = [f for f in register if in_window(f, lost)]
        window = max(window, len(candidates))
        ranked = rank(lost, candidates, limit=3)
        for r in ranked:
            i = index[id(r.found)]
            best[i] = max(best.get(i, 0.0), r.match.score)
        chosen = alert_for(ranked)
        if chosen and (alert_hit is None or chosen.match.score > alert_hit[0]):
            alert_hit = (chosen.match.score, index[id(chosen.found)])
    top = sorted(best, key=lambda i: -best[i])[:3]
    return top, alert_hit is not None and (query.truth == alert_hit[1]), alert_hit is not None


def report(name: str, register: list[Features], queries: list[Query]) -> None:
    positives = [q for q in queries if q.truth is not None]
    at1 = at3 = alerts = good = false_on_negative = 0
    windows: list[int] = []
    for q in queries:
        top, right, alerted = search(register, q)
        windows.append(len(top))
        if q.truth is not None:
            at1 += bool(top[:1] == [q.truth])
            at3 += q.truth in top
        alerts += alerted
        good += right
        false_on_negative += alerted and q.truth is None
    n = max(1, len(positives))
    precision = good / alerts if alerts else float("nan")
    print(
        f"{name:<26} lost={len(positives):>3} none={len(queries) - len(positives):>3}  "
        f"recall@1={at1 / n:.3f}  recall@3={at3 / n:.3f}  alerts={alerts:>3}  "
        f"alert precision={precision:.3f}  alert recall={good / n:.3f}  "
        f"false alerts on 'different'={false_on_negative}"
    )


def pair_report(name: str, queries: list[Query], register: list[Features]) -> None:
    """Each labelled pair judged alone: does its score cross the alert bar?"""
    tp = fp = fn = tn = 0
    for q in queries:
        matched = max(score(register[q.found], lost).alert for lost in q.items)
        same = q.truth is not None
        tp += matched and same
        fp += matched and not same
        fn += (not matched) and same
        tn += (not matched) and not same
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    print(f"{name:<26} pairs: precision={p:.3f} recall={r:.3f} (tp={tp} fp={fp} fn={fn} tn={tn})")


def costs(register: list[Features], queries: list[Query]) -> None:
    lost = [q.items[0] for q in queries]
    sample = register[:400]
    t0 = time.perf_counter()
    n = 0
    for _ in range(3):
        for item in lost[:200]:
            for cand in sample:
                if cand.category == item.category:
                    score(cand, item)
                    n += 1
    per = (time.perf_counter() - t0) / max(1, n) * 1e6
    texts = [q.pair["found"] for q in queries[:300]]
    t0 = time.perf_counter()
    for side in texts:
        extract(facts(side))
    extract_us = (time.perf_counter() - t0) / len(texts) * 1e6
    print(f"\nscore one candidate (features ready): {per:.1f} µs over {n} same-category scores")
    print(f"extract features of one description: {extract_us:.1f} µs (once per stored item)")
    shares = Counter(f.category for f in register)
    total = sum(shares.values())
    window_days = 23
    print(f"held items {HELD_ITEMS:,} over {HELD_DAYS} days, prefilter window {window_days} days:")
    fits = int(BUDGET_MS * 1000 / per)
    for category, count in shares.most_common():
        n_candidates = HELD_ITEMS * count / total * window_days / HELD_DAYS
        print(
            f"  {category:<11} ~{n_candidates:>6,.0f} candidates -> "
            f"{n_candidates * per / 1000:>6.1f} ms to score"
        )
    print(f"  {fits:,} candidates fit in {BUDGET_MS:.0f} ms of scoring (one core, noisy machine)")
    for size in (100, 1000, 5000):
        pool = (register * (size // len(register) + 1))[:size]
        item = lost[0]
        t0 = time.perf_counter()
        rank(item, pool, limit=3)
        took = (time.perf_counter() - t0) * 1e3
        print(f"  rank one item against {size:>5} candidates: {took:.1f} ms")


def main() -> None:
    register, queries = load()
    print(f"register: {len(register)} found items; queries: {len(queries)} lost descriptions")
    for split in ("tune", "holdout"):
        chosen = [q for q in queries if q.pair["split"] == split]
        report(f"{split} (all)", register, chosen)
        for source in ("hand", "template"):
            report(
                f"{split} {source}", register, [q for q in chosen if q.pair["source"] == source]
            )
    print()
    for split in ("tune", "holdout"):
        pair_report(split, [q for q in queries if q.pair["split"] == split], register)
    if "--no-cost" not in sys.argv:
        costs(register, queries)


if __name__ == "__main__":
    main()
