"""How many HTTP requests the process is handling, so background work can wait for a lull."""

from __future__ import annotations

import asyncio
import contextlib

from bot.request_id import ASGIApp, Receive, Scope, Send


class Activity:
    """Requests under way in this process; `lull` waits until there are none."""

    def __init__(self) -> None:
        self.requests = 0
        self._waiters: list[asyncio.Event] = []

    def started(self) -> None:
        self.requests += 1

    def ended(self) -> None:
        self.requests -= 1
        if not self.requests:
            for event in self._waiters:
                event.set()

    async def lull(self, within: float) -> None:
        """Return once no request is under way, or after `within` seconds."""
        if not self.requests:
            return
        event = asyncio.Event()
        self._waiters.append(event)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), within)
        finally:
            self._waiters.remove(event)


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
