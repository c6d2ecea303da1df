"""An overall rate limit that lets the most urgent waiter go first.

Telegram allows a bot about 30 messages a second in all. Waiting in the order they came, as a
plain limiter does, a reply to someone who just wrote would queue behind every push of a
broadcast claimed before it; here replies (urgent) go before pushes, each kind in the order it
came. Each person has at most one message waiting (the sender sends their rows one at a time),
so the order they came in is a round over the people waiting: one person's burst cannot hold
everyone else back.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools


class Pacer:
    """At most `rate` a second, spaced evenly (not bursts); 0 or less: no limit."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._gap = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0  # the loop time the next request may go at
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def wait(self, *, urgent: bool = True) -> None:
        """Return when this request may go."""
        if not self._gap:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._waiting and now >= self._next:
            self._next = now + self._gap
            return
        turn: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiting, (0 if urgent else 1, next(self._order), turn))
        self._arm(loop)
        await turn

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._timer = loop.call_at(self._next, self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():  # not given up (cancelled) meanwhile
                turn.set_result(None)
                self._next = max(loop.time(), self._next) + self._gap
                break
        if self._waiting:
            self._arm(loop)
