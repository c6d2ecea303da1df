"""The summary: every answer in plain words, then send, change an answer, or cancel."""

from __future__ import annotations

from flows import texts
from flows.describe import summary_lines
from flows.filing import file
from flows.kinds import EDIT, SUMMARY, Special, special
from flows.model import Option, Result, UserInput
from flows.reading.choice import parse_choice
from flows.steps.photo import photo_at_summary
from flows.walk import Walk, cancelled

OPTIONS = (
    Option("send", texts.SEND),
    Option("change", texts.CHANGE),
    Option("cancel", texts.CANCEL),
)
WORDS = {
    "yes": "send",
    "ok": "send",
    "send it": "send",
    "submit": "send",
    "done": "send",
    "change": "change",
    "edit": "change",
    "fix": "change",
    "stop": "cancel",
}


def _prompt(walk: Walk) -> str:
    lines = summary_lines(walk.flow, walk.st.answers, walk.ctx)
    # A lost-property report goes to no police team: it is kept to match what is handed in.
    ask = texts.SUMMARY_ASK_LOST if walk.flow.files_as == "lost" else texts.SUMMARY_ASK
    return "\n".join([texts.SUMMARY_HEAD, "", *lines, "", ask])


def _read(walk: Walk, inp: UserInput) -> Result:
    if inp.photo is not None:
        return photo_at_summary(walk, inp) or walk.again(texts.HINT_PHOTO_NOT_HERE)
    key = inp.choice or parse_choice(inp.text, OPTIONS, WORDS)
    if key == "send":
        return file(walk)
    if key == "change":
        return walk.goto(EDIT)
    if key == "cancel":
        return cancelled(walk.flow)
    return walk.again(texts.HINT_SUMMARY)


special(SUMMARY, Special(read=_read, options=lambda walk: OPTIONS, prompt=_prompt))
