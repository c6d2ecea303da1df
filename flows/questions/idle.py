"""After a quiet spell: carry on where they were, start again, or cancel."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flows import texts
from flows.format import format_clock, format_time
from flows.kinds import IDLE, Special, special
from flows.model import Context, Option, Result, UserInput
from flows.reading.choice import parse_choice
from flows.state import input_from, input_json
from flows.template import fill
from flows.walk import Walk, begin, cancelled

OPTIONS = (
    Option("carry_on", texts.CARRY_ON),
    Option("start_again", texts.START_AGAIN),
    Option("cancel", texts.CANCEL),
)
WORDS = {
    "continue": "carry_on",
    "carry on": "carry_on",
    "go on": "carry_on",
    "resume": "carry_on",
    "yes": "carry_on",
    "restart": "start_again",
    "start over": "start_again",
    "new": "start_again",
    "stop": "cancel",
}


def quiet(walk: Walk) -> bool:
    """Whether the person has been silent for longer than the context allows."""
    last = walk.st.last_at
    if last is None:
        return False
    return (walk.ctx.now - last).total_seconds() > walk.ctx.idle_minutes * 60


def pause(walk: Walk, woke: UserInput) -> Result:
    """Put the current question aside and ask whether to carry on; keep what they sent."""
    st = walk.st
    st.resume, st.idle_since = st.q, st.last_at
    st.woke = (
        {**input_json(woke), "at": walk.ctx.now.isoformat()} if woke.command is None else None
    )
    st.last_at = walk.ctx.now
    return walk.goto(IDLE)


def since(value: datetime | None, ctx: Context) -> str:
    """When the person was last heard from: "14:30" today, else "Sun 22 Nov, 14:30"."""
    if value is None:
        return "a while ago"
    if value.astimezone(ctx.tz).date() == ctx.now.astimezone(ctx.tz).date():
        return format_clock(value, ctx.tz)
    return format_time(value, ctx.tz)


def _resume(walk: Walk) -> Result:
    """Back to the waiting question; the message that met the idle prompt answers it."""
    st = walk.st
    st.q, woke = st.resume or "", st.woke
    st.resume = st.idle_since = st.woke = None
    if woke is None:
        return walk.result()
    at = _when(woke.get("at")) or walk.ctx.now
    return Walk(walk.flow, st, replace(walk.ctx, now=at)).read(input_from(woke))


def _read(walk: Walk, inp: UserInput) -> Result:
    key = inp.choice or parse_choice(inp.text, OPTIONS, WORDS)
    if key == "carry_on":
        return _resume(walk)
    if key == "start_again":
        return begin(walk.flow, walk.ctx)
    if key == "cancel":
        return cancelled(walk.flow)
    return walk.again(texts.HINT_IDLE)


def _when(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _valid(walk: Walk, q: str) -> bool:
    return walk.st.resume is not None and walk.st.resume != IDLE and walk.valid(walk.st.resume)


special(
    IDLE,
    Special(
        read=_read,
        options=lambda walk: OPTIONS,
        prompt=lambda walk: fill(texts.IDLE, since=since(walk.st.idle_since, walk.ctx)),
        back=_resume,
        valid=_valid,
    ),
)
