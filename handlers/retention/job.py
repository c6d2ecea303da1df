"""The retention job: every entry, per BID, with the days set for it; or a look at what is due."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from handlers.retention.registry import ENTRIES, Due, Retained
from storage import retention
from storage.db import Sessions, transaction
from storage.models import Bid

log = logging.getLogger(__name__)

BATCH = 200  # rows per transaction, so a first run over years of data never holds locks long
EVERY = timedelta(hours=1)  # how often the scheduler runs it


@dataclass(frozen=True)
class BidRef:
    """The BID a finding is for (plain values: findings outlive their session)."""

    id: int
    code: str
    name: str


@dataclass
class Finding:
    """One entry in one BID (bid None: an entry for all BIDs): its days and what is due."""

    entry: Retained
    bid: BidRef | None
    days: int
    due: list[Due] = field(default_factory=list)


def days_for(entry: Retained, bid_id: int | None, rules: dict[tuple[int | None, str], int]) -> int:
    """The BID's own setting, else the setting for all BIDs, else the entry's default."""
    if bid_id is not None and (bid_id, entry.what) in rules:
        return rules[(bid_id, entry.what)]
    return rules.get((None, entry.what), entry.default_days)


async def scopes(session: AsyncSession, bid_id: int | None = None) -> list[Finding]:
    """Every (entry, BID) pair to look at, with its days, nothing found yet."""
    rules = await retention.rules(session)
    query = select(Bid).order_by(col(Bid.id))
    if bid_id is not None:
        query = query.where(col(Bid.id) == bid_id)
    bids = [BidRef(b.id or 0, b.code, b.name) for b in (await session.execute(query)).scalars()]
    found = [
        Finding(entry, bid, days_for(entry, bid.id, rules))
        for bid in bids
        for entry in ENTRIES.values()
        if entry.per_bid
    ]
    found += [
        Finding(entry, None, days_for(entry, None, rules))
        for entry in ENTRIES.values()
        if not entry.per_bid
    ]
    return found


async def look(sessions: Sessions, *, now: datetime, bid_id: int | None = None) -> list[Finding]:
    """What a run now would remove, changing nothing (`shopwatch retention --dry-run`)."""
    async with sessions() as session:
        findings = await scopes(session, bid_id)
        for finding in findings:
            cutoff = now - timedelta(days=finding.days)
            finding.due = await finding.entry.find(
                session, finding.bid.id if finding.bid else None, cutoff, None
            )
        await session.rollback()
    return findings


async def run(sessions: Sessions, *, now: datetime, bid_id: int | None = None) -> list[Finding]:
    """Remove everything due, a batch per transaction; returns what was removed.

    An entry that fails is logged and left for the next run; the others still run.
    """
    async with sessions() as session:
        findings = await scopes(session, bid_id)
    for finding in findings:
        try:
            await _run_one(sessions, finding, now)
        except Exception:
            log.exception("retention of %s failed; trying again next run", finding.entry.what)
    return findings


async def _run_one(sessions: Sessions, finding: Finding, now: datetime) -> None:
    cutoff = now - timedelta(days=finding.days)
    bid_id = finding.bid.id if finding.bid else None
    done: set[int] = set()
    while True:
        paths: list[str] = []
        async with transaction(sessions) as session:
            due = await finding.entry.find(session, bid_id, cutoff, BATCH)
            for item in due:
                paths += await finding.entry.remove(session, item, now)
        # Files go only once the rows that named them are gone for good.
        await asyncio.to_thread(delete_files, paths)
        finding.due += due
        if len(due) < BATCH:
            return
        if done & {d.row_id for d in due}:
            # Removing did not make them stop being due: a bug in the entry, not a reason to spin.
            log.error("retention of %s finds rows it already did; stopping", finding.entry.what)
            return
        done |= {d.row_id for d in due}


def delete_files(paths: list[str]) -> None:
    """Delete stored files from disk (blocking: run it in a thread); a failure is logged."""
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete a stored file: %s", exc)


class RetentionJob:
    """Runs retention from the scheduler at most once an hour."""

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._last: datetime | None = None

    async def maybe_run(self, now: datetime) -> int:
        """Run if an hour has passed since the last run; returns how many rows were done."""
        if self._last is not None and now - self._last < EVERY:
            return 0
        self._last = now
        done = sum(len(f.due) for f in await run(self._sessions, now=now))
        if done:
            log.info("retention removed the personal details of %d rows", done)
        return done
