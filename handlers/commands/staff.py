"""Shop staff commands: start a report or a found-property record, their cases, replies."""

from __future__ import annotations

from flows import registry, texts
from flows.reading.choice import parse_choice
from flows.template import fill
from handlers import conversation
from handlers.additions import add_to_case
from handlers.commands.registry import STAFF, case_command, command
from handlers.timeline import staff_note_to_officers
from handlers.turn import Turn
from handlers.views import case_line
from storage import cases
from storage.models import Case

_RECENT = 10


@command(
    "report",
    roles=[STAFF],
    help=texts.HELP_REPORT,
    menu=texts.MENU_REPORT,
    interrupts=True,
    starts_flow=True,
)
async def report(turn: Turn, args: str) -> None:
    """The report menu, or straight into a kind named with it (`report shoplifting`)."""
    kind = parse_choice(args, registry.menu_options()) if args else None
    await conversation.start_flow(turn, kind or "report")


@command(
    "found",
    roles=[STAFF],
    help=texts.HELP_FOUND,
    menu=texts.MENU_FOUND,
    interrupts=True,
    starts_flow=True,
)
async def found(turn: Turn, args: str) -> None:
    """Record found property."""
    await conversation.start_flow(turn, "found_property")


@command(
    "mycases",
    roles=[STAFF],
    help=texts.HELP_MYCASES,
    menu=texts.MENU_MYCASES,
    interrupts=True,
)
async def mycases(turn: Turn, args: str) -> None:
    """The reporter's ten most recent reports."""
    recent = await cases.cases_of_reporter(
        turn.session, reporter_id=turn.actor.id or 0, limit=_RECENT
    )
    if not recent:
        await turn.reply(texts.NO_CASES_STAFF)
        return
    lines = [texts.MYCASES_HEAD, *(case_line(c, turn.tz) for c in recent)]
    await turn.reply("\n".join(lines))


@case_command("reply", roles=[STAFF], help=texts.HELP_REPLY, usage=texts.USAGE_REPLY)
async def reply(turn: Turn, target: Case, text: str) -> None:
    """Answer the police on a case."""
    await send_reply(turn, target, text)


@case_command("add", roles=[STAFF], help=texts.HELP_ADD, usage=texts.USAGE_ADD, starts_flow=True)
async def add(turn: Turn, target: Case, note: str) -> None:
    """Add a note at once (`add WE-0042 he came back`), or photos and a note by asking."""
    if note:
        await add_to_case(turn, target, photos=(), note=note)
        return
    await conversation.start_flow(turn, "addition", {"ref": target.ref})


async def send_reply(turn: Turn, target: Case, text: str) -> None:
    """The reporter's answer: a case event, pushed to the officers working on it."""
    if not text:
        await turn.reply(fill(texts.REPLY_NEED_TEXT, ref=target.ref))
        return
    await staff_note_to_officers(
        turn, target, action="reply", text=text, push_text=texts.PUSH_REPLY, topic="reply"
    )
    await turn.reply(fill(texts.REPLY_SENT, ref=target.ref))
