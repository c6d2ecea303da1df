"""What every command group shares: its shape, argument errors, the database."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from storage import bids
from storage.db import Sessions, make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Bid

Run = Callable[[argparse.Namespace, Settings], int | None]
DbWork = Callable[[argparse.Namespace, Settings, Sessions], Awaitable[int | None]]


class CliError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


class Parser(argparse.ArgumentParser):
    """Argument errors become CliError: one line, no usage block."""

    def error(self, message: str) -> NoReturn:
        raise CliError(message)


@dataclass(frozen=True)
class Group:
    """One `shopwatch NAME …` command group."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Run


def subcommands(
    parser: argparse.ArgumentParser, dest: str = "action"
) -> argparse._SubParsersAction[Parser]:
    """Where a group adds its sub-commands (`bid add`, `db upgrade`), with one-line errors."""
    return parser.add_subparsers(dest=dest, required=True, parser_class=Parser)


def migrated(settings: Settings) -> None:
    """Apply pending migrations, so every command works on a fresh database."""
    try:
        upgrade(settings.database_url)
    except Exception as exc:
        raise CliError(f"could not prepare the database: {type(exc).__name__}: {exc}") from None


def with_db(work: DbWork) -> Run:
    """Migrate, open a session factory, run `work`, and close the engine."""

    def run(args: argparse.Namespace, settings: Settings) -> int | None:
        migrated(settings)

        async def go() -> int | None:
            engine = make_engine(settings.database_url)
            try:
                return await work(args, settings, make_sessions(engine))
            finally:
                await engine.dispose()

        return asyncio.run(go())

    return run


async def known_bid(session: AsyncSession, code: str) -> tuple[Bid, int]:
    """The BID with `code` and its id; an unknown code is the caller's mistake."""
    bid = await bids.bid_by_code(session, code=code)
    if bid is None or bid.id is None:
        raise CliError(f"unknown BID {code!r}")
    return bid, bid.id
