"""`shopwatch demo [--if-empty]`: seed the West End demo BID."""

from __future__ import annotations

import argparse

from bot.cli.base import Group, with_db
from config.settings import Settings
from storage.db import Sessions, transaction


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-empty", action="store_true", help="only when there is no BID yet")


async def _demo(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    from bot.console_token import ensure_token
    from bot.demo import seed_demo

    async with transaction(sessions) as session:
        message = await seed_demo(session, only_if_empty=args.if_empty)
    print(message)
    ensure_token(settings.console_token_file)
    print(f"The console's token is in {settings.console_token_file} (owner-only).")
    return 0


GROUP = Group("demo", "seed the West End demo BID", _arguments, with_db(_demo))
