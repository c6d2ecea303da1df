"""Commands everyone has: help, and cancel or back when there is nothing to cancel."""

from __future__ import annotations

from flows import texts
from handlers import onboarding
from handlers.commands.registry import EVERYONE, command, help_text
from handlers.turn import Turn


@command("help", roles=EVERYONE, help=texts.HELP_HELP, menu=texts.MENU_HELP)
async def help_(turn: Turn, args: str) -> None:
    """What this person can do."""
    await turn.reply(help_text(turn.actor.role))


@command("cancel", roles=EVERYONE, help=texts.HELP_CANCEL)
async def cancel(turn: Turn, args: str) -> None:
    """In a report, cancel stops it; here there is nothing to stop."""
    await turn.reply(texts.NOTHING_TO_CANCEL)


@command("back", roles=EVERYONE, help=texts.HELP_BACK)
async def back(turn: Turn, args: str) -> None:
    """In a report, back goes to the previous question; here there is none."""
    await turn.reply(texts.NOTHING_TO_GO_BACK)


# start and join are how strangers come in; a member has no use for them in help.
@command("start", roles=EVERYONE, help="")
async def start(turn: Turn, args: str) -> None:
    """A deep link or /start for someone already registered."""
    await onboarding.already_registered(turn, args)


@command("join", roles=EVERYONE, help="")
async def join(turn: Turn, args: str) -> None:
    """An invite code for someone already registered."""
    await onboarding.already_registered(turn, args)
