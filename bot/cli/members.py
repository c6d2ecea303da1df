"""`shopwatch members list --bid CODE [--all]` and `shopwatch members remove --bid CODE ID`."""

from __future__ import annotations

import argparse

from bot.cli.base import CliError, Group, known_bid, subcommands, with_db
from config.settings import Settings
from handlers.team import member_line, remove_from_team
from storage import team
from storage.db import Sessions, transaction
from storage.types import utcnow


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = subcommands(parser)
    listing = actions.add_parser("list")
    listing.add_argument("--bid", required=True)
    listing.add_argument("--all", action="store_true", help="include removed members")
    remove = actions.add_parser("remove")
    remove.add_argument("--bid", required=True)
    remove.add_argument("member", help="the member's number, as members list shows it (#12)")


async def _run(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.action == "remove":
        return await _remove(args, settings, sessions)
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        rows = await team.team_of(session, bid_id=bid_id, include_removed=args.all)
    print(f"{bid.code} ({bid.name}): {len(rows)} member(s)")
    for row in rows:
        print(member_line(row, settings.tz))
    return 0


async def _remove(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    number = args.member.lstrip("#")
    if not number.isdigit():
        raise CliError(f"member must be a number as members list shows it, not {args.member!r}")
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        member = await team.member_of_bid(session, bid_id=bid_id, member_id=int(number))
        if member is None:
            raise CliError(f"no current member #{number} in {bid.code}")
        await remove_from_team(session, member=member, bid=bid, now=utcnow())
    print(f"Removed #{number} {member.display_name} ({member.role}) from {bid.code}.")
    print("They are told in one message when the service next sends.")
    return 0


GROUP = Group("members", "list or remove a BID's members", _arguments, with_db(_run))
