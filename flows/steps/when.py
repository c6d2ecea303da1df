"""When it happened: a time in the last 30 days, kept with the words typed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flows import texts
from flows.flow import Flow, Step
from flows.format import format_time
from flows.kinds import reader
from flows.model import JSON, Context, Option, Result, UserInput
from flows.reading.past_times import parse_when
from flows.reading.words import normalise
from flows.walk import MAX_TEXT, Walk

MAX_AGE = timedelta(days=30)
# A phone or server clock a few minutes out should not make "just now" look like the future.
FUTURE_SLACK = timedelta(minutes=5)
_DAY_WORDS = re.compile(
    r"\b(yesterday|today|(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?)\b"
    r"|\b\d{1,2}/\d{1,2}\b"
)


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    return (Option("now", texts.JUST_NOW),)


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    value = answers.get(step.id)
    try:
        return format_time(datetime.fromisoformat(str(value)), ctx.tz)
    except ValueError:
        return str(value)


@reader("when", hint=texts.HINT_WHEN, show=_show, options=_options)
def read_when(walk: Walk, step: Step, inp: UserInput) -> Result:
    """A moment in the past 30 days, stored as ISO time plus `<id>_text`."""
    ctx = walk.ctx
    text = (inp.text or "").strip()
    if inp.choice == "now":
        when: datetime | None = ctx.now.astimezone(ctx.tz)
        text = texts.JUST_NOW
    else:
        when = parse_when(text, ctx.now, ctx.tz)
    if when is None:
        day_only = _DAY_WORDS.search(normalise(text))
        return walk.again(texts.HINT_WHEN_DAY_ONLY if day_only else texts.HINT_WHEN)
    if when > ctx.now + FUTURE_SLACK:
        return walk.again(texts.HINT_WHEN_FUTURE)
    if when < ctx.now - MAX_AGE:
        return walk.again(texts.HINT_WHEN_TOO_OLD)
    when = min(when, ctx.now.astimezone(ctx.tz))
    return walk.accept(step, when.isoformat(), {f"{step.id}_text": text[:MAX_TEXT]})
