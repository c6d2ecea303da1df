"""What every channel adapter offers the outbox sender."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Delivery:
    """The result of one send attempt."""

    ok: bool
    provider_id: str | None = None
    retry_after: float | None = None  # the platform told us how long to wait
    permanent: bool = False  # retrying cannot help (blocked, bad number)
    unreachable: bool = False  # the person cannot be reached on this identity any more
    error: str | None = None


class Channel(Protocol):
    name: str

    async def send(self, address: str, payload: dict[str, Any], row_id: int) -> Delivery:
        """Deliver one outbox payload; never raises for platform errors."""
        ...
