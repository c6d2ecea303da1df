"""Free text: a few words at least, kept as typed."""

from __future__ import annotations

from flows import texts
from flows.flow import Step
from flows.kinds import reader
from flows.model import Result, UserInput
from flows.reading.sensitive import mentions_sensitive
from flows.walk import MAX_TEXT, Walk


def letters(text: str) -> int:
    """How many letters and digits `text` holds."""
    return sum(c.isalnum() for c in text)


@reader("text", hint=texts.HINT_EMPTY)
def read_text(walk: Walk, step: Step, inp: UserInput) -> Result:
    """At least `min_len` letters or digits, with at least one letter."""
    text = (inp.text or "").strip()
    if letters(text) < step.min_len or not any(c.isalpha() for c in text):
        return walk.again(texts.HINT_TEXT_SHORT)
    if step.screen and walk.st.screened != step.id and mentions_sensitive(text):
        # Asked once; what they send next is kept as it is, so the report is never blocked.
        walk.st.screened = step.id
        return walk.again(texts.ASK_WITHOUT_SENSITIVE)
    return walk.accept(step, text[:MAX_TEXT])
