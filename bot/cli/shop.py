"""`shopwatch shop add --bid CODE --name NAME --street STREET`."""

from __future__ import annotations

import argparse

from bot.cli.base import CliError, Group, known_bid, subcommands, with_db
from config.settings import Settings
from storage import bids
from storage.db import Sessions, transaction


def _arguments(parser: argparse.ArgumentParser) -> None:
    add = subcommands(parser).add_parser("add")
    add.add_argument("--bid", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--street", required=True)


async def _add(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    name, street = args.name.strip(), args.street.strip()
    if not name or not street:
        raise CliError("--name and --street must not be empty")
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        if await bids.shop_by_name(session, bid_id=bid_id, name=name):
            raise CliError(f"shop {name!r} already exists in {bid.code}")
        await bids.create_shop(session, bid_id=bid_id, name=name, street=street)
        await bids.add_streets(session, bid_id=bid_id, streets=[(street, None, None)])
    print(f"Shop {name!r} added to {bid.code} on {street}.")
    return 0


GROUP = Group("shop", "manage shops", _arguments, with_db(_add))
