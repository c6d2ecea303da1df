"""Which flow to go on with: the report menu's one question."""

from __future__ import annotations

from flows import registry, texts
from flows.flow import Step
from flows.kinds import reader
from flows.model import Option, Result, UserInput
from flows.reading.choice import parse_choice
from flows.walk import Walk, begin


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    return registry.menu_options()


@reader("flow", hint=texts.PICK_KIND_HINT, options=_options)
def read_flow(walk: Walk, step: Step, inp: UserInput) -> Result:
    """Start the flow chosen; its first question follows at once."""
    options = walk.offered()
    kind = inp.choice if inp.choice in {o.key for o in options} else None
    kind = kind or parse_choice(inp.text or "", options)
    if kind is None:
        return walk.again(texts.PICK_KIND_HINT)
    return begin(registry.FLOWS[kind], walk.ctx)
