"""How many HTTP requests the process is handling, so background work can wait for a lull."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bot.request_id import ASGIApp, Receive, Scope, Send
from bot.waiters import Waiters

# How long no request must have been under way for background work to count it a lull. A
# person's next answer comes seconds after the reply, but a scripted client's within a
# millisecond or two, and work started in that gap held its next step back (on SQLite the one
# connection, and the CPU, are the background work's until it is done).
QUIET = 0.02  # seconds


class Activity:
    """Requests under way in this process; `lull` waits until there are none."""

    def __init__(self, quiet: float = QUIET) -> None:
        self.requests = 0
        self.quiet = quiet
        self._ended = -float("inf")  # time.monotonic() when the last request ended
        self._lull = Waiters()

    @property
    def busy(self) -> bool:
        return self.requests > 0

    def started(self) -> None:
        self.requests += 1

    def ended(self) -> None:
        self.requests -= 1
        if not self.requests:
            self._ended = time.monotonic()
            self._lull.wake()

    @contextmanager
    def idle(self) -> Iterator[None]:
        """A request that only waits meanwhile (a long poll with nothing on its way to it) is
        not under way: background work need not wait for it to end."""
        self.ended()
        try:
            yield
        finally:
            self.started()

    async def lull(self, within: float, quiet: float | None = None) -> None:
        """Return once no request has been under way for `quiet` seconds (the activity's own
        unless told), or after `within`."""
        quiet = self.quiet if quiet is None else quiet
        deadline = time.monotonic() + within
        while True:
            await self._lull.until(lambda: not self.requests, deadline - time.monotonic())
            if self.requests:  # the wait ran out
                return
            wait = min(self._ended + quiet, deadline) - time.monotonic()
            if wait <= 0:
                return
            await asyncio.sleep(wait)  # then look again: a request may have come meanwhile


class ActivityMiddleware:
    """Pure ASGI, counting each HTTP request from its start to its end."""

    def __init__(self, app: ASGIApp, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.ended()
