"""Amounts in pounds, or "don't know"."""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import reader
from flows.model import JSON, Context, Result, UserInput
from flows.reading.money import parse_money
from flows.reading.yesno import is_unknown
from flows.walk import MAX_TEXT, Walk


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    value = answers.get(step.id)
    return f"£{value:,.2f}" if isinstance(value, int | float) else texts.NOT_KNOWN


@reader("money", hint=texts.HINT_VALUE, show=_show, none_text=texts.NOT_KNOWN)
def read_money(walk: Walk, step: Step, inp: UserInput) -> Result:
    """Pounds as a number, None when not known; the words typed are kept beside it."""
    text = (inp.text or "").strip()
    value = parse_money(text)
    if value is None and not is_unknown(text):
        return walk.again(texts.HINT_VALUE)
    return walk.accept(step, value, {f"{step.id}_text": text[:MAX_TEXT]})
