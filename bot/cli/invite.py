"""`shopwatch invite --bid CODE --role ROLE [--shop NAME] [--uses N] [--days D]`."""

from __future__ import annotations

import argparse
from datetime import timedelta

from bot.cli.base import CliError, Group, known_bid, with_db
from config.settings import Settings
from storage import bids, members
from storage.db import Sessions, transaction
from storage.types import utcnow

ROLES = ("staff", "officer", "manager")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bid", required=True)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--shop")
    parser.add_argument("--uses", type=int, default=1)
    parser.add_argument("--days", type=int, default=7)


async def _invite(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.uses < 1:
        raise CliError("--uses must be at least 1")
    if args.days < 1:
        raise CliError("--days must be at least 1")
    if args.role == "staff" and not args.shop:
        raise CliError("--shop is required for a staff invite")
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        shop = None
        if args.shop:
            shop = await bids.shop_by_name(session, bid_id=bid_id, name=args.shop.strip())
            if shop is None:
                raise CliError(f"unknown shop {args.shop!r} in {bid.code}")
        invite = await members.create_invite(
            session,
            bid_id=bid_id,
            role=args.role,
            shop_id=shop.id if shop and args.role == "staff" else None,
            uses=args.uses,
            expires_at=utcnow() + timedelta(days=args.days),
        )
    where = f" at {shop.name}" if shop and args.role == "staff" else ""
    print(f"Invite for {args.role}{where} in {bid.code}: {args.uses} use(s), {args.days} day(s).")
    print(f"In the chat, send: join {invite.code}")
    if settings.telegram_bot_username:
        print(f"Telegram link: https://t.me/{settings.telegram_bot_username}?start={invite.code}")
    print(invite.code)
    return 0


GROUP = Group("invite", "create an invite code", _arguments, with_db(_invite))
