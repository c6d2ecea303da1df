"""Moped or bike snatch: the vehicle, its plate and who was targeted."""

from __future__ import annotations

from flows import texts
from flows.definitions.common import (
    CRIME_TAIL,
    CRIME_TAIL_ALERT,
    SAFETY,
    WHAT,
    WHEN,
    WHERE,
    WHERE_OTHER,
)
from flows.flow import Flow, Step
from flows.model import Option

TARGET = Step(
    id="target",
    kind="choice",
    prompt=texts.ASK_TARGET,
    label=texts.LABEL_TARGET,
    options=(
        Option("staff", texts.TARGET_STAFF),
        Option("customer", texts.TARGET_CUSTOMER),
        Option("passer_by", texts.TARGET_PASSER_BY),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("me", "staff"),
        ("staff", "staff"),
        ("colleague", "staff"),
        ("employee", "staff"),
        ("worker", "staff"),
        ("security guard", "staff"),
        ("shopper", "customer"),
        ("client", "customer"),
        ("passerby", "passer_by"),
        ("pedestrian", "passer_by"),
        ("member of the public", "passer_by"),
        ("tourist", "passer_by"),
    ),
)
VEHICLE_TYPE = Step(
    id="vehicle_type",
    kind="choice",
    prompt=texts.ASK_VEHICLE_TYPE,
    label=texts.LABEL_VEHICLE_TYPE,
    options=(
        Option("moped", texts.VEHICLE_MOPED),
        Option("scooter", texts.VEHICLE_SCOOTER),
        Option("motorbike", texts.VEHICLE_MOTORBIKE),
        Option("ebike", texts.VEHICLE_EBIKE),
        Option("bicycle", texts.VEHICLE_BICYCLE),
        Option("other", texts.OTHER),
    ),
    aliases=(
        ("motorcycle", "motorbike"),
        ("motor bike", "motorbike"),
        ("e bike", "ebike"),
        ("electric bike", "ebike"),
        ("push bike", "bicycle"),
        ("pushbike", "bicycle"),
        ("cycle", "bicycle"),
        ("pedal bike", "bicycle"),
        ("e scooter", "scooter"),
        ("escooter", "scooter"),
        ("electric scooter", "scooter"),
    ),
)
VEHICLE_COLOUR = Step(
    id="vehicle_colour",
    kind="text",
    prompt=texts.ASK_VEHICLE_COLOUR,
    label=texts.LABEL_VEHICLE_COLOUR,
    min_len=3,
)
PLATE = Step(
    id="plate", kind="plate", prompt=texts.ASK_PLATE, label=texts.LABEL_PLATE, optional=True
)

FLOW = Flow(
    kind="moped_snatch",
    title=texts.MOPED_TITLE,
    name=texts.MOPED_NAME,
    label=texts.MOPED_LABEL,
    alert=(
        "safety",
        "what",
        "target",
        "vehicle_type",
        "vehicle_colour",
        "plate",
        *CRIME_TAIL_ALERT,
    ),
    steps=(
        SAFETY,
        WHEN,
        WHERE,
        WHERE_OTHER,
        WHAT,
        TARGET,
        VEHICLE_TYPE,
        VEHICLE_COLOUR,
        PLATE,
        *CRIME_TAIL,
    ),
)
