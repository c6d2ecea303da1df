"""`shopwatch retention [--bid CODE] [--dry-run] [--set WHAT=DAYS …]`.

Without --set: removes every personal detail whose time is up (as the scheduler does hourly),
or with --dry-run shows what that would remove. With --set: changes how long something is
kept, for one BID (--bid) or for every BID without its own setting, and shows the settings.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.cli.base import CliError, Group, known_bid, with_db
from config.settings import Settings
from storage.db import Sessions

if TYPE_CHECKING:
    from handlers.retention import Finding

SHOWN = 20  # due rows listed per entry; the rest are counted
MAX_DAYS = 3650


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bid")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="WHAT=DAYS")


def _setting(text: str, entries: Mapping[str, object]) -> tuple[str, int]:
    what, sep, days = text.partition("=")
    what = what.strip().lower()
    if not sep or what not in entries:
        raise CliError(
            f"--set takes WHAT=DAYS with WHAT one of {', '.join(entries)}; not {text!r}"
        )
    try:
        count = int(days)
    except ValueError:
        raise CliError(f"--set {what}= takes a number of days, not {days!r}") from None
    if not 0 <= count <= MAX_DAYS:
        raise CliError(f"--set {what}= takes 0 to {MAX_DAYS} days, not {count}")
    return what, count


async def _retention(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    from handlers import retention
    from storage import retention as rules
    from storage.db import transaction
    from storage.types import utcnow

    now = utcnow()
    changes = [_setting(text, retention.ENTRIES) for text in args.set]
    async with transaction(sessions) as session:
        bid_id = (await known_bid(session, args.bid))[1] if args.bid else None
        for what, days in changes:
            if bid_id is not None and not retention.ENTRIES[what].per_bid:
                raise CliError(f"{what} is one setting for all BIDs: leave out --bid")
            await rules.set_days(session, bid_id=bid_id, what=what, days=days, now=now)
    if changes:
        print(report(await retention.look(sessions, now=now, bid_id=bid_id), listed=False))
        return 0
    if args.dry_run:
        findings = await retention.look(sessions, now=now, bid_id=bid_id)
    else:
        findings = await retention.run(sessions, now=now, bid_id=bid_id)
    print(report(findings, done=not args.dry_run))
    return 0


def report(findings: list[Finding], *, done: bool = False, listed: bool = True) -> str:
    """The settings and what is (or was) due, BID by BID, then what belongs to no BID."""
    lines: list[str] = []
    heading = None
    verb = "removed" if done else "due"
    for finding in findings:
        bid = finding.bid
        title = f"{bid.code} ({bid.name})" if bid else "All BIDs"
        if title != heading:
            lines.append(title)
            heading = title
        entry = finding.entry
        kept = f"kept {finding.days} days {entry.since}"
        count = len(finding.due)
        state = f"{count} {verb}" if count else f"none {verb}"
        lines.append(f"  {entry.what}: {entry.label}, {kept}: {state}")
        if listed:
            for due in finding.due[:SHOWN]:
                lines.append(f"    {due.label}: {due.removes}")
            if count > SHOWN:
                lines.append(f"    … and {count - SHOWN} more")
    total = sum(len(f.due) for f in findings)
    if listed and not done:
        lines.append(
            f"Dry run: nothing was removed. Without --dry-run, {_rows(total)} would be."
            if total
            else "Nothing is due."
        )
    elif listed:
        lines.append(
            f"Removed personal details from {_rows(total)}." if total else "Nothing was due."
        )
    return "\n".join(lines)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


GROUP = Group(
    "retention", "remove personal data whose time is up", _arguments, with_db(_retention)
)
