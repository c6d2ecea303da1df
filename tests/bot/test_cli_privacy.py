"""`shopwatch retention`, `audit --case` and `member export|forget`, on a real database."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.cli import CliError, build_parser
from flows import texts
from tests.bot.test_cli import run
from tests.handlers.privacy_support import DESCRIPTION, file_with_photo
from tests.support import harness, settings_for


def _cli(url: str, argv: tuple[str, ...]) -> str:
    """Run one command in this process (as `shopwatch` would, minus its logging set-up)."""
    args = build_parser().parse_args(list(argv))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert not args.run(args, settings_for(url))
    return out.getvalue()


async def shopwatch(url: str, *argv: str) -> str:
    return await asyncio.to_thread(_cli, url, argv)


async def refused(url: str, *argv: str) -> str:
    with pytest.raises(CliError) as error:
        await shopwatch(url, *argv)
    return str(error.value)


async def test_retention_audit_and_member_commands(sqlite_url, clock, tmp_path):
    """The commands over the functions the handler tests run on both databases."""
    async with harness(sqlite_url, clock) as h:
        closed = await file_with_photo(h)
        still_open = await file_with_photo(h, photo="p2.jpg")
        await h.say("demo-officer", f"close {closed} nfa")
        await h.say("demo-officer", f"case {closed}")
    url = sqlite_url

    exported = json.loads(await shopwatch(url, "export", "cases", "--format", "json"))
    assert [c["ref"] for c in exported] == [closed, still_open]
    assert "cases: closed cases' personal details, kept 365 days after closing: none due" in (
        await shopwatch(url, "retention", "--dry-run")
    )
    settings = await shopwatch(url, "retention", "--bid", "WE", "--set", "cases=0")
    assert "kept 0 days after closing" in settings
    look = await shopwatch(url, "retention", "--dry-run")
    assert (
        f"    {closed} (closed, last changed 2026-11-23): When (as typed), What happened" in look
    )
    assert "Description, Direction, Photo; 1 photo; " in look and still_open not in look
    assert look.endswith("Dry run: nothing was removed. Without --dry-run, 1 row would be.\n")
    assert "Removed personal details from 1 row." in await shopwatch(url, "retention")
    assert "Nothing is due." in await shopwatch(url, "retention", "--dry-run")

    trail = (await shopwatch(url, "audit", "--case", closed.lower())).splitlines()
    assert trail[0] == f"Audit trail of {closed} (Europe/London time): 3 entries"
    assert trail[1].startswith("2026-11-23 14:")  # the harness's clock; London is on GMT
    assert trail[1].endswith("allowed  PC Patel (member 2, officer): case")
    assert " (command line): export cases --format json" in trail[2]
    assert trail[3].endswith("ShopWatch (automatic): anonymised - retention: closed case")

    record = json.loads(await shopwatch(url, "member", "export", "console:demo-staff"))
    assert record["member"]["display_name"] == "Sam (Coventry Street Gifts)"
    assert [r["ref"] for r in record["reports"]] == [still_open]  # the other is anonymous now
    assert record["reports"][0]["answers"]["description"] == DESCRIPTION
    ask = await refused(url, "member", "forget", "sam (coventry street gifts)")
    assert ask.startswith("this forgets member 1 (Sam (Coventry Street Gifts), staff): ")
    assert ask.endswith("add --yes to do it")
    done = await shopwatch(url, "member", "forget", "1", "--yes")
    assert done.startswith("Forgot member 1 ")
    assert done.endswith(f"with nothing naming them: {still_open}\n")
    out = tmp_path / "member-1.json"
    await shopwatch(url, "member", "export", "1", "--out", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    after = json.loads(out.read_text())
    assert after["member"]["display_name"] == texts.NAME_REMOVED
    assert after["identities"][0]["address"].startswith("forgotten-")
    trail = await shopwatch(url, "audit", "--case", still_open)
    assert "member export" in trail and "reporter's details removed, report kept" in trail

    assert "forgotten already" in await refused(url, "member", "forget", "1", "--yes")
    assert "2 members are called" in await refused(url, "member", "export", texts.NAME_REMOVED)
    assert "no member called 'nobody'" in await refused(url, "member", "export", "nobody")
    assert "no member at console:nobody" in await refused(
        url, "member", "export", "console:nobody"
    )
    assert "unknown case WE-9999" in await refused(url, "audit", "--case", "WE-9999")
    assert "leave out --bid" in await refused(
        url, "retention", "--bid", "WE", "--set", "messages=5"
    )
    assert "0 to 3650 days" in await refused(url, "retention", "--set", "cases=-1")
    assert "WHAT one of cases" in await refused(url, "retention", "--set", "photos=3")


def test_a_forget_without_yes_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    assert run(db, "demo").returncode == 0
    asked = run(db, "member", "forget", "console:demo-officer")
    assert asked.returncode == 2 and asked.stdout == ""
    assert asked.stderr.startswith("shopwatch: this forgets member 2 (PC Patel, officer): ")
    assert asked.stderr.count("\n") == 1
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute(
            "SELECT display_name, removed_at FROM member WHERE id = 2"
        ).fetchone() == ("PC Patel", None)
