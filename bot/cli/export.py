"""`shopwatch export cases [--bid CODE] [--since ISO-DATE] --format json|csv`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time

from bot.cli.base import CliError, Group, known_bid, subcommands, with_db
from bot.operator import by_operator
from config.settings import Settings
from storage.db import Sessions


def _arguments(parser: argparse.ArgumentParser) -> None:
    cases = subcommands(parser, dest="what").add_parser("cases")
    cases.add_argument("--bid")
    cases.add_argument("--since")
    cases.add_argument("--format", required=True, choices=("json", "csv"))


async def _export(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    from bot.export import export_cases
    from storage import audit, cases
    from storage.db import transaction
    from storage.types import utcnow

    since = since_of(args.since, settings) if args.since else None
    async with transaction(sessions) as session:
        bid_id = (await known_bid(session, args.bid))[1] if args.bid else None
        shown = await cases.cases_for_export(session, bid_id=bid_id, since=since)
        text = await export_cases(session, bid_id=bid_id, since=since, fmt=args.format)
        # Who exported which cases is kept before anything is written out.
        await audit.audit_reads(
            session,
            member_id=None,
            identity_id=None,
            action="export",
            detail=by_operator(f"export cases --format {args.format}"),
            case_ids=[c.id for c, *_ in shown if c.id is not None],
            now=utcnow(),
        )
    sys.stdout.write(text)
    return 0


def since_of(text: str, settings: Settings) -> datetime:
    """`--since`: a date (midnight, local time) or a date and time; local unless it says."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(0), tzinfo=settings.tz)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--since takes an ISO date like 2026-11-01, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


GROUP = Group("export", "export data", _arguments, with_db(_export))
