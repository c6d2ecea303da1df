"""`shopwatch chat --as HANDLE`: a terminal chat with the running service."""

from __future__ import annotations

import argparse
import asyncio
import re

from bot.cli.base import CliError, Group
from config.settings import Settings

_HANDLE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="handle", required=True)
    parser.add_argument("--server", default="http://127.0.0.1:8000")


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import chat
    from bot.console_token import read_token

    if not _HANDLE.match(args.handle):
        raise CliError("--as takes a handle of letters, digits, '.', '_' or '-'")
    try:
        token = read_token(settings.console_token_file)
    except OSError:
        token = ""  # the service will refuse it, and chat says where the token should be
    return asyncio.run(chat(args.handle, args.server, token, settings.console_token_file))


GROUP = Group("chat", "chat with the running service from this terminal", _arguments, _run)
