"""How long to wait before trying again: doubling, capped, with jitter.

The jitter only ever shortens the wait (to between half and all of it), so many rows or
processes that failed together do not all come back in the same instant, and nothing waits
longer than the doubling promises.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def backoff(
    attempt: int,
    *,
    base: float = 1.0,
    cap: float = 300.0,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds before retry number `attempt` (1, 2, …): base · 2^(attempt−1), capped, jittered."""
    nominal = min(cap, base * 2.0 ** min(max(0, attempt - 1), 60))
    return nominal * (0.5 + 0.5 * rng())
