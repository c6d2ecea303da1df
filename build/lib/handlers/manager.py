"""BID manager commands: the digest of what happened, where, and how fast police responded."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from flows import texts
from flows.parse import format_time
from handlers.officer import cases as open_cases
from handlers.timeline import case_command
from handlers.turn import Turn
from handlers.views import place, status_words
from storage.models import Bid, Case

DAYS = 7


async def digest(turn: Turn, word: str, args: str) -> None:
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    since = turn.now - timedelta(days=DAYS)
    query = select(Case).where(Case.bid_id == bid.id, Case.created_at >= since)
    rows = list((await turn.session.execute(query)).scalars())
    lines = [texts.DIGEST_HEAD.format(bid=bid.name, now=format_time(turn.now, turn.tz))]
    if not rows:
        lines.append(texts.DIGEST_NONE)
        await turn.reply("\n".join(lines))
        return
    kinds = Counter(texts.KIND_NAMES.get(c.kind, c.kind) for c in rows)
    places = Counter(place(c) for c in rows)
    statuses = Counter(status_words(c).split(" (")[0] for c in rows)
    lines.append(texts.DIGEST_KINDS.format(items=_counted(kinds)))
    lines.append(texts.DIGEST_STREETS.format(items=_counted(places, top=5)))
    lines.append(texts.DIGEST_STATUS.format(items=_counted(statuses)))
    crimes = [c for c in rows if c.kind != "found_property"]
    waits = [
        (c.last_police_action_at - c.created_at).total_seconds()
        for c in crimes
        if c.last_police_action_at
    ]
    waiting = sum(1 for c in crimes if c.last_police_action_at is None)
    if waits:
        median = _duration(statistics.median(waits))
        lines.append(texts.DIGEST_RESPONSE.format(median=median, waiting=waiting))
    else:
        lines.append(texts.DIGEST_NO_RESPONSE.format(waiting=waiting))
    await turn.reply("\n".join(lines))


def _counted(counter: Counter[str], top: int = 10) -> str:
    return ", ".join(f"{name} {count}" for name, count in counter.most_common(top))


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{round(hours / 24)} days"


COMMANDS = {"digest": digest, "cases": open_cases, "case": case_command}
