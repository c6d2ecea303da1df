"""Part of a number plate, as much as was seen."""

from __future__ import annotations

import re

from flows import texts
from flows.flow import Step
from flows.kinds import reader
from flows.model import Result, UserInput
from flows.steps.text import letters
from flows.walk import Walk


@reader("plate", hint=texts.HINT_PLATE)
def read_plate(walk: Walk, step: Step, inp: UserInput) -> Result:
    """Upper-cased letters and digits, 1 to 8 of them."""
    plate = " ".join((inp.text or "").strip().upper().replace("-", " ").split())
    if not re.fullmatch(r"[A-Z0-9 ]{1,12}", plate) or not 1 <= letters(plate) <= 8:
        return walk.again(texts.HINT_PLATE)
    return walk.accept(step, plate)
