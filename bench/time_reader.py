"""The time reader's score on the labelled sets (ours and dateparser's English cases), and how
long one phrase takes to read (p50/p99 µs), beside the old `parse_when` on the same phrases.

Run: .venv/bin/python -m bench.time_reader [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from bench.time_cases import kit as timekit
from bench.time_cases.old_reader import parse_when
from bench.time_cases.phrases import CASES
from flows.reading import time_days, time_words
from flows.reading.times import FUTURE_SLACK, MAX_AGE, Kind, TimeReading, read_time

Read = Callable[[str, datetime], object]


def clear_caches() -> None:
    """Forget the reader's per-word and per-wall-time caches, as if each phrase came first."""
    time_words._fix_typo.cache_clear()
    time_days.wall_time.cache_clear()


def percentiles(ns: Sequence[int]) -> str:
    ordered = sorted(ns)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"p50={statistics.median(ordered) / 1000:.1f}  p99={p99 / 1000:.1f}  "
        f"max={ordered[-1] / 1000:.1f}  n={len(ordered)}"
    )


def timed(read: Read, phrases: list[tuple[str, datetime]], rounds: int, cold: bool) -> list[int]:
    """Nanoseconds per call after one warm-up pass; `cold` clears the caches before each call."""
    for text, now in phrases:
        read(text, now)
    took: list[int] = []
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for text, now in phrases:
            if cold:
                clear_caches()
            t0 = clock()
            read(text, now)
            took.append(clock() - t0)
    return took


def old_score() -> dict[str, int]:
    """The old `parse_when` judged the same way, with the engine's own range checks: a time
    ahead or over 30 days back is refused, any other time is exact, None is unreadable."""
    results = []
    for case in CASES:
        when = parse_when(case.text, case.now, timekit.LONDON)
        if when is None:
            reading = TimeReading(Kind.UNREADABLE)
        elif when > case.now + FUTURE_SLACK:
            reading = TimeReading(Kind.FUTURE, when)
        elif when < case.now - MAX_AGE:
            reading = TimeReading(Kind.TOO_OLD, when)
        else:
            reading = TimeReading(Kind.EXACT, when)
        results.append((case, timekit.judge(case, reading)))
    return timekit.score(results)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    print(timekit.show("own labelled set", timekit.score(timekit.run(CASES))))
    print(timekit.show("  the old parse_when on it", old_score()))
    phrases = [(c.text, c.now) for c in CASES]
    cases = timekit.load_dateparser()
    counts = timekit.score_dateparser(timekit.run_dateparser(cases))
    print(timekit.show("dateparser's English cases", counts))
    phrases += [
        (str(c["text"]), datetime.fromisoformat(str(c["now"])).astimezone(timekit.LONDON))
        for c in cases
    ]
    tz = timekit.LONDON

    def new(text: str, now: datetime) -> object:
        return read_time(text, now, tz)

    def old(text: str, now: datetime) -> object:
        return parse_when(text, now, tz)

    print(f"µs per phrase, {len(phrases)} phrases x {rounds} rounds:")
    print(f"  read_time, warm caches: {percentiles(timed(new, phrases, rounds, cold=False))}")
    print(f"  read_time, cold caches: {percentiles(timed(new, phrases, rounds, cold=True))}")
    print(f"  old parse_when:         {percentiles(timed(old, phrases, rounds, cold=False))}")
    print("(timings are noisy on a shared machine; the bench never fails on them)")


if __name__ == "__main__":
    main()
