"""The registry of flows, keyed by the kind names in model.KINDS."""

from __future__ import annotations

from flows.definitions import begging_asb, found_property, moped_snatch, shoplifting, theft
from flows.flow import Flow

FLOWS: dict[str, Flow] = {
    module.FLOW.kind: module.FLOW
    for module in (shoplifting, begging_asb, moped_snatch, theft, found_property)
}
