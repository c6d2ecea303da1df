"""Which answer to change: that question is asked again, then the summary comes back."""

from __future__ import annotations

from flows import texts
from flows.kinds import EDIT, Special, special
from flows.model import Option, Result, UserInput
from flows.reading.choice import parse_choice
from flows.walk import Walk, prune


def _options(walk: Walk) -> tuple[Option, ...]:
    """The answers someone may change: every answered step that the summary shows."""
    answers = dict(walk.st.answers)
    prune(walk.flow, answers)
    return tuple(
        Option(step.id, step.label)
        for step in walk.flow.steps
        if step.id in answers and step.kind != "place_text"
    )


def _read(walk: Walk, inp: UserInput) -> Result:
    key = inp.choice or parse_choice(inp.text, _options(walk))
    if key is None or walk.flow.step(key) is None:
        return walk.again(texts.HINT_CHOICE)
    walk.st.editing = True
    return walk.goto(key)


def _back(walk: Walk) -> Result:
    walk.to_summary()
    return walk.result()


special(
    EDIT, Special(read=_read, options=_options, prompt=lambda walk: texts.ASK_EDIT, back=_back)
)
