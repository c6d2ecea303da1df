"""Every flow, registered (and checked) in the order menus list them.

Adding a flow: one module here with a FLOW, and its name in the tuple below.
"""

from __future__ import annotations

from flows import questions, steps  # noqa: F401  (the readers every flow is checked against)
from flows.definitions import (
    begging_asb,
    case_addition,
    found_property,
    lost_property,
    moped_snatch,
    report_menu,
    shoplifting,
    theft,
)
from flows.registry import FLOWS, kinds, register

for _module in (
    report_menu,
    shoplifting,
    begging_asb,
    moped_snatch,
    theft,
    found_property,
    lost_property,
    case_addition,
):
    register(_module.FLOW)

KINDS = kinds()

__all__ = ["FLOWS", "KINDS"]
