"""`shopwatch telegram set-webhook`: register the webhook and the command menus."""

from __future__ import annotations

import argparse

from bot.cli.base import Group, subcommands
from config.settings import Settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    subcommands(parser).add_parser("set-webhook", help="register the webhook and command menus")


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.telegram_setup import set_webhook_command

    return set_webhook_command(settings)


GROUP = Group("telegram", "Telegram set-up", _arguments, _run)
