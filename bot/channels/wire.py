"""The moment a message is handed to the platform, so the sender can mark it in doubt first.

The sender sets `ON_WIRE` for the send it is making; the platform's HTTP client awaits
`on_wire()` just before each request that creates a message, after every rate limiter, so a
mark means the request was about to leave this machine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar

ON_WIRE: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("on_wire", default=None)


async def on_wire() -> None:
    """Mark the send under way (a no-op outside the sender)."""
    mark = ON_WIRE.get()
    if mark is not None:
        await mark()
