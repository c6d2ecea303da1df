"""Precision and recall of likely-duplicate suggestions on the labelled pairs.

Each pair of tests/data/incident_pairs.json is one new report (b) checked against one earlier
report (a); a suggestion is a positive. The bar: precision >= 0.9 and recall >= 0.8, on the
whole set and on the held-out part written after tuning.
Run: .venv/bin/python -m bench.duplicates [--misses]
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from config.areas import demo_area
from flows.duplicates import Incident, judge, likely_duplicates
from flows.model import Street
from flows.reading.streets import nearest_street

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "incident_pairs.json"
LONDON = ZoneInfo("Europe/London")
STREETS = tuple(Street(s.name, s.latitude, s.longitude) for s in demo_area())


@dataclass(frozen=True)
class Pair:
    id: str
    split: str
    same: bool
    note: str
    earlier: Incident
    new: Incident


def _incident(ref: str, raw: dict[str, Any], shops: dict[str, dict[str, str]]) -> Incident:
    """One report as the case row would hold it, placed the way the flow engine places it."""
    shop = shops[raw["shop"]]
    at = datetime.fromisoformat(raw["at"]).replace(tzinfo=LONDON)
    answers = {**raw["answers"], "when": at.isoformat(), "when_text": raw["when_text"]}
    where = str(raw["where"])
    street: str | None
    lat = lon = None
    if where == "shop":
        answers["where"], location, street = "shop", shop["name"], shop["street"]
    elif where.startswith("@"):
        lat, lon = (float(x) for x in where[1:].split(","))
        near = nearest_street(lat, lon, STREETS)
        answers["where"], location = "shared", f"{lat:.5f}, {lon:.5f}"
        street = near.name if near else None
    elif where.startswith("~"):
        answers["where"], location, street = "typed", where[1:], None
    else:
        if where not in {s.name for s in STREETS}:
            raise ValueError(f"{ref}: {where!r} is not a street of the West End area")
        answers["where"], location, street = "typed", where, where
    return Incident(
        ref=ref,
        kind=raw["kind"],
        answers=answers,
        occurred_at=at,
        street=street,
        latitude=lat,
        longitude=lon,
        shop=shop["name"],
        location=location,
    )


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    for n, raw in enumerate(data["pairs"]):
        earlier = _incident(f"WE-{2 * n + 1:04d}", raw["a"], data["shops"])
        new = _incident(f"WE-{2 * n + 2:04d}", raw["b"], data["shops"])
        pairs.append(Pair(raw["id"], raw["split"], raw["same"], raw["note"], earlier, new))
    return pairs


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def suggested(pair: Pair) -> bool:
    return bool(likely_duplicates(pair.new, [pair.earlier], streets=STREETS))


def count(pairs: list[Pair]) -> Counts:
    tp = fp = fn = tn = 0
    for pair in pairs:
        hit = suggested(pair)
        tp += hit and pair.same
        fp += hit and not pair.same
        fn += (not hit) and pair.same
        tn += (not hit) and not pair.same
    return Counts(tp, fp, fn, tn)


def main(argv: list[str]) -> None:
    pairs = load_pairs()
    print(f"{len(pairs)} labelled pairs ({sum(p.same for p in pairs)} same incident)")
    for name, part in (
        ("whole set", pairs),
        ("tune", [p for p in pairs if p.split == "tune"]),
        ("held out", [p for p in pairs if p.split == "held_out"]),
    ):
        if not part:
            continue
        c = count(part)
        bar = "meets" if c.precision >= 0.9 and c.recall >= 0.8 else "BELOW"
        print(
            f"{name:>10}: {len(part):3d} pairs  precision {c.precision:.3f}  recall "
            f"{c.recall:.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn}, tn {c.tn})  {bar} the bar"
        )
    if "--misses" in argv:
        for pair in pairs:
            if suggested(pair) != pair.same:
                got = judge(pair.new, pair.earlier, streets=STREETS)
                score = f"{got.score:.2f}" if got else "gated"
                label = "missed" if pair.same else "false alarm"
                print(f"  {pair.id} {label} ({score}): {pair.note}")
                if got:
                    print(f"      {got.text}")
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for pair in pairs:
            judge(pair.new, pair.earlier, streets=STREETS)
    each = (time.perf_counter() - started) / (rounds * len(pairs)) * 1e6
    print(f"judging one pair: {each:.0f} µs (shared CPU, noisy)")


if __name__ == "__main__":
    main(sys.argv[1:])
