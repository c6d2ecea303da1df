"""Tasks waiting, each for some seconds at most, for a condition to hold, woken to look again by
whatever may have made it hold (bot.activity's lull, the sender's quiet)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def set_within(event: asyncio.Event, seconds: float) -> bool:
    """Whether `event` is set within `seconds`.

    Not asyncio.wait_for: on Python 3.11 it swallows a cancel that comes as the event is set,
    and a loop ended only by a cancel then never ends (it kept `serve` from stopping).
    """
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True


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
                await set_within(event, left)
            finally:
                self._events.remove(event)

    def wake(self) -> None:
        """The condition may hold now: every waiter looks again."""
        for event in self._events:
            event.set()
