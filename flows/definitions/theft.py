"""Theft other than shoplifting: pickpocketing, smash-and-grab, bag or phone theft."""

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
from flows.flow import Flow, Step
from flows.model import Option

THEFT_TYPE = Step(
    id="theft_type",
    kind="choice",
    prompt=texts.ASK_THEFT_TYPE,
    label=texts.LABEL_THEFT_TYPE,
    options=(
        Option("pickpocket", texts.THEFT_PICKPOCKET),
        Option("smash_grab", texts.THEFT_SMASH_GRAB),
        Option("bag_phone", texts.THEFT_BAG_PHONE),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("pickpocket", "pickpocket"),
        ("pick pocket", "pickpocket"),
        ("pickpocketed", "pickpocket"),
        ("dipped", "pickpocket"),
        ("smash and grab", "smash_grab"),
        ("smash grab", "smash_grab"),
        ("smashed window", "smash_grab"),
        ("bag", "bag_phone"),
        ("phone", "bag_phone"),
        ("handbag", "bag_phone"),
        ("mobile", "bag_phone"),
        ("bag theft", "bag_phone"),
        ("phone theft", "bag_phone"),
        ("stolen phone", "bag_phone"),
        ("stolen bag", "bag_phone"),
    ),
)

FLOW = Flow(
    kind="theft",
    title=texts.THEFT_TITLE,
    name=texts.THEFT_NAME,
    label=texts.THEFT_LABEL,
    alert=("safety", "theft_type", "what", "items", "value", *CRIME_TAIL_ALERT),
    steps=(SAFETY, THEFT_TYPE, WHEN, WHERE, WHERE_OTHER, WHAT, ITEMS, VALUE, *CRIME_TAIL),
)
