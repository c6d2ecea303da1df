"""When it happened: a moment in the last 30 days, kept with the words typed.

Vague words ("this morning", "yesterday") get one question back inside what they said ("About
what time this morning?"); the answer to it is read within that window.
"""

from __future__ import annotations

from datetime import datetime

from flows import texts
from flows.flow import Flow, Step
from flows.format import format_clock, format_time
from flows.kinds import reader
from flows.model import JSON, Context, Option, Result, UserInput
from flows.reading.times import Kind, TimeReading, Window, ask_back, read_time
from flows.walk import MAX_TEXT, Walk

_REFUSED = {
    Kind.FUTURE: texts.HINT_WHEN_FUTURE,
    Kind.TOO_OLD: texts.HINT_WHEN_TOO_OLD,
    Kind.UNREADABLE: texts.HINT_WHEN,
}


def _pending(walk: Walk) -> TimeReading | None:
    """The vague reading the question is narrowing down, if any."""
    kept = walk.st.window
    if kept is None:
        return None
    window = Window.from_json(kept, walk.ctx.tz)
    return TimeReading(Kind(str(kept.get("kind"))), window=window)


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    pending = _pending(walk)
    if pending is not None and pending.window is not None and pending.window.choices:
        oldest_first = sorted(pending.window.choices)
        return tuple(
            Option(f"at{n}", format_clock(c, walk.ctx.tz)) for n, c in enumerate(oldest_first)
        )
    return (Option("now", texts.JUST_NOW),)


def _prompt(walk: Walk, step: Step) -> str:
    pending = _pending(walk)
    if pending is None:
        return step.prompt
    return ask_back(pending, walk.ctx.now, walk.ctx.tz)


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    value = answers.get(step.id)
    try:
        return format_time(datetime.fromisoformat(str(value)), ctx.tz)
    except ValueError:
        return str(value)


@reader("when", hint=texts.HINT_WHEN, show=_show, options=_options, prompt=_prompt)
def read_when(walk: Walk, step: Step, inp: UserInput) -> Result:
    """A moment, or one question back that narrows it; never a guess."""
    ctx, st = walk.ctx, walk.st
    text = (inp.text or "").strip()
    pending = _pending(walk)
    if inp.choice == "now":
        return _accept(walk, step, ctx.now.astimezone(ctx.tz), texts.JUST_NOW)
    if inp.choice is not None and inp.choice.startswith("at") and pending is not None:
        picked = {o.key: o.label for o in _options(walk, step)}
        if pending.window is not None and inp.choice in picked:
            chosen = sorted(pending.window.choices)[int(inp.choice[2:])]
            return _accept(walk, step, chosen, picked[inp.choice])
    within = pending.window if pending is not None else None
    reading = read_time(text, ctx.now, ctx.tz, within=within)
    if reading.kind is not Kind.EXACT and within is not None:
        # Something said afresh ("yesterday at 6pm") rather than inside the question asked.
        fresh = read_time(text, ctx.now, ctx.tz)
        reading = fresh if fresh.kind is Kind.EXACT else reading
    if reading.kind is Kind.EXACT and reading.when is not None:
        return _accept(walk, step, reading.when, text)
    if reading.kind in (Kind.VAGUE, Kind.DAY) and reading.window is not None:
        st.window = {
            "kind": reading.kind.value,
            "said": _said(walk, text),
            **reading.window.to_json(),
        }
        return walk.result()
    return walk.again(_REFUSED.get(reading.kind, texts.HINT_WHEN))


def _said(walk: Walk, text: str) -> str:
    """The words typed so far for this time ("this morning", then "this morning, about 10")."""
    before = str((walk.st.window or {}).get("said") or "")
    return f"{before}, {text}" if before and text else before or text


def _accept(walk: Walk, step: Step, when: datetime, text: str) -> Result:
    said = _said(walk, text)
    walk.st.window = None
    when = min(when, walk.ctx.now).astimezone(walk.ctx.tz)
    return walk.accept(step, when.isoformat(), {f"{step.id}_text": said[:MAX_TEXT]})
