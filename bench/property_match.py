"""Property matching quality and cost, on the labelled set of tests/data/property_pairs.json.

A register of found items (the found side of every labelled pair plus distractors) is searched
for each lost description, after the same category-and-time prefilter the product's query
applies: recall@1 and recall@3 of the true item, and the precision and recall of the alerts we
would send (top candidate above the alert bar and clear of the runner-up). Lost descriptions of
the "different" pairs have no true item in the register, so any alert for them is a false one.
The tune split was used to choose the weights and the alert rule; the holdout split was not;
the fresh split was written and drawn after all tuning and run once.
Run: .venv/bin/python -m bench.property_match
"""

from __future__ import annotations

import json
import statistics
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
    found_window,
    in_window,
    rank,
    score,
    weigh,
)
from flows.property.match import FOUND_EARLIEST, FOUND_LATEST

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
        here = len(register) - 1
        truth = here if pair["label"] == "same" else None
        queries.append(Query(pair, [extract(p) for p in parts], here, truth))
    register += [extract(facts(d)) for d in data["distractors"]]
    return register, queries


@dataclass
class Outcome:
    top: list[int]
    alerted: int | None
    window: int


def search(register: list[Features], query: Query, colours: bool = False) -> Outcome:
    """Top 3 register indices for the query, the one alerted about, and how many were scored."""
    index = {id(f): i for i, f in enumerate(register)}
    best: dict[int, float] = {}
    alert: tuple[float, int] | None = None
    window = 0
    for lost in query.items:
        keys = found_window(lost)
        candidates = [f for f in register if in_window(f, keys, colours=colours)]
        window += len(candidates)
        ranked = rank(lost, candidates, limit=3)
        for r in ranked:
            i = index[id(r.item)]
            best[i] = max(best.get(i, -99.0), r.match.weight)
        chosen = alert_for(ranked)
        if chosen and (alert is None or chosen.match.weight > alert[0]):
            alert = (chosen.match.weight, index[id(chosen.item)])
    top = sorted(best, key=lambda i: -best[i])[:3]
    return Outcome(top, alert[1] if alert else None, window)


def report(name: str, register: list[Features], queries: list[Query], colours: bool) -> None:
    positives = [q for q in queries if q.truth is not None]
    at1 = at3 = alerts = good = false_on_none = 0
    windows: list[int] = []
    for q in queries:
        out = search(register, q, colours)
        windows.append(out.window)
        if q.truth is not None:
            at1 += out.top[:1] == [q.truth]
            at3 += q.truth in out.top
        if out.alerted is not None:
            alerts += 1
            good += out.alerted == q.truth
            false_on_none += q.truth is None
    n = max(1, len(positives))
    precision = f"{good / alerts:.3f}" if alerts else "  n/a"
    print(
        f"  {name:<17} lost={len(positives):>3} none={len(queries) - len(positives):>3}  "
        f"recall@1={at1 / n:.3f} recall@3={at3 / n:.3f}  alerts={alerts:>3} "
        f"precision={precision} recall={good / n:.3f} (false on 'none': {false_on_none})  "
        f"scored/query={statistics.mean(windows):.0f}"
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
    print(f"  {name:<17} precision={p:.3f} recall={r:.3f} (tp={tp} fp={fp} fn={fn} tn={tn})")


def cpu_us(work: list[tuple[Features, Features]], fn: object, repeats: int = 5) -> float:
    """Best-of CPU time per call in µs (CPU time, so other helpers' load matters less)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        for found, lost in work:
            fn(found, lost)  # type: ignore[operator]
        best = min(best, (time.process_time() - t0) / len(work) * 1e6)
    return best


def costs(register: list[Features], queries: list[Query]) -> None:
    lost = [q.items[0] for q in queries[:200]]
    work = [(c, item) for item in lost for c in register[:500] if c.category == item.category]
    quick = cpu_us(work, weigh)
    full = cpu_us(work[:3000], score, repeats=2)
    sides = [q.pair["found"] for q in queries[:400]]
    t0 = time.process_time()
    for side in sides:
        extract(facts(side))
    read_us = (time.process_time() - t0) / len(sides) * 1e6
    print("\ncost (CPU time; the machine is shared, so figures are rough):")
    print(f"  weigh one candidate (no reasons), features ready: {quick:.1f} µs")
    print(f"  score one candidate with reasons: {full:.1f} µs (done for the best 3 only)")
    print(f"  read one description into features: {read_us:.0f} µs (once per stored item)")
    fits = int(BUDGET_MS * 1000 / quick)
    print(f"  candidates that fit in {BUDGET_MS:.0f} ms: about {fits:,}")
    days = (FOUND_EARLIEST + FOUND_LATEST).total_seconds() / 86400
    print(
        f"  {HELD_ITEMS:,} held items over {HELD_DAYS} days, a {days:.0f}-day window, shares as "
        "in the register:"
    )
    shares = Counter(f.category for f in register)
    total = sum(shares.values())
    for category, count in shares.most_common():
        n = HELD_ITEMS * count / total * days / HELD_DAYS
        print(f"    {category:<11} ~{n:>6,.0f} candidates -> {n * quick / 1000:>5.1f} ms")
    by_category: dict[str, list[Features]] = {}
    for f in register:
        by_category.setdefault(f.category, []).append(f)
    for size in (500, 1_500, 3_000):
        took: list[float] = []
        for item in lost[:60]:
            same = by_category[item.category]
            pool = (same * (size // len(same) + 1))[:size]
            t0 = time.process_time()
            rank(item, pool, limit=3)
            took.append((time.process_time() - t0) * 1e3)
        took.sort()
        p99 = took[min(len(took) - 1, int(len(took) * 0.99))]
        print(
            f"  rank one lost item against {size:>5,} same-category candidates: "
            f"median {statistics.median(took):.1f} ms, p99 {p99:.1f} ms (60 items)"
        )


def main() -> None:
    register, queries = load()
    print(f"register: {len(register)} found items; queries: {len(queries)} lost descriptions")
    for colours in (False, True):
        cut = "category + time + colour mask" if colours else "category + time"
        print(f"\nsearch of the register after the prefilter ({cut}):")
        for split in ("tune", "holdout", "fresh"):
            chosen = [q for q in queries if q.pair["split"] == split]
            report(f"{split}", register, chosen, colours)
            for source in ("hand", "template"):
                subset = [q for q in chosen if q.pair["source"] == source]
                report(f"{split} {source}", register, subset, colours)
    print("\neach labelled pair alone (score's own alert flag, no ranking):")
    for split in ("tune", "holdout", "fresh"):
        pair_report(split, [q for q in queries if q.pair["split"] == split], register)
    costs(register, queries)


if __name__ == "__main__":
    main()
