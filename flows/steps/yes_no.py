"""Yes/no questions: buttons, or typed yes and no words."""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step
from flows.kinds import reader
from flows.model import JSON, Context, Option, Result, UserInput
from flows.reading.choice import parse_choice
from flows.reading.yesno import parse_yes_no
from flows.walk import Walk

YES_NO = (Option("yes", texts.YES), Option("no", texts.NO))


def _options(walk: Walk, step: Step) -> tuple[Option, ...]:
    return tuple(Option(o.key, walk.shop(o.label)) for o in step.options) or YES_NO


def _show(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    return texts.YES if answers.get(step.id) else texts.NO


@reader("yes_no", hint=texts.HINT_YES_NO, show=_show, options=_options)
def read_yes_no(walk: Walk, step: Step, inp: UserInput) -> Result:
    """True for yes, False for no."""
    if inp.choice is not None:
        return walk.accept(step, inp.choice == "yes")
    key = parse_choice(inp.text, walk.offered(), cutoff=101)
    yes = (key == "yes") if key else parse_yes_no(inp.text)
    if yes is None:
        return walk.again(texts.HINT_YES_NO)
    return walk.accept(step, yes)
