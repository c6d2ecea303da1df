"""The report menu: which kind of incident, before that flow's own questions."""

from __future__ import annotations

from flows import texts
from flows.flow import Flow, Step

KIND = Step(id="kind", kind="flow", prompt=texts.PICK_KIND, label=texts.LABEL_KIND)

FLOW = Flow(
    kind="report",
    title="",
    name=texts.MENU_NAME,
    steps=(KIND,),
    crime=False,
    intro_text="",
    # Nothing is lost by forgetting an unanswered menu, and a person coming back hours later
    # should not be asked about a report they never began.
    when_idle="forget",
    menu=True,
)
