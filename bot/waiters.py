"""Tasks waiting, each for some seconds at most, for a condition to hold, woken to look again by
whatever may have made it hold (bot.activity's lull, the sender's quiet)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class Waiters:
    def __init__(self) -> None:
        self._events: list[asyncio.Event] = []

    @property
    def waiting(self) -> bool:
        return bool(self._events)

    async def until(self, holds: Callable[[], bool], within: float) -> None:
        """Return once `holds()` (looked at again at each wake), or after `within` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not holds():
            left = deadline - loop.time()
            if left <= 0:
                return
            event = asyncio.Event()
            self._events.append(event)
            try:
                with contextlib.suppress(TimeoutError):
                    # Not wait_for, which on Python 3.11 can swallow a cancel that comes as
                    # the event is set (handlers.follow_ups.run).
                    async with asyncio.timeout(left):
                        await event.wait()
            finally:
                self._events.remove(event)

    def wake(self) -> None:
        """The condition may hold now: every waiter looks again."""
        for event in self._events:
            event.set()
