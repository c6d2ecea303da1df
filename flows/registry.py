"""The registry of flows: each flow registers once and is checked as it does.

Everything else (the report menu, alerts, case views, the digest, the export, the diagrams)
reads a flow's words and facts from here, so a new flow is one file and one registration line.
"""

from __future__ import annotations

from flows.flow import Flow
from flows.kinds import CHECK, FAR, READERS, SPECIALS
from flows.model import Option

FLOWS: dict[str, Flow] = {}
_ID_LIMIT = 24  # step ids and option keys travel in Telegram's 64-byte callback data


class FlowError(ValueError):
    """A flow definition that the engine could not walk."""


def register(flow: Flow) -> Flow:
    """Add `flow`, refusing any definition the engine could not walk."""
    problems = check(flow)
    if problems:
        raise FlowError(f"flow {flow.kind!r}: " + "; ".join(problems))
    FLOWS[flow.kind] = flow
    return flow


def kinds() -> tuple[str, ...]:
    """The kinds of flow that file a case, in the order they were registered."""
    return tuple(k for k, f in FLOWS.items() if not f.menu and f.files_as == "case")


def crime_kinds() -> tuple[str, ...]:
    """The kinds that count as crimes (in the digest, reminders and police response)."""
    return tuple(kind for kind in kinds() if FLOWS[kind].crime)


def name_of(kind: str) -> str:
    """How a kind reads in a sentence ("moped snatch"); unknown kinds as they are."""
    flow = FLOWS.get(kind)
    return flow.name if flow is not None else kind.replace("_", " ")


def menu_options() -> tuple[Option, ...]:
    """The report menu: every flow with a menu label, in registration order."""
    return tuple(Option(f.kind, f.label) for f in FLOWS.values() if f.label and not f.menu)


def check(flow: Flow) -> list[str]:
    """What is wrong with a flow definition; empty when the engine can walk it."""
    problems: list[str] = []
    if flow.kind in FLOWS:
        problems.append("registered twice")
    if not flow.kind.isidentifier() or len(flow.kind) > 32:
        problems.append("kind must be a short identifier")
    if not flow.steps:
        problems.append("has no steps")
    seen: set[str] = set()
    for step in flow.steps:
        where = f"step {step.id!r}"
        if step.id in seen:
            problems.append(f"{where} appears twice")
        if not (step.id.isascii() and 0 < len(step.id) <= _ID_LIMIT) or step.id.endswith(
            (CHECK, FAR)
        ):
            problems.append(f"{where}: ids are 1 to {_ID_LIMIT} ASCII characters")
        if step.id in SPECIALS:
            problems.append(f"{where} has the name of an engine question")
        if step.kind not in READERS:
            problems.append(f"{where}: no reader for kind {step.kind!r}")
        keys = [o.key for o in step.options]
        if len(set(keys)) != len(keys):
            problems.append(f"{where}: option keys repeat")
        if any(not (k.isascii() and 0 < len(k) <= _ID_LIMIT) for k in keys):
            problems.append(f"{where}: option keys are 1 to {_ID_LIMIT} ASCII characters")
        if step.kind in ("choice", "count") and not step.options:
            problems.append(f"{where}: a choice needs options")
        if any(key not in keys for _, key in step.aliases):
            problems.append(f"{where}: an alias names no option")
        if step.condition is not None and step.condition.step not in seen:
            problems.append(f"{where}: its condition names no earlier step")
        if step.next is not None and flow.index(step.next) <= flow.index(step.id):
            problems.append(f"{where}: next must name a later step")
        seen.add(step.id)
    missing = [key for key in flow.alert if key not in seen]
    if missing:
        problems.append(f"alert names unknown answers {missing}")
    if flow.menu and any(step.kind != "flow" for step in flow.steps):
        problems.append("a menu only picks a flow")
    return problems
