"""What every channel adapter offers the outbox sender."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import APIRouter


@dataclass(frozen=True)
class Delivery:
    """The result of one send attempt."""

    ok: bool
    provider_id: str | None = None
    retry_after: float | None = None  # the platform told us how long to wait
    permanent: bool = False  # retrying cannot help (blocked, bad number)
    unreachable: bool = False  # the person cannot be reached on this identity any more
    held: bool = False  # not sent yet, on purpose: waits until the person writes to us
    error: str | None = None


@dataclass
class Progress:
    """How much of a split message is delivered, so a retry or a restart sends only the rest.

    The sender fills it from the outbox row and `save` writes each step back to that row, so
    the count survives a crash between two parts. Without `save` (a direct call) it is only
    counted.
    """

    done: int = 0
    provider_id: str | None = None  # the platform's id for the last part delivered
    save: Callable[[int, str | None], Awaitable[None]] | None = None

    async def advance(self, provider_id: str | None, *, total: int) -> None:
        """One more of `total` parts is delivered; kept unless it was the last."""
        self.done += 1
        self.provider_id = provider_id or self.provider_id
        # After the last part the sender records the whole row as sent anyway.
        if self.save is not None and self.done < total:
            await self.save(self.done, self.provider_id)


class Channel(Protocol):
    name: str

    async def send(
        self,
        address: str,
        payload: dict[str, Any],
        row_id: int,
        progress: Progress | None = None,
    ) -> Delivery:
        """Deliver one outbox payload, from part `progress.done` on; never raises for platform
        errors."""
        ...


class FetchError(Exception):
    """A file could not be fetched; `permanent` when trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Adapter(Channel, Protocol):
    """A chat platform wired into the app: its routes, its lifecycle, its files."""

    # Who a fetched source belongs to where the platform ties files to a sender (a Telegram
    # bot's number: its file_ids work on that bot only); None otherwise.
    @property
    def file_owner(self) -> str | None: ...

    def router(self) -> APIRouter:
        """The platform's webhook routes."""
        ...

    async def start(self) -> None:
        """Connect: register the webhook, or start long polling."""
        ...

    async def stop(self) -> None: ...

    async def fetch(self, source: str) -> tuple[bytes, str]:
        """The bytes of a file the person sent, streamed within the platform's limits, and its
        content type read from those bytes; raises FetchError (bot.media.Refused when it is
        too large or not a photo or PDF)."""
        ...
