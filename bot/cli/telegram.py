"""`shopwatch telegram set-webhook`: register each bot's webhook and the command menus."""

from __future__ import annotations

import argparse

from bot.cli.base import Group, subcommands, with_db
from config.settings import Settings
from storage.db import Sessions


def _arguments(parser: argparse.ArgumentParser) -> None:
    subcommands(parser).add_parser(
        "set-webhook", help="register the webhook and command menus of every bot"
    )


async def _run(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    from bot import bots
    from bot.channels.telegram_setup import set_webhook_command

    found = bots.telegram_bots(settings, await bots.load(sessions))
    return await set_webhook_command(settings, found)


GROUP = Group("telegram", "Telegram set-up", _arguments, with_db(_run))
