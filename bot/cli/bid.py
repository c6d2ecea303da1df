"""`shopwatch bid add CODE --name NAME [--streets FILE]`, `bid set CODE …` and `bid show CODE`.

A BID may have a Telegram bot and a WhatsApp sender of its own (bot/bots.py): `--telegram-token`
with, optionally, `--telegram-secret` (made up when not given), `--telegram-path` and
`--telegram-username` (for invite links);
`--whatsapp-from` with, when its Twilio account is not the deployment's, `--twilio-account-sid`
and `--twilio-auth-token`. A secret given as `-` is read from stdin (not left in the shell's
history or the process list). Secrets are never printed; `bid show` masks them.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot import bots
from bot.cli.base import CliError, Group, known_bid, subcommands, with_db
from config.areas import read_area_file
from config.settings import Settings, reveal
from storage import bids
from storage.db import Sessions, transaction
from storage.models import Bid

BID_CODE = re.compile(r"^[A-Z]{2,5}$")
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram takes as secret_token
WHATSAPP_FROM = re.compile(r"^whatsapp:\+[1-9][0-9]{6,14}$")
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$")
ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
RESTART = "Restart `shopwatch serve` for it to take effect"


def _bot_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--telegram-token", metavar="TOKEN", help="the BID's own bot ('-': stdin)")
    parser.add_argument("--telegram-secret", metavar="SECRET", help="its webhook secret")
    parser.add_argument("--telegram-path", metavar="PATH", help="its webhook path")
    parser.add_argument("--telegram-username", metavar="NAME", help="for invite links")
    parser.add_argument("--whatsapp-from", metavar="SENDER", help="whatsapp:+447700900000")
    parser.add_argument("--twilio-account-sid", metavar="SID")
    parser.add_argument("--twilio-auth-token", metavar="TOKEN", help="('-': stdin)")


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = subcommands(parser)
    add = actions.add_parser("add")
    add.add_argument("code")
    add.add_argument("--name", required=True)
    add.add_argument("--streets", type=Path)
    _bot_options(add)
    change = actions.add_parser("set", help="give a BID its own Telegram bot or WhatsApp sender")
    change.add_argument("code")
    change.add_argument("--name")
    _bot_options(change)
    change.add_argument("--no-telegram-bot", action="store_true", help="back to the default bot")
    change.add_argument("--no-whatsapp-sender", action="store_true")
    show = actions.add_parser("show", help="a BID's settings, secrets masked")
    show.add_argument("code")


async def _bid(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.action == "add":
        return await _add(args, settings, sessions)
    if args.action == "set":
        return await _set(args, settings, sessions)
    return await _show(args, settings, sessions)


async def _add(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if not BID_CODE.match(args.code):
        raise CliError("a BID code is 2 to 5 capital letters, like WE")
    if not args.name.strip():
        raise CliError("--name must not be empty")
    streets = read_area_file(args.streets) if args.streets else []
    _read_stdin_secrets(args)
    async with transaction(sessions) as session:
        if await bids.bid_by_code(session, code=args.code):
            raise CliError(f"BID {args.code} already exists")
        bid = await bids.create_bid(
            session,
            code=args.code,
            name=args.name.strip(),
            streets=[(s.name, s.latitude, s.longitude) for s in streets],
        )
        said = await _apply(session, bid, args, settings)
    print(f"BID {args.code} ({args.name.strip()}) created with {len(streets)} streets.")
    _say(said, bid, settings)
    return 0


async def _set(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    _read_stdin_secrets(args)
    async with transaction(sessions) as session:
        bid, _ = await known_bid(session, args.code)
        if args.name is not None:
            if not args.name.strip():
                raise CliError("--name must not be empty")
            bid.name = args.name.strip()
        said = await _apply(session, bid, args, settings)
        if not said and args.name is None:
            raise CliError("nothing to set: give --name, --telegram-token, --whatsapp-from, …")
        session.add(bid)
    if args.name is not None:
        print(f"BID {bid.code} is now called {bid.name}.")
    _say(said, bid, settings)
    return 0


async def _apply(
    session: AsyncSession, bid: Bid, args: argparse.Namespace, settings: Settings
) -> list[str]:
    """Check and set the bot and sender options on `bid`; what changed, in words."""
    said: list[str] = []
    telegram_given = any(
        v is not None
        for v in (
            args.telegram_token,
            args.telegram_secret,
            args.telegram_path,
            args.telegram_username,
        )
    )
    if getattr(args, "no_telegram_bot", False):
        if telegram_given:
            raise CliError("--no-telegram-bot cannot go with the other --telegram options")
        bid.telegram_token = bid.telegram_secret = bid.telegram_path = None
        bid.telegram_username = None
        said.append("telegram-off")
    elif telegram_given:
        await _telegram(session, bid, args, settings)
        said.append("telegram")
    whatsapp_given = any(
        v is not None
        for v in (args.whatsapp_from, args.twilio_account_sid, args.twilio_auth_token)
    )
    if getattr(args, "no_whatsapp_sender", False):
        if whatsapp_given:
            raise CliError("--no-whatsapp-sender cannot go with the other WhatsApp options")
        bid.whatsapp_from = bid.twilio_account_sid = bid.twilio_auth_token = None
        said.append("whatsapp-off")
    elif whatsapp_given:
        await _whatsapp(session, bid, args, settings)
        said.append("whatsapp")
    return said


async def _telegram(
    session: AsyncSession, bid: Bid, args: argparse.Namespace, settings: Settings
) -> None:
    token = args.telegram_token if args.telegram_token is not None else bid.telegram_token
    if not token:
        raise CliError(f"BID {bid.code} has no bot of its own yet: give --telegram-token")
    if not bots.TELEGRAM_TOKEN.match(token):
        raise CliError("--telegram-token is not a bot token (like 123456789:AAE…, from BotFather)")
    if token == reveal(settings.telegram_token):
        raise CliError("--telegram-token is the deployment's own bot (SHOPWATCH_TELEGRAM_TOKEN)")
    secret = args.telegram_secret if args.telegram_secret is not None else bid.telegram_secret
    secret = secret or secrets.token_urlsafe(32)  # Telegram sends it back; nobody types it
    if not WEBHOOK_SECRET.match(secret):
        raise CliError("--telegram-secret: use 1 to 256 letters, digits, '_' or '-'")
    path = args.telegram_path if args.telegram_path is not None else bid.telegram_path
    path = path.rstrip("/") if path else None
    problem = bots.path_problem(path or bots.telegram_path(bid.code))
    if problem:
        raise CliError(f"--telegram-path: {problem}")
    for other in await bids.bids_with_bots(session):
        if other.id == bid.id or not other.telegram_token:
            continue
        if other.telegram_token == token:
            raise CliError(f"that bot is already BID {other.code}'s own")
        if (other.telegram_path or bots.telegram_path(other.code)) == (
            path or bots.telegram_path(bid.code)
        ):
            raise CliError(f"--telegram-path: BID {other.code}'s bot already uses it")
    name = args.telegram_username if args.telegram_username is not None else bid.telegram_username
    name = name.removeprefix("@") if name else None
    if name and not USERNAME.match(name):
        raise CliError("--telegram-username is the bot's @username, ending in 'bot'")
    bid.telegram_token, bid.telegram_secret, bid.telegram_path = token, secret, path
    bid.telegram_username = name


async def _whatsapp(
    session: AsyncSession, bid: Bid, args: argparse.Namespace, settings: Settings
) -> None:
    sender = args.whatsapp_from if args.whatsapp_from is not None else bid.whatsapp_from
    if not sender:
        raise CliError(
            f"BID {bid.code} has no WhatsApp sender of its own yet: give --whatsapp-from"
        )
    if not WHATSAPP_FROM.match(sender):
        raise CliError("--whatsapp-from is a WhatsApp sender like whatsapp:+447700900000")
    if sender == settings.whatsapp_from:
        raise CliError("--whatsapp-from is the deployment's own (SHOPWATCH_WHATSAPP_FROM)")
    sid = (
        args.twilio_account_sid if args.twilio_account_sid is not None else bid.twilio_account_sid
    )
    auth = args.twilio_auth_token if args.twilio_auth_token is not None else bid.twilio_auth_token
    sid, auth = sid or None, auth or None
    if bool(sid) != bool(auth):
        raise CliError("--twilio-account-sid and --twilio-auth-token go together")
    if sid and not ACCOUNT_SID.match(sid):
        raise CliError("--twilio-account-sid is AC and 32 hexadecimal digits")
    if not sid and not settings.whatsapp_enabled:
        raise CliError(
            "give --twilio-account-sid and --twilio-auth-token: the deployment has no Twilio "
            "account (SHOPWATCH_TWILIO_ACCOUNT_SID)"
        )
    for other in await bids.bids_with_bots(session):
        if other.id != bid.id and other.whatsapp_from == sender:
            raise CliError(f"that sender is already BID {other.code}'s own")
    bid.whatsapp_from, bid.twilio_account_sid, bid.twilio_auth_token = sender, sid, auth


def _say(said: list[str], bid: Bid, settings: Settings) -> None:
    base = (settings.public_url or "").rstrip("/")
    if "telegram" in said:
        path = bid.telegram_path or bots.telegram_path(bid.code)
        where = base or "SHOPWATCH_PUBLIC_URL"
        print(f"BID {bid.code} has its own Telegram bot, its webhook at {where}{path}.")
        print(
            f"{RESTART}: in webhook mode it registers the webhook, as `shopwatch telegram "
            "set-webhook` does; without SHOPWATCH_PUBLIC_URL the bot long-polls."
        )
    if "telegram-off" in said:
        print(f"BID {bid.code} has no Telegram bot of its own now. {RESTART}.")
    if "whatsapp" in said:
        hook, status = bots.whatsapp_paths(bid.code)
        print(
            f"BID {bid.code} sends WhatsApp from {bid.whatsapp_from}. Point that sender's "
            f"incoming-message webhook at {base or 'SHOPWATCH_PUBLIC_URL'}{hook} "
            f"(status callbacks come to {status}). {RESTART}."
        )
    if "whatsapp-off" in said:
        print(f"BID {bid.code} has no WhatsApp sender of its own now. {RESTART}.")


async def _show(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    async with sessions() as session:
        bid, bid_id = await known_bid(session, args.code)
        streets = len(await bids.streets_of(session, bid_id=bid_id))
    base = (settings.public_url or "").rstrip("/")
    print(f"BID {bid.code}: {bid.name}, {streets} streets")
    if bid.telegram_token:
        path = bid.telegram_path or bots.telegram_path(bid.code)
        name = f"@{bid.telegram_username} " if bid.telegram_username else ""
        print(f"Telegram: its own bot {name}{mask_token(bid.telegram_token)}")
        print(f"  webhook {base}{path}, secret {'set' if bid.telegram_secret else 'not set'}")
    else:
        print("Telegram: the deployment's bot")
    if bid.whatsapp_from:
        account = mask(bid.twilio_account_sid) if bid.twilio_account_sid else "the deployment's"
        hook, _ = bots.whatsapp_paths(bid.code)
        print(f"WhatsApp: its own sender {bid.whatsapp_from}, Twilio account {account}")
        print(f"  webhook {base}{hook}")
        problem = bots.unusable(settings, bid)
        if problem:
            print(f"  off: {problem}")
    else:
        print("WhatsApp: the deployment's sender")
    return 0


def mask_token(token: str) -> str:
    """A bot token shown as its bot's number and stars: the number is not secret."""
    return token.split(":", 1)[0] + ":" + "*" * 10


def mask(value: str) -> str:
    """An identifier shown by its last four characters."""
    return "*" * 10 + value[-4:]


def _read_stdin_secrets(args: argparse.Namespace) -> None:
    """A secret given as `-` is the next line of stdin."""
    for name in ("telegram_token", "telegram_secret", "twilio_auth_token"):
        if getattr(args, name, None) == "-":
            line = sys.stdin.readline().strip()
            if not line:
                raise CliError(f"--{name.replace('_', '-')} -: nothing on stdin")
            setattr(args, name, line)


GROUP = Group("bid", "manage BIDs", _arguments, with_db(_bid))
