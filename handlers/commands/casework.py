"""Reading cases: the open list for the police and managers, and one case for anyone allowed."""

from __future__ import annotations

import math

from flows import texts
from flows.template import fill
from handlers.commands.registry import CASE_READERS, MANAGERS, POLICE, case_command, command
from handlers.reads import record_read
from handlers.timeline import show_case
from handlers.turn import Turn
from handlers.views import case_line
from storage.cases import count_open_cases, open_cases
from storage.models import Bid, Case

PAGE = 10


@command(
    "cases",
    roles=POLICE | MANAGERS,
    help=texts.HELP_CASES,
    menu=texts.MENU_CASES,
    usage="cases",
    interrupts=True,
)
async def cases(turn: Turn, args: str) -> None:
    """Open cases of the BID, oldest first, ten a page (`cases 2` for the next)."""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    page = int(args) if args.isdigit() and int(args) > 0 else 1
    total = await count_open_cases(turn.session, bid_id=bid.id or 0)
    if not total:
        await turn.reply(fill(texts.NO_OPEN_CASES, bid=bid.name))
        return
    pages = math.ceil(total / PAGE)
    page = min(page, pages)
    rows = await open_cases(turn.session, bid_id=bid.id or 0, offset=(page - 1) * PAGE, limit=PAGE)
    lines = [fill(texts.CASES_HEAD, bid=bid.name, page=page, pages=pages)]
    lines += [case_line(c, turn.tz) for c in rows]
    await record_read(turn, "cases", cases=rows, detail=f"page {page}")
    if page < pages:
        lines.append(fill(texts.CASES_MORE, next=page + 1))
    await turn.reply("\n".join(lines))


@case_command(
    "case",
    roles=CASE_READERS,
    help=texts.HELP_CASE,
    menu=texts.MENU_CASE,
    menu_roles=POLICE | MANAGERS,
)
async def case(turn: Turn, target: Case, rest: str) -> None:
    """The full report and its timeline, for anyone allowed to see it."""
    await show_case(turn, target)
