"""The digest as sections: each feature adds its own with `@digest_section`.

A section is an async function given the period and an open session; it returns its lines (each
figure already compared with the period before) and its figures by name, or None to say
nothing. The property and officer features add theirs from their own modules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows import definitions as _definitions  # noqa: F401  (registers every flow)
from flows import registry
from storage.digest import Window
from storage.models import Bid


@dataclass(frozen=True)
class Figure:
    """One number of the digest, this period and the one before (None: not known)."""

    now: float | None
    before: float | None


@dataclass
class Part:
    """What one section says: lines to read, figures by name, data for the chart."""

    lines: list[str]
    figures: dict[str, Figure] = field(default_factory=dict)
    series: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DigestAsk:
    """Everything a section may know: whose digest, which BID, which period."""

    session: AsyncSession
    bid: Bid
    window: Window
    tz: ZoneInfo
    now: datetime

    @property
    def bid_id(self) -> int:
        return self.bid.id or 0

    @property
    def length(self) -> timedelta:
        return self.window.end - self.window.mid

    @property
    def crime_kinds(self) -> tuple[str, ...]:
        """Found property and other non-crime records are not counted as crimes."""
        return registry.crime_kinds()


Section = Callable[[DigestAsk], Awaitable[Part | None]]
SECTIONS: dict[str, tuple[int, Section]] = {}


def digest_section(key: str, *, order: int) -> Callable[[Section], Section]:
    """Add the decorated function to every digest, at `order` (kinds 10 … polls 90)."""

    def add(run: Section) -> Section:
        if key in SECTIONS:
            raise ValueError(f"digest section {key!r} defined twice")
        SECTIONS[key] = (order, run)
        return run

    return add


async def run_sections(ask: DigestAsk) -> dict[str, Part]:
    """Every section's part, in order; sections with nothing to say are left out."""
    parts: dict[str, Part] = {}
    for key, (_, run) in sorted(SECTIONS.items(), key=lambda item: item[1][0]):
        part = await run(ask)
        if part is not None:
            parts[key] = part
    return parts
