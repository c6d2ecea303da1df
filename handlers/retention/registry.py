"""What personal data is kept for how long: one entry per kind, registered with @retained.

An entry finds the rows whose time is up (`find`) and removes their personal details
(`remove`), keeping the anonymous facts. The job runs every entry per BID (or once, for data
that belongs to no BID) with the days set for it; `shopwatch retention --dry-run` shows the same
findings without removing anything. A feature that keeps personal data of its own registers
an entry (`register(Retained(...))`) in a module of this package, imported by one line in its
`__init__.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class Due:
    """One row whose personal details are due for removal."""

    row_id: int
    label: str  # which row, for people: "WE-0042 (closed 2025-11-01)"
    removes: str  # what goes: "Description, What happened; 2 photos; 3 messages"


# find(session, bid_id, cutoff, limit): rows due (those older than cutoff), oldest first.
# bid_id is None for entries that are not per BID. limit None: all of them (a dry run).
Find = Callable[[AsyncSession, int | None, datetime, int | None], Awaitable[list[Due]]]
# remove(session, due, now): do it; returns paths of files to delete once committed.
Remove = Callable[[AsyncSession, Due, datetime], Awaitable[list[str]]]


@dataclass(frozen=True)
class Retained:
    """One kind of personal data and how long it is kept."""

    what: str  # its setting's name: `shopwatch retention --set cases=365`
    label: str  # "closed cases' personal details"
    since: str  # what the days count from: "after closing"
    default_days: int
    find: Find
    remove: Remove
    per_bid: bool = True  # False: one setting for all BIDs (data that belongs to none)


ENTRIES: dict[str, Retained] = {}


def register(entry: Retained) -> Retained:
    """Add an entry (once per `what`); the job and the CLI read them from ENTRIES."""
    if entry.what in ENTRIES:
        raise ValueError(f"retention entry {entry.what!r} registered twice")
    ENTRIES[entry.what] = entry
    return entry
