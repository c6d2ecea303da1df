"""The reporter's own CAD or crime reference number."""

from __future__ import annotations

from flows import texts
from flows.flow import Step
from flows.kinds import reader
from flows.model import Result, UserInput
from flows.reading.crn import parse_crn
from flows.walk import Walk


@reader("crn", hint=texts.HINT_CRN)
def read_crn(walk: Walk, step: Step, inp: UserInput) -> Result:
    """4 to 20 letters, digits, / or -, with a digit."""
    ref = parse_crn(inp.text or "")
    if ref is None:
        return walk.again(texts.HINT_CRN)
    return walk.accept(step, ref)
