"""Shoplifting: what was taken, what it was worth, and who took it."""

from __future__ import annotations

from flows import texts
from flows.definitions.common import (
    CRIME_TAIL,
    CRIME_TAIL_ALERT,
    ITEMS,
    SAFETY,
    VALUE,
    WHAT,
    WHEN,
    WHERE,
    WHERE_OTHER,
)
from flows.flow import Flow

FLOW = Flow(
    kind="shoplifting",
    title=texts.SHOPLIFTING_TITLE,
    name=texts.SHOPLIFTING_NAME,
    label=texts.SHOPLIFTING_LABEL,
    alert=("safety", "what", "items", "value", *CRIME_TAIL_ALERT),
    steps=(SAFETY, WHEN, WHERE, WHERE_OTHER, WHAT, ITEMS, VALUE, *CRIME_TAIL),
)
