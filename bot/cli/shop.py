"""`shopwatch shop add --bid CODE --name NAME --street STREET [--new-street] [--hours HOURS]`
and `shopwatch shop set --bid CODE --name NAME (--hours HOURS | --no-hours)`."""

from __future__ import annotations

import argparse

from bot.cli.base import CliError, Group, known_bid, subcommands, with_db
from config.settings import Settings
from flows.model import Street
from flows.reading.hours import EXAMPLE, HoursError, read_hours
from flows.reading.streets import match_street
from storage import bids
from storage.db import Sessions, transaction


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = subcommands(parser)
    add = actions.add_parser("add")
    add.add_argument("--bid", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--street", required=True)
    add.add_argument(
        "--new-street", action="store_true", help="add the street to the BID's list if it is new"
    )
    add.add_argument("--hours", help=f"opening hours, for example {EXAMPLE!r}")
    change = actions.add_parser("set")
    change.add_argument("--bid", required=True)
    change.add_argument("--name", required=True)
    hours = change.add_mutually_exclusive_group(required=True)
    hours.add_argument("--hours", help=f"opening hours, for example {EXAMPLE!r}")
    hours.add_argument("--no-hours", action="store_true", help="forget the opening hours")


def _hours(text: str | None) -> str | None:
    """The hours in the form owners are shown, or a one-line refusal saying what to type."""
    if text is None:
        return None
    try:
        return read_hours(text)
    except HoursError as error:
        raise CliError(f"--hours: {error}; for example --hours {EXAMPLE!r}") from error


async def _run(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.action == "set":
        return await _set(args, sessions)
    return await _add(args, settings, sessions)


async def _set(args: argparse.Namespace, sessions: Sessions) -> int:
    hours = None if args.no_hours else _hours(args.hours)
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        shop = await bids.shop_by_name(session, bid_id=bid_id, name=args.name.strip())
        if shop is None:
            raise CliError(f"no shop {args.name.strip()!r} in {bid.code}")
        shop.opening_hours = hours
    said = f"open {hours}" if hours else "no opening hours"
    print(f"Shop {shop.name!r} in {bid.code}: {said}.")
    return 0


async def _add(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    name, street = args.name.strip(), args.street.strip()
    if not name or not street:
        raise CliError("--name and --street must not be empty")
    hours = _hours(args.hours)
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        if await bids.shop_by_name(session, bid_id=bid_id, name=name):
            raise CliError(f"shop {name!r} already exists in {bid.code}")
        known = await bids.streets_of(session, bid_id=bid_id)
        listed = tuple(Street(s.name, s.latitude, s.longitude) for s in known)
        found = match_street(street, listed)
        if found.sure and found.street is not None:
            street = found.street.name  # the BID's own spelling, so reports and digests agree
        elif listed and not args.new_street:
            raise CliError(_not_listed(street, bid.code, listed))
        await bids.create_shop(session, bid_id=bid_id, name=name, street=street, hours=hours)
        await bids.add_streets(session, bid_id=bid_id, streets=[(street, None, None)])
    open_ = f", open {hours}" if hours else ""
    print(f"Shop {name!r} added to {bid.code} on {street}{open_}.")
    return 0


def _not_listed(street: str, code: str, listed: tuple[Street, ...]) -> str:
    """The one-line refusal for a street the BID does not list, with the nearest names."""
    ranked = sorted(listed, key=lambda s: match_street(street, (s,)).score, reverse=True)
    nearest = ", ".join(s.name for s in ranked[:3])
    return (
        f"{street!r} is not one of {code}'s streets (nearest: {nearest}); "
        "use one of those, or add --new-street to add it"
    )


GROUP = Group("shop", "manage shops", _arguments, with_db(_run))
