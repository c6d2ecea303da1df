"""Choices among a step's options, and "how many" counts, from buttons or typed words."""

from __future__ import annotations

import re

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import reader
from flows.model import JSON, Context, Result, UserInput
from flows.reading.choice import CHOICE_CUTOFF, parse_choice
from flows.reading.words import normalise
from flows.reading.yesno import parse_yes_no
from flows.template import fill
from flows.walk import MAX_TEXT, Walk


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    value = answers.get(step.id)
    label = next(
        (fill(o.label, shop=ctx.shop_name) for o in step.options if o.key == value), str(value)
    )
    typed = answers.get(f"{step.id}_text")
    if step.keep_text and isinstance(typed, str) and flow.step(f"{step.id}_text") is None:
        if normalise(typed) != normalise(label):
            return f"{label} ({typed})"
    return label


def _read(walk: Walk, step: Step, inp: UserInput) -> Result:
    text = (inp.text or "").strip()
    typed = inp.choice is None
    key = inp.choice if not typed else _typed(walk, step, text)
    if key is None and step.typed_other and sum(c.isalpha() for c in text) >= 3:
        key = "other"
    if key is None:
        return walk.again(texts.HINT_OFFENDERS if step.kind == "count" else texts.HINT_CHOICE)
    extras: dict[str, JSON] = {}
    if typed and step.keep_text and not normalise(text).isdigit():
        extras[f"{step.id}_text"] = text[:MAX_TEXT]
    return walk.accept(step, key, extras)


def _typed(walk: Walk, step: Step, text: str) -> str | None:
    """The option typed words name: exact words first, then yes/no words, then typos."""
    offered = walk.offered()
    aliases = dict(step.aliases)
    if step.kind == "count":
        number = re.match(r"(\d+)\b", normalise(text))
        if number:
            n = int(number.group(1))
            if n == 0:
                return None
            return str(n) if n <= 3 else "4_or_more"
    key = parse_choice(text, offered, aliases, cutoff=101)
    if key is not None:
        return key
    if {"yes", "no"} <= {o.key for o in offered}:
        yes = parse_yes_no(text)
        if yes is not None:
            return "yes" if yes else "no"
    # Where unmatched words are kept as "other", only a close match may override them.
    cutoff = 90.0 if step.typed_other else CHOICE_CUTOFF
    return parse_choice(text, offered, aliases, cutoff=cutoff)


reader("choice", hint=texts.HINT_CHOICE, show=_show)(_read)
reader("count", hint=texts.HINT_OFFENDERS, show=_show)(_read)
