"""Managers' `members`: who is on the BID's team, and removing someone from it."""

from __future__ import annotations

from flows import texts
from flows.model import Option, Outbound
from flows.template import fill
from handlers.commands.registry import MANAGERS, command
from handlers.team import member_line, remove_from_team
from handlers.turn import Turn
from storage import audit, team
from storage.models import Bid


@command(
    "members",
    roles=MANAGERS,
    help=texts.HELP_MEMBERS,
    menu=texts.MENU_MEMBERS,
    usage="members",
    interrupts=True,
)
async def members(turn: Turn, args: str) -> None:
    """The team list; `members remove 12` asks to confirm, `members remove 12 yes` does it."""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    words = args.split()
    if words and words[0].lower() == "remove":
        await _remove(turn, bid, words[1:])
        return
    rows = await team.team_of(turn.session, bid_id=bid.id or 0)
    await _audit(turn, "members", f"listed {len(rows)} members of {bid.code}")
    if not rows:
        await turn.reply(fill(texts.MEMBERS_NONE, bid=bid.name))
        return
    lines = [fill(texts.MEMBERS_HEAD, bid=bid.name, count=len(rows))]
    lines += [member_line(row, turn.tz) for row in rows]
    lines.append(texts.MEMBERS_HOW)
    await turn.reply("\n".join(lines))


async def _remove(turn: Turn, bid: Bid, words: list[str]) -> None:
    number = words[0].lstrip("#") if words else ""
    if not number.isdigit():
        await turn.reply(texts.MEMBER_REMOVE_USAGE)
        return
    target = await team.member_of_bid(turn.session, bid_id=bid.id or 0, member_id=int(number))
    if target is None:
        await turn.reply(fill(texts.MEMBER_NOT_FOUND, id=number, bid=bid.name))
        return
    if target.id == turn.actor.id:
        await turn.reply(texts.MEMBER_NOT_SELF)
        return
    role = texts.ROLE_WORDS.get(target.role, target.role)
    if len(words) < 2 or words[1].lower() not in ("yes", "y", "confirm"):
        ask = fill(texts.MEMBER_REMOVE_ASK, name=target.display_name, role=role, bid=bid.name)
        options = (
            Option(f"members remove {target.id} yes", texts.MEMBER_REMOVE_YES),
            Option("members", texts.MEMBER_REMOVE_NO),
        )
        await turn.reply(Outbound(ask, options=options))
        return
    await remove_from_team(turn.session, member=target, bid=bid, now=turn.now)
    await _audit(turn, "remove_member", f"removed #{target.id} {target.display_name} ({role})")
    await turn.reply(fill(texts.MEMBER_REMOVED, name=target.display_name, bid=bid.name))


async def _audit(turn: Turn, action: str, detail: str) -> None:
    await audit.audit(
        turn.session,
        member_id=turn.actor.id,
        identity_id=turn.identity.id if turn.identity else None,
        action=action,
        detail=detail,
        allowed=True,
        now=turn.now,
    )
