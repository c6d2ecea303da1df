"""`shopwatch bid add CODE --name NAME [--streets FILE]`."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli.base import CliError, Group, subcommands, with_db
from config.areas import read_area_file
from config.settings import Settings
from storage import bids
from storage.db import Sessions, transaction

BID_CODE = re.compile(r"^[A-Z]{2,5}$")


def _arguments(parser: argparse.ArgumentParser) -> None:
    add = subcommands(parser).add_parser("add")
    add.add_argument("code")
    add.add_argument("--name", required=True)
    add.add_argument("--streets", type=Path)


async def _add(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if not BID_CODE.match(args.code):
        raise CliError("a BID code is 2 to 5 capital letters, like WE")
    if not args.name.strip():
        raise CliError("--name must not be empty")
    streets = read_area_file(args.streets) if args.streets else []
    async with transaction(sessions) as session:
        if await bids.bid_by_code(session, code=args.code):
            raise CliError(f"BID {args.code} already exists")
        await bids.create_bid(
            session,
            code=args.code,
            name=args.name.strip(),
            streets=[(s.name, s.latitude, s.longitude) for s in streets],
        )
    print(f"BID {args.code} ({args.name.strip()}) created with {len(streets)} streets.")
    return 0


GROUP = Group("bid", "manage BIDs", _arguments, with_db(_add))
