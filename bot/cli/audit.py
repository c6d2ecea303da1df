"""`shopwatch audit --case WE-0042`: who read or did what with a case, when, and whether it
was allowed, oldest first, in the service's time zone (London)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.cli.base import CliError, Group, with_db
from bot.operator import operator_of
from config.settings import Settings
from storage.db import Sessions

if TYPE_CHECKING:
    from storage.models import AuditLog, Member


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--case", required=True, metavar="REF")


async def _audit(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    from handlers.refs import format_ref, parse_case_ref
    from storage import audit, cases

    parsed = parse_case_ref(args.case)
    if parsed is None:
        raise CliError(f"--case takes a case reference like WE-0042, not {args.case!r}")
    ref = format_ref(*parsed)
    async with sessions() as session:
        case = await cases.case_by_ref(session, ref=ref)
        if case is None or case.id is None:
            raise CliError(f"unknown case {ref}")
        trail = await audit.case_trail(session, case_id=case.id)
    print(trail_text(ref, trail, settings.tz))
    return 0


def trail_text(ref: str, trail: list[tuple[AuditLog, Member | None]], tz: ZoneInfo) -> str:
    """One line per entry: when, allowed or refused, who (and as what), what they did."""
    lines = [f"Audit trail of {ref} ({tz.key} time): {len(trail)} entries"]
    for entry, member in trail:
        when = entry.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
        verdict = "allowed" if entry.allowed else "REFUSED"
        what = entry.action + (f" - {entry.detail}" if entry.detail else "")
        if member is not None:
            who = f"{member.display_name} (member {member.id}, {member.role})"
        elif (operator := operator_of(entry.detail)) is not None:
            who = f"{operator[0]} (command line)"
            what = operator[1] or entry.action
        else:
            who = "ShopWatch (automatic)"
        lines.append(f"{when}  {verdict:<7}  {who}: {what}")
    return "\n".join(lines)


GROUP = Group("audit", "who read or changed a case, and when", _arguments, with_db(_audit))
