"""`shopwatch invite --bid CODE --role ROLE [--shop NAME] [--uses N] [--days D]`, and
`shopwatch invite list --bid CODE` and `shopwatch invite revoke CODE`."""

from __future__ import annotations

import argparse
from datetime import timedelta

from bot.cli.base import CliError, Group, known_bid, with_db
from config.settings import Settings
from flows.format import format_time
from storage import bids, members, team
from storage.db import Sessions, transaction
from storage.types import utcnow

ROLES = ("staff", "officer", "manager", "outreach")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=("list", "revoke"))
    parser.add_argument("code", nargs="?", help="the invite code to revoke")
    parser.add_argument("--bid")
    parser.add_argument("--role", choices=ROLES)
    parser.add_argument("--shop")
    parser.add_argument("--uses", type=int, default=1)
    parser.add_argument("--days", type=int, default=7)


async def _run(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.action == "list":
        return await list_invites(args, settings, sessions)
    if args.action == "revoke":
        return await revoke_invite(args, settings, sessions)
    return await _invite(args, settings, sessions)


def _check(args: argparse.Namespace) -> None:
    """Mistakes in a new invite's options, before the database is touched."""
    if args.action is None:
        if args.code:
            raise CliError(f"invalid choice: {args.code!r} (choose from 'list', 'revoke')")
        given = (("--bid", args.bid), ("--role", args.role))
        missing = [flag for flag, value in given if not value]
        if missing:
            raise CliError(f"the following arguments are required: {', '.join(missing)}")
    elif args.action == "list" and not args.bid:
        raise CliError("the following arguments are required: --bid")
    elif args.action == "revoke" and not args.code:
        raise CliError("invite revoke needs the code, for example: shopwatch invite revoke CODE")


async def _invite(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.uses < 1:
        raise CliError("--uses must be at least 1")
    if args.days < 1:
        raise CliError("--days must be at least 1")
    async with transaction(sessions) as session:
        # The BID first: an unknown BID is the bigger mistake, whatever else is missing.
        bid, bid_id = await known_bid(session, args.bid)
        if args.role == "staff" and not args.shop:
            raise CliError("--shop is required for a staff invite")
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
    # A BID with its own bot is joined through it (bot/bots.py), and its link is that bot's.
    username = bid.telegram_username if bid.telegram_token else settings.telegram_bot_username
    if username:
        print(f"Telegram link: https://t.me/{username}?start={invite.code}")
    if bid.whatsapp_from:
        print(f"On WhatsApp, send it to {bid.whatsapp_from.removeprefix('whatsapp:')}")
    print(invite.code)
    return 0


async def list_invites(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    """One line per invite that can still be used: code, role, shop, uses left, expiry."""
    async with transaction(sessions) as session:
        bid, bid_id = await known_bid(session, args.bid)
        rows = await team.open_invites(session, bid_id=bid_id, now=utcnow())
    if not rows:
        print(f"No open invites in {bid.code}.")
        return 0
    print(f"Open invites in {bid.code}: {len(rows)}")
    for invite, shop in rows:
        at = f" at {shop.name}" if shop else ""
        expires = format_time(invite.expires_at, settings.tz)
        print(f"{invite.code}  {invite.role}{at}, {invite.uses_left} use(s) left, until {expires}")
    return 0


async def revoke_invite(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    """Make one invite unusable; people who already joined with it stay members."""
    async with transaction(sessions) as session:
        invite = await team.revoke_invite(session, code=args.code.strip(), now=utcnow())
    if invite is None:
        raise CliError(f"no open invite with code {args.code!r}")
    print(f"Invite {invite.code} revoked. It can no longer be used to join.")
    return 0


def _checked(args: argparse.Namespace, settings: Settings) -> int | None:
    _check(args)
    return with_db(_run)(args, settings)


GROUP = Group("invite", "create, list or revoke invite codes", _arguments, _checked)
