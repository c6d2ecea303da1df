"""What every channel adapter offers the outbox sender."""

from __future__ import annotations

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


class Channel(Protocol):
    name: str

    async def send(self, address: str, payload: dict[str, Any], row_id: int) -> Delivery:
        """Deliver one outbox payload; never raises for platform errors."""
        ...


class FetchError(Exception):
    """A file could not be fetched; `permanent` when trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Adapter(Channel, Protocol):
    """A chat platform wired into the app: its routes, its lifecycle, its files."""

    def router(self) -> APIRouter:
        """The platform's webhook routes."""
        ...

    async def start(self) -> None:
        """Connect: register the webhook, or start long polling."""
        ...

    async def stop(self) -> None: ...

    async def fetch(self, source: str) -> tuple[bytes, str]:
        """The bytes and content type of a file the person sent; raises FetchError."""
        ...
