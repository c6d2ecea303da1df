"""Lost property: what it is, where and when it was lost, and (for staff) the customer's contact.

Anyone may file it, a member of the public too: their own chat is how they are reached. Staff
filing it for a customer may add the customer's contact. The flow starts with `by` already
answered ("public" or "staff"), so it is never asked and only staff are asked for a contact.
"""

from __future__ import annotations

from dataclasses import replace

from flows import texts
from flows.definitions.found_property import CATEGORY
from flows.flow import Cond, Flow, Step
from flows.model import Option

# Always answered when the flow starts (from who sent `lost`), so never asked.
BY = Step(
    id="by",
    kind="choice",
    prompt=texts.ASK_LOST_BY,
    label=texts.LABEL_LOST_BY,
    options=(Option("public", texts.LOST_BY_PUBLIC), Option("staff", texts.LOST_BY_STAFF)),
    in_summary=False,
)
LOST_CATEGORY = replace(CATEGORY, prompt=texts.ASK_LOST_CATEGORY)
DESCRIPTION = Step(
    id="description",
    kind="text",
    prompt=texts.ASK_LOST_DESCRIPTION,
    label=texts.LABEL_LOST_DESCRIPTION,
    min_len=3,
)
WHERE_LOST = Step(
    id="where", kind="place_text", prompt=texts.ASK_WHERE_LOST, label=texts.LABEL_WHERE_LOST
)
WHEN_LOST = Step(id="when", kind="when", prompt=texts.ASK_WHEN_LOST, label=texts.LABEL_WHEN_LOST)
CONTACT = Step(
    id="contact",
    kind="text",
    prompt=texts.ASK_LOST_CONTACT,
    label=texts.LABEL_LOST_CONTACT,
    optional=True,
    min_len=5,
    condition=Cond("by", ("staff",)),
)

FLOW = Flow(
    kind="lost_property",
    title=texts.LOST_TITLE,
    name=texts.LOST_NAME,
    crime=False,
    files_as="lost",
    again_text=texts.START_NEW_LOST,
    steps=(BY, LOST_CATEGORY, DESCRIPTION, WHERE_LOST, WHEN_LOST, CONTACT),
)
