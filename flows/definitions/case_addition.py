"""Adding to a filed report: photos, or a note, for the case named when it began."""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step

EVIDENCE = Step(
    id="evidence",
    kind="photo",
    prompt=texts.ASK_ADDITION,
    label=texts.LABEL_ADDITION,
    notes=True,
)

FLOW = Flow(
    kind="addition",
    title="",
    name=texts.ADDITION_NAME,
    steps=(EVIDENCE,),
    crime=False,
    intro_text="",
    confirm=False,
    files_as="addition",
)
