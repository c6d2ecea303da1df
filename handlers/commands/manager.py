"""BID manager commands: the digest on demand, and how often it comes by itself."""

from __future__ import annotations

from flows import texts
from flows.format import format_time
from flows.periods import next_digest_at, read_digest_args
from flows.template import fill
from handlers.commands.registry import MANAGERS, command
from handlers.digest import build_digest, chart_files
from handlers.reads import record_read
from handlers.turn import Turn
from storage import preferences
from storage.digest import Window
from storage.models import Bid

PROBLEMS = {
    "unreadable": texts.DIGEST_BAD_ARGS,
    "future": texts.DIGEST_FUTURE,
    "too_long": texts.DIGEST_TOO_LONG,
}


@command(
    "digest",
    roles=MANAGERS,
    help=texts.HELP_DIGEST,
    menu=texts.MENU_DIGEST,
    usage="digest [30 | since 1 Nov | weekly | daily | off]",
    interrupts=True,
)
async def digest(turn: Turn, args: str) -> None:
    """A period's figures against the period before, with a chart; or the push schedule."""
    ask = read_digest_args(args, turn.now, turn.tz)
    if ask.problem is not None:
        await turn.reply(PROBLEMS[ask.problem])
        return
    if ask.frequency is not None:
        pref = await preferences.own_preference(
            turn.session, member_id=turn.actor.id or 0, now=turn.now
        )
        pref.digest, pref.digest_sent_at, pref.updated_at = ask.frequency, turn.now, turn.now
        upcoming = next_digest_at(turn.now, ask.frequency, turn.tz)
        when = format_time(upcoming, turn.tz) if upcoming else ""
        await turn.reply(fill(texts.DIGEST_SCHEDULE[ask.frequency], next=when))
        return
    assert ask.start is not None and ask.end is not None
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    window = Window(ask.start - (ask.end - ask.start), ask.start, ask.end)
    built = await build_digest(
        turn.session, bid=bid, window=window, tz=turn.tz, now=turn.now, since=ask.since
    )
    files = await chart_files(
        turn.session, digest=built, bid=bid, settings=turn.settings, now=turn.now
    )
    await record_read(turn, "digest", detail=f"digest {args}".strip())
    await turn.reply(built.text, files=files)
