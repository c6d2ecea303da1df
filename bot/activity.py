"""How many HTTP requests the process is handling, so background work can wait for a lull."""

from __future__ import annotations

from bot.request_id import ASGIApp, Receive, Scope, Send
from bot.waiters import Waiters


class Activity:
    """Requests under way in this process; `lull` waits until there are none."""

    def __init__(self) -> None:
        self.requests = 0
        self._lull = Waiters()

    def started(self) -> None:
        self.requests += 1

    def ended(self) -> None:
        self.requests -= 1
        if not self.requests:
            self._lull.wake()

    async def lull(self, within: float) -> None:
        """Return once no request is under way, or after `within` seconds."""
        await self._lull.until(lambda: not self.requests, within)


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
