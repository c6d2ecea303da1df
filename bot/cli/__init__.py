"""The `shopwatch` command line: one module per command group, registered in GROUPS."""

from __future__ import annotations

import argparse
import importlib
import sys

from bot.cli.base import CliError, Group, Parser
from config.areas import AreaFileError
from config.logging import setup_logging
from config.settings import SettingsError, load_settings

# The command groups, one module of bot/cli each, in the order `shopwatch --help` lists them.
# A new group is a new module defining GROUP, and one line here.
GROUPS = (
    "serve",
    "telegram",
    "chat",
    "demo",
    "bid",
    "shop",
    "invite",
    "members",
    "export",
    "db",
    "retention",
    "audit",
    "member",
)


def groups() -> list[Group]:
    """Every registered group, imported (group modules import anything heavy lazily)."""
    found = []
    for name in GROUPS:
        group = getattr(importlib.import_module(f"{__name__}.{name}"), "GROUP", None)
        if not isinstance(group, Group) or group.name != name:
            raise RuntimeError(f"bot/cli/{name}.py must define GROUP = Group(name={name!r}, …)")
        found.append(group)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="shopwatch", description="ShopWatch: report crime from the shop floor.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in groups():
        group_parser = sub.add_parser(group.name, help=group.help)
        group.arguments(group_parser)
        group_parser.set_defaults(run=group.run)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run one command; a mistake in how it was called is one line on stderr and exit 2."""
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings()
        setup_logging(settings.secret_values(), settings.log_level, fmt=settings.log_format)
        code = args.run(args, settings)
    except (CliError, SettingsError, AreaFileError) as exc:
        print(f"shopwatch: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    raise SystemExit(code or 0)


__all__ = ["GROUPS", "CliError", "build_parser", "groups", "main"]
