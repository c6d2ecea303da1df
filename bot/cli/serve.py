"""`shopwatch serve`: the whole service in one process."""

from __future__ import annotations

import argparse

from bot.cli.base import Group, migrated
from config.settings import Settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--no-scheduler",
        action="store_true",
        help="leave reminders, digests and retention to another serve process on this database",
    )


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.serve import serve

    migrated(settings)
    return serve(settings, host=args.host, port=args.port, scheduler=not args.no_scheduler)


GROUP = Group("serve", "run the service", _arguments, _run)
