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
from collections import deque

PUSH_SHARE = 10  # at least one turn in this many goes to a push when pushes wait


class Pacer:
    """At most `rate` a second, spaced evenly (not bursts); 0 or less: no limit.

    Replies go first, but while replies keep every turn busy (more asked of the bot than its
    rate), one turn in PUSH_SHARE still goes to the push that waited longest: a broadcast
    slows down then rather than never going out.
    """

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._gap = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0  # the loop time the next request may go at
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._later: deque[asyncio.Future[None]] = deque()
        self._urgent_in_a_row = 0
        self._timer: asyncio.TimerHandle | None = None

    async def wait(self, *, urgent: bool = True) -> None:
        """Return when this request may go."""
        if not self._gap:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._urgent and not self._later and now >= self._next:
            self._next = now + self._gap
            return
        turn: asyncio.Future[None] = loop.create_future()
        (self._urgent if urgent else self._later).append(turn)
        self._arm(loop)
        await turn

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._timer = loop.call_at(self._next, self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        for queue in (self._urgent, self._later):
            while queue and queue[0].done():  # given up (cancelled) meanwhile
                queue.popleft()
        if not self._later:
            self._urgent_in_a_row = 0  # counted while pushes wait
        push_turn = bool(self._later) and (
            not self._urgent or self._urgent_in_a_row >= PUSH_SHARE - 1
        )
        queue = self._later if push_turn else self._urgent
        if queue:
            queue.popleft().set_result(None)
            self._urgent_in_a_row = 0 if push_turn else self._urgent_in_a_row + 1
            self._next = max(loop.time(), self._next) + self._gap
        if self._urgent or self._later:
            self._arm(loop)
