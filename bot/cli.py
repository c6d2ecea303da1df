"""The `shopwatch` command line."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn

from config.areas import AreaFileError, read_area_file
from config.logging import setup_logging
from config.settings import Settings, SettingsError, load_settings
from storage import queries
from storage.db import make_engine, make_sessions, transaction
from storage.migrate import upgrade
from storage.types import utcnow

ROLES = ("staff", "officer", "manager")
BID_CODE = re.compile(r"^[A-Z]{2,5}$")


class CliError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="shopwatch", description="ShopWatch: report crime from the shop floor.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    telegram = sub.add_parser("telegram", help="Telegram set-up")
    telegram_sub = telegram.add_subparsers(dest="action", required=True, parser_class=_Parser)
    telegram_sub.add_parser("set-webhook", help="register the webhook and command menus")

    chat = sub.add_parser("chat", help="chat with the running service from this terminal")
    chat.add_argument("--as", dest="handle", required=True)
    chat.add_argument("--server", default="http://127.0.0.1:8000")

    demo = sub.add_parser("demo", help="seed the West End demo BID")
    demo.add_argument("--if-empty", action="store_true", help="only when there is no BID yet")

    bid = sub.add_parser("bid", help="manage BIDs")
    bid_sub = bid.add_subparsers(dest="action", required=True, parser_class=_Parser)
    bid_add = bid_sub.add_parser("add")
    bid_add.add_argument("code")
    bid_add.add_argument("--name", required=True)
    bid_add.add_argument("--streets", type=Path)

    shop = sub.add_parser("shop", help="manage shops")
    shop_sub = shop.add_subparsers(dest="action", required=True, parser_class=_Parser)
    shop_add = shop_sub.add_parser("add")
    shop_add.add_argument("--bid", required=True)
    shop_add.add_argument("--name", required=True)
    shop_add.add_argument("--street", required=True)

    invite = sub.add_parser("invite", help="create an invite code")
    invite.add_argument("--bid", required=True)
    invite.add_argument("--role", required=True, choices=ROLES)
    invite.add_argument("--shop")
    invite.add_argument("--uses", type=int, default=1)
    invite.add_argument("--days", type=int, default=7)

    export = sub.add_parser("export", help="export data")
    export_sub = export.add_subparsers(dest="what", required=True, parser_class=_Parser)
    cases = export_sub.add_parser("cases")
    cases.add_argument("--bid")
    cases.add_argument("--since")
    cases.add_argument("--format", required=True, choices=("json", "csv"))

    db = sub.add_parser("db", help="database")
    db_sub = db.add_subparsers(dest="action", required=True, parser_class=_Parser)
    db_sub.add_parser("upgrade", help="apply migrations")
    return parser


def main(argv: list[str] | None = None) -> None:
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings()
        setup_logging(settings.secret_values())
        handler = _HANDLERS[args.command]
        code = handler(args, settings)
    except (CliError, SettingsError, AreaFileError) as exc:
        print(f"shopwatch: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    raise SystemExit(code or 0)


def _migrated(settings: Settings) -> None:
    try:
        upgrade(settings.database_url)
    except Exception as exc:
        raise CliError(f"could not prepare the database: {type(exc).__name__}: {exc}") from None


def _with_db(
    work: Callable[[argparse.Namespace, Settings, Any], Awaitable[int | None]],
) -> Callable[[argparse.Namespace, Settings], int | None]:
    """Migrate, open a session factory, run `work`, and close the engine."""

    def run(args: argparse.Namespace, settings: Settings) -> int | None:
        _migrated(settings)

        async def go() -> int | None:
            engine = make_engine(settings.database_url)
            try:
                return await work(args, settings, make_sessions(engine))
            finally:
                await engine.dispose()

        return asyncio.run(go())

    return run


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    _migrated(settings)
    return serve(settings, host=args.host, port=args.port)


def _telegram(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.telegram_setup import set_webhook_command

    return set_webhook_command(settings)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import chat

    if not re.match(r"^[A-Za-z0-9_.-]{1,64}$", args.handle):
        raise CliError("--as takes a handle of letters, digits, '.', '_' or '-'")
    return asyncio.run(chat(args.handle, args.server))


async def _demo(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    from bot.demo import seed_demo

    async with transaction(sessions) as session:
        message = await seed_demo(session, only_if_empty=args.if_empty)
    print(message)
    return 0


async def _bid_add(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    if not BID_CODE.match(args.code):
        raise CliError("a BID code is 2 to 5 capital letters, like WE")
    if not args.name.strip():
        raise CliError("--name must not be empty")
    streets = read_area_file(args.streets) if args.streets else []
    async with transaction(sessions) as session:
        if await queries.bid_by_code(session, code=args.code):
            raise CliError(f"BID {args.code} already exists")
        await queries.create_bid(
            session,
            code=args.code,
            name=args.name.strip(),
            streets=[(s.name, s.latitude, s.longitude) for s in streets],
        )
    print(f"BID {args.code} ({args.name.strip()}) created with {len(streets)} streets.")
    return 0


async def _shop_add(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    name, street = args.name.strip(), args.street.strip()
    if not name or not street:
        raise CliError("--name and --street must not be empty")
    async with transaction(sessions) as session:
        bid = await _bid(session, args.bid)
        if await queries.shop_by_name(session, bid_id=bid.id, name=name):
            raise CliError(f"shop {name!r} already exists in {bid.code}")
        await queries.create_shop(session, bid_id=bid.id, name=name, street=street)
        await queries.add_streets(session, bid_id=bid.id, streets=[(street, None, None)])
    print(f"Shop {name!r} added to {bid.code} on {street}.")
    return 0


async def _invite(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    if args.uses < 1:
        raise CliError("--uses must be at least 1")
    if args.days < 1:
        raise CliError("--days must be at least 1")
    if args.role == "staff" and not args.shop:
        raise CliError("--shop is required for a staff invite")
    async with transaction(sessions) as session:
        bid = await _bid(session, args.bid)
        shop = None
        if args.shop:
            shop = await queries.shop_by_name(session, bid_id=bid.id, name=args.shop.strip())
            if shop is None:
                raise CliError(f"unknown shop {args.shop!r} in {bid.code}")
        invite = await queries.create_invite(
            session,
            bid_id=bid.id,
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


async def _export(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    from bot.export import export_cases

    since = _since(args.since, settings) if args.since else None
    async with sessions() as session:
        bid_id = (await _bid(session, args.bid)).id if args.bid else None
        sys.stdout.write(await export_cases(session, bid_id=bid_id, since=since, fmt=args.format))
    return 0


async def _db_upgrade(args: argparse.Namespace, settings: Settings, sessions: Any) -> int:
    print("Database is up to date.")
    return 0


async def _bid(session: Any, code: str) -> Any:
    bid = await queries.bid_by_code(session, code=code)
    if bid is None:
        raise CliError(f"unknown BID {code!r}")
    return bid


def _since(text: str, settings: Settings) -> datetime:
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(0), tzinfo=settings.tz)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--since takes an ISO date like 2026-11-01, not {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.tz)


_HANDLERS: dict[str, Callable[[argparse.Namespace, Settings], int | None]] = {
    "serve": _serve,
    "telegram": _telegram,
    "chat": _chat,
    "demo": _with_db(_demo),
    "bid": _with_db(_bid_add),
    "shop": _with_db(_shop_add),
    "invite": _with_db(_invite),
    "export": _with_db(_export),
    "db": _with_db(_db_upgrade),
}
