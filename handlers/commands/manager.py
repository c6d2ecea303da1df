"""BID manager commands: the digest of what happened, where, and how fast police responded."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

from flows import registry, texts
from flows.format import format_time
from flows.template import fill
from handlers.commands.registry import MANAGERS, command
from handlers.reads import record_read
from handlers.turn import Turn
from handlers.views import status_words, street_of
from storage import cases
from storage.models import Bid

DAYS = 7


@command("digest", roles=MANAGERS, help=texts.HELP_DIGEST, menu=texts.MENU_DIGEST, interrupts=True)
async def digest(turn: Turn, args: str) -> None:
    """The last seven days: reports by kind and place, status, police response."""
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    rows = await cases.cases_since(
        turn.session, bid_id=bid.id or 0, since=turn.now - timedelta(days=DAYS)
    )
    lines = [fill(texts.DIGEST_HEAD, bid=bid.name, now=format_time(turn.now, turn.tz))]
    await record_read(turn, "digest", detail=f"last {DAYS} days")
    if not rows:
        lines.append(texts.DIGEST_NONE)
        await turn.reply("\n".join(lines))
        return
    kinds = Counter(registry.name_of(c.kind) for c in rows)
    places = Counter(street_of(c) for c in rows)
    statuses = Counter(status_words(c).split(" (")[0] for c in rows)
    lines.append(fill(texts.DIGEST_KINDS, items=_counted(kinds)))
    lines.append(fill(texts.DIGEST_STREETS, items=_counted(places, top=5)))
    lines.append(fill(texts.DIGEST_STATUS, items=_counted(statuses)))
    crimes = [c for c in rows if c.kind in registry.crime_kinds()]
    waits = [
        (c.last_police_action_at - c.created_at).total_seconds()
        for c in crimes
        if c.last_police_action_at
    ]
    waiting = sum(1 for c in crimes if c.last_police_action_at is None)
    if waits:
        median = _duration(statistics.median(waits))
        lines.append(fill(texts.DIGEST_RESPONSE, median=median, waiting=waiting))
    else:
        lines.append(fill(texts.DIGEST_NO_RESPONSE, waiting=waiting))
    await turn.reply("\n".join(lines))


def _counted(counter: Counter[str], top: int = 10) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common(top))


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{round(hours / 24)} days"
