"""`export`: the BID's cases as a spreadsheet, for managers and officers."""

from __future__ import annotations

from flows import texts
from flows.periods import read_digest_args
from flows.template import fill
from handlers.commands.registry import MANAGERS, POLICE, command
from handlers.digest.build import period_words
from handlers.export_csv import export_csv
from handlers.generated import save_generated
from handlers.turn import Turn
from storage import audit
from storage.channels import WHATSAPP, kind
from storage.digest import Window
from storage.models import Bid


@command(
    "export",
    roles=MANAGERS | POLICE,
    help=texts.HELP_EXPORT,
    menu=texts.MENU_EXPORT,
    usage=texts.USAGE_EXPORT,
    interrupts=True,
)
async def export(turn: Turn, args: str) -> None:
    """The BID's cases of a period (30 days unless asked) as a CSV document."""
    ask = read_digest_args(args or "30", turn.now, turn.tz)
    if ask.problem is not None or ask.start is None or ask.end is None:
        await turn.reply(texts.EXPORT_BAD if ask.problem != "too_long" else texts.DIGEST_TOO_LONG)
        return
    if kind(turn.inbound.channel) == WHATSAPP:
        # WhatsApp takes PDF and Office documents, not CSV: say so rather than send nothing.
        await turn.reply(texts.EXPORT_NOT_ON_WHATSAPP)
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    window = Window(ask.start, ask.start, ask.end)
    period, _ = period_words(window, turn.tz, since=ask.since)
    data, count = await export_csv(
        turn.session, bid_id=bid.id or 0, since=ask.start, now=turn.now, tz=turn.tz
    )
    await audit.audit(
        turn.session,
        member_id=turn.actor.id,
        identity_id=turn.identity.id if turn.identity else None,
        action="export",
        detail=f"export {args}: {count} cases".strip()[:300],
        allowed=True,
        now=turn.now,
    )
    if not count:
        await turn.reply(fill(texts.EXPORT_NONE, period=period))
        return
    name = f"{bid.code}-cases-{turn.now.astimezone(turn.tz):%Y%m%d-%H%M}.csv"
    files = [
        await save_generated(
            turn.session, turn.settings, data=data, name=name, kind="document", now=turn.now
        )
    ]
    await turn.reply(fill(texts.EXPORT_SENT, count=count, period=period), files=files)
