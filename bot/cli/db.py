"""`shopwatch db upgrade`: apply migrations (every database command does so first)."""

from __future__ import annotations

import argparse

from bot.cli.base import Group, subcommands, with_db
from config.settings import Settings
from storage.db import Sessions


def _arguments(parser: argparse.ArgumentParser) -> None:
    subcommands(parser).add_parser("upgrade", help="apply migrations")


async def _upgrade(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    print("Database is up to date.")
    return 0


GROUP = Group("db", "database", _arguments, with_db(_upgrade))
