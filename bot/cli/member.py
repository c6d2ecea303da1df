"""`shopwatch member export WHO [--out FILE]` and `shopwatch member forget WHO --yes`.

WHO is a member's number (`12`, shown by `member export` and in the audit trail), one of
their addresses as `CHANNEL:ADDRESS` (`whatsapp:+447700900123`, `telegram:123456789`,
`telegram:WE:123456789` on BID WE's own bot, `console:demo-staff`), or their display name
when exactly one member has it.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.base import CliError, Group, subcommands, with_db
from bot.operator import by_operator
from config.settings import Settings
from storage.channels import KINDS, bid_channel
from storage.db import Sessions
from storage.models import Member

CHANNELS = KINDS


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = subcommands(parser)
    export = actions.add_parser("export", help="everything held about a member, as JSON")
    export.add_argument("who", metavar="WHO")
    export.add_argument("--out", metavar="FILE")
    forget = actions.add_parser("forget", help="remove a member's personal data for good")
    forget.add_argument("who", metavar="WHO")
    forget.add_argument("--yes", action="store_true")


async def find_member(session: AsyncSession, who: str) -> Member:
    """The one member `who` names (number, CHANNEL:ADDRESS or display name), or a CliError."""
    from storage import members, subjects

    text = who.strip()
    if text.isascii() and text.isdigit():
        found = await session.get(Member, int(text))
        if found is None:
            raise CliError(f"no member number {text}")
        return found
    # A BID's own bot or sender is a channel of its own: telegram:WE:123456789.
    head, sep, address = text.rpartition(":")
    platform, _, code = head.lower().partition(":")
    channel = bid_channel(platform, code) if code else platform
    if sep and platform in CHANNELS:
        pair = await members.member_by_identity(session, channel=channel, address=address.strip())
        if pair is None:
            raise CliError(f"no member at {channel}:{address.strip()}")
        return pair[1]
    named = await subjects.members_named(session, name=text)
    if not named:
        raise CliError(f"no member called {text!r}; give their number or CHANNEL:ADDRESS")
    if len(named) > 1:
        which = ", ".join(f"{m.id} ({m.role})" for m in named)
        raise CliError(f"{len(named)} members are called {text!r}: {which}; give the number")
    return named[0]


async def _member(args: argparse.Namespace, settings: Settings, sessions: Sessions) -> int:
    if args.action == "export":
        return await _export(args, sessions)
    return await _forget(args, sessions)


async def _export(args: argparse.Namespace, sessions: Sessions) -> int:
    from handlers.subject import member_record
    from storage import audit
    from storage.db import transaction
    from storage.types import utcnow

    now = utcnow()
    async with transaction(sessions) as session:
        member = await find_member(session, args.who)
        record = await member_record(session, member, now=now)
        detail = by_operator(f"member export {member.id}")
        await audit.audit(
            session,
            member_id=None,
            identity_id=None,
            action="member export",
            detail=detail,
            allowed=True,
            now=now,
        )
        reported = await _reported_ids(session, member)
        await audit.audit_reads(
            session,
            member_id=None,
            identity_id=None,
            action="member export",
            detail=detail,
            case_ids=reported,
            now=now,
        )
        # Written before the commit: if it cannot be written, no export is on record either.
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        if args.out:
            _write_private(Path(args.out), text)
        else:
            print(text, end="")
    if args.out:
        print(f"Wrote everything held about member {member.id} to {args.out}.")
    return 0


async def _forget(args: argparse.Namespace, sessions: Sessions) -> int:
    import asyncio

    from handlers.erasure import forget_member, held_for_police
    from handlers.retention.job import delete_files
    from storage import audit, identities, retention, subjects
    from storage.db import transaction
    from storage.types import utcnow

    now = utcnow()
    async with transaction(sessions) as session:
        member = await find_member(session, args.who)
        member_id = member.id or 0
        if await retention.marked_at(session, what="member", row_ids=[member_id]):
            raise CliError(f"member {member_id} has been forgotten already")
        reached = await identities.identities_of(session, member_ids=[member_id])
        reported = await subjects.cases_reported_by(session, member_id=member_id)
        kept = [c.ref for c in reported if held_for_police(c)]
        summary = (
            f"member {member_id} ({member.display_name}, {member.role}): "
            f"{len(reached)} address(es), {len(reported)} report(s), "
            f"{len(reported) - len(kept)} anonymised now, {len(kept)} kept for the police"
        )
        if not args.yes:
            raise CliError(f"this forgets {summary}, for good; add --yes to do it")
        paths = await forget_member(session, member, now=now, reason="member forget")
        await audit.audit(
            session,
            member_id=None,
            identity_id=None,
            action="member forget",
            detail=by_operator(f"member forget {member_id}"),
            allowed=True,
            now=now,
        )
    await asyncio.to_thread(delete_files, paths)
    print(f"Forgot {summary}.")
    if kept:
        print(
            "Kept for the police (a crime reference, or still open), with nothing naming them: "
            + ", ".join(kept)
        )
    return 0


async def _reported_ids(session: AsyncSession, member: Member) -> list[int]:
    from storage import subjects

    found = await subjects.cases_reported_by(session, member_id=member.id or 0)
    return [c.id for c in found if c.id is not None]


def _write_private(path: Path, text: str) -> None:
    """Write the export readable by its owner only: it is all personal data."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise CliError(f"could not write {path}: {exc.strerror}") from None


GROUP = Group("member", "a member's data: export it, or forget them", _arguments, with_db(_member))
